/** Per-site rules (rules.yaml): lookup by host and the selector-driven extraction path. */
import type { CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { SiteRules } from './types.js';

/** Host of a URL without `www.`, lower-cased; undefined when the URL does not parse. */
function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/** The rule set a source names (its `rules:`), else the rules of the URL's domain (`findRules`). */
export function rulesFor(rulesByDomain: Record<string, SiteRules>, url: string, named?: string): SiteRules | undefined {
  return (named !== undefined ? rulesByDomain[named] : undefined) ?? findRules(rulesByDomain, url);
}

/** Rules for a URL: exact host first, then each parent domain (`a.b.example.com` → `b.example.com` → `example.com`); `www.` ignored. */
export function findRules(rulesByDomain: Record<string, SiteRules>, url: string): SiteRules | undefined {
  const host = hostOf(url);
  if (host === undefined) return undefined;
  const table = new Map<string, SiteRules>();
  for (const [domain, rules] of Object.entries(rulesByDomain)) table.set(domain.toLowerCase().replace(/^www\./, '').replace(/\.$/, ''), rules);
  const labels = host.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const hit = table.get(labels.slice(i).join('.'));
    if (hit) return hit;
  }
  return undefined;
}

/** Applies `remove` selectors; invalid selectors are reported, not thrown (rules are operator data). */
export function applyRemove($: CheerioAPI, rules: SiteRules | undefined, notes: string[]): void {
  for (const sel of rules?.remove ?? []) {
    try {
      $(sel).remove();
    } catch {
      notes.push(`invalid remove selector: ${sel}`);
    }
  }
}

/** Nodes matched by `content` selectors, in document order without nested duplicates; empty when none match. */
export function selectContent($: CheerioAPI, rules: SiteRules | undefined, notes: string[]): AnyNode[] {
  const sels = rules?.content ?? [];
  if (sels.length === 0) return [];
  let matched: AnyNode[] = [];
  try {
    // One selector group: css-select returns matches in document order.
    matched = $(sels.join(', ')).toArray();
  } catch {
    for (const sel of sels) {
      try {
        matched.push(...$(sel).toArray());
      } catch {
        notes.push(`invalid content selector: ${sel}`);
      }
    }
  }
  if (matched.length === 0) notes.push('content selectors matched nothing; generic extraction used');
  const unique = [...new Set(matched)];
  return unique.filter((n) => !unique.some((o) => o !== n && isAncestor(o, n)));
}

function isAncestor(a: AnyNode, n: AnyNode): boolean {
  for (let p = n.parent; p; p = p.parent) if (p === a) return true;
  return false;
}

/** Text (or a date attribute) of the first element matching a rules selector. */
export function selectText($: CheerioAPI, selector: string | undefined, attrs: readonly string[] = []): string | undefined {
  if (!selector) return undefined;
  try {
    const el = $(selector).first();
    if (el.length === 0) return undefined;
    for (const a of attrs) {
      const v = el.attr(a);
      if (v) return v;
    }
    const t = el.text().replace(/\s+/g, ' ').trim();
    return t === '' ? undefined : t;
  } catch {
    return undefined;
  }
}

/** Texts of every element matching a rules selector (for authors). */
export function selectTexts($: CheerioAPI, selector: string | undefined): string[] {
  if (!selector) return [];
  try {
    return $(selector)
      .toArray()
      .map((el) => $(el).text().replace(/\s+/g, ' ').trim())
      .filter((t) => t !== '');
  } catch {
    return [];
  }
}
