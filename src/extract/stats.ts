/** Text and link-text lengths of every element, computed bottom-up in one pass. */
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { descendants, isElement } from './dom.js';

/** Lengths of one element's text (whitespace collapsed) and of the part inside links. */
export interface Stat {
  text: number;
  link: number;
}

/** Per-element text statistics of a subtree. */
export class TextStats {
  private readonly map = new Map<Element, Stat>();

  /** Computes the statistics of every element under `roots` (a parent, or a list of nodes and their subtrees). */
  constructor(roots: ParentNode | readonly AnyNode[]) {
    const els: Element[] = [];
    const list = Array.isArray(roots) ? roots : [roots as ParentNode];
    for (const r of list) {
      if (isElement(r)) els.push(r);
      if (isElement(r) || r.type === 'root') els.push(...descendants(r as ParentNode));
    }
    // Pre-order reversed: every child comes before its parent.
    for (let i = els.length - 1; i >= 0; i--) {
      const el = els[i] as Element;
      let text = 0;
      let link = 0;
      for (const c of el.children) {
        const s = this.nodeStat(c);
        text += s.text;
        link += s.link;
      }
      if (el.name === 'a') link = text;
      this.map.set(el, { text, link });
    }
  }

  private nodeStat(node: AnyNode): Stat {
    if (node.type === 'text') return { text: textLength(node.data), link: 0 };
    if (isElement(node)) return this.map.get(node) ?? { text: 0, link: 0 };
    return { text: 0, link: 0 };
  }

  /** Text length of an element (0 for unknown nodes). */
  text(el: Element): number {
    return this.map.get(el)?.text ?? 0;
  }

  /** Share of the element's text that sits inside links. */
  linkDensity(el: Element): number {
    const s = this.map.get(el);
    return s && s.text > 0 ? s.link / s.text : 0;
  }
}

/** Length of a text node's data with whitespace runs counted as one character and ends trimmed. */
export function textLength(data: string): number {
  let n = 0;
  let space = true;
  for (let i = 0; i < data.length; i++) {
    const c = data.charCodeAt(i);
    const ws = c === 32 || c === 10 || c === 9 || c === 13 || c === 160 || c === 12;
    if (ws) {
      if (!space) n++;
      space = true;
    } else {
      n++;
      space = false;
    }
  }
  return n;
}
