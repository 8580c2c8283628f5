/** Small helpers over the parsed tree (domhandler nodes stay inside src/extract). */
import type { AnyNode, Element, ParentNode } from 'domhandler';

/** True for element nodes (domhandler types script and style elements separately). */
export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** Child elements of a node. */
export function childElements(node: ParentNode): Element[] {
  const out: Element[] = [];
  for (const c of node.children) if (isElement(c)) out.push(c);
  return out;
}

/** Every descendant element, depth first, in document order. */
export function descendants(root: ParentNode): Element[] {
  const out: Element[] = [];
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const n = stack.pop() as AnyNode;
    if (!isElement(n)) continue;
    out.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as AnyNode);
  }
  return out;
}

/** Raw text of a subtree (entities already decoded by the parser), no whitespace collapsing. */
export function rawText(node: AnyNode): string {
  if (node.type === 'text') return node.data;
  // Iterative: unclosed tags can nest thousands deep in real pages, deeper than a recursive walk survives.
  let s = '';
  const stack: AnyNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop() as AnyNode;
    if (n.type === 'text') s += n.data;
    else if (n.type === 'tag' || n.type === 'root' || n.type === 'cdata') {
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as AnyNode);
    }
  }
  return s;
}

/** Text of a subtree with whitespace collapsed and trimmed. */
export function textOf(node: AnyNode): string {
  return collapse(rawText(node));
}

/** Collapses runs of whitespace (including NBSP) to one space and trims. */
export function collapse(s: string): string {
  return s.replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/** Lower-cased `class` and `id` of an element, space separated, for hint matching. */
export function hintString(el: Element): string {
  const cls = el.attribs.class ?? '';
  const id = el.attribs.id ?? '';
  return cls === '' && id === '' ? '' : `${cls} ${id}`.toLowerCase();
}

/** Detaches a node from its parent, keeping sibling links consistent. */
export function detach(node: AnyNode): void {
  const parent = node.parent;
  if (parent) {
    const i = parent.children.indexOf(node as never);
    if (i >= 0) parent.children.splice(i, 1);
  }
  if (node.prev) node.prev.next = node.next;
  if (node.next) node.next.prev = node.prev;
  node.parent = null;
  node.prev = null;
  node.next = null;
}

/** True when `anc` is `node` or one of its ancestors. */
export function isInside(node: AnyNode, anc: AnyNode): boolean {
  for (let n: AnyNode | null = node; n; n = n.parent) if (n === anc) return true;
  return false;
}

/** Nearest ancestor (or self) for which `pred` holds. */
export function closest(node: AnyNode, pred: (el: Element) => boolean): Element | undefined {
  for (let n: AnyNode | null = node; n; n = n.parent) if (isElement(n) && pred(n)) return n;
  return undefined;
}
