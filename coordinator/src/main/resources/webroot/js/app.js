// The dashboard: a hash router over a few pages. Each page is a module with
// mount(element, params) that returns a cleanup function (timers, streams).
import { api, askToken } from './api.js';
import * as history from './history.js';
import * as launch from './launch.js';
import * as run from './run.js';
import * as compare from './compare.js';
import * as workers from './workers.js';
import * as trends from './trends.js';
import * as search from './search.js';

const pages = [
  { pattern: /^#\/runs\/([^/?]+)$/, page: run, nav: 'runs' },
  { pattern: /^#\/launch$/, page: launch, nav: 'launch' },
  { pattern: /^#\/compare(?:\?(.*))?$/, page: compare, nav: 'compare' },
  { pattern: /^#\/workers$/, page: workers, nav: 'workers' },
  { pattern: /^#\/trends(?:\?(.*))?$/, page: trends, nav: 'trends' },
  { pattern: /^#\/searches\/([^/?]+)$/, page: search, nav: 'launch' },
  { pattern: /^#\/runs(?:\?(.*))?$/, page: history, nav: 'runs' }
];

let cleanup = null;

function route() {
  const hash = location.hash || '#/runs';
  const match = pages.map((p) => ({ p, m: hash.match(p.pattern) })).find((x) => x.m) || { p: pages.find((x) => x.page === history), m: [] };
  if (cleanup) cleanup();
  document.querySelectorAll('[data-nav]').forEach((a) => a.classList.toggle('active', a.dataset.nav === match.p.nav));
  const view = document.getElementById('view');
  view.innerHTML = '';
  window.scrollTo(0, 0);
  cleanup = match.p.page.mount(view, match.m.slice(1).map((x) => (x == null ? x : decodeURIComponent(x)))) || null;
}

async function clusterStatus() {
  const el = document.getElementById('cluster-status');
  try {
    const w = await api.workers();
    const up = w.up != null ? w.up : (w.workers || []).filter((x) => x.state === 'up').length;
    el.textContent = `${up} worker${up === 1 ? '' : 's'} up` + (w.capacity != null ? ` · capacity ${w.capacity} users` : '');
  } catch (e) {
    el.textContent = e.status === 401 ? 'token needed: click to enter it' : 'coordinator unreachable';
  }
}

document.getElementById('cluster-status').addEventListener('click', async () => {
  if (await askToken('This coordinator needs a token (its read token to look, its API token to change anything):', true)) {
    route();
    clusterStatus();
  }
});
window.addEventListener('hashchange', route);
route();
clusterStatus();
setInterval(clusterStatus, 5000);
