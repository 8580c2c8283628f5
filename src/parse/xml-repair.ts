/**
 * Repairs the two XML errors real feeds make most: HTML named entities (`&nbsp;`, `&eacute;`) that XML does
 * not define, and bare ampersands (`AT&T`). Both make a strict XML parser (sax) reject the whole document.
 * CDATA sections and comments are left untouched, since `&` is literal there.
 */
import { load } from 'cheerio/slim';

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const cache = new Map<string, string>();

/** Replacement of one `&name;`: a numeric reference for an HTML entity, an escaped `&` otherwise. */
function replaceNamed(name: string): string {
  if (XML_ENTITIES.has(name)) return `&${name};`;
  let out = cache.get(name);
  if (out === undefined) {
    // The HTML parser knows the full WHATWG entity table; reuse it instead of shipping a copy.
    const decoded = load(`&${name};`, null, false).root().text();
    out = decoded === `&${name};` ? `&amp;${name};` : [...decoded].map((c) => `&#x${(c.codePointAt(0) ?? 0).toString(16)};`).join('');
    if (cache.size < 4096) cache.set(name, out);
  }
  return out;
}

function repairText(s: string): string {
  return s.replace(/&(?:(#\d{1,7}|#x[0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{0,31}));|&/g, (whole, num: string | undefined, name: string | undefined) => {
    if (num !== undefined) return whole;
    if (name !== undefined) return replaceNamed(name);
    return '&amp;';
  });
}

/** Returns `xml` with undefined entities made numeric and bare `&` escaped, outside CDATA and comments. */
export function repairXml(xml: string): string {
  if (!xml.includes('&')) return xml;
  const parts = xml.split(/(<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->)/);
  return parts.map((part, i) => (i % 2 === 1 ? part : repairText(part))).join('');
}
