/** Removes what is never article content (scripts, forms controls, hidden nodes) and repairs lazy images. */
import type { Document, Element } from 'domhandler';
import { childElements, descendants, detach } from './dom.js';

const DROP = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'link', 'meta', 'head', 'input', 'button', 'select', 'textarea',
  'option', 'canvas', 'dialog', 'map', 'area', 'base', 'frame', 'frameset', 'applet', 'param', 'track', 'datalist', 'label',
]);

// Attributes lazy loaders keep the real URL in (lazysizes, WP Rocket, a3 Lazy Load, Jetpack, Vue/React libs).
const LAZY_SRC = ['data-src', 'data-lazy-src', 'data-original', 'data-orig-file', 'data-url', 'data-hi-res-src', 'data-full-src', 'data-lazyload', 'data-srcset-src'];
const LAZY_SRCSET = ['data-srcset', 'data-lazy-srcset', 'data-original-set'];

/** A placeholder src: missing, a data: URI, or a known 1×1/blank/spinner image. */
function isPlaceholder(src: string | undefined): boolean {
  if (src === undefined || src.trim() === '') return true;
  return /^data:|(?:^|[/_.-])(?:blank|pixel|spacer|placeholder|lazy|loading|transparent|grey|gray)[^/]*\.(?:gif|png|svg|jpg)|1x1/i.test(src);
}

function fixLazyImage(img: Element): void {
  const a = img.attribs;
  if (isPlaceholder(a.src)) {
    for (const k of LAZY_SRC) {
      const v = a[k];
      if (v && !v.startsWith('data:')) {
        a.src = v;
        break;
      }
    }
  }
  for (const k of LAZY_SRCSET) {
    const v = a[k];
    if (v && (a.srcset === undefined || isPlaceholder(a.srcset))) {
      a.srcset = v;
      break;
    }
  }
  if (isPlaceholder(a.src) && a.srcset) {
    const first = a.srcset.split(',')[0]?.trim().split(/\s+/)[0];
    if (first) a.src = first;
  }
}

/** `<noscript><img></noscript>` after a placeholder image: the noscript copy is the real one. */
function rescueNoscript(ns: Element): void {
  const imgs = childElements(ns).filter((c) => c.name === 'img');
  const img = imgs[0];
  if (imgs.length !== 1 || !img || isPlaceholder(img.attribs.src)) return;
  let prev = ns.prev;
  while (prev && prev.type === 'text' && prev.data.trim() === '') prev = prev.prev;
  if (prev && prev.type === 'tag' && prev.name === 'img') {
    if (isPlaceholder(prev.attribs.src)) prev.attribs.src = img.attribs.src ?? '';
    return;
  }
  // A lone noscript image (no scripted twin) is the only copy: keep it by unwrapping.
  const parent = ns.parent;
  if (!parent) return;
  img.parent = parent;
  parent.children.splice(parent.children.indexOf(ns), 0, img);
  img.prev = ns.prev;
  if (ns.prev) ns.prev.next = img;
  img.next = ns;
  ns.prev = img;
}

/** Replaces an element by its children. */
function unwrap(el: Element): void {
  const parent = el.parent;
  if (!parent) return;
  const kids = [...el.children];
  const at = parent.children.indexOf(el);
  for (const k of kids) k.parent = parent;
  parent.children.splice(at, 1, ...kids);
  // Re-link siblings across the spliced range.
  for (let i = Math.max(0, at - 1); i <= Math.min(parent.children.length - 1, at + kids.length); i++) {
    const n = parent.children[i];
    if (!n) continue;
    n.prev = parent.children[i - 1] ?? null;
    n.next = parent.children[i + 1] ?? null;
  }
  el.parent = null;
  el.children = [];
}

function isHidden(el: Element): boolean {
  const a = el.attribs;
  if (a.hidden !== undefined) return true;
  const style = a.style;
  if (style !== undefined && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return true;
  return false;
}

/** Cleans the tree in place; returns the number of nodes removed (for notes). */
export function prepare(doc: Document): number {
  let removed = 0;
  for (const el of descendants(doc)) {
    if (!el.parent) continue; // inside something already removed
    const name = el.name;
    if (name === 'noscript') rescueNoscript(el);
    if (DROP.has(name) || isHidden(el)) {
      detach(el);
      removed++;
      continue;
    }
    if ((name === 'html' || name === 'body') && el.parent && el.parent.type === 'tag' && (name === 'html' || el.parent.name !== 'html')) {
      // A document pasted into the page (embeds, CMS snippets): htmlparser2 nests it; browsers merge it.
      unwrap(el);
      continue;
    }
    if (name === 'amp-img' || name === 'amp-anim') el.name = 'img';
    if (name === 'img' || name === 'amp-img' || name === 'source') fixLazyImage(el);
  }
  return removed;
}
