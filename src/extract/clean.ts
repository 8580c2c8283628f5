/** Cleans the chosen content: furniture blocks, link lists, bylines and the headline go; text, media and tables stay. */
import type { AnyNode, Element } from 'domhandler';
import { collapse, descendants, detach, isElement, rawText } from './dom.js';
import { parseHumanDate } from './dates.js';
import { isAdLabel, isCreditLine, isFurnitureLine, isPostMetaLine, isReadAlsoLine } from './furniture.js';
import { classify, classWeight } from './hints.js';
import { INLINE } from './score.js';
import { TextStats } from './stats.js';
import { strongFurniture } from './content.js';

const CONDITIONAL = new Set(['div', 'section', 'table', 'ul', 'ol', 'dl', 'form', 'aside', 'header', 'footer', 'nav', 'center', 'span']);
const MEDIA = new Set(['img', 'picture', 'video', 'audio', 'iframe', 'embed', 'object', 'table', 'math']);
const LINE_BLOCKS = new Set(['p', 'div', 'span', 'li', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'em', 'small', 'section', 'a', 'figcaption', 'dt', 'dd', 'footer', 'header', 'cite', 'i']);

function countTags(el: Element): { p: number; img: number; li: number; embeds: number; headings: number; figures: number } {
  const c = { p: 0, img: 0, li: 0, embeds: 0, headings: 0, figures: 0 };
  for (const d of descendants(el)) {
    if (d.name === 'p' || d.name === 'pre' || d.name === 'blockquote') c.p++;
    else if (d.name === 'img') c.img++;
    else if (d.name === 'li') c.li++;
    else if (d.name === 'iframe' || d.name === 'embed' || d.name === 'object' || d.name === 'video') c.embeds++;
    else if (/^h[1-6]$/.test(d.name)) c.headings++;
    else if (d.name === 'figure') c.figures++;
  }
  return c;
}

/** A data table (headers, several rows of text) rather than a layout table. */
function isDataTable(el: Element): boolean {
  const ds = descendants(el);
  return ds.some((d) => d.name === 'th' || d.name === 'caption' || d.name === 'thead') || ds.filter((d) => d.name === 'tr').length >= 3 && ds.filter((d) => d.name === 'table').length === 0;
}

function commaCount(text: string): number {
  return (text.match(/[,，、،]/g) ?? []).length;
}

/** Readability's "clean conditionally", tuned: drops link lists, image galleries without text, and form-like blocks. */
function shouldDropConditionally(el: Element, stats: TextStats): boolean {
  const weight = classWeight(el);
  const text = collapse(rawText(el));
  if (el.name === 'span' && text.length > 0) return false;
  if (el.name === 'table' && isDataTable(el)) return false;
  if (commaCount(text) >= 10) return false;
  const c = countTags(el);
  const ld = stats.linkDensity(el);
  const isList = el.name === 'ul' || el.name === 'ol' || el.name === 'dl';
  if (isList) return ld > 0.5 && !/[.!?]/.test(text.slice(-200)) || (ld > 0.3 && text.length / Math.max(1, c.li) < 50);
  if (text.length === 0) return c.img === 0 && c.embeds === 0 && !descendants(el).some((d) => MEDIA.has(d.name));
  if (c.img > 1 && c.p / c.img < 0.5 && c.figures === 0 && text.length < 200) return true;
  if (c.li > c.p + 2 && ld > 0.3) return true;
  if (text.length < 25 && c.p === 0 && c.img !== 1 && c.embeds === 0 && c.headings === 0) return true;
  if (weight < 25 && ld > 0.33 && text.length < 2000) return true;
  if (weight >= 25 && ld > 0.5) return true;
  return false;
}

/** A short block that only says when, or who: "April 14, 2015", "By Jane Doe | 10:42". */
function isDateOrByline(text: string): boolean {
  if (text.length > 80) return false;
  if (/^(?:by|von|par|por|door|di)\s+[\p{Lu}]/u.test(text) && text.length < 60 && !/[.!?]$/.test(text)) return true;
  const day = parseHumanDate(text);
  if (!day) return false;
  const rest = text
    .replace(/\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}:\d{2}(?::\d{2})?|\d+/g, ' ')
    .replace(/[\p{L}]+\.?/gu, (w) => (w.length <= 10 ? ' ' : w))
    .replace(/[\s,.|:/-]+/g, '');
  return rest.length === 0 && text.split(/\s+/).length <= 8;
}

/**
 * Cleans the kept nodes in place and returns those still attached. Strong furniture (share bars, related
 * lists, ad slots, author boxes) goes whatever its size relative to the body; `<h1>` and headings equal to the
 * title go (the title is a field of its own); short lines that are furniture or a bare date/byline go.
 */
export function cleanContent(nodes: AnyNode[], title: string | undefined): AnyNode[] {
  const stats = new TextStats(nodes);
  const normTitle = title ? collapse(title).toLowerCase() : undefined;
  const all: Element[] = [];
  for (const n of nodes) if (isElement(n)) all.push(n, ...descendants(n));
  const keep = new Set(nodes);
  // Elements removed so far, with everything under them (filled parent-first, so a lookup replaces a walk up).
  const gone = new Set<AnyNode>();
  const attached = (el: AnyNode): boolean => {
    if (keep.has(el)) return true;
    if (gone.has(el)) return false;
    const p = el.parent;
    if (p === null || gone.has(p)) {
      gone.add(el);
      return false;
    }
    return true;
  };
  const total = nodes.reduce((n, node) => n + (isElement(node) ? stats.text(node) : 0), 0);
  // Top-down for hint-based removal (a removed parent takes its children along).
  for (const el of all) {
    if (!attached(el)) continue;
    const hint = classify(el);
    const len = stats.text(el);
    // Text is only built for short elements: keeps this pass linear on long bodies.
    // Wrappers around a single element are judged through that element (keeps deep nesting linear).
    const text = len <= 600 && !(WRAPPERS.has(el.name) && onlyChild(el)) ? collapse(rawText(el)) : undefined;
    if (el.name === 'h1' || (normTitle !== undefined && /^h[1-6]$/.test(el.name) && text?.toLowerCase() === normTitle)) detach(el);
    // Headings carry anchor ids ("nav_section_1") that read as furniture; furniture headings are caught by their text.
    else if (hint === 'strong-negative' && !keep.has(el) && !/^h[2-6]$/.test(el.name) && strongFurniture(el, stats, total)) detach(el);
    else if (hint === 'negative' && !keep.has(el) && !/^h[2-6]$/.test(el.name) && (stats.linkDensity(el) > 0.25 || len < 100) && !hasParagraphs(el)) detach(el);
    else if (text !== undefined && LINE_BLOCKS.has(el.name) && !hasMedia(el) && isWholeLine(el, len, stats) && (isJunkLine(text) || (isReadAlsoLine(text) && stats.linkDensity(el) > 0.4))) {
      detach(isAdLabel(text) ? adSlot(el, text.length, stats, keep) : labelledBox(el, text, stats, keep, total));
    }
  }
  removeLooseLines(all, attached);
  // Bottom-up for conditional cleaning, so a container is judged after its own junk is gone.
  // Refresh `gone` parent-first so the bottom-up pass can ask about ancestors removed above.
  for (const el of all) attached(el);
  const fresh = new TextStats(nodes);
  for (let i = all.length - 1; i >= 0; i--) {
    const el = all[i] as Element;
    if (!CONDITIONAL.has(el.name) || keep.has(el) || gone.has(el) || (WRAPPERS.has(el.name) && onlyChild(el))) continue;
    if (shouldDropConditionally(el, fresh)) {
      detach(el);
      gone.add(el);
    }
  }
  return flattenWrappers(nodes.filter((n) => n.parent !== null));
}

const WRAPPERS = new Set(['div', 'section', 'span', 'font', 'center', 'article', 'main']);

/** The single block child of a wrapper that holds nothing else, or undefined (a lone link is content). */
function onlyChild(el: Element): Element | undefined {
  let only: Element | undefined;
  for (const c of el.children) {
    if (c.type === 'text' && c.data.trim() !== '') return undefined;
    if (!isElement(c)) continue;
    if (only) return undefined;
    only = c;
  }
  return only && !INLINE.has(only.name) && only.name !== 'img' ? only : undefined;
}

/**
 * Replaces chains of wrappers that hold one element and nothing else by their innermost element: they carry
 * no content, and unclosed tags can nest them deeper than the serializer's recursion survives.
 */
function flattenWrappers(nodes: AnyNode[]): AnyNode[] {
  const out = nodes.map((n) => {
    let cur = n;
    while (isElement(cur) && WRAPPERS.has(cur.name)) {
      const c = onlyChild(cur);
      if (!c) break;
      cur = c;
    }
    return cur;
  });
  for (const root of out) {
    if (!isElement(root)) continue;
    for (const el of descendants(root)) {
      if (!el.parent || !WRAPPERS.has(el.name) || !onlyChild(el)) continue;
      let inner = el;
      for (let c = onlyChild(inner); c && WRAPPERS.has(inner.name); c = onlyChild(inner)) inner = c;
      if (inner !== el) replaceWith(el, inner);
    }
  }
  return out;
}

/** Puts `inner` where `el` was. */
function replaceWith(el: Element, inner: Element): void {
  const parent = el.parent;
  if (!parent) return;
  detach(inner);
  const i = parent.children.indexOf(el);
  parent.children[i] = inner;
  inner.parent = parent;
  inner.prev = el.prev;
  inner.next = el.next;
  if (el.prev) el.prev.next = inner;
  if (el.next) el.next.prev = inner;
  el.parent = null;
}

const INLINE_LINES = new Set(['span', 'strong', 'b', 'em', 'small', 'a', 'cite', 'i']);

/** An inline element is a line of its own only when it is all of its parent's text (not a word in a sentence). */
function isWholeLine(el: Element, len: number, stats: TextStats): boolean {
  if (!INLINE_LINES.has(el.name)) return true;
  // Compare with the nearest block around it: a link inside a span inside a sentence is still a word.
  let block = el.parent;
  while (block && isElement(block) && INLINE.has(block.name)) block = block.parent;
  return block !== null && isElement(block) && stats.text(block) - len <= 3;
}

/** Text lines between `<br>`s ("- Anzeige -<br>") are lines too, without an element of their own. */
function removeLooseLines(all: Element[], attached: (el: AnyNode) => boolean): void {
  for (const el of all) {
    if (INLINE.has(el.name) || !attached(el)) continue;
    for (const c of [...el.children]) {
      if (c.type !== 'text' || c.data.length > 80) continue;
      const t = collapse(c.data);
      if (t === '' || !(isFurnitureLine(t) || isCreditLine(t))) continue;
      const prev = c.prev;
      const next = c.next;
      const alone = (n: AnyNode | null): boolean => n === null || (isElement(n) && !INLINE.has(n.name)) || (isElement(n) && n.name === 'br');
      if (alone(prev) && alone(next)) detach(c);
    }
  }
}

function isJunkLine(text: string): boolean {
  if (text.length <= 80 && (isFurnitureLine(text) || isDateOrByline(text))) return true;
  return isCreditLine(text) || isPostMetaLine(text);
}

/**
 * A furniture label that opens a small box ("AUTOR", "Related Articles", "Lesen Sie auch") names the whole box:
 * the box goes with it, when it is small beside the body and not one of the kept containers.
 */
function labelledBox(label: Element, text: string, stats: TextStats, keep: Set<AnyNode>, total: number): Element {
  if (!isFurnitureLine(text)) return label;
  let first = label;
  for (let box = label.parent; box && isElement(box) && !keep.has(box); box = box.parent) {
    const firstChild = box.children.find((c) => isElement(c) || (c.type === 'text' && c.data.trim() !== ''));
    if (firstChild !== first || stats.text(box) > Math.min(1000, 0.3 * total)) break;
    if (box.children.some((c) => isElement(c) && c !== first)) return box;
    first = box;
  }
  return label;
}

/** The largest ancestor of an ad label holding little else (the label, a linked banner): the whole slot. */
function adSlot(label: Element, labelLength: number, stats: TextStats, keep: Set<AnyNode>): Element {
  let slot = label;
  for (let p = label.parent; p && isElement(p) && !keep.has(p); p = p.parent) {
    if (stats.text(p) - labelLength > 20) break;
    slot = p;
  }
  return slot;
}

function hasParagraphs(el: Element): boolean {
  return descendants(el).filter((d) => d.name === 'p' && rawText(d).length > 80).length >= 2;
}

function hasMedia(el: Element): boolean {
  return descendants(el).some((d) => MEDIA.has(d.name));
}

