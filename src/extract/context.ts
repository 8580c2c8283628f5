/** Where an element sits on the page: inside the article (near its headline) or in site furniture. */
import type { AnyNode, Element } from 'domhandler';
import { hintTokens } from './hints.js';
import { closest, descendants, isElement } from './dom.js';

// Furniture that can hold a date or a name that is not the article's: top bars ("today" widgets),
// navigation, sidebars, teaser lists and comments. Tokens are whole class/id words (see hints.ts).
const FURNITURE_TOKENS = new Set([
  'header', 'topbar', 'top', 'masthead', 'nav', 'navbar', 'navigation', 'menu', 'sidebar', 'footer', 'related',
  'comment', 'comments', 'widget', 'widgets', 'ticker', 'weather', 'breaking', 'latest', 'popular', 'recommended',
  'teaser', 'teasers', 'aside', 'banner', 'promo', 'newsletter', 'cookie', 'sitebar', 'rail', 'trending', 'more',
  'relatedposts', 'sharedaddy', 'share', 'sharing', 'social', 'commentlist', 'respond', 'recommendations', 'outbrain',
  'taboola', 'sidebar', 'widget', 'pagination', 'archive', 'archives',
]);
const FURNITURE_TAGS = new Set(['nav', 'aside', 'footer', 'header', 'menu']);
const FURNITURE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'menu', 'menubar', 'search']);

/** True when the element itself is furniture (by tag, role or class/id words). */
export function isFurniture(el: Element): boolean {
  if (FURNITURE_TAGS.has(el.name) || FURNITURE_ROLES.has((el.attribs.role ?? '').toLowerCase())) return true;
  for (const t of hintTokens(el)) if (FURNITURE_TOKENS.has(t)) return true;
  return false;
}

/** Ancestors of a node from itself up to the root. */
function chain(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (let n: AnyNode | null = node; n; n = n.parent) out.push(n);
  return out;
}

/**
 * True when `el` belongs to the article whose headline is `anchor` (or, without a headline, to the page's
 * `<article>`/`<main>`): no furniture element between `el` and the nearest ancestor it shares with the anchor.
 * A top-bar date widget shares only `<body>` with the headline, through a header: it is furniture.
 */
export function inArticleContext(el: Element, anchor: Element | undefined): boolean {
  const target = anchor ?? null;
  const anchorChain = target ? new Set(chain(target)) : undefined;
  for (let n: AnyNode | null = el; n; n = n.parent) {
    if (anchorChain?.has(n)) return true;
    if (!isElement(n)) return false;
    if (!anchorChain && (n.name === 'article' || n.name === 'main' || (n.attribs.role ?? '') === 'main')) return true;
    if (isFurniture(n) && !(isSectioning(n) && hasArticleAncestor(n))) return false;
  }
  return anchorChain === undefined;
}

/** An article's own `<header>`/`<footer>` hold its byline and date, unlike the page's. */
function isSectioning(el: Element): boolean {
  return el.name === 'header' || el.name === 'footer';
}

function hasArticleAncestor(el: Element): boolean {
  for (let p = el.parent; p; p = p.parent) {
    if (isElement(p) && (p.name === 'article' || p.name === 'main' || (p.attribs.itemprop ?? '').toLowerCase().includes('article'))) return true;
  }
  return false;
}

const squash = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/**
 * The headline element: an `<h1>` that a metadata title (og:title, <title>, JSON-LD headline) confirms; else
 * the first `<h1>` in the article outside furniture (popups and logos carry h1s too); else the first non-logo one.
 */
export function findHeadline(h1s: readonly Element[], textOf: (el: Element) => string, titles: readonly string[] = []): Element | undefined {
  const metas = titles.map(squash).filter((t) => t.length > 0);
  // Exact first; containment (a kicker or site name around the headline) only for a non-logo h1 that makes up
  // most of the title, so a logo h1 equal to the site part of "Headline | Site" never wins.
  const confirmed =
    h1s.find((h) => metas.includes(squash(textOf(h))) && !isLogo(h)) ??
    h1s.find((h) => {
      const t = squash(textOf(h));
      return t.length >= 12 && !isLogo(h) && metas.some((m) => m.includes(t) && t.length >= 0.5 * m.length);
    });
  if (confirmed) return confirmed;
  let fallback: Element | undefined;
  for (const h of h1s) {
    const t = textOf(h);
    if (t.length < 4 || t.length > 400) continue;
    if (inArticleContext(h, undefined) && !insideFurniture(h)) return h;
    // An article header without an <article> around it looks like page furniture: accept it unless it is a logo.
    if (fallback === undefined && !isLogo(h) && !closest(h, (e) => e.name === 'nav' || e.name === 'footer' || e.name === 'aside')) fallback = h;
  }
  return fallback;
}

/** A site logo heading: an image, or a link to the site root. */
function isLogo(h: Element): boolean {
  for (const d of descendants(h)) {
    if (d.name === 'img' || d.name === 'svg') return true;
    if (d.name === 'a' && /^(?:\/|https?:\/\/[^/]+\/?)$/.test(d.attribs.href ?? '')) return true;
  }
  return /logo|brand|site-?title|site-?name/i.test(`${h.attribs.class ?? ''} ${h.attribs.id ?? ''}`);
}

/** Top-of-page furniture (header bar, navigation, masthead), where "today" widgets live. */
export function isHeaderFurniture(el: Element): boolean {
  if (el.name === 'nav' || (el.attribs.role ?? '') === 'banner' || (el.attribs.role ?? '') === 'navigation') return true;
  if (el.name === 'header' && !hasArticleAncestor(el)) return true;
  return hintTokens(el).some((t) => HEADER_TOKENS.has(t));
}

const HEADER_TOKENS = new Set(['header', 'topbar', 'top', 'masthead', 'nav', 'navbar', 'menu', 'weather', 'ticker']);

function insideFurniture(el: Element): boolean {
  for (let p: AnyNode | null = el; p; p = p.parent) {
    if (isElement(p) && isFurniture(p) && !(isSectioning(p) && hasArticleAncestor(p))) return true;
  }
  return false;
}
