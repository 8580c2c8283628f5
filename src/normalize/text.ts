/** Plain-text helpers: HTML → text, titles/names → plain text, summaries and word counts. */
import { Parser } from 'htmlparser2';
import { codeUnitClasses } from './char-classes.js';

/** Elements whose text is never content (scripts, styles, raw-text containers). */
const NON_TEXT = new Set(['script', 'style', 'noscript', 'template', 'title', 'head', 'iframe', 'xmp', 'noembed', 'noframes', 'plaintext', 'object', 'embed', 'svg', 'math', 'textarea', 'select', 'option']);

/** Elements that start a paragraph-like block (HTML "flow content" that renders as a block). */
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'header', 'footer', 'main', 'aside', 'nav', 'address', 'blockquote',
  'pre', 'figure', 'figcaption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'dl', 'table', 'hr',
  'details', 'summary', 'fieldset', 'form', 'center', 'body', 'html',
]);

/** Elements rendered on their own line, without a blank line between siblings. */
const LINES = new Set(['li', 'dt', 'dd', 'tr', 'caption']);

// Private-use markers for breaks, so text whitespace and structure collapse separately.
const LINE = '\uE001';
const BLOCK = '\uE002';
const HARD = '\uE003';

/** Control characters that never belong in text (C0 except tab/newline, DEL, C1), plus lone surrogates and U+FFFE/FFFF. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A whitespace run that `/\s+/g → ' '` would change: two or more `\s` characters, or one that is not a space.
 * Replacing these gives the same text as folding every run, at a third of the cost (single spaces stay put).
 */
const FOLDABLE_SPACE = /\s{2,}|[\t\n\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/g;

/** Any code unit CONTROL can match (a surrogate may be half of a valid pair): a cheap test before the full regex. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const MAYBE_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** Removes control characters, lone surrogates and non-characters. */
export function stripControlChars(s: string): string {
  return MAYBE_CONTROL.test(s) ? s.replace(CONTROL, '') : s;
}

/**
 * Streams HTML through htmlparser2 (no DOM: this runs for every item and page) and collects the text, with
 * break markers at block and line boundaries. Adjacent text chunks are joined before whitespace folding so a
 * text node split across parser chunks folds like a whole one. Returns the pieces: text runs and single markers.
 */
function collect(html: string, marks: boolean): string[] {
  const out: string[] = [];
  let pending = '';
  let skip = 0;
  let pre = 0;
  const flush = () => {
    if (pending === '') return;
    const data = stripControlChars(pending);
    out.push(pre > 0 ? data.replace(/\r\n?/g, '\n') : data.replace(FOLDABLE_SPACE, ' '));
    pending = '';
  };
  const mark = (tag: string) => (BLOCKS.has(tag) ? BLOCK : LINES.has(tag) ? LINE : '');
  const parser = new Parser(
    {
      onopentag(name) {
        flush();
        if (NON_TEXT.has(name)) skip += 1;
        if (skip > 0 || !marks) return;
        if (name === 'br') out.push(HARD);
        else {
          if (name === 'td' || name === 'th') out.push(' ');
          out.push(mark(name));
          if (name === 'pre') pre += 1;
        }
      },
      ontext(text) {
        if (skip === 0) pending += text;
      },
      onclosetag(name) {
        flush();
        if (NON_TEXT.has(name)) {
          skip = Math.max(0, skip - 1);
          return;
        }
        if (skip > 0 || !marks || name === 'br') return;
        out.push(mark(name));
        if (name === 'pre') pre = Math.max(0, pre - 1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return out;
}

/** Turns a run of break markers (and the spaces around them) into newlines. */
function breaks(run: string): string {
  if (run.includes(BLOCK)) return '\n\n';
  const hard = run.split(HARD).length - 1;
  return hard >= 2 ? '\n\n' : '\n';
}

/**
 * Plain text of an HTML fragment: blocks separated by a blank line, `<br>` → newline, list items on their own
 * lines, entities decoded, whitespace collapsed inside blocks (kept inside `<pre>`), scripts and styles dropped.
 */
export function htmlToText(html: string): string {
  if (html.trim() === '') return '';
  // Without `<` or `&` there is no tag and no entity: the parser would see one text node (summaries often are).
  // Private-use marker characters in such text still count as breaks, so they take the full path.
  if (!/[<&\uE001-\uE003]/.test(html)) return stripControlChars(html).replace(FOLDABLE_SPACE, ' ').trim();
  const pieces = collect(html, true);
  // Text that itself holds marker characters (private use) goes through the string-level rules, which treat them alike.
  let text = pieces.some((p) => p.length > 1 && MARKER.test(p)) ? pieces.join('').replace(BREAK_RUN, breaks) : joinBreaks(pieces);
  if (text.includes('\u00A0')) text = text.replace(/\u00A0/g, ' ');
  if (text.includes(' \n') || text.includes('\t\n')) text = text.replace(/[ \t]+\n/g, '\n');
  if (text.includes('\n\n\n')) text = text.replace(/\n{3,}/g, '\n\n');
  return text.trim();
}

/** A run of break markers with the spaces and tabs around it. */
const BREAK_RUN = /[ \t]*[\uE001-\uE003][\uE001-\uE003 \t]*/g;
const MARKER = /[\uE001-\uE003]/;

const isMarker = (p: string): boolean => p === LINE || p === BLOCK || p === HARD;

/**
 * `pieces.join('').replace(BREAK_RUN, breaks)` over the pieces themselves, when no text piece holds a marker:
 * markers are whole pieces, so a run is found without scanning the text, and only the spaces and tabs next to it
 * are trimmed.
 */
function joinBreaks(pieces: readonly string[]): string {
  const out: string[] = [];
  let run = '';
  for (const piece of pieces) {
    if (piece === '') continue;
    if (isMarker(piece)) {
      if (run === '') trimTrailingBlanks(out);
      run += piece;
      continue;
    }
    if (run === '') {
      out.push(piece);
      continue;
    }
    const rest = piece.replace(/^[ \t]+/, '');
    if (rest === '') continue;
    out.push(breaks(run), rest);
    run = '';
  }
  if (run !== '') out.push(breaks(run));
  return out.join('');
}

/** Drops the spaces and tabs at the end of the collected text (across pieces that are nothing else). */
function trimTrailingBlanks(out: string[]): void {
  while (out.length > 0) {
    const last = out[out.length - 1] ?? '';
    // Scan back from the end: a regex anchored at `$` would try every space of a long paragraph.
    let end = last.length;
    while (end > 0 && (last.charCodeAt(end - 1) === 0x20 || last.charCodeAt(end - 1) === 0x09)) end--;
    if (end > 0) {
      if (end < last.length) out[out.length - 1] = last.slice(0, end);
      return;
    }
    out.pop();
  }
}

/**
 * Plain text for titles and names: tags stripped (script/style content dropped), entities decoded exactly
 * once, then any tag-like text the decoding produced removed too (`&lt;b&gt;x` → `x`: feed readers differ on
 * whether titles are HTML, so none may look like markup), control characters removed, whitespace collapsed.
 */
export function plainText(s: string): string {
  if (s === '') return '';
  // Fast path: no markup and no entity means nothing to decode.
  let raw = /[<&]/.test(s) ? textOf(s) : s;
  // Escaped markup decodes into tag-like text; many feed readers render titles as HTML, so no tag-like
  // sequence survives in plain text ("a < b" and "<3" are not tag-like and stay).
  for (let i = 0; i < 3 && TAG_LIKE.test(raw); i++) raw = raw.replace(TAG_LIKE_G, ' ');
  return stripControlChars(raw).replace(FOLDABLE_SPACE, ' ').trim();
}

/** A tag, comment, doctype or processing instruction as a browser would start parsing one. */
const TAG_LIKE = /<[a-z!/?][^<>]*>?/i;
const TAG_LIKE_G = new RegExp(TAG_LIKE.source, 'gi');

function textOf(html: string): string {
  return collect(html, false).join('');
}

/** Cuts text at a word boundary at most `max` characters long, adding "…" (counted in `max`) when cut. */
export function summarize(text: string, max = 500): string {
  const t = text.replace(FOLDABLE_SPACE, ' ').trim();
  if (t.length <= max) return t;
  const limit = Math.max(1, max - 1); // room for the ellipsis
  let cut = t.slice(0, limit + 1);
  const space = cut.lastIndexOf(' ');
  // A boundary far back (one huge word) would leave almost nothing: cut inside the word then.
  cut = space > limit * 0.5 ? cut.slice(0, space) : t.slice(0, limit);
  // Never end on half a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.replace(/[\s,;:.\-–—]+$/u, '')}…`;
}

/** Scripts written without spaces between words (Han, Kana, Thai, Lao, Khmer, Myanmar); Hangul uses spaces. */
const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** ICU word segmentation (dictionary-based for CJK/Thai), created once. */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** A word: a run of letters/digits/marks, with inner apostrophes or hyphens ("well-known", "isn't"). */
const WORD_RE = /[\p{L}\p{N}\p{M}]+(?:['’-][\p{L}\p{N}\p{M}]+)*/gu;

// Fast path: Latin-1 text with common typographic punctuation (nearly all English and Western European news)
// is counted by a scan over code units, with each character's class taken from WORD_RE's own character
// classes when the module loads; any other character sends the text to the regex path.
const W_OTHER = 0;
const W_LETTER = 1;
const W_JOINER = 2;
const W_SEPARATOR = 3;

function wordClass(c: number): number {
  const ch = String.fromCharCode(c);
  if (ch === "'" || ch === '-' || ch === '’') return W_JOINER;
  if (NO_SPACE_SCRIPT.test(ch)) return W_OTHER;
  return /[\p{L}\p{N}\p{M}]/u.test(ch) ? W_LETTER : W_SEPARATOR;
}

const wordClassOf = codeUnitClasses(wordClass, W_OTHER);

/** Words of a text whose characters all have a fast class, else -1: WORD_RE's matches, counted by a scan. */
function countWordsFast(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const cls = wordClassOf(text.charCodeAt(i));
    if (cls === W_LETTER) {
      if (!inWord) n += 1;
      inWord = true;
    } else if (cls === W_OTHER) {
      return -1;
    } else {
      // A joiner continues the word only between two letters ("a-b"); "a-", "a--b" and "a-'b" end it.
      inWord = cls === W_JOINER && inWord && wordClassOf(text.charCodeAt(i + 1)) === W_LETTER;
    }
  }
  return n;
}

/**
 * Counts words: runs of letters/digits (with inner apostrophes/hyphens) count one each; a run in a script
 * written without spaces is split into words by ICU's segmenter (UAX #29 + dictionaries), so
 * "中华人民共和国成立了" counts 5, not 1 and not 10.
 */
export function countWords(text: string): number {
  const fast = countWordsFast(text);
  if (fast >= 0) return fast;
  const segment = NO_SPACE_SCRIPT.test(text);
  let n = 0;
  for (const m of text.matchAll(WORD_RE)) {
    const run = m[0];
    if (!segment || !NO_SPACE_SCRIPT.test(run)) {
      n += 1;
      continue;
    }
    for (const seg of segmenter.segment(run)) if (seg.isWordLike === true) n += 1;
  }
  return n;
}
