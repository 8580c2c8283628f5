/** Readers for xml2js nodes (explicitArray, `$` attributes, `_` text): unknown in, plain values out. */

/** A parsed XML element as xml2js shapes it. */
export type XmlNode = unknown;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The node itself as a list: xml2js gives arrays for repeated elements (explicitArray). */
export function all(node: XmlNode): XmlNode[] {
  if (node === undefined || node === null) return [];
  return Array.isArray(node) ? (node as unknown[]) : [node];
}

/** Text content of an element (string, or `_` when it has attributes); undefined for element-only content. */
export function text(node: XmlNode): string | undefined {
  const first = all(node)[0];
  if (typeof first === 'string') return first;
  if (typeof first === 'number') return String(first);
  if (isObject(first) && typeof first._ === 'string') return first._;
  return undefined;
}

/** Non-empty trimmed text, or undefined. */
export function str(node: XmlNode): string | undefined {
  const t = text(node)?.trim();
  return t === undefined || t === '' ? undefined : t;
}

/** Attribute of the first element of `node`. */
export function attr(node: XmlNode, name: string): string | undefined {
  const first = all(node)[0];
  if (!isObject(first) || !isObject(first.$)) return undefined;
  const v = first.$[name];
  return typeof v === 'string' ? v : undefined;
}

/** Child elements named `name` of the first element of `node`. */
export function child(node: XmlNode, name: string): XmlNode[] {
  const first = all(node)[0];
  return isObject(first) ? all(first[name]) : [];
}

/** Attributes object as given by a `['$', …, { keepArray: true }]` custom field. */
export function attrsObject(node: XmlNode): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObject(node)) return out;
  for (const [k, v] of Object.entries(node)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** A positive integer from text, or undefined. */
export function int(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number.parseInt(value.trim(), 10);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Escapes text so HTML readers (plainText, sanitizeHtml) see it as literal text. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text body → HTML paragraphs (blank lines split paragraphs, single newlines become <br>). */
export function textToHtml(s: string): string {
  return s
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
}
