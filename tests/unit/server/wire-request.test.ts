/**
 * The wire fast path's request reader (on bytes): it accepts only plain GET/HEAD heads and refuses (leaves to
 * node:http) every shape node:http might read differently or reject — bodies, folding, bare CR/LF,
 * control characters, repeated or missing Host, HTTP/1.0, absolute-form targets.
 */
import { describe, expect, it } from 'vitest';
import { readWireRequest } from '../../../src/server/wire-request.js';

/** Reads `head` as the wire does: bytes, with the final CRLF CRLF after it (not part of the range). */
function parseWireHead(head: string) {
  const b = Buffer.from(`${head}\r\n\r\n`, 'latin1');
  return readWireRequest(b, 0, b.length - 4);
}

const head = (...lines: string[]) => lines.join('\r\n');

describe('parseWireHead', () => {
  it('reads a plain GET with the headers an answer depends on', () => {
    const req = parseWireHead(
      head(
        'GET /feeds/all.rss HTTP/1.1',
        'Host: example.com',
        'User-Agent: Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12 subscribers)',
        'Accept-Encoding: gzip, br',
        'If-None-Match:   "abc"  ',
        'If-Modified-Since: Tue, 08 Dec 2026 00:00:00 GMT',
        'X-Anything: \tkept out\t',
      ),
    );
    expect(req).toEqual({
      method: 'GET',
      url: '/feeds/all.rss',
      headers: {
        'user-agent': 'Feedly/1.0 (+http://www.feedly.com/fetcher.html; 12 subscribers)',
        'accept-encoding': 'gzip, br',
        'if-none-match': '"abc"',
        'if-modified-since': 'Tue, 08 Dec 2026 00:00:00 GMT',
      },
      close: false,
    });
  });

  it('reads HEAD, header names in any case, and Connection keep-alive or close', () => {
    expect(parseWireHead(head('HEAD /x HTTP/1.1', 'HOST: a'))).toMatchObject({ method: 'HEAD', url: '/x', close: false });
    expect(parseWireHead(head('GET /x HTTP/1.1', 'host: a', 'connection: Keep-Alive'))).toMatchObject({ close: false });
    expect(parseWireHead(head('GET /x HTTP/1.1', 'Host: a', 'Connection: close'))).toMatchObject({ close: true });
  });

  it.each([
    ['another method', head('POST /x HTTP/1.1', 'Host: a')],
    ['a lower-case method', head('get /x HTTP/1.1', 'Host: a')],
    ['HTTP/0.9', 'GET /x'],
    ['HTTP/1.2', head('GET /x HTTP/1.2', 'Host: a')],
    ['HTTP/1.10', head('GET /x HTTP/1.10', 'Host: a')],
    ['HTTP/1.0 with two Hosts', head('GET /x HTTP/1.0', 'Host: a', 'Host: b')],
    ['HTTP/2 in text', head('GET /x HTTP/2.0', 'Host: a')],
    ['absolute-form target', head('GET http://a/x HTTP/1.1', 'Host: a')],
    ['asterisk target', head('OPTIONS * HTTP/1.1', 'Host: a')],
    ['a double space in the request line', head('GET  /x HTTP/1.1', 'Host: a')],
    ['a trailing space after the version', head('GET /x HTTP/1.1 ', 'Host: a')],
    ['a tab in the target', head('GET /x\ty HTTP/1.1', 'Host: a')],
    ['no Host', head('GET /x HTTP/1.1', 'Accept: */*')],
    ['two Hosts', head('GET /x HTTP/1.1', 'Host: a', 'Host: b')],
    ['Content-Length', head('GET /x HTTP/1.1', 'Host: a', 'Content-Length: 5')],
    ['Content-Length 0', head('GET /x HTTP/1.1', 'Host: a', 'content-length: 0')],
    ['Transfer-Encoding', head('GET /x HTTP/1.1', 'Host: a', 'Transfer-Encoding: chunked')],
    ['Expect', head('GET /x HTTP/1.1', 'Host: a', 'Expect: 100-continue')],
    ['Upgrade', head('GET /x HTTP/1.1', 'Host: a', 'Upgrade: websocket')],
    ['HTTP2-Settings', head('GET /x HTTP/1.1', 'Host: a', 'HTTP2-Settings: AAMAAABkAAQAAP__')],
    ['Connection with options', head('GET /x HTTP/1.1', 'Host: a', 'Connection: Upgrade, HTTP2-Settings')],
    ['two Connection headers', head('GET /x HTTP/1.1', 'Host: a', 'Connection: close', 'Connection: keep-alive')],
    ['a folded header', head('GET /x HTTP/1.1', 'Host: a', 'User-Agent: a', ' folded')],
    ['space before the colon', head('GET /x HTTP/1.1', 'Host : a')],
    ['an empty name', head('GET /x HTTP/1.1', 'Host: a', ': v')],
    ['a line without a colon', head('GET /x HTTP/1.1', 'Host: a', 'junk')],
    ['a bare LF inside a line', head('GET /x HTTP/1.1', 'Host: a\nTransfer-Encoding: chunked')],
    ['a bare CR inside a line', head('GET /x HTTP/1.1', 'Host: a\rX: y')],
    ['a NUL in a value', head('GET /x HTTP/1.1', 'Host: a', 'User-Agent: a\u0000b')],
    ['DEL in a value', head('GET /x HTTP/1.1', 'Host: a', 'User-Agent: a\u007fb')],
    ['a repeated If-None-Match', head('GET /x HTTP/1.1', 'Host: a', 'If-None-Match: "a"', 'If-None-Match: "b"')],
    ['a repeated Accept-Encoding', head('GET /x HTTP/1.1', 'Host: a', 'Accept-Encoding: gzip', 'accept-encoding: br')],
    ['an empty line inside the head', head('GET /x HTTP/1.1', 'Host: a', '', 'X: y')],
    ['leading blank line', head('', 'GET /x HTTP/1.1', 'Host: a')],
    ['a target with bytes above 0x7f', head('GET /caf\u00e9 HTTP/1.1', 'Host: a')],
    ['a target with a control character', head('GET /x\u0001 HTTP/1.1', 'Host: a')],
    ['a target that is not origin-form', head('GET x HTTP/1.1', 'Host: a')],
    ['no headers at all', 'GET /x HTTP/1.1'],
    ['a header name with a non-token byte', head('GET /x HTTP/1.1', 'Host: a', 'X(y): z')],
    ['Connection with another word', head('GET /x HTTP/1.1', 'Host: a', 'Connection: closed')],
    ['a Transfer-Encoding in upper case', head('GET /x HTTP/1.1', 'Host: a', 'TRANSFER-ENCODING: chunked')],
    ['a repeated User-Agent', head('GET /x HTTP/1.1', 'Host: a', 'User-Agent: a', 'User-Agent: b')],
    ['a repeated If-Modified-Since', head('GET /x HTTP/1.1', 'Host: a', 'If-Modified-Since: a', 'If-Modified-Since: b')],
  ])('leaves %s to node:http', (_what, text) => {
    expect(parseWireHead(text)).toBeUndefined();
  });

  it('reads HTTP/1.0: Host optional, the connection closed unless keep-alive is asked for', () => {
    expect(parseWireHead('GET /x HTTP/1.0')).toMatchObject({ method: 'GET', url: '/x', close: true });
    expect(parseWireHead(head('GET /x HTTP/1.0', 'Host: a', 'Connection: keep-alive'))).toMatchObject({ close: false });
    expect(parseWireHead(head('HEAD /x HTTP/1.0', 'Connection: close'))).toMatchObject({ method: 'HEAD', close: true });
  });

  it('keeps obs-text (bytes above 0x7f, read as latin1) in values, as node:http does', () => {
    expect(parseWireHead(head('GET /x HTTP/1.1', 'Host: a', 'User-Agent: caf\u00e9'))?.headers['user-agent']).toBe('caf\u00e9');
  });

  it('reads names that only look like known ones as other headers, and empty values', () => {
    expect(parseWireHead(head('GET /x HTTP/1.1', 'Host: a', 'Hostx: b', 'X-Host: c', 'Content-Lengths: 3', 'User-Agent:'))).toMatchObject({
      headers: { 'user-agent': '' },
    });
  });

  it('reads a head in the middle of a buffer (pipelined requests)', () => {
    const b = Buffer.from('GET /a HTTP/1.1\r\nHost: a\r\n\r\nHEAD /b HTTP/1.1\r\nHost: a\r\nIf-None-Match: "x"\r\n\r\n', 'latin1');
    const second = b.indexOf('HEAD');
    expect(readWireRequest(b, second, b.length - 4)).toMatchObject({ method: 'HEAD', url: '/b', headers: { 'if-none-match': '"x"' } });
  });
});
