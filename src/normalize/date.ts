/** Date parsing for feeds and pages: RFC 822/1123/2822, ISO 8601 and common variants → ISO 8601 UTC. */

/** Earliest plausible publication date; older values are template defaults or epoch zero. */
const MIN_YEAR = 1990;
/** Dates further in the future than this are bogus (scheduled posts, broken clocks). */
const MAX_FUTURE_MS = 2 * 24 * 3600 * 1000;

/** Zone abbreviations → minutes east of UTC. RFC 822 §5.1 names plus common ones seen in feeds. */
const ZONES: Readonly<Record<string, number>> = {
  ut: 0, utc: 0, gmt: 0, z: 0, wet: 0,
  est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  akst: -540, akdt: -480, hst: -600, ast: -240, adt: -180, nst: -210, ndt: -150,
  bst: 60, cet: 60, cest: 120, met: 60, mest: 120, west: 60, eet: 120, eest: 180, msk: 180,
  ist: 330, sgt: 480, hkt: 480, awst: 480, jst: 540, kst: 540, acst: 570, aest: 600, aedt: 660, nzst: 720, nzdt: 780,
};

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Month number (1-12) of an English month name or abbreviation of at least 3 letters ("Sept.", "Jan"). */
function monthOf(tok: string): number | undefined {
  const t = tok.replace(/\.$/, '');
  if (t.length < 3) return undefined;
  const i = MONTHS.findIndex((name) => name.startsWith(t));
  return i === -1 ? undefined : i + 1;
}

interface Parts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  /** Minutes east of UTC; undefined = no zone given (treated as UTC). */
  offset?: number;
}

/** Parses "+0700", "-07:00", "+07", "GMT+7" style offsets into minutes east of UTC. */
function parseOffset(raw: string): number | undefined {
  const m = /^(?:gmt|utc|ut)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(raw);
  if (m === null) return undefined;
  const h = Number(m[2]);
  const mi = Number(m[3] ?? '0');
  if (h > 14 || mi > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + mi);
}

/** ISO 8601 / RFC 3339 (extended or basic format, space or T, optional seconds, fraction and zone). */
function parseIso(s: string): Parts | undefined {
  const m =
    /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(s);
  if (m === null) return undefined;
  const zone = m[8];
  return {
    y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]),
    h: Number(m[4] ?? '0'), mi: Number(m[5] ?? '0'), s: Number(m[6] ?? '0'),
    ms: Math.round(Number(`0.${m[7] ?? '0'}`) * 1000),
    offset: zone === undefined ? undefined : zone.toUpperCase() === 'Z' ? 0 : parseOffset(zone),
  };
}

/**
 * Token parser for RFC 822/1123/2822 dates and their relatives: "Mon, 02 Jan 2006 15:04:05 -0700",
 * "2 January 2006", "January 2nd, 2006 3:04 PM EST", "Mon Jan 2 15:04:05 MST 2006" (asctime/date(1)),
 * "Mon Jan 02 2006 15:04:05 GMT-0700 (MST)" (JS Date#toString), "2006/01/02 15:04", "02.01.2006".
 */
function parseTokens(s: string): Parts | undefined {
  const tokens = s.toLowerCase().replace(/\([^)]*\)/g, ' ').replace(/,/g, ' ').split(/\s+/).filter(Boolean);
  let y: number | undefined, mo: number | undefined, d: number | undefined;
  let h = 0, mi = 0, sec = 0, ms = 0;
  let offset: number | undefined;
  let pm: boolean | undefined;
  let twoDigitYear = false;
  for (const tok of tokens) {
    let m: RegExpExecArray | null;
    const month = mo === undefined ? monthOf(tok) : undefined;
    if (month !== undefined) mo = month;
    else if ((m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?$/.exec(tok)) !== null) {
      h = Number(m[1]); mi = Number(m[2]); sec = Number(m[3] ?? '0');
      ms = Math.round(Number(`0.${m[4] ?? '0'}`) * 1000);
    } else if (tok === 'am' || tok === 'a.m.' || tok === 'pm' || tok === 'p.m.') pm = tok.startsWith('p');
    else if ((m = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(tok)) !== null) {
      y = Number(m[1]); mo = Number(m[2]); d = Number(m[3]);
    } else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(tok)) !== null) {
      d = Number(m[1]); mo = Number(m[2]); y = Number(m[3]); // d.m.y: dotted dates are day-first everywhere
    } else if ((m = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(tok)) !== null && d === undefined) d = Number(m[1]);
    else if (/^\d{4}$/.test(tok) && y === undefined) y = Number(tok);
    else if (/^\d{2}$/.test(tok) && y === undefined && d !== undefined && mo !== undefined) {
      y = Number(tok); twoDigitYear = true;
    } else if (Object.hasOwn(ZONES, tok)) offset = ZONES[tok];
    else if (parseOffset(tok) !== undefined) offset = parseOffset(tok);
    else if (/^[a-z]$/.test(tok)) offset = 0; // RFC 2822 §4.3: military zones are unreliable, read as +0000
    else if (!/^[a-z]+\.?$/.test(tok)) return undefined; // unknown numeric junk: refuse rather than guess
  }
  if (y === undefined || mo === undefined || d === undefined) return undefined;
  if (twoDigitYear) y += y < 50 ? 2000 : 1900; // RFC 2822 §4.3
  if (pm !== undefined) {
    if (h < 1 || h > 12) return undefined;
    h = (h % 12) + (pm ? 12 : 0);
  }
  return { y, mo, d, h, mi, s: sec, ms, offset };
}

function toDate(p: Parts): Date | undefined {
  if (p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > 31 || p.h > 24 || p.mi > 59 || p.s > 60) return undefined;
  if (p.h === 24 && (p.mi !== 0 || p.s !== 0)) return undefined;
  const s = Math.min(p.s, 59); // a leap second is read as :59
  const utc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, s, p.ms);
  const check = new Date(Date.UTC(p.y, p.mo - 1, p.d));
  if (check.getUTCDate() !== p.d) return undefined; // 31 April, 29 February of a common year
  return new Date(utc - (p.offset ?? 0) * 60_000);
}

/**
 * Any date a feed or page gives → ISO 8601 UTC with milliseconds, or undefined when invalid or bogus
 * (before 1990, or more than two days after `now`). Strings without a zone are read as UTC. Numbers are
 * epoch milliseconds, or epoch seconds when below 10^11.
 */
export function toIsoDate(value: string | Date | number | undefined, now: number = Date.now()): string | undefined {
  let date: Date | undefined;
  if (value === undefined) return undefined;
  if (value instanceof Date) date = value;
  else if (typeof value === 'number') date = Number.isFinite(value) ? new Date(Math.abs(value) < 1e11 ? value * 1000 : value) : undefined;
  else {
    const s = value.trim().replace(/\s+/g, ' ');
    if (s === '') return undefined;
    if (/^\d{9,13}$/.test(s)) return toIsoDate(Number(s), now);
    const parts = parseIso(s) ?? parseTokens(s);
    date = parts === undefined ? undefined : toDate(parts);
  }
  if (date === undefined || Number.isNaN(date.getTime())) return undefined;
  if (date.getUTCFullYear() < MIN_YEAR || date.getTime() > now + MAX_FUTURE_MS) return undefined;
  return date.toISOString();
}
