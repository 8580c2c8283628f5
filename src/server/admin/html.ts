/** Tagged-template HTML with escaping by default: interpolated values are text unless wrapped in `raw` or built by `html`. */

/** A fragment of markup already safe to emit (built by `html`, or trusted by `raw`). */
export class Html {
  constructor(readonly value: string) {}
  /** The markup. */
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A value `html` accepts: text (escaped), numbers, fragments, lists of them; null, undefined and false render nothing. */
export type HtmlValue = Html | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false || v === true) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return (v as readonly HtmlValue[]).map(render).join('');
  return escapeHtml(String(v));
}

/** Builds a fragment: literal parts verbatim, every interpolation escaped (fragments pass through). */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Trusts markup built elsewhere (our own SVG); never pass request or stored data here. */
export function raw(markup: string): Html {
  return new Html(markup);
}

/** A URL safe for href: http(s) only (stored URLs are validated, this keeps a `javascript:` one inert anyway). */
export function safeHref(url: string): string {
  return /^https?:\/\//i.test(url) ? url : '#';
}

/** A URL path segment; lone surrogates (never in a valid id, but never a crash either) become U+FFFD. */
export function pathPart(s: string): string {
  return encodeURIComponent(s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
}
