/** Generic main-content finder: prune furniture, score paragraphs' ancestors, pick and widen the best container. */
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { childElements, collapse, detach, isElement, isInside, rawText } from './dom.js';
import { classify, hasPositiveHint } from './hints.js';
import { paragraphs, scoreCandidates, type Candidate } from './score.js';
import { TextStats } from './stats.js';

/** The chosen content: nodes to keep, in document order. */
export interface ContentChoice {
  nodes: AnyNode[];
  top?: Element;
}

const NEVER_PRUNE = new Set(['html', 'body', 'main']);

/**
 * Removes furniture by hints before scoring. A strongly named block (comments, related, share, nav…) goes
 * unless it holds half the page's text (then its name is a wrapper's, not a widget's); a weakly named one
 * (header, aside, meta…) goes only when it is small and link-heavy. The headline's ancestors are kept.
 */
export function pruneFurniture(root: ParentNode, headline: Element | undefined): void {
  const stats = new TextStats(root);
  const total = Math.max(1, ...childElements(root).map((c) => stats.text(c)));
  const stack: Element[] = childElements(root).reverse();
  while (stack.length > 0) {
    const el = stack.pop() as Element;
    const protectedEl = headline !== undefined && isInside(headline, el);
    // Headings keep anchor ids like "nav_section_1"; furniture headings are caught later by their text.
    const hint = NEVER_PRUNE.has(el.name) || /^h[1-6]$/.test(el.name) ? 'neutral' : classify(el);
    const text = stats.text(el);
    let drop = false;
    // "article-content sticky-sidebar" names a layout, not a widget: with a positive word beside the negative
    // one, the block stays when it holds running text.
    if (hint === 'strong-negative') drop = !protectedEl && strongFurniture(el, stats, total);
    else if (hint === 'negative') drop = !protectedEl && text < 0.25 * total && (stats.linkDensity(el) > 0.3 || text < 200);
    if (drop) detach(el);
    else for (const c of childElements(el).reverse()) stack.push(c);
  }
}

/**
 * A strongly named block is furniture unless it holds half of the text around it (a wrapper named after the
 * layout, "sidebar-and-content") or pairs a positive word with running text ("article-content sticky-sidebar").
 */
export function strongFurniture(el: Element, stats: TextStats, total: number): boolean {
  const text = stats.text(el);
  if (text >= 0.5 * total) return false;
  return !(hasPositiveHint(el) && text > 500 && stats.linkDensity(el) < 0.3);
}

/** Picks the content container (or a container plus its content siblings). */
export function chooseContent(root: ParentNode): ContentChoice {
  const stats = new TextStats(root);
  const candidates = scoreCandidates(root, stats);
  const best = candidates[0];
  if (!best) return { nodes: [...root.children] };
  const scoreOf = new Map(candidates.map((c) => [c.el, c.score]));
  let top = widen(promote(best, candidates, scoreOf), root, stats);
  // A container alone in its parent adds nothing: take the parent so siblings of the parent are considered.
  while (top.name !== 'body' && top.parent && isElement(top.parent) && top.parent.name !== 'body' && childElements(top.parent).length === 1) top = top.parent;
  const topScore = scoreOf.get(top) ?? best.score;
  const parent = top.parent;
  if (!parent || !isElement(parent)) return { nodes: [top], top };
  const threshold = Math.max(10, topScore * 0.2);
  const nodes: AnyNode[] = [];
  let before = true;
  for (const sib of parent.children) {
    if (sib === top) {
      nodes.push(sib);
      before = false;
    } else if (isElement(sib) && keepSibling(sib, top, threshold, scoreOf, stats, before)) nodes.push(sib);
  }
  return { nodes, top };
}

/** Readability's climb: several near-best candidates under one ancestor mean the article is that ancestor. */
function promote(best: Candidate, candidates: Candidate[], scoreOf: Map<Element, number>): Element {
  let top = best.el;
  const alternatives = candidates.slice(1, 6).filter((c) => c.score >= best.score * 0.75).map((c) => c.el);
  if (alternatives.length >= 2) {
    for (let p = top.parent; p && isElement(p) && p.name !== 'body'; p = p.parent) {
      if (alternatives.filter((a) => isInside(a, p)).length >= 2) {
        top = p;
        break;
      }
    }
  }
  let last = scoreOf.get(top) ?? best.score;
  const floor = last / 3;
  for (let p = top.parent; p && isElement(p) && p.name !== 'body'; p = p.parent) {
    const s = scoreOf.get(p);
    if (s === undefined) continue;
    if (s < floor) break;
    if (s > last) {
      top = p;
      break;
    }
    last = s;
  }
  return top;
}

/**
 * Articles split over several containers (one per section, ad slots between them) leave most of their text
 * outside the best-scored one: climb while an ancestor adds mostly clean paragraph text (after trafilatura's
 * and jusText's view that good text is long, sentence-like and not inside links).
 */
function widen(top: Element, root: ParentNode, stats: TextStats): Element {
  const good = new Map<Element, number>();
  for (const { el, text } of paragraphs(root, stats)) {
    if (stats.linkDensity(el) > 0.3 || text.length < 60) continue;
    for (let p: Element | null = el; p && isElement(p); p = p.parent as Element | null) good.set(p, (good.get(p) ?? 0) + text.length);
  }
  let cur = top;
  let path: Element = top;
  // Gain and junk accumulate from `cur` upwards, so a rejected level's junk still counts above it.
  let gain = 0;
  let junk = 0;
  for (let p = top.parent; p && isElement(p) && p.name !== 'body' && p.name !== 'html'; p = p.parent) {
    // What p adds beside the path: clean paragraphs in link-poor blocks are gain; teaser lists
    // (headline links over summaries) and everything else are junk.
    for (const c of p.children) {
      if (c === path) continue;
      if (c.type === 'text') junk += c.data.trim().length;
      if (!isElement(c)) continue;
      const g = stats.linkDensity(c) < 0.15 ? (good.get(c) ?? 0) : 0;
      gain += g;
      junk += stats.text(c) - g;
    }
    path = p;
    if (gain >= Math.max(150, 0.1 * (good.get(cur) ?? 0)) && junk < gain * 0.3) {
      cur = p;
      gain = 0;
      junk = 0;
    }
  }
  return cur;
}

function keepSibling(sib: Element, top: Element, threshold: number, scoreOf: Map<Element, number>, stats: TextStats, before: boolean): boolean {
  const h = classify(sib);
  if (h === 'strong-negative') return false;
  let bonus = 0;
  if ((sib.attribs.class ?? '') !== '' && sib.attribs.class === top.attribs.class) bonus = threshold * 0.2;
  if ((scoreOf.get(sib) ?? 0) + bonus >= threshold * (before ? 1 : 2)) return true;
  if (sib.name === 'p' || sib.name === 'blockquote' || sib.name === 'pre' || /^h[2-6]$/.test(sib.name) || sib.name === 'figure') {
    const text = collapse(rawText(sib));
    const ld = stats.linkDensity(sib);
    if (text.length > 80 && ld < 0.25) return true;
    if (text.length > 0 && text.length <= 80 && ld === 0 && /[.!?:"”»]\s*$/.test(text)) return true;
    if (sib.name === 'figure') return true;
  }
  // A lead before the body (`<div class="lead">`): running text, few links, not furniture. After the body the
  // same shape is more often an author bio or a teaser, so only preceding siblings qualify.
  if (before && h !== 'negative' && stats.text(sib) > 100 && stats.linkDensity(sib) < 0.2) {
    const text = collapse(rawText(sib));
    if ((text.match(/[.!?。]["”»]?(?:\s|$)/g) ?? []).length >= 2) return true;
  }
  return false;
}
