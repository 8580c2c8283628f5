/**
 * Atom type="xhtml" text constructs (RFC 4287 §3.1.1.3) taken from the document text itself: xml2js, under
 * rss-parser, stores mixed content without its order ("Why <b>XHTML</b> works" comes back as "Why works"
 * plus a `b` child), so the markup is cut out of the source instead.
 */

/** Inner XHTML of one entry's title/summary/content, when they are type="xhtml". */
export interface XhtmlParts {
  title?: string;
  summary?: string;
  content?: string;
}

const ELEMENTS = ['title', 'summary', 'content'] as const;

/** Content of the wrapping xhtml:div (the div itself is not part of the content, §3.1.1.3), prefixes dropped. */
function unwrap(inner: string): string {
  const body = inner.trim().replace(/^<(?:[\w.-]+:)?div\b[^>]*>([\s\S]*)<\/(?:[\w.-]+:)?div>$/, '$1');
  // `<xhtml:p>` → `<p>`: HTML consumers know no namespace prefixes.
  return body.replace(/<(\/?)[A-Za-z][\w.-]*:(?=[A-Za-z])/g, '<$1').replace(/\s+xmlns(?::[\w.-]+)?\s*=\s*("[^"]*"|'[^']*')/g, '');
}

/**
 * One entry of XhtmlParts per <entry> of the document, in document order; undefined when the entries
 * cannot be matched one-to-one with the parser's (`expected` count differs), so callers fall back.
 */
export function atomXhtmlParts(xml: string, expected: number): XhtmlParts[] | undefined {
  if (!/type\s*=\s*["']xhtml["']/.test(xml)) return undefined;
  // Comments and CDATA could hide "<entry" strings; blank them out without moving offsets that matter.
  const clean = xml.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const entries = [...clean.matchAll(/<entry\b[\s\S]*?<\/entry\s*>/g)].map((m) => m[0]);
  if (entries.length !== expected) return undefined;
  return entries.map((entry) => {
    const parts: XhtmlParts = {};
    for (const name of ELEMENTS) {
      const re = new RegExp(`<${name}\\b([^>]*)>([\\s\\S]*?)</${name}\\s*>`);
      const m = re.exec(entry);
      if (m !== null && /\btype\s*=\s*["']xhtml["']/.test(m[1] ?? '')) parts[name] = unwrap(m[2] ?? '');
    }
    return parts;
  });
}
