/** A source's page: facts and health, actions (crawl now, pause/resume, re-extract, remove), fetch history and recent articles. */
import { barChart, sparkline } from './charts.js';
import { html, pathPart, safeHref, type Html } from './html.js';
import type { ArticleRow, FetchRow, SourceData } from './model.js';
import { bytes, duration, page, postButton, statusBadge, when, type PageContext } from './layout.js';

function actions(d: SourceData, ctx: PageContext): Html {
  const base = `/admin/sources/${pathPart(d.source.id)}`;
  const s = d.source;
  return html`<div class="actions">${postButton(`${base}/crawl`, 'Crawl now', ctx)}
${s.paused ? postButton(`${base}/resume`, 'Resume', ctx, { style: 'secondary' }) : postButton(`${base}/pause`, 'Pause', ctx, { style: 'secondary' })}
${postButton(`${base}/reextract`, 'Re-extract articles', ctx, { style: 'secondary', confirm: 'Fetch and extract every stored article of this source again?' })}
${s.origin === 'config' ? '' : postButton(`${base}/remove`, 'Remove (keep articles)', ctx, { style: 'danger', confirm: `Remove source ${s.id}? Its articles stay.` })}
${s.origin === 'config' ? '' : postButton(`${base}/remove`, 'Remove with articles', ctx, { style: 'danger', confirm: `Remove source ${s.id} and delete its articles?`, fields: { articles: 'delete' } })}</div>`;
}

function facts(d: SourceData): Html {
  const s = d.source;
  const ext = d.extraction;
  return html`<dl class="facts" id="health">
<dt>URL</dt><dd><a href="${safeHref(s.url)}" rel="noreferrer">${s.url}</a></dd>
<dt>Type</dt><dd>${s.type}${s.fullText ? ' · full text' : ''} · ${s.origin === 'config' ? 'from sources.yaml' : 'added at run time'}</dd>
<dt>Status</dt><dd>${statusBadge(s.paused ? 'paused' : s.status)}${s.paused ? html` <span class="muted">(${s.status})</span>` : ''}</dd>
<dt>Last success</dt><dd id="last-success">${when(s.lastSuccessAt)}</dd>
<dt>Last fetch</dt><dd>${when(s.lastFetchAt)}</dd>
<dt>Last error</dt><dd>${s.lastError ? html`<span class="code">${s.lastError.code}</span> ${s.lastError.message} ${when(s.lastError.at)}` : html`<span class="muted">—</span>`}</dd>
<dt>Next run</dt><dd>${s.paused ? 'paused' : when(s.nextCheckAt ?? d.schedule?.nextRunAt)}${d.schedule ? ` (every ${duration(d.schedule.everyMs)})` : s.intervalSeconds ? ` (every ${duration(s.intervalSeconds * 1000)})` : ''}</dd>
<dt>Articles</dt><dd id="article-count">${s.articleCount}</dd>
<dt>Per day (14 d)</dt><dd>${sparkline(s.articlesPerDay, 'articles per day', 240, 32)}</dd>
${ext ? html`<dt>Extraction path</dt><dd id="extraction">${ext.lastMethod ?? 'none yet'} <span class="muted">(${ext.ok} pages extracted, ${ext.failed} failed)</span>${ext.lastError ? html`<br><span class="code">${ext.lastError.code}</span> ${ext.lastError.message}` : ''}</dd>` : ''}
</dl>`;
}

function fetchTable(fetches: readonly FetchRow[]): Html {
  if (fetches.length === 0) return html`<p class="muted">No fetches recorded yet.</p>`;
  const chart = barChart(
    [...fetches].reverse().map((f) => ({ value: f.durationMs, failed: f.code !== null, title: `${f.at}: ${f.status ?? f.code ?? ''} in ${f.durationMs} ms` })),
    'fetch durations, oldest left',
  );
  const rows = fetches.map(
    (f) => html`<tr><td>${when(f.at)}</td><td>${f.status ?? '—'}${f.code ? html` <span class="code">${f.code}</span>` : ''}</td><td class="num">${duration(f.durationMs)}</td>
<td class="num">${bytes(f.bytes)}</td><td class="num">${f.items ?? '—'}</td><td class="num">${f.new ?? '—'}</td><td class="num">${f.updated ?? '—'}</td><td>${f.path ?? ''}</td></tr>`,
  );
  return html`${chart}<table id="fetches"><thead><tr><th>When</th><th>Status</th><th class="num">Time</th><th class="num">Bytes</th><th class="num">Items</th><th class="num">New</th><th class="num">Updated</th><th>Path</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function articleList(articles: readonly ArticleRow[]): Html {
  if (articles.length === 0) return html`<p class="muted" id="articles">No articles stored yet.</p>`;
  const items = articles.map(
    (a) => html`<li><a href="${safeHref(a.url)}" rel="noreferrer">${a.title || a.url}</a> <span class="muted">${when(a.publishedAt ?? a.fetchedAt)}</span></li>`,
  );
  return html`<ul id="articles">${items}</ul>`;
}

/** The source page. */
export function sourcePage(d: SourceData, ctx: PageContext): Html {
  return page(
    `Source ${d.source.id}`,
    ctx,
    html`${actions(d, ctx)}${facts(d)}
<h2>Fetch history</h2>${fetchTable(d.fetches)}
<h2>Recent articles</h2>${articleList(d.articles)}`,
  );
}
