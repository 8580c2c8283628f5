/** Class/id/role/tag hints that tell content from page furniture (the generic extractor's vocabulary). */
import type { Element } from 'domhandler';
import { hintString } from './dom.js';

// Tokens are whole words of class/id values split on `-`, `_`, spaces and camelCase, so `ad` never matches
// "header" or "shadow". Lists are multilingual where news sites commonly use local words (de/fr/es/it/nl).
const POSITIVE = new Set([
  'article', 'articles', 'artikel', 'content', 'entry', 'post', 'story', 'body', 'text', 'main', 'blog', 'hentry',
  'prose', 'articlebody', 'storybody', 'postbody', 'entrytext', 'entrycontent', 'postcontent', 'inhalt', 'rte',
  'richtext', 'editorial', 'copy', 'single', 'news', 'page', 'detail', 'reader', 'longform', 'paragraph',
]);

/** Furniture whose name says what it is: wins over a positive token on the same element. */
const STRONG_NEGATIVE = new Set([
  'comment', 'comments', 'commentlist', 'kommentare', 'kommentar', 'disqus', 'respond', 'reply', 'replies',
  'related', 'share', 'sharing', 'sharer', 'social', 'socials', 'newsletter', 'cookie', 'cookies', 'consent', 'gdpr',
  'sidebar', 'breadcrumb', 'breadcrumbs', 'crumbs', 'footer', 'nav', 'navbar', 'navigation', 'menu', 'submenu',
  'advert', 'advertisement', 'adsbygoogle', 'advertising', 'ads', 'ad', 'adslot', 'adspot', 'adunit', 'werbung', 'anzeige',
  'sponsor', 'sponsored', 'promo', 'promoted', 'outbrain', 'taboola', 'popular', 'trending', 'recommended',
  'recommendations', 'empfehlungen', 'latest', 'newest', 'skip', 'pagination', 'pager', 'toolbar', 'subscribe',
  'subscription', 'signup', 'login', 'modal', 'popup', 'overlay', 'masthead', 'topbar',
  'tagcloud', 'tags', 'shariff', 'addthis', 'sharedaddy', 'relatedposts', 'byline', 'dateline',
  'ticker', 'weather', 'pinterest', 'facebook', 'twitter', 'whatsapp', 'linkedin',
  'bio', 'biography', 'authorbox', 'avatar', 'paywall', 'rating', 'ratings', 'survey', 'poll', 'captcha',
  'credit', 'credits', 'copyright', 'imagecredit', 'photocredit', 'photographer',
]);

/** Weaker signals: only count when no positive token is present. */
const WEAK_NEGATIVE = new Set([
  'header', 'head', 'meta', 'aside', 'side', 'more', 'teaser', 'teasers', 'extra', 'secondary', 'hidden',
  'author', 'info', 'date', 'time', 'links', 'list', 'rail', 'right', 'left', 'col', 'tools', 'utility', 'util',
  'follow', 'contact', 'legal', 'copyright', 'sitemap', 'feedback', 'promotion', 'community', 'discussion',
  'bottom', 'top', 'widget', 'widgets', 'print', 'banner', 'breaking', 'thumb', 'thumbnail', 'card', 'cards', 'tile', 'tiles', 'rss', 'search', 'dropdown', 'noprint',
]);

const NEGATIVE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'dialog', 'alertdialog', 'menu', 'menubar']);
const NEGATIVE_TAGS = new Set(['nav', 'aside', 'footer', 'header', 'menu', 'dialog']);

/** Words of class and id: splits on separators and camelCase, lower-cased. */
export function hintTokens(el: Element): string[] {
  const cls = el.attribs.class ?? '';
  const id = el.attribs.id ?? '';
  if (cls === '' && id === '') return [];
  const raw = `${cls} ${id}`.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return raw.split(/[^a-z0-9]+/).filter((t) => t.length > 0);
}

/** Compound-free check: also treats "postcontent", "entrycontent" etc. as positive when written as one word. */
function joinedPositive(el: Element): boolean {
  return /(?:article|entry|post|story)-?(?:body|content|text)|(?:^|\s)(?:h-entry|hentry|prose)(?:\s|$)/.test(hintString(el));
}

/** How an element's own hints classify it. */
export type Hint = 'positive' | 'negative' | 'strong-negative' | 'neutral';

const cache = new WeakMap<Element, Hint>();

/** Classifies an element by tag, role, class and id (cached per element). */
export function classify(el: Element): Hint {
  const hit = cache.get(el);
  if (hit !== undefined) return hit;
  const h = computeHint(el);
  cache.set(el, h);
  return h;
}

/** Media carry presentation classes ("td-modal-image", "lazyload"): their names say nothing about content. */
const MEDIA_TAGS = new Set(['img', 'picture', 'source', 'video', 'audio', 'figure', 'figcaption', 'br', 'hr']);

function computeHint(el: Element): Hint {
  if (MEDIA_TAGS.has(el.name)) return 'neutral';
  const role = (el.attribs.role ?? '').toLowerCase();
  const tokens = hintTokens(el);
  let positive = el.name === 'article' || el.name === 'main' || role === 'main' || joinedPositive(el);
  let strong = false;
  let weak = NEGATIVE_TAGS.has(el.name) || NEGATIVE_ROLES.has(role);
  for (const t of tokens) {
    if (STRONG_NEGATIVE.has(t)) strong = true;
    else if (POSITIVE.has(t)) positive = true;
    else if (WEAK_NEGATIVE.has(t)) weak = true;
  }
  const itemprop = (el.attribs.itemprop ?? '').toLowerCase();
  if (itemprop === 'articlebody' || itemprop === 'text') return 'positive';
  if (strong) return 'strong-negative';
  if (positive) return 'positive';
  if (weak) return 'negative';
  return 'neutral';
}

/** True when the element's own names also say "content" (a positive token beside a negative one). */
export function hasPositiveHint(el: Element): boolean {
  if (el.name === 'article' || el.name === 'main' || joinedPositive(el)) return true;
  return hintTokens(el).some((t) => POSITIVE.has(t));
}

/** Readability-style class weight: +25 for content hints, -25 for furniture hints. */
export function classWeight(el: Element): number {
  switch (classify(el)) {
    case 'positive':
      return 25;
    case 'strong-negative':
      return -40;
    case 'negative':
      return -20;
    default:
      return 0;
  }
}
