/** Title cleanup: plain text plus removal of a site-name suffix/prefix (" - Site", "Site | "). */
import { plainText } from './text.js';

/** Separators sites put between a headline and their name, spaced on both sides. */
const SEPARATORS = [' - ', ' | ', ' – ', ' — ', ' · ', ' :: ', ' » '];

/** Suffix words that name a part of the story, not a site ("… - Part 2", "… | Live"). */
const NOT_A_SITE = /^(part|chapter|episode|ep|vol|volume|update|updated|live|video|videos|photos|gallery|review|analysis|opinion|recap|transcript|explained|\d+)\b/i;

/** Length limits of the heuristic used when the site name is unknown. */
const MAX_SUFFIX_WORDS = 4;
const MAX_SUFFIX_CHARS = 32;
const MIN_REMAINDER_WORDS = 4;

function lastSplit(title: string): [string, string] | undefined {
  let best: [string, string] | undefined;
  let bestAt = -1;
  for (const sep of SEPARATORS) {
    const at = title.lastIndexOf(sep);
    if (at > bestAt) {
      bestAt = at;
      best = [title.slice(0, at), title.slice(at + sep.length)];
    }
  }
  return best;
}

function firstSplit(title: string): [string, string] | undefined {
  let best: [string, string] | undefined;
  let bestAt = Infinity;
  for (const sep of SEPARATORS) {
    const at = title.indexOf(sep);
    if (at !== -1 && at < bestAt) {
      bestAt = at;
      best = [title.slice(0, at), title.slice(at + sep.length)];
    }
  }
  return best;
}

const same = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();
const words = (s: string): number => s.split(/\s+/).filter(Boolean).length;

/**
 * True when `suffix` looks like a site name appended to a long enough headline: at most 4 words and 32
 * characters, each word capitalised (or a domain like "example.com"), not a story part ("Part 2", "Live"),
 * and the remaining headline has at least 4 words. So "Fed raises rates again - Reuters" loses "Reuters",
 * while "Biden - Putin summit" (short remainder) and "… - live updates" (lower case) are kept.
 */
function looksLikeSiteSuffix(remainder: string, suffix: string): boolean {
  const s = suffix.trim();
  if (s === '' || s.length > MAX_SUFFIX_CHARS || words(s) > MAX_SUFFIX_WORDS) return false;
  if (words(remainder) < MIN_REMAINDER_WORDS || NOT_A_SITE.test(s)) return false;
  if (/^[\w-]+(\.[\w-]+)+$/.test(s)) return true; // a bare domain
  return s.split(/\s+/).every((w) => /^[\p{Lu}\p{Lt}\p{N}]/u.test(w) || /^(of|the|and|de|la|le|du|der|die|das|y|&)$/i.test(w));
}

/**
 * Plain-text title without the site name: a trailing or leading part separated by " - ", " | ", " – ",
 * " — ", " · ", " :: " or " » " is removed when it equals `siteName` (case-insensitive). Without `siteName`
 * only a trailing part is removed, and only when {@link looksLikeSiteSuffix} accepts it.
 */
export function cleanTitle(title: string, siteName?: string): string {
  const t = plainText(title);
  const site = siteName === undefined ? '' : plainText(siteName);
  const tail = lastSplit(t);
  const head = firstSplit(t);
  if (site !== '') {
    if (tail !== undefined && same(tail[1], site) && tail[0].trim() !== '') return tail[0].trim();
    if (head !== undefined && same(head[0], site) && head[1].trim() !== '') return head[1].trim();
    return t;
  }
  if (tail !== undefined && looksLikeSiteSuffix(tail[0], tail[1])) return tail[0].trim();
  return t;
}
