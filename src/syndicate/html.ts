/**
 * Article HTML made fit for a feed: every URL absolute (feed readers have no base to resolve against and
 * the W3C Feed Validator warns "ContainsRelRef"), and only the elements and attributes the validator
 * counts as safe (anything else is a "SecurityRisk" warning). cheerio stays inside this file.
 */
import { load, type CheerioAPI } from 'cheerio';
import { httpUrl } from './urls.js';
import { Memo } from './memo.js';
import { parseSrcset } from '../normalize/html-urls.js';
import { xmlSafe } from './text.js';

/** Elements the W3C Feed Validator accepts in HTML content (feedvalidator validators.py acceptable_elements). */
const ACCEPTABLE_ELEMENTS = new Set(
  ('a abbr acronym address area article aside audio b bdi big blockquote br button canvas caption center ' +
    'cite code col colgroup command data datagrid datalist dd del details dfn dialog dir div dl dt em ' +
    'eventsource fieldset figcaption figure footer font form header h1 h2 h3 h4 h5 h6 hgroup hr i img input ' +
    'ins keygen kbd label legend li m main map mark menu meter multicol nav nextid ol output optgroup option ' +
    'p picture pre progress q rp rt ruby s samp section select small sound source spacer span strike strong ' +
    'sub summary sup table tbody td template textarea time tfoot th thead tr track tt u ul var video wbr').split(' '),
);

/** Elements removed with everything inside them: active content, document-level tags, foreign markup. */
const DROPPED_ELEMENTS =
  'script, style, iframe, frame, frameset, noframes, object, embed, applet, param, svg, math, template, ' +
  'link, meta, base, title, head, noscript, plaintext, xmp, listing';

/** Attributes the validator accepts (validators.py acceptable_attributes); `data-*` too. `style` is dropped. */
const ACCEPTABLE_ATTRIBUTES = new Set(
  ('abbr accept accept-charset accesskey action align allow allowfullscreen alt as autoplay autocapitalize ' +
    'autocomplete autofocus axis background balance bgcolor bgproperties border bordercolor bordercolordark ' +
    'bordercolorlight bottompadding cellpadding cellspacing ch challenge char charoff choff charset checked ' +
    'cite class clear color cols colspan compact contenteditable coords crossorigin data datafld ' +
    'datapagesize datasrc datetime decoding default delay dir dirname disabled download draggable dynsrc ' +
    'enctype end enterkeyhint face for form formenctype frame galleryimg gutter headers height hidefocus ' +
    'hidden high href hreflang hspace icon id inputmode is ismap itemid itemprop itemref itemscope itemtype ' +
    'kind keytype label lang leftspacing loading list longdesc loop loopcount loopend loopstart low lowsrc ' +
    'max maxlength media method min minlength multiple muted name nohref nonce noshade nowrap open optimum ' +
    'pattern ping placeholder playsinline point-size poster preload prompt pqg radiogroup readonly ' +
    'referrerpolicy rel repeat-max repeat-min replace required rev reversed rightspacing rows rowspan rules ' +
    'scope selected shape size sizes span spellcheck src srclang srcset start step summary suppress tabindex ' +
    'target template title toppadding translate type unselectable usemap urn valign value variable volume ' +
    'vspace vrml width wrap').split(' '),
);

/** Attributes holding one link (mailto allowed) or one resource URL (http(s) or an inline raster image). */
const LINK_ATTRIBUTES = new Set(['href', 'action', 'cite', 'longdesc']);
const RESOURCE_ATTRIBUTES = new Set(['src', 'poster', 'lowsrc', 'dynsrc', 'background']);
const DATA_IMAGE = /^data:image\/(png|gif|jpeg|webp)[;,]/i;

function resolveLink(value: string, base: string | undefined): string | undefined {
  const v = value.trim();
  if (/^mailto:/i.test(v)) return v;
  return httpUrl(v, base);
}

function resolveResource(value: string, base: string | undefined): string | undefined {
  const v = value.trim();
  if (DATA_IMAGE.test(v)) return v;
  return httpUrl(v, base);
}


/** Resolves every candidate of a srcset, dropping those that do not resolve. */
function resolveSrcset(value: string, base: string | undefined): string | undefined {
  const out: string[] = [];
  for (const { url, descriptor } of parseSrcset(value)) {
    const abs = resolveResource(url, base);
    if (abs !== undefined) out.push(descriptor ? `${abs} ${descriptor}` : abs);
  }
  return out.length > 0 ? out.join(', ') : undefined;
}

function cleanAttributes($: CheerioAPI, base: string | undefined): void {
  $.root().find('*').each((_, el) => {
    for (const [name, value] of Object.entries(el.attribs)) {
      const lower = name.toLowerCase();
      let next: string | undefined = xmlSafe(value);
      if (lower === 'style' || (!ACCEPTABLE_ATTRIBUTES.has(lower) && !lower.startsWith('data-'))) next = undefined;
      else if (LINK_ATTRIBUTES.has(lower)) next = resolveLink(next, base);
      else if (RESOURCE_ATTRIBUTES.has(lower)) next = resolveResource(next, base);
      else if (lower === 'srcset') next = resolveSrcset(next, base);
      if (next === undefined) $(el).removeAttr(name);
      else if (next !== value) $(el).attr(name, next);
    }
  });
}

// Bodies are re-rendered on every publish of every feed they are in: remember the last few thousand.
const prepared = new Memo(4000);
const texts = new Memo(4000);

/**
 * Returns the article HTML with relative href/src/srcset/poster/cite resolved against `baseUrl` (the
 * article URL), unsafe schemes dropped, and elements and attributes outside the validator's safe lists
 * removed (script, iframe, embed…) or unwrapped (unknown tags keep their text). Empty when nothing is left.
 */
export function prepareHtml(html: string, baseUrl: string | undefined): string {
  return prepared.get(`${baseUrl ?? ''}\u0000${html}`, () => prepareUncached(html, baseUrl));
}

function prepareUncached(html: string, baseUrl: string | undefined): string {
  const $ = load(xmlSafe(html), null, false);
  $(DROPPED_ELEMENTS).remove();
  // Unwrap unknown elements innermost first so their children stay in place.
  const unknown = $.root()
    .find('*')
    .toArray()
    .filter((el) => !ACCEPTABLE_ELEMENTS.has(el.tagName.toLowerCase()))
    .reverse();
  for (const el of unknown) $(el).replaceWith($(el).contents());
  cleanAttributes($, httpUrl(baseUrl));
  const out = $.html().trim();
  return $.root().text().trim() === '' && $('img, video, audio, picture').length === 0 ? '' : out;
}

/** Plain text of an HTML fragment, block boundaries turned into spaces, whitespace collapsed. */
export function htmlToText(html: string): string {
  return texts.get(html, () => textUncached(html));
}

function textUncached(html: string): string {
  const spaced = xmlSafe(html).replace(/<(br|\/p|\/div|\/li|\/h[1-6]|\/blockquote|\/tr|\/td|\/th)\b[^>]*>/gi, ' $&');
  return load(spaced, null, false).root().text().replace(/\s+/gu, ' ').trim();
}
