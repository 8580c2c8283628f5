/**
 * The wire fast path on real loopback sockets, byte for byte: plain requests are answered on the raw socket,
 * everything else reaches node:http with the client's bytes intact and in order (pipelined, split across
 * packets, with bodies, smuggling shapes), and connections close as node:http's would (Connection: close,
 * half-close, idle timeout, server close).
 */
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WireHead, WireServer, type WireHandler } from '../../src/server/wire.js';

const BODY = Buffer.from('wire body\n');
const servers: WireServer[] = [];
/** Requests node:http received, as "METHOD url body". */
let seenByNode: string[] = [];

async function start(handler: WireHandler | null = fastHandler, keepAliveMs = 5000): Promise<{ server: WireServer; port: number }> {
  const server = new WireServer((req, res) => {
    let body = '';
    req.setEncoding('latin1');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      seenByNode.push(`${req.method} ${req.url} ${body}`.trim());
      res.end(`node:${req.url}`);
    });
  });
  server.handler = handler ?? undefined;
  server.keepAliveTimeout = keepAliveMs;
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** Answers GET/HEAD /fast only. */
const FAST_HEAD = new WireHead(`HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${BODY.length}\r\n`);
function fastHandler(req: Parameters<WireHandler>[0]) {
  return req.url === '/fast' ? { head: FAST_HEAD, body: BODY } : undefined;
}

/** Opens a raw connection; `text()` is everything received so far, `closed` resolves when the server closes it. */
async function open(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => (received += d));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { socket, text: () => received, closed };
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Splits a stream of responses into status lines and bodies, in order. */
function responses(text: string): { status: string; headers: string[]; body: string }[] {
  const out = [];
  let rest = text;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const [status, ...headers] = rest.slice(0, end).split('\r\n');
    const length = Number(/^content-length: *(\d+)$/im.exec(headers.join('\n'))?.[1] ?? 0);
    const noBody = / 304 /.test(status!);
    const body = noBody ? '' : rest.slice(end + 4, end + 4 + length);
    out.push({ status: status!, headers, body });
    rest = rest.slice(end + 4 + body.length);
  }
  return out;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  seenByNode = [];
});

const GET = (url: string, ...headers: string[]) => [`GET ${url} HTTP/1.1`, 'Host: t', ...headers, '', ''].join('\r\n');

describe('WireServer', () => {
  it('answers a plain request on the wire with Date and keep-alive, and keeps the connection for the next', async () => {
    const { port } = await start();
    const c = await open(port);
    c.socket.write(GET('/fast'));
    await until(() => c.text().endsWith(BODY.toString()));
    c.socket.write(GET('/fast'));
    await until(() => responses(c.text()).length === 2);
    const [first] = responses(c.text());
    expect(first!.status).toBe('HTTP/1.1 200 OK');
    expect(first!.headers).toContain('Connection: keep-alive');
    expect(first!.headers).toContain('Keep-Alive: timeout=5');
    expect(first!.headers.some((h) => /^Date: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/.test(h))).toBe(true);
    expect(first!.body).toBe(BODY.toString());
    expect(seenByNode).toEqual([]);
    c.socket.destroy();
  });

  it('HEAD gets the head without the body', async () => {
    const { port } = await start();
    const c = await open(port);
    c.socket.write(GET('/fast').replace('GET', 'HEAD') + GET('/fast'));
    await until(() => c.text().endsWith(BODY.toString()));
    const text = c.text();
    expect(text.split('HTTP/1.1 200 OK').length).toBe(3);
    expect(text.indexOf(BODY.toString())).toBe(text.lastIndexOf(BODY.toString()));
    c.socket.destroy();
  });

  it('pipelined requests are answered in order, the wire ones and those node:http takes over', async () => {
    const { port } = await start();
    const c = await open(port);
    c.socket.write(GET('/fast') + GET('/slow') + GET('/fast') + GET('/other'));
    await until(() => responses(c.text()).length === 4);
    expect(responses(c.text()).map((r) => r.body)).toEqual([BODY.toString(), 'node:/slow', 'node:/fast', 'node:/other']);
    // From the first request node:http does not take, the connection is node:http's for good.
    expect(seenByNode).toEqual(['GET /slow', 'GET /fast', 'GET /other']);
    c.socket.destroy();
  });

  it('a head split across packets reaches node:http whole', async () => {
    const { port } = await start();
    const c = await open(port);
    const text = GET('/fast');
    c.socket.write(text.slice(0, 9));
    await new Promise((r) => setTimeout(r, 50));
    c.socket.write(text.slice(9));
    await until(() => responses(c.text()).length === 1);
    expect(responses(c.text())[0]!.body).toBe('node:/fast');
    c.socket.destroy();
  });

  it('a request with a body goes to node:http, body and all, and the next request after it too', async () => {
    const { port } = await start();
    const c = await open(port);
    c.socket.write(`POST /fast HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello${GET('/fast')}`);
    await until(() => responses(c.text()).length === 2);
    expect(seenByNode).toEqual(['POST /fast hello', 'GET /fast']);
    c.socket.destroy();
  });

  it('a smuggling shape (Content-Length with Transfer-Encoding) after a wire answer is node:http\'s to refuse', async () => {
    const { port } = await start();
    const c = await open(port);
    c.socket.write(GET('/fast') + 'GET /fast HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
    await c.closed;
    const got = responses(c.text());
    expect(got[0]!.body).toBe(BODY.toString());
    expect(got[1]!.status).toMatch(/^HTTP\/1\.1 400 /);
    expect(seenByNode).toEqual([]);
  });

  it('HTTP/1.0 is answered on the wire: closed after the answer, or kept alive when asked', async () => {
    const { port } = await start();
    const c = await open(port);
    c.socket.write('GET /fast HTTP/1.0\r\n\r\n');
    await c.closed;
    expect(responses(c.text())[0]).toMatchObject({ status: 'HTTP/1.1 200 OK', body: BODY.toString() });
    expect(responses(c.text())[0]!.headers).toContain('Connection: close');
    const k = await open(port);
    k.socket.write('GET /fast HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    await until(() => responses(k.text()).length === 1);
    k.socket.write('GET /fast HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    await until(() => responses(k.text()).length === 2);
    expect(responses(k.text())[1]!.headers).toContain('Connection: keep-alive');
    expect(seenByNode).toEqual([]);
    k.socket.destroy();
  });

  it('Connection: close is answered with close and the connection ends; later bytes are not read', async () => {
    const { port, server } = await start();
    const c = await open(port);
    c.socket.write(GET('/fast', 'Connection: close') + GET('/slow'));
    await c.closed;
    const got = responses(c.text());
    expect(got).toHaveLength(1);
    expect(got[0]!.headers).toContain('Connection: close');
    expect(seenByNode).toEqual([]);
    await until(() => server.heldConnections === 0);
  });

  it('a client that half-closes after its request gets its answer, then the end', async () => {
    const { port } = await start();
    const c = await open(port);
    c.socket.end(GET('/fast'));
    await c.closed;
    expect(responses(c.text())[0]!.body).toBe(BODY.toString());
  });

  it('an idle kept-alive connection is closed after keepAliveTimeout', async () => {
    const { port, server } = await start(fastHandler, 200);
    const c = await open(port);
    c.socket.write(GET('/fast'));
    const t0 = Date.now();
    await c.closed;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(150);
    await until(() => server.heldConnections === 0);
  });

  it('close() ends held idle connections at once, so the server closes without waiting for keep-alive', async () => {
    const { port, server } = await start(fastHandler, 60_000);
    const c = await open(port);
    c.socket.write(GET('/fast'));
    await until(() => responses(c.text()).length === 1);
    expect(server.heldConnections).toBe(1);
    const t0 = Date.now();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await c.closed;
    expect(Date.now() - t0).toBeLessThan(1000);
    servers.splice(servers.indexOf(server), 1);
  });

  it('a client that pipelines without reading is not read past a bound, and gets every answer once it reads', async () => {
    const big = Buffer.alloc(256 * 1024, 'x');
    let answered = 0;
    const { port } = await start((req) => {
      if (req.url !== '/big') return undefined;
      answered++;
      return { head: new WireHead(`HTTP/1.1 200 OK\r\ncontent-length: ${big.length}\r\n`), body: big };
    });
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.pause();
    const n = 200;
    socket.write(GET('/big').repeat(n));
    await new Promise((r) => setTimeout(r, 300));
    // 1 MiB queued in the process plus what the kernel's socket buffers hold: far fewer than 200 answers of 256 KiB.
    const before = answered;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(100);
    let bytes = 0;
    socket.on('data', (d: Buffer) => (bytes += d.length));
    socket.resume();
    await until(() => bytes >= n * big.length, 20_000);
    expect(answered).toBe(n);
    socket.destroy();
    expect(seenByNode).toEqual([]);
  });

  it('a handler that throws leaves the request to node:http instead of crashing the process', async () => {
    const { port } = await start(() => {
      throw new Error('handler bug');
    });
    const c = await open(port);
    c.socket.write(GET('/fast'));
    await until(() => responses(c.text()).length === 1);
    expect(responses(c.text())[0]!.body).toBe('node:/fast');
    c.socket.destroy();
  });

  it('without a handler every connection is node:http\'s', async () => {
    const { port } = await start(null);
    const c = await open(port);
    c.socket.write(GET('/fast'));
    await until(() => responses(c.text()).length === 1);
    expect(responses(c.text())[0]!.body).toBe('node:/fast');
    c.socket.destroy();
  });
});
