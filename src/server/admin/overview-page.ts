/** The console's overview: sources table, crawling switch, queue counts, recent errors and outbound feeds. */
import { sparkline } from './charts.js';
import { html, pathPart, type Html } from './html.js';
import type { ErrorRow, FeedRow, OverviewData, QueueRow, SourceRow } from './model.js';
import { duration, page, postButton, statusBadge, when, type PageContext } from './layout.js';

function sourceLink(id: string): Html {
  return html`<a href="/admin/sources/${pathPart(id)}">${id}</a>`;
}

function lastError(s: SourceRow): Html {
  if (!s.lastError) return html`<span class="muted">—</span>`;
  return html`<span class="code">${s.lastError.code}</span> ${s.lastError.message}${s.consecutiveFailures > 1 ? html` <span class="muted">(×${s.consecutiveFailures})</span>` : ''}`;
}

function sourcesTable(sources: readonly SourceRow[]): Html {
  if (sources.length === 0) return html`<p class="muted">No sources yet. <a href="/admin/sources/new">Add one.</a></p>`;
  const rows = sources.map(
    (s) => html`<tr data-source="${s.id}"><td>${sourceLink(s.id)}<br><span class="muted">${s.type}${s.origin === 'config' ? ' · sources.yaml' : ''}</span></td>
<td>${statusBadge(s.paused ? 'paused' : s.status)}</td><td>${when(s.lastSuccessAt)}</td><td>${lastError(s)}</td><td>${s.paused ? html`<span class="muted">paused</span>` : when(s.nextCheckAt)}</td>
<td class="num">${s.articleCount}</td><td>${sparkline(s.articlesPerDay, `articles per day, ${s.id}`)}</td></tr>`,
  );
  return html`<table id="sources"><thead><tr><th>Source</th><th>Status</th><th>Last success</th><th>Last error</th><th>Next run</th><th class="num">Articles</th><th>Per day (14 d)</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function queuesTable(queues: readonly QueueRow[]): Html {
  const rows = queues.map(
    (q) => html`<tr><td>${q.name}</td><td class="num">${q.waiting}</td><td class="num">${q.active}</td><td class="num">${q.delayed}</td><td class="num">${q.failed}</td><td class="num">${q.completed}</td><td>${q.paused ? html`<span class="status status-paused">paused</span>` : 'running'}</td><td class="num">${duration(q.oldestWaitingMs)}</td></tr>`,
  );
  return html`<table id="queues"><thead><tr><th>Queue</th><th class="num">Waiting</th><th class="num">Active</th><th class="num">Delayed</th><th class="num">Failed</th><th class="num">Completed</th><th>State</th><th class="num">Oldest waiting</th></tr></thead><tbody>${rows}</tbody></table>
<p><a href="/admin/queues/">Inspect jobs in Bull Board</a></p>`;
}

function errorsTable(errors: readonly ErrorRow[]): Html {
  if (errors.length === 0) return html`<p class="muted">No recent errors.</p>`;
  const rows = errors.map((e) => html`<tr><td>${when(e.at)}</td><td>${sourceLink(e.sourceId)}</td><td class="code">${e.code}</td><td>${e.message}</td></tr>`);
  return html`<table id="errors"><thead><tr><th>When</th><th>Source</th><th>Code</th><th>Message</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function count(n: number | null): Html {
  return n === null ? html`<span class="muted">—</span>` : html`${n}`;
}

function feedsTable(feeds: readonly FeedRow[]): Html {
  if (feeds.length === 0) return html`<p class="muted">No outbound feeds configured (feeds.yaml).</p>`;
  const rows = feeds.map(
    (f) => html`<tr><td><a href="/feeds/${pathPart(f.id)}.atom">${f.id}</a></td><td>${f.title}</td><td>${f.access}</td><td class="num">${count(f.requests)}</td><td class="num">${count(f.notModified)}</td><td class="num">${f.subscribers}</td></tr>`,
  );
  return html`<table id="feeds"><thead><tr><th>Feed</th><th>Title</th><th>Access</th><th class="num">Requests</th><th class="num">304s</th><th class="num">Subscribers</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The overview page. */
export function overviewPage(data: OverviewData, ctx: PageContext): Html {
  const failing = data.sources.filter((s) => s.status === 'error' || s.status === 'gone').length;
  const paused = data.sources.filter((s) => s.paused).length;
  const crawl = data.crawlingPaused
    ? html`<p id="crawling" class="flash error">Crawling is <strong>paused</strong>: fetch jobs (scheduled and crawl-now) wait until it resumes.</p><div class="actions">${postButton('/admin/crawling/resume', 'Resume crawling', ctx)}</div>`
    : html`<p id="crawling">Crawling is <strong>running</strong>.</p><div class="actions">${postButton('/admin/crawling/pause', 'Pause all crawling', ctx, { style: 'secondary', confirm: 'Pause every scheduled fetch?' })}${postButton('/admin/crawl', 'Crawl all now', ctx, { style: 'secondary' })}</div>`;
  return page(
    'Overview',
    ctx,
    html`<div class="cards"><div class="card"><b>${data.sources.length}</b>sources</div><div class="card"><b>${failing}</b>failing</div><div class="card"><b>${paused}</b>paused</div>
<div class="card"><b>${data.sources.reduce((a, s) => a + s.articleCount, 0)}</b>articles</div></div>
${crawl}
<h2>Sources</h2>${sourcesTable(data.sources)}
<h2>Queues</h2>${queuesTable(data.queues)}
<h2>Recent errors</h2>${errorsTable(data.errors)}
<h2>Outbound feeds</h2>${feedsTable(data.feeds)}`,
  );
}
