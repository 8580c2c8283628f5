/** The generic extractor's candidate scoring: paragraphs vote for their ancestors (after Readability's scheme). */
import type { Element, ParentNode } from 'domhandler';
import { collapse, descendants, isElement, rawText } from './dom.js';
import { classWeight } from './hints.js';
import type { TextStats } from './stats.js';

/** Elements read as one paragraph of text. */
const BLOCKS = new Set(['p', 'pre', 'td', 'blockquote', 'dd', 'li', 'h2', 'h3', 'h4', 'h5', 'h6', 'figcaption', 'address', 'dt']);
/** Containers that hold running text directly in badly structured pages (`<div>text<br>text</div>`). */
const DIVISH = new Set(['div', 'section', 'article', 'main', 'span', 'font', 'center', 'td', 'body', 'form']);
/** Inline elements: their text counts as the parent's own text. */
export const INLINE = new Set([
  'a', 'b', 'i', 'em', 'strong', 'span', 'font', 'br', 'sup', 'sub', 'small', 'u', 'mark', 'abbr', 'q', 'cite', 'code',
  'time', 'big', 's', 'strike', 'del', 'ins', 'kbd', 'var', 'tt', 'wbr', 'bdi', 'bdo', 'dfn', 'label', 'nobr',
]);
const SCORE_LEVELS = 5;

/** One scored container. */
export interface Candidate {
  el: Element;
  score: number;
}

/** Text of the inline content directly under an element (not of its block children). */
export function ownInlineText(el: Element): string {
  let s = '';
  for (const c of el.children) {
    if (c.type === 'text') s += c.data;
    else if (isElement(c) && INLINE.has(c.name)) s += rawText(c);
    else s += ' ';
  }
  return collapse(s);
}

function baseScore(el: Element): number {
  switch (el.name) {
    case 'div':
    case 'article':
    case 'main':
    case 'section':
      return 5;
    case 'pre':
    case 'td':
    case 'blockquote':
      return 3;
    case 'address':
    case 'ol':
    case 'ul':
    case 'dl':
    case 'dd':
    case 'dt':
    case 'li':
    case 'form':
      return -3;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'th':
      return -5;
    default:
      return 0;
  }
}

/** Commas of Latin, CJK and Arabic scripts: a cheap measure of sentence structure. */
function commas(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 0x3001 || c === 0xff0c || c === 0x060c || c === 0xfe50) n++;
  }
  return n;
}

/** Paragraph-like blocks of a subtree with their text, skipping containers whose paragraphs are scored themselves. */
export function paragraphs(root: ParentNode, stats: TextStats): { el: Element; text: string }[] {
  const out: { el: Element; text: string }[] = [];
  for (const el of descendants(root)) {
    if (BLOCKS.has(el.name) && !hasBlockChild(el)) {
      const text = collapse(rawText(el));
      if (text.length >= 25 && stats.linkDensity(el) <= 0.5) out.push({ el, text });
    } else if (DIVISH.has(el.name)) {
      const text = ownInlineText(el);
      if (text.length >= 25) out.push({ el, text });
    }
  }
  return out;
}

function hasBlockChild(el: Element): boolean {
  for (const c of el.children) if (isElement(c) && (BLOCKS.has(c.name) || c.name === 'div' || c.name === 'ul' || c.name === 'ol' || c.name === 'table')) return true;
  return false;
}

/** Scores every ancestor (up to five levels) of every paragraph; returns candidates best first. */
export function scoreCandidates(root: ParentNode, stats: TextStats): Candidate[] {
  const scores = new Map<Element, number>();
  for (const { el, text } of paragraphs(root, stats)) {
    const s = 1 + commas(text) + Math.min(3, Math.floor(text.length / 100));
    // A div holding its own text is a paragraph and a container at once: it receives its own vote.
    let node: Element | null = DIVISH.has(el.name) && !BLOCKS.has(el.name) ? el : (el.parent as Element | null);
    for (let level = 0; node && isElement(node) && level < SCORE_LEVELS; level++, node = node.parent as Element | null) {
      if (!scores.has(node)) scores.set(node, baseScore(node) + classWeight(node));
      const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
      scores.set(node, (scores.get(node) ?? 0) + s / divider);
    }
  }
  const out: Candidate[] = [];
  for (const [el, score] of scores) out.push({ el, score: score * (1 - stats.linkDensity(el)) });
  return out.sort((a, b) => b.score - a.score);
}
