/** Author strings as feeds write them: "jane@example.com (Jane Doe)", "Jane Doe <jane@example.com>", "Jane". */
import type { Author } from '../model/article.js';

const EMAIL = /^[^\s@<>()]+@[^\s@<>()]+\.[^\s@<>()]+$/;

/** Parses one RSS author/managingEditor/dc:creator string; undefined when empty. */
export function parsePerson(raw: string | undefined): Author | undefined {
  const s = raw?.trim();
  if (s === undefined || s === '') return undefined;
  // RSS 2.0 <author>: "email (Name)".
  let m = /^(\S+@\S+)\s*\((.+)\)$/.exec(s);
  if (m?.[1] !== undefined && m[2] !== undefined) return { name: m[2].trim(), email: m[1] };
  // RFC 5322 style: "Name <email>".
  m = /^(.+?)\s*<([^<>\s]+@[^<>\s]+)>$/.exec(s);
  if (m?.[1] !== undefined && m[2] !== undefined) return { name: m[1].replace(/^"|"$/g, '').trim(), email: m[2] };
  // A bare address: the local part is the only name we have, the address stays as email.
  if (EMAIL.test(s)) return { name: s, email: s };
  return { name: s };
}
