/** robots.txt rules (RFC 9309): parse a file, pick the group for a crawler, decide whether a path may be fetched. */

/** One Allow or Disallow line; `path` is normalised (see normalizePath) and may hold `*` and a final `$`. */
export interface RobotsRule {
  allow: boolean;
  path: string;
}

/** One group: the product tokens of its user-agent lines (lower case, or "*") and its rules. */
export interface RobotsGroup {
  agents: string[];
  rules: RobotsRule[];
  /** Crawl-delay in seconds: not in RFC 9309, but widely published (Bing, Yandex); the first valid one wins. */
  crawlDelaySec?: number;
}

/** A parsed robots.txt; plain JSON, so it can be cached as is. */
export interface RobotsRules {
  groups: RobotsGroup[];
  sitemaps: string[];
}

/** RFC 9309 §2.5: crawlers must parse at least the first 500 KiB; the rest is ignored. */
export const ROBOTS_MAX_CHARS = 500 * 1024;

// Misspellings that Google's open-source parser accepts and that real files contain.
const KEYS: Record<string, 'agent' | 'allow' | 'disallow' | 'delay' | 'sitemap'> = {
  'user-agent': 'agent', useragent: 'agent', 'user agent': 'agent',
  allow: 'allow',
  disallow: 'disallow', dissallow: 'disallow', dissalow: 'disallow', disalow: 'disallow', diasllow: 'disallow',
  disallaw: 'disallow',
  'crawl-delay': 'delay',
  sitemap: 'sitemap', 'site-map': 'sitemap',
};

/** A file that allows everything (RFC 9309 §2.3.1.3: robots.txt unavailable). */
export const ALLOW_ALL: RobotsRules = { groups: [], sitemaps: [] };
/** A file that disallows everything (RFC 9309 §2.3.1.4: robots.txt unreachable). */
export const DISALLOW_ALL: RobotsRules = { groups: [{ agents: ['*'], rules: [{ allow: false, path: '/' }] }], sitemaps: [] };

/** The product token of a user-agent line or a crawler's User-Agent: leading letters, "_" and "-" (RFC 9309 §2.2.1). */
export function productToken(userAgent: string): string {
  const v = userAgent.trim();
  if (v.startsWith('*')) return '*';
  return (/^[a-z_-]+/i.exec(v)?.[0] ?? '').toLowerCase();
}

/** Parses robots.txt text; never throws, unknown lines are skipped (RFC 9309 §2.2.4). */
export function parseRobots(text: string): RobotsRules {
  let body = text.replace(/^\uFEFF/, '');
  if (body.length > ROBOTS_MAX_CHARS) body = body.slice(0, ROBOTS_MAX_CHARS).replace(/[^\r\n]*$/, '');
  const rules: RobotsRules = { groups: [], sitemaps: [] };
  let group: RobotsGroup | undefined;
  // A user-agent line after rules starts a new group; consecutive ones share a group (§2.1). Sitemap and
  // unknown records "MUST NOT interfere" with that (§2.2.4). Crawl-delay, though not in RFC 9309, is a member
  // of the group above it wherever it is read (Bing, Yandex), so it ends a run like a rule: files that give
  // "User-agent: *" only a Crawl-delay must not lend the next group's Disallow lines to every crawler.
  let inAgentRun = false;
  for (const raw of body.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*/, '');
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = KEYS[line.slice(0, colon).trim().toLowerCase().replace(/\s+/g, ' ')];
    const value = line.slice(colon + 1).trim();
    if (key === 'agent') {
      const token = productToken(value);
      if (token === '') continue;
      if (!group || !inAgentRun) {
        group = { agents: [], rules: [] };
        rules.groups.push(group);
      }
      if (!group.agents.includes(token)) group.agents.push(token);
      inAgentRun = true;
    } else if (key === 'allow' || key === 'disallow') {
      inAgentRun = false;
      // Rules before any user-agent line belong to no group; an empty path matches nothing (§2.2.2).
      if (group && value !== '') group.rules.push({ allow: key === 'allow', path: normalizePath(value) });
    } else if (key === 'delay') {
      inAgentRun = false;
      const sec = Number(value);
      const valid = value !== '' && Number.isFinite(sec) && sec >= 0;
      if (group && group.crawlDelaySec === undefined && valid) group.crawlDelaySec = sec;
    } else if (key === 'sitemap' && value !== '') {
      rules.sitemaps.push(value);
    }
  }
  return rules;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * Canonical form for comparing rule paths with URL paths (RFC 9309 §2.2.2): characters outside printable
 * US-ASCII are percent-encoded as UTF-8, escapes of unreserved characters are decoded, other escapes upper-cased.
 */
export function normalizePath(path: string): string {
  let out = '';
  for (let i = 0; i < path.length; ) {
    const c = path[i] ?? '';
    if (c === '%' && /^[0-9a-f]{2}$/i.test(path.slice(i + 1, i + 3))) {
      const ch = String.fromCharCode(parseInt(path.slice(i + 1, i + 3), 16));
      out += UNRESERVED.test(ch) ? ch : `%${path.slice(i + 1, i + 3).toUpperCase()}`;
      i += 3;
      continue;
    }
    const cp = path.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    if (cp > 0x20 && cp < 0x7f) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    i += ch.length;
  }
  return out;
}

/**
 * Whether `pattern` matches the start of `path`: `*` is any run of characters, a final `$` anchors the end
 * (RFC 9309 §2.2.3). Tracks every reachable position at once, like Google's parser: O(path × pattern), no backtracking.
 */
export function patternMatches(path: string, pattern: string): boolean {
  if (!pattern.includes('*') && !pattern.endsWith('$')) return path.startsWith(pattern);
  let positions = [0];
  for (let p = 0; p < pattern.length; p++) {
    const c = pattern[p];
    if (c === '$' && p === pattern.length - 1) return positions[positions.length - 1] === path.length;
    if (c === '*') {
      const from = positions[0] ?? 0;
      positions = Array.from({ length: path.length - from + 1 }, (_, k) => from + k);
      continue;
    }
    positions = positions.filter((pos) => pos < path.length && path[pos] === c).map((pos) => pos + 1);
    if (positions.length === 0) return false;
  }
  return true;
}

/** The rules that apply to a crawler: every group naming its product token, else every "*" group (§2.2.1), merged. */
function selectGroups(rules: RobotsRules, userAgent: string): RobotsGroup[] {
  const token = productToken(userAgent);
  const own = token === '' || token === '*' ? [] : rules.groups.filter((g) => g.agents.includes(token));
  return own.length > 0 ? own : rules.groups.filter((g) => g.agents.includes('*'));
}

/**
 * Whether a crawler may fetch `pathAndQuery` (RFC 9309 §2.2.2): the longest matching rule wins, Allow wins a
 * tie, no match allows; /robots.txt itself is always allowed (§2.2.3).
 */
export function isAllowed(rules: RobotsRules, userAgent: string, pathAndQuery: string): boolean {
  const path = normalizePath(pathAndQuery === '' ? '/' : pathAndQuery);
  if (path === '/robots.txt') return true;
  let best: RobotsRule | undefined;
  for (const group of selectGroups(rules, userAgent)) {
    for (const rule of group.rules) {
      if (best && (rule.path.length < best.path.length || (rule.path.length === best.path.length && !rule.allow))) continue;
      if (patternMatches(path, rule.path)) best = rule;
    }
  }
  return best?.allow ?? true;
}

/** The Crawl-delay for a crawler in milliseconds (the largest among its merged groups), if the file sets one. */
export function crawlDelayMs(rules: RobotsRules, userAgent: string): number | undefined {
  const delays = selectGroups(rules, userAgent)
    .map((g) => g.crawlDelaySec)
    .filter((s): s is number => s !== undefined);
  return delays.length === 0 ? undefined : Math.round(Math.max(...delays) * 1000);
}
