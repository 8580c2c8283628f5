/**
 * The body fields of an item (HTML, text, summary) are most of its bytes. A pending item stores their JSON text
 * as separate lines, so the article stage can splice that text into the stored article instead of escaping the
 * same strings again (JSON text never holds a raw line break: JSON.stringify escapes every control character).
 */
import type { Article, ArticleDraft } from '../model/article.js';

/** The large string fields of a draft, in storage order. */
export const BODY_FIELDS = ['contentHtml', 'contentText', 'summary'] as const;

/** One of the large string fields. */
export type BodyField = (typeof BODY_FIELDS)[number];

/** JSON text of each body field that was present, exactly as stored. */
export type BodyJson = Partial<Record<BodyField, string>>;

/** Body field values a draft was read with, and their JSON text: what an article may reuse. */
export interface BodySource {
  values: Pick<ArticleDraft, BodyField>;
  json: BodyJson;
}

/** `head` as JSON, then one line per body field: its JSON text, or nothing when the field is absent. */
export function writeWithBodies(head: unknown, values: Pick<ArticleDraft, BodyField>): string {
  let out = JSON.stringify(head);
  for (const f of BODY_FIELDS) out += `\n${values[f] === undefined ? '' : JSON.stringify(values[f])}`;
  return out;
}

/** Reads what writeWithBodies wrote: the head, the body values and their JSON text; undefined for plain JSON. */
export function readWithBodies<T>(raw: string): { head: T; values: Pick<ArticleDraft, BodyField>; json: BodyJson } | undefined {
  const lines = raw.split('\n');
  if (lines.length !== BODY_FIELDS.length + 1) return undefined;
  const values: Pick<ArticleDraft, BodyField> = {};
  const json: BodyJson = {};
  BODY_FIELDS.forEach((f, i) => {
    const text = lines[i + 1];
    if (!text) return;
    values[f] = JSON.parse(text) as string;
    json[f] = text;
  });
  return { head: JSON.parse(lines[0] ?? 'null') as T, values, json };
}

/**
 * JSON of an article, the same value JSON.stringify gives (body fields last): a body field still holding the string
 * it was read with is written as the JSON text it was read from, instead of being escaped again.
 */
export function articleJson(article: Article, reuse?: BodySource): string {
  if (!reuse) return JSON.stringify(article);
  const { contentHtml: _h, contentText: _t, summary: _s, ...head } = article;
  let out = JSON.stringify(head).slice(0, -1);
  for (const f of BODY_FIELDS) {
    const value = article[f];
    if (value === undefined) continue;
    const json = value === reuse.values[f] ? reuse.json[f] : undefined;
    out += `${out === '{' ? '' : ','}${JSON.stringify(f)}:${json ?? JSON.stringify(value)}`;
  }
  return `${out}}`;
}
