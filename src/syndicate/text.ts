/** Text helpers for feed output: characters XML allows, escaping for XML text, attributes, CDATA and HTML. */

/**
 * Characters we drop from every string we write. XML 1.0 §2.2 `Char` excludes C0 controls (but tab, LF, CR),
 * lone surrogates and U+FFFE/U+FFFF; its note discourages DEL, C1 controls and the U+FDD0–U+FDEF
 * noncharacters. The W3C Feed Validator also flags C1 controls and U+FFFD as "BadCharacters" (they are
 * almost always windows-1252 or UTF-8 decoding damage), so those go too.
 */
const NOT_XML_SAFE =
  /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFDCF\uFDF0-\uFFFC\u{10000}-\u{10FFFF}]/gu;

/** Removes every character XML 1.0 forbids or the W3C Feed Validator warns about. */
export function xmlSafe(s: string): string {
  return s.replace(NOT_XML_SAFE, '');
}

/** Collapses runs of whitespace to one space and trims (titles, names, categories are one line). */
export function oneLine(s: string): string {
  return xmlSafe(s).replace(/\s+/gu, ' ').trim();
}

/**
 * Escapes plain text for XML character data with hexadecimal character references, as the RSS Best
 * Practices Profile asks ("encode & and < in plain text using hexadecimal character references"): the
 * validator then knows `&#x3C;b&#x3E;` in a title is text, not markup (its CharacterData warning).
 */
export function escapeXmlText(s: string): string {
  return xmlSafe(s).replace(/&/g, '&#x26;').replace(/</g, '&#x3C;').replace(/>/g, '&#x3E;');
}

/** Escapes a string for a double-quoted XML attribute (whitespace kept as references: parsers normalize it). */
export function escapeXmlAttr(s: string): string {
  return xmlSafe(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;')
    .replace(/\n/g, '&#xA;')
    .replace(/\r/g, '&#xD;');
}

/** Wraps text in CDATA, splitting every `]]>` (a CDATA section cannot contain it; XML 1.0 §2.7). */
export function cdata(s: string): string {
  return `<![CDATA[${xmlSafe(s).split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

/** Escapes plain text so it reads the same once parsed as HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Prepares a string for the `feed` package, whose XML writer (xml-js) turns every `&amp;` back into `&`
 * before escaping (so "Q&amp;A" would come out as "Q&A"): doubling those keeps the text as given.
 */
export function forXmlJs(s: string): string {
  return oneLine(s).replace(/&amp;/g, '&amp;amp;');
}

/**
 * Placeholders handed to the `feed` package for the feed title and description, replaced afterwards by
 * our own escaping (hex references, as for item titles): its writer has no way to produce those.
 */
export const TITLE_TOKEN = 'FEEDMILLTITLETOKEN';
/** See TITLE_TOKEN. */
export const DESCRIPTION_TOKEN = 'FEEDMILLDESCRIPTIONTOKEN';

/** Replaces the first `>token<` in `xml` with `>replacement<`. */
export function fillToken(xml: string, token: string, replacement: string): string {
  return xml.replace(`>${token}<`, () => `>${replacement}<`);
}

/** Cuts plain text to at most `max` characters at a word boundary, adding an ellipsis when it cut. */
export function truncate(s: string, max: number): string {
  const text = s.replace(/\s+/gu, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  const head = space > max / 2 ? cut.slice(0, space) : cut;
  // Never leave half of a surrogate pair (emoji) at the end.
  return `${head.replace(/[\uD800-\uDBFF]$/u, '').trimEnd()}…`;
}

/** The e-mail shape the W3C Feed Validator accepts without a DNS look-up (validators.py addr_spec.email_re). */
const EMAIL = /^[A-Z0-9_\-+.']+@(([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.)|(([A-Z0-9-]+\.)+))[A-Z0-9][-A-Z0-9]*$/i;

/** True when `s` is an e-mail address feed validators accept. */
export function isEmail(s: string | undefined): s is string {
  return s !== undefined && EMAIL.test(s);
}

/** BCP 47 language tag shape (RFC 5646 §2.1, simplified: primary subtag of 2–3 letters, then subtags). */
const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i;

/** Returns the tag when it looks like a BCP 47 language tag we can publish, else undefined. */
export function languageTag(s: string | undefined): string | undefined {
  const t = s?.trim().replace(/_/g, '-');
  if (!t || !LANGUAGE.test(t)) return undefined;
  // "und" (undetermined), "mul", "zxx" say nothing useful and are not ISO 639-1 codes the validator knows.
  if (/^(und|mul|zxx|mis)(-|$)/i.test(t)) return undefined;
  // RFC 5646 §2.1.1 case conventions: language lower, script title case, region upper ("zh-Hant-TW").
  return t
    .split('-')
    .map((sub, i) => {
      if (i === 0) return sub.toLowerCase();
      if (sub.length === 2) return sub.toUpperCase();
      if (sub.length === 4 && /^[a-z]+$/i.test(sub)) return sub.charAt(0).toUpperCase() + sub.slice(1).toLowerCase();
      return sub.toLowerCase();
    })
    .join('-');
}
