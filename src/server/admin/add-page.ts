/** The add-source form: a site or feed URL, optionally an id, type, interval and full-text switch; autodiscovery finds the feed. */
import { html, type Html } from './html.js';
import { csrfField, page, type PageContext } from './layout.js';

/** The form's fields as submitted (re-shown after a refusal). */
export interface AddForm {
  url: string;
  id: string;
  type: string;
  interval: string;
  fullText: boolean;
}

/** An empty form. */
export const EMPTY_ADD_FORM: AddForm = { url: '', id: '', type: '', interval: '', fullText: false };

const TYPES: readonly [string, string][] = [
  ['', 'detect (feed autodiscovery for a site URL)'],
  ['feed', 'feed (RSS, Atom, JSON Feed)'],
  ['html', 'html (listing page scraped for article links)'],
  ['sitemap', 'sitemap (news sitemap)'],
  ['page', 'page (one article page)'],
];

/** The add-source page, with `error` shown above the form. */
export function addPage(form: AddForm, ctx: PageContext, error?: string): Html {
  const options = TYPES.map(([v, label]) => html`<option value="${v}"${form.type === v ? html` selected` : ''}>${label}</option>`);
  return page(
    'Add source',
    error ? { ...ctx, notice: { text: error, error: true } } : ctx,
    html`<form method="post" action="/admin/sources" id="add-source">${csrfField(ctx.csrf)}
<label for="url">Site or feed URL</label><input id="url" name="url" type="url" required value="${form.url}" placeholder="https://example.com/">
<p class="muted">A site's home page is enough: its feed is found from &lt;link rel="alternate"&gt; or common paths.</p>
<label for="id">Id (optional)</label><input id="id" name="id" type="text" value="${form.id}" pattern="[A-Za-z0-9][A-Za-z0-9_\\-]{0,63}" title="1-64 letters, digits, - or _" placeholder="derived from the host">
<label for="type">Type</label><select id="type" name="type">${options}</select>
<label for="interval">Interval (optional)</label><input id="interval" name="interval" type="text" value="${form.interval}" placeholder="adaptive; or e.g. 15m, 1h">
<label><input type="checkbox" name="fullText" value="1"${form.fullText ? html` checked` : ''}> Fetch each article's page for the full text</label>
<p><button type="submit">Add source</button></p></form>`,
  );
}
