/**
 * The console's only assets, kept as strings so the build needs no copy step and nothing comes from a CDN:
 * a small stylesheet and a small script (confirmations, relative times). Pages work without the script.
 */
import { createHash } from 'node:crypto';

const CSS = `
:root{--fg:#1d232b;--muted:#667;--bg:#fafafa;--line:#dde;--ok:#1d7a3a;--bad:#b3261e;--warn:#9a6700;--accent:#2457c5}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,sans-serif;color:var(--fg);background:var(--bg)}
header{background:#1d232b;color:#fff;padding:.5rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header a{color:#fff;text-decoration:none}header a:hover{text-decoration:underline}header .brand{font-weight:600}
header form{margin-left:auto}main{padding:1rem;max-width:1200px;margin:0 auto}
h1{font-size:1.4rem;margin:.2rem 0 1rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
table{border-collapse:collapse;width:100%;background:#fff}th,td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
th{font-weight:600;background:#f0f1f4}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.muted{color:var(--muted)}.status{font-weight:600}.status-ok{color:var(--ok)}.status-error,.status-gone{color:var(--bad)}
.status-paused,.status-new{color:var(--warn)}code{font-size:.92em}.code{font-family:monospace;color:var(--bad)}
.cards{display:flex;gap:.75rem;flex-wrap:wrap}.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.5rem .8rem;min-width:9rem}
.card b{display:block;font-size:1.2rem}.actions{display:flex;gap:.5rem;flex-wrap:wrap;margin:.5rem 0}.actions form{margin:0}
button,input[type=submit]{font:inherit;padding:.3rem .8rem;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}button.danger{background:var(--bad);border-color:var(--bad)}
label{display:block;margin:.6rem 0 .2rem;font-weight:600}input[type=text],input[type=url],input[type=password],select{font:inherit;padding:.3rem;width:100%;max-width:32rem}
.flash{padding:.5rem .8rem;border-radius:4px;margin-bottom:1rem;background:#e7f3ea;border:1px solid #b7dcc1}.flash.error{background:#fbeaea;border-color:#eab8b5}
.login{max-width:24rem;margin:4rem auto;background:#fff;padding:1.5rem;border:1px solid var(--line);border-radius:6px}
svg.spark{color:var(--accent);vertical-align:middle}svg.bars rect.ok{fill:var(--accent)}svg.bars rect.bad{fill:var(--bad)}svg.bars .axis{font-size:9px;fill:var(--muted)}
.inline{display:inline}dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dl.facts dt{font-weight:600}dl.facts dd{margin:0}
`;

const JS = `
'use strict';
document.addEventListener('submit', function (e) {
  var f = e.target;
  if (f && f.dataset && f.dataset.confirm && !window.confirm(f.dataset.confirm)) e.preventDefault();
});
function ago(iso) {
  var s = Math.round((Date.now() - Date.parse(iso)) / 1000), future = s < 0, a = Math.abs(s);
  var t = a < 60 ? a + ' s' : a < 3600 ? Math.round(a / 60) + ' min' : a < 86400 ? Math.round(a / 3600) + ' h' : Math.round(a / 86400) + ' d';
  return future ? 'in ' + t : t + ' ago';
}
function relTimes() {
  document.querySelectorAll('time[datetime]').forEach(function (el) {
    if (!el.title) el.title = el.textContent;
    el.textContent = ago(el.getAttribute('datetime'));
  });
}
relTimes();
setInterval(relTimes, 15000);
`;

/** One served asset. */
export interface Asset {
  body: string;
  type: string;
  etag: string;
}

function asset(body: string, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
}

/** The assets by file name under /admin/assets/. */
export const ASSETS: Readonly<Record<string, Asset>> = {
  'admin.css': asset(CSS, 'text/css; charset=utf-8'),
  'admin.js': asset(JS, 'text/javascript; charset=utf-8'),
};
