/** The console's page shell, login page and small shared bits (times, status badges, POST buttons). */
import { html, type Html, type HtmlValue } from './html.js';

/** What every signed-in page needs besides its content. */
export interface PageContext {
  /** CSRF token for the page's forms; undefined for bearer-token requests (no forms need it). */
  csrf?: string;
  /** A message to show on top (after a redirect). */
  notice?: { text: string; error?: boolean };
}

/** A whole signed-in page. */
export function page(title: string, ctx: PageContext, body: HtmlValue): Html {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · feedmill console</title><link rel="stylesheet" href="/admin/assets/admin.css"><script src="/admin/assets/admin.js" defer></script></head>
<body><header><a class="brand" href="/admin">feedmill console</a><a href="/admin">Overview</a><a href="/admin/sources/new">Add source</a><a href="/admin/queues/">Queues</a>
${ctx.csrf ? html`<form method="post" action="/admin/logout">${csrfField(ctx.csrf)}<button class="secondary" type="submit">Sign out</button></form>` : ''}</header>
<main>${ctx.notice ? html`<p class="flash${ctx.notice.error ? ' error' : ''}" role="status">${ctx.notice.text}</p>` : ''}<h1>${title}</h1>
${body}</main></body></html>`;
}

/** The sign-in page; `next` is where to go afterwards (an /admin path). */
export function loginPage(opts: { next: string; error?: string; noToken?: boolean }): Html {
  const form = opts.noToken
    ? html`<p class="flash error">The console is disabled: set FEEDMILL_ADMIN_TOKEN and restart.</p>`
    : html`<form method="post" action="/admin/login">
<input type="hidden" name="next" value="${opts.next}">
<label for="token">Operator token</label><input id="token" type="password" name="token" autocomplete="current-password" required autofocus>
<p><button type="submit">Sign in</button></p></form>`;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · feedmill console</title><link rel="stylesheet" href="/admin/assets/admin.css"></head>
<body><main><div class="login"><h1>feedmill console</h1>
${opts.error ? html`<p class="flash error" role="alert">${opts.error}</p>` : ''}${form}</div></main></body></html>`;
}

/** The hidden CSRF field every console form carries. */
export function csrfField(csrf: string | undefined): Html {
  return csrf ? html`<input type="hidden" name="_csrf" value="${csrf}">` : html``;
}

/** A one-button POST form (`confirm` asks first when the script runs). */
export function postButton(action: string, label: string, ctx: PageContext, opts: { confirm?: string; style?: string; fields?: Record<string, string> } = {}): Html {
  const fields = Object.entries(opts.fields ?? {}).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`);
  return html`<form method="post" action="${action}"${opts.confirm ? html` data-confirm="${opts.confirm}"` : ''}>${csrfField(ctx.csrf)}${fields}<button type="submit"${opts.style ? html` class="${opts.style}"` : ''}>${label}</button></form>`;
}

/** A timestamp as <time> (the script turns it into "3 min ago"); a dash when absent. */
export function when(iso: string | null | undefined): Html {
  if (!iso) return html`<span class="muted">—</span>`;
  return html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>`;
}

/** A status word with its colour class. */
export function statusBadge(status: string): Html {
  return html`<span class="status status-${status.replace(/[^a-z]/g, '')}">${status}</span>`;
}

/** Milliseconds as a short human duration. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 360_000) / 10} h`;
}

/** Bytes as a short human size. */
export function bytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 102.4) / 10} KiB`;
  return `${Math.round(n / 104857.6) / 10} MiB`;
}
