/**
 * A raw-socket front for the HTTP server. Each connection's bytes are first offered to a `WireHandler`:
 * complete, plain requests it can answer (in practice: GET/HEAD of a public feed held in memory) are read
 * with a strict subset of HTTP/1.1 and answered with one socket write, with no llhttp, IncomingMessage or
 * ServerResponse. At the first byte that is anything else — a partial head, an unknown header shape, a body,
 * a URL the handler does not serve — the connection is handed to node:http for good, with the
 * unread bytes put back, so node:http (and Fastify behind it) sees exactly what the client sent. Which
 * requests count as plain is wire-request.ts's business. Connections it holds are closed like node:http's:
 * Connection: close, the client's half-close, the headers and keep-alive timeouts, server close.
 */
import { Server, type RequestListener } from 'node:http';
import type { Socket } from 'node:net';
import { readWireRequest, type WireRequest } from './wire-request.js';

export type { WireHeaders, WireRequest } from './wire-request.js';

/** A response head (status line and headers, each line ending CRLF; no Date, no Connection, no blank line), made once per representation and reused. */
export class WireHead {
  private bytes: Buffer | undefined;
  private dateOf: string | undefined;
  private tailOf: string | undefined;

  constructor(readonly text: string) {}

  /** The whole head with `date` and the connection lines `tail` (the blank line included), kept between calls with the same ones. */
  complete(date: string, tail: string): Buffer {
    if (this.bytes === undefined || date !== this.dateOf || tail !== this.tailOf) {
      this.bytes = Buffer.from(this.text + date + tail, 'latin1');
      this.dateOf = date;
      this.tailOf = tail;
    }
    return this.bytes;
  }
}

/** A response: its head, and the body sent after it unless the request was HEAD. */
export interface WireAnswer {
  head: WireHead;
  body?: Buffer;
}

/** Answers a request it can serve; returns undefined for one node:http must take (having answered, counted or written nothing). */
export type WireHandler = (req: WireRequest) => WireAnswer | undefined;

/** Longest request head answered on the wire; longer ones go to node:http (which enforces its own limit). */
const MAX_HEAD = 8192;
/** Queued response bytes above which a connection stops reading until the client catches up. */
const HIGH_WATER = 1 << 20;
const CLOSE = 'Connection: close\r\n\r\n';

/** `Date:` header line, formatted once per second. */
let dateSecond = -1;
let dateLine = '';
function currentDateLine(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateLine = `Date: ${new Date(second * 1000).toUTCString()}\r\n`;
  }
  return dateLine;
}

/** An HTTP server whose connections are first offered to a wire handler (see the module comment). */
export class WireServer extends Server {
  /** Node's own connection listener, run for connections (or their remainder) the handler does not take. */
  private readonly httpConnection: (socket: Socket) => void;
  /** Connections the wire side holds (between requests, or writing an answer). */
  private readonly held = new Set<Socket>();
  private closing = false;
  private answers = 0;
  private handoffs = 0;
  /** The handler; until set, every connection goes to node:http. */
  handler: WireHandler | undefined;

  constructor(listener: RequestListener) {
    super(listener);
    const own = this.listeners('connection');
    if (own.length !== 1) throw new Error(`node:http registered ${own.length} connection listeners, expected 1`);
    this.httpConnection = own[0] as (socket: Socket) => void;
    this.removeListener('connection', this.httpConnection);
    this.on('connection', (socket: Socket) => this.accept(socket));
  }

  /** Connections the wire side currently holds. */
  get heldConnections(): number {
    return this.held.size;
  }

  /** Requests answered on the wire since the server was made. */
  get wireAnswers(): number {
    return this.answers;
  }

  /** Connections the wire side handed to node:http since the server was made (their first request, or a later one, was not its to answer). */
  get wireHandoffs(): number {
    return this.handoffs;
  }

  override close(callback?: (err?: Error) => void): this {
    this.closing = true;
    super.close(callback);
    this.endHeld(false);
    return this;
  }

  override closeIdleConnections(): void {
    super.closeIdleConnections();
    this.endHeld(false);
  }

  override closeAllConnections(): void {
    super.closeAllConnections();
    this.endHeld(true);
  }

  /** Ends held connections: idle ones at once, ones still writing after their answer (or at once when `force`). */
  private endHeld(force: boolean): void {
    for (const socket of this.held) {
      if (force || socket.writableLength === 0) socket.destroy();
      else socket.end();
    }
  }

  private accept(socket: Socket): void {
    if (this.handler === undefined || this.closing) {
      this.httpConnection.call(this, socket);
      return;
    }
    const held = this.held;
    held.add(socket);
    /** Answered once: from then on the idle limit is the keep-alive timeout (activity re-arms it). */
    let kept = false;
    /** Waiting for the client to read answers before reading more of its requests. */
    let waiting = false;
    let peerEnded = false;
    const onData = (chunk: Buffer) => {
      if (socket.writableEnded) return;
      const handler = this.handler;
      let offset = 0;
      let close = false;
      while (offset < chunk.length && handler !== undefined) {
        // A client that sends requests faster than it reads answers is not read until it catches up.
        if (socket.writableLength > HIGH_WATER) {
          const rest = chunk.subarray(offset);
          socket.pause();
          waiting = true;
          socket.once('drain', () => {
            waiting = false;
            onData(rest);
            if (!held.has(socket) || waiting) return;
            if (peerEnded) finish();
            else socket.resume();
          });
          return;
        }
        const end = chunk.indexOf('\r\n\r\n', offset, 'latin1');
        if (end < 0 || end - offset > MAX_HEAD) break;
        const req = readWireRequest(chunk, offset, end);
        if (req === undefined) break;
        let answer: WireAnswer | undefined;
        try {
          answer = handler(req);
        } catch {
          // A handler fault must not take the process down from a socket event: node:http and Fastify's
          // route answer (and report) this request instead.
          answer = undefined;
        }
        if (answer === undefined) break;
        close = req.close || this.closing;
        const head = answer.head.complete(currentDateLine(), close ? CLOSE : this.keepAliveLines);
        if (answer.body !== undefined && req.method === 'GET') {
          socket.cork();
          socket.write(head);
          socket.write(answer.body);
          socket.uncork();
        } else socket.write(head);
        offset = end + 4;
        this.answers++;
        if (!kept) {
          kept = true;
          socket.setTimeout(this.keepAliveTimeout);
        }
        if (close) break;
      }
      if (close) {
        finish();
        return;
      }
      if (offset < chunk.length) handOff(chunk.subarray(offset));
    };
    /** The client half-closed: answer what it sent (unless still waiting to), then end. */
    const onEnd = () => {
      peerEnded = true;
      if (!waiting) finish();
    };
    const finish = () => {
      release();
      socket.end();
    };
    const onTimeout = () => socket.destroy();
    const onError = () => socket.destroy();
    const onClose = () => held.delete(socket);
    const release = () => {
      held.delete(socket);
      socket.removeListener('data', onData);
      socket.removeListener('end', onEnd);
      socket.removeListener('timeout', onTimeout);
      socket.removeListener('close', onClose);
    };
    const handOff = (rest: Buffer | undefined) => {
      this.handoffs++;
      release();
      socket.removeListener('error', onError);
      socket.setTimeout(0);
      // Paused while node:http attaches its listeners, then resumed: the bytes put back are read first.
      socket.pause();
      if (rest !== undefined) socket.unshift(rest);
      this.httpConnection.call(this, socket);
      socket.resume();
    };
    socket.setTimeout(this.headersTimeout > 0 ? this.headersTimeout : this.keepAliveTimeout);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('timeout', onTimeout);
    socket.on('error', onError);
    socket.on('close', onClose);
  }

  private keepAliveFor = -1;
  private keepAliveText = '';
  /** The connection header lines of a kept-alive answer (as node:http writes them), then the blank line ending the head. */
  private get keepAliveLines(): string {
    if (this.keepAliveFor !== this.keepAliveTimeout) {
      this.keepAliveFor = this.keepAliveTimeout;
      const seconds = Math.floor(this.keepAliveTimeout / 1000);
      this.keepAliveText = seconds > 0 ? `Connection: keep-alive\r\nKeep-Alive: timeout=${seconds}\r\n\r\n` : 'Connection: keep-alive\r\n\r\n';
    }
    return this.keepAliveText;
  }
}
