import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, sniffCharset } from '../../../src/fetch/charset.js';
import { encodingForLabel } from '../../../src/fetch/labels.js';

const ascii = (s: string) => Buffer.from(s, 'latin1');
const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('encodingForLabel (WHATWG labels)', () => {
  it.each([
    ['utf-8', 'utf-8'],
    ['UTF8', 'utf-8'],
    [' "utf-8" ', 'utf-8'],
    ['ISO-8859-1', 'windows-1252'],
    ['latin1', 'windows-1252'],
    ['us-ascii', 'windows-1252'],
    ['ascii', 'windows-1252'],
    ['iso-8859-9', 'windows-1254'],
    ['ISO-8859-15', 'iso-8859-15'],
    ['shift-jis', 'shift_jis'],
    ['gb2312', 'gbk'],
    ['utf-16', 'utf-16le'],
    ['KOI8-R', 'koi8-r'],
    ['cp437', 'cp437'],
    ['no-such-charset', undefined],
    ['', undefined],
    ['utf-8; evil', undefined],
  ])('%j → %s', (label, expected) => {
    expect(encodingForLabel(label)).toBe(expected);
  });
});

describe('sniffCharset', () => {
  it.each<[string, Buffer, string | undefined, string]>([
    ['UTF-8 BOM beats header', bytes([0xef, 0xbb, 0xbf], 'x'), 'text/xml; charset=iso-8859-1', 'utf-8'],
    ['UTF-16LE BOM', bytes([0xff, 0xfe], '<\0'), undefined, 'utf-16le'],
    ['UTF-16BE BOM', bytes([0xfe, 0xff], '\0<'), 'text/html; charset=utf-8', 'utf-16be'],
    ['header charset', ascii('<?xml version="1.0" encoding="utf-8"?>'), 'application/rss+xml; charset=windows-1251', 'windows-1251'],
    ['quoted header charset', ascii('x'), 'text/html; charset="ISO-8859-2"', 'iso-8859-2'],
    ['header latin-1 is windows-1252', ascii('x'), 'text/html;charset=latin1', 'windows-1252'],
    ['XML declaration', ascii('<?xml version="1.0" encoding="ISO-8859-1"?><rss/>'), 'application/xml', 'windows-1252'],
    ['XML declaration, single quotes', ascii("<?xml version='1.0' encoding='koi8-r'?><rss/>"), undefined, 'koi8-r'],
    ['XML declaration after whitespace', ascii('\n\n<?xml version="1.0" encoding="windows-1250"?><rss/>'), undefined, 'windows-1250'],
    ['XML declaration saying UTF-16 in ASCII bytes', ascii('<?xml version="1.0" encoding="UTF-16"?><a/>'), undefined, 'utf-8'],
    ['UTF-16LE XML without BOM', Buffer.from('<?xml version="1.0"?><a/>', 'utf16le'), undefined, 'utf-16le'],
    ['meta charset', ascii('<!doctype html><html><head><meta charset="windows-1251">'), 'text/html', 'windows-1251'],
    ['meta charset unquoted', ascii('<html><head><META CHARSET=iso-8859-2>'), undefined, 'iso-8859-2'],
    [
      'meta http-equiv content-type',
      ascii('<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-jp">'),
      undefined,
      'euc-jp',
    ],
    [
      'meta http-equiv with content before http-equiv',
      ascii("<head><meta content='text/html;charset=big5' http-equiv='content-type'>"),
      undefined,
      'big5',
    ],
    ['meta inside a comment is ignored', ascii('<!-- <meta charset="koi8-r"> --><p>plain'), undefined, 'utf-8'],
    ['meta after 4 KB is ignored', ascii(`<html>${' '.repeat(5000)}<meta charset="koi8-r">`), undefined, 'utf-8'],
    ['meta in an XML document is content', ascii('<?xml version="1.0"?><rss><![CDATA[<meta charset="koi8-r">]]></rss>'), undefined, 'utf-8'],
    ['no declaration, valid UTF-8', Buffer.from('caf\u00e9 \u201cquoted\u201d'), undefined, 'utf-8'],
    ['no declaration, invalid UTF-8', bytes('caf', [0xe9], ' ', [0x93], 'q', [0x94]), undefined, 'windows-1252'],
    ['unknown header label → UTF-8', bytes('caf', [0xe9]), 'text/html; charset=x-bogus', 'utf-8'],
    ['unknown header label, known XML declaration', ascii('<?xml version="1.0" encoding="koi8-r"?>'), 'text/xml; charset=bogus', 'koi8-r'],
  ])('%s', (_name, body, contentType, expected) => {
    expect(sniffCharset(body, contentType)).toBe(expected);
  });
});

describe('decodeText', () => {
  it('decodes windows-1252 smart quotes (0x93 → “), which Node 20 TextDecoder gets wrong', () => {
    expect(decodeText(bytes([0x93], 'Hi', [0x94, 0x20, 0x80]), 'text/plain; charset=windows-1252')).toBe('\u201cHi\u201d \u20ac');
  });

  it('decodes an undeclared latin-1 body as windows-1252', () => {
    const body = iconv.encode('<rss><title>Caf\u00e9 cr\u00e8me \u00bd</title></rss>', 'latin1');
    expect(decodeText(body, 'application/rss+xml')).toBe('<rss><title>Caf\u00e9 cr\u00e8me \u00bd</title></rss>');
  });

  it('decodes an undeclared windows-1252 body with smart quotes and an em dash', () => {
    const body = iconv.encode('\u201cNews\u201d \u2014 it\u2019s here', 'windows-1252');
    expect(decodeText(body)).toBe('\u201cNews\u201d \u2014 it\u2019s here');
  });

  it('drops the byte order mark', () => {
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], 'hi'))).toBe('hi');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('h\u00e9', 'utf16le')]))).toBe('h\u00e9');
  });

  it('decodes a UTF-16BE body with BOM', () => {
    const le = Buffer.from('<rss>\u00e9</rss>', 'utf16le');
    const be = Buffer.alloc(le.length);
    for (let i = 0; i < le.length; i += 2) [be[i], be[i + 1]] = [le[i + 1] ?? 0, le[i] ?? 0];
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe('<rss>\u00e9</rss>');
  });

  it('follows a Cyrillic XML declaration', () => {
    const body = iconv.encode('<?xml version="1.0" encoding="windows-1251"?><title>\u041d\u043e\u0432\u043e\u0441\u0442\u0438</title>', 'windows-1251');
    expect(decodeText(body)).toContain('\u041d\u043e\u0432\u043e\u0441\u0442\u0438');
  });

  it('decodes a Shift_JIS page declared in <meta>', () => {
    const body = Buffer.concat([ascii('<html><head><meta charset="Shift_JIS"></head><body>'), iconv.encode('\u65e5\u672c', 'shift_jis')]);
    expect(decodeText(body, 'text/html')).toContain('\u65e5\u672c');
  });

  it('honours a header charset of UTF-8 even when bytes are invalid (replacement characters)', () => {
    expect(decodeText(bytes('a', [0xff], 'b'), 'text/html; charset=utf-8')).toBe('a\ufffdb');
  });
});
