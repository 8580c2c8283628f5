/** Author strings from bylines and metadata → clean person names ("By A and B, Staff Writer" → A, B). */

// Prefixes that introduce a byline in the languages we see most ("By", "Von", "Par", "Por", "Door", "Di", "Af").
const BY_PREFIX = /^(?:(?:written|posted|published|reported|text|photos?|video|story|veröffentlicht|publiziert|geschrieben|verfasst|erstellt|eingetragen|publié|escrito|publicado|scritto)\s+(?:by|von|par|por|door|di|da)\s*:?\s*|(?:by|von|par|por|door|di|da|af|av|autor(?:in)?|author|auteur|text|texte|from)\s*:?\s+)/i;

// Job titles and desks glued to names: a part that contains one of these words is not a name.
const ROLE_WORDS = /\b(?:no author|author|authors|datum|date|beiträge|artikelübersicht|übersicht|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|tuesday|wednesday|thursday|friday|saturday|sunday|phd|ph\.d|md|msc|mba|gmbh|e\.v|eg|ag|ltd|inc|llc|verlag|verband|pressestelle|kommentar|kommentare|comments?|uncategori[sz]ed|unknown|admin|administrator|wordpressadmin|super user|webmaster|veröffentlicht|publiziert|geschrieben|posted|share|teilen|staff|writer|reporter|editor|editors|editorial|correspondent|contributor|contributing|columnist|journalist|producer|photographer|redakteur(?:in)?|redaktion|korrespondent(?:in)?|autor(?:in)?|mitarbeiter|chefredakteur|senior|associate|managing|desk|team|news|newsroom|updated|published|posted|min(?:ute)?s?\s+read|read\s+more|follow|email|twitter|facebook|getty|images|reuters\s+staff|agency|agencies|dpa|afp|apa|sid|kna|epd|ap)\b/i;

/** Splits one author string on "and", "&", "," and ";" (and local forms of "and"). */
export function splitAuthors(raw: string): string[] {
  return raw
    .replace(/\s+/g, ' ')
    .split(/\s*[,;|/&•·]\s*|\s+(?:[Aa]nd|AND|und|et|y|e|en|og|i)\s+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A cleaned person name, or undefined when the part is a date, a URL, not name-like or (`strict`) a role. */
export function cleanAuthorName(raw: string, strict = true): string | undefined {
  let s = raw.replace(/\s+/g, ' ').trim();
  s = s.replace(BY_PREFIX, '').replace(BY_PREFIX, '');
  s = s.replace(/\S+@\S+/g, '').replace(/https?:\/\/\S+/g, '').replace(/^@/, '');
  // Dates and times glued after the name: "Jane Doe 14.04.2015 10:42", "Jane Doe - April 14, 2015".
  s = s.replace(/\s*[-–—|]?\s*(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}).*$/, '');
  // Words glued after the name: "Jane Doe am Samstag", "Jane Doe at 10:42", "Jane Doe Fr".
  s = s.replace(/\s+(?:am|at|on|le|el|il|um|op)\s.*$/i, '').replace(/\s+(?:mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|sat|sun)\.?$/i, '');
  // A label before a colon: "Interview: Jane Doe", "Artikel von: Jane Doe".
  s = s.replace(/^[^:]{1,30}:\s*(?=\S)/, '');
  s = s.replace(/\s*[-–—|:]\s*$/, '').replace(/^[-–—|:©]\s*/, '').trim();
  // "Jane Doe Jane Doe" (visible name plus screen-reader copy).
  const half = s.split(' ');
  if (half.length % 2 === 0 && half.length >= 2 && half.slice(0, half.length / 2).join(' ') === half.slice(half.length / 2).join(' ')) s = half.slice(0, half.length / 2).join(' ');
  s = s.replace(/^["'“”„(~*•·]+|["'“”)~*]+$/g, '').trim();
  if (/\[at\]|\(at\)|@|\.(?:com|net|org|de|at|ch|fr|uk)\b/i.test(s)) return undefined;
  // A phrase, not a name: "in Uncategorized", "am 12. Mai".
  if (/^(?:in|am|on|at|um|im|le|el|il)\s/.test(s)) return undefined;
  if (s.length < 2 || s.length > 60) return undefined;
  // Structured data names its author on purpose ("HSToday Staff"): role words only disqualify scraped text.
  if (/\d/.test(s) || (strict && ROLE_WORDS.test(s))) return undefined;
  const words = s.split(' ');
  if (words.length > 5) return undefined;
  if (!/\p{L}/u.test(s)) return undefined;
  return s;
}

/** Every clean name found in the given author strings, deduplicated case-insensitively, in order (`strict`: drop role words). */
export function parseAuthors(raws: readonly string[], strict = true): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const raw of raws) {
    // "By Jane Doe, Staff Writer": the prefix applies to the whole string, strip it before splitting.
    // URLs and e-mail addresses go before splitting: their slashes and dots are not name separators.
    const whole = raw.replace(/\s+/g, ' ').trim().replace(/(?:https?:\/\/|www\.)\S+|\S+@\S+/g, ' ').replace(BY_PREFIX, '');
    for (const part of splitAuthors(whole)) {
      const name = cleanAuthorName(part, strict);
      if (name === undefined) continue;
      const key = name.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(name);
    }
  }
  // "Rob Picheta, CNN": a short all-caps part beside real names is the agency or outlet.
  const people = out.filter((n) => !/^[A-Z]{2,5}$/.test(n));
  return people.length > 0 ? people : out;
}
