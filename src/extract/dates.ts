/** Dates written for people ("April 14, 2015", "31. Mai 2012", "14/04/2015") → `YYYY-MM-DD`, plus URL dates. */

// Month names of the languages most common in our sources; prefixes (3+ letters) match abbreviations.
const MONTHS: Record<string, number> = {};
const NAMES: string[][] = [
  ['january', 'januar', 'janvier', 'enero', 'gennaio', 'janeiro', 'januari', 'jänner', 'styczeń', 'jan'],
  ['february', 'februar', 'février', 'fevrier', 'febrero', 'febbraio', 'fevereiro', 'februari', 'feb', 'fév'],
  ['march', 'märz', 'maerz', 'mars', 'marzo', 'março', 'maart', 'mar', 'mär'],
  ['april', 'avril', 'abril', 'aprile', 'apr', 'avr', 'abr'],
  ['may', 'mai', 'mayo', 'maggio', 'maio', 'mei', 'mag'],
  ['june', 'juni', 'juin', 'junio', 'giugno', 'junho', 'jun', 'giu'],
  ['july', 'juli', 'juillet', 'julio', 'luglio', 'julho', 'jul', 'juil', 'lug'],
  ['august', 'août', 'aout', 'agosto', 'augustus', 'aug', 'ago'],
  ['september', 'septembre', 'septiembre', 'settembre', 'setembro', 'sep', 'sept', 'set'],
  ['october', 'oktober', 'octobre', 'octubre', 'ottobre', 'outubro', 'oct', 'okt', 'ott', 'out'],
  ['november', 'novembre', 'noviembre', 'novembro', 'nov'],
  ['december', 'dezember', 'décembre', 'decembre', 'diciembre', 'dicembre', 'dezembro', 'dec', 'dez', 'déc', 'dic'],
];
NAMES.forEach((names, i) => {
  for (const n of names) MONTHS[n] = i + 1;
});

const MONTH_RE = '([A-Za-zÀ-ÿäöüÄÖÜéû]{3,10})\\.?';

function monthOf(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  return MONTHS[w] ?? (w.length >= 3 ? MONTHS[w.slice(0, 4)] ?? MONTHS[w.slice(0, 3)] : undefined);
}

function fullYear(y: number): number {
  if (y >= 100) return y;
  return y < 70 ? 2000 + y : 1900 + y;
}

/** `YYYY-MM-DD` when the parts make a real calendar day in a plausible range. */
function ymd(y: number, m: number, d: number): string | undefined {
  if (y < 1990 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * First calendar date written in `text`, as `YYYY-MM-DD`. `monthFirst` decides ambiguous numeric dates
 * (US English writes 04/14/2015; most other locales 14/04/2015 or 14.04.2015).
 */
export function parseHumanDate(text: string, monthFirst = false): string | undefined {
  const s = text.replace(/\u00a0/g, ' ');
  let m = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/.exec(s);
  if (m) return ymd(Number(m[1]), Number(m[2]), Number(m[3]));
  m = new RegExp(`${MONTH_RE}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})`).exec(s);
  if (m && monthOf(m[1] ?? '') !== undefined) return ymd(Number(m[3]), monthOf(m[1] ?? '') ?? 0, Number(m[2]));
  m = new RegExp(`(\\d{1,2})(?:st|nd|rd|th|er|º)?\\.?\\s*(?:de\\s+)?${MONTH_RE}\\s*(?:de\\s+)?,?\\s*(\\d{4})`).exec(s);
  if (m && monthOf(m[2] ?? '') !== undefined) return ymd(Number(m[3]), monthOf(m[2] ?? '') ?? 0, Number(m[1]));
  m = /(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d])/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const y = fullYear(Number(m[4]));
    // Dots are day-first everywhere (de, ru, pl…); slashes depend on the locale unless one part exceeds 12.
    const dayFirst = m[2] === '.' || a > 12 || (!monthFirst && b <= 12);
    return dayFirst ? ymd(y, b, a) : ymd(y, a, b);
  }
  return undefined;
}

/** A date in a URL path (`/2015/04/14/`, `/20150414/`, `2015-04-14`); month-only paths give nothing. */
export function dateFromUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return undefined;
  }
  const m = /\/((?:19|20)\d{2})[/-]([01]?\d)[/-]([0-3]?\d)(?:[/_-]|\.html?|$)/.exec(path)
    ?? /[/_-]((?:19|20)\d{2})([01]\d)([0-3]\d)(?:[/_.-]|$)/.exec(path);
  return m ? ymd(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}
