// The coordinator's public HTTP API (docs: docs/API.md), the only thing the dashboard talks to.
// Beyond loopback the coordinator wants a token for reads too: the page asks for it once (a form,
// or ?access_token= in the page's address), keeps it for this tab in session storage, and sends it
// with every call — as a bearer header, or where a browser cannot set headers (the SSE feed, links
// to result files) as ?access_token=, which the API accepts on GETs.

const TOKEN_KEY = 'stampede.token';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

/** A token given in the page's address is taken once and removed from it (it would linger in history and screenshots). */
(function adoptTokenFromAddress() {
  const url = new URL(location.href);
  const token = url.searchParams.get('access_token');
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token.trim());
    url.searchParams.delete('access_token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
})();

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

let asking = null;
let declined = false;

/**
 * Asks for a token in the page's dialog; resolves with it, or null when the user cancels. One
 * dialog for all callers; once cancelled, calls do not ask again (the header offers it) unless forced.
 */
export function askToken(why, force) {
  if (asking) return asking;
  if (declined && !force) return Promise.resolve(null);
  const dialog = document.getElementById('token-dialog');
  const input = document.getElementById('token-input');
  document.getElementById('token-why').textContent = why;
  input.value = '';
  asking = new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      asking = null;
      const given = dialog.returnValue === 'use' && input.value.trim() ? input.value.trim() : null;
      if (given) sessionStorage.setItem(TOKEN_KEY, given);
      declined = !given;
      resolve(given);
    }, { once: true });
  });
  dialog.showModal();
  return asking;
}

function headers(extra) {
  const h = Object.assign({}, extra);
  const t = token();
  if (t) h.authorization = 'Bearer ' + t;
  return h;
}

/** A GET address with the token as ?access_token=, for the EventSource and for links. */
function withToken(path) {
  const t = token();
  return t ? path + (path.includes('?') ? '&' : '?') + 'access_token=' + encodeURIComponent(t) : path;
}

async function call(method, path, body, contentType, retried) {
  const init = { method, headers: headers(contentType ? { 'content-type': contentType } : {}) };
  if (body != null) init.body = body;
  const response = await fetch(path, init);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = { error: text }; }
  if (response.status === 401 && !retried) {
    const given = await askToken(method === 'GET'
      ? 'This coordinator needs a token to show its runs (its read token or its API token):'
      : 'This coordinator needs its API token to change anything (a read token only reads):');
    if (given) return call(method, path, body, contentType, true);
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** ?a=1&b=x&b=y from {a: 1, b: ['x', 'y']}, leaving out empty values. */
function query(params) {
  const q = new URLSearchParams();
  Object.entries(params || {}).forEach(([name, value]) => {
    (Array.isArray(value) ? value : [value]).forEach((v) => { if (v != null && v !== '') q.append(name, v); });
  });
  const text = q.toString();
  return text ? '?' + text : '';
}

export const api = {
  runs: () => call('GET', '/api/runs?limit=1000').then((r) => (Array.isArray(r) ? r : r.runs || [])),
  // The runs list with filters (scenario, tag, label, status, verdict, since, until, limit, offset): {runs, total, limit, offset}.
  runsPage: (filters) => call('GET', '/api/runs' + query(filters)),
  trends: (params) => call('GET', '/api/trends' + query(params)),
  trendScenarios: () => call('GET', '/api/trends/scenarios').then((r) => r.scenarios || []),
  run: (id) => call('GET', `/api/runs/${encodeURIComponent(id)}`),
  workers: () => call('GET', '/api/workers'),
  validate: (yaml) => call('POST', '/api/scenarios/validate', yaml, 'application/yaml'),
  start: (yaml, overrides) => {
    const q = new URLSearchParams();
    if (overrides.users) q.set('users', overrides.users);
    if (overrides.duration) q.set('duration', overrides.duration);
    (overrides.tags || []).forEach((t) => q.append('tag', t));
    (overrides.labels || []).forEach((l) => q.append('label', l));
    q.set('submitted_by', 'dashboard');
    const qs = q.toString();
    return call('POST', '/api/runs' + (qs ? '?' + qs : ''), yaml, 'application/yaml');
  },
  stop: (id) => call('POST', `/api/runs/${encodeURIComponent(id)}/stop`),
  startSearch: (yaml, search) => call('POST', '/api/runs', JSON.stringify({ scenario_yaml: yaml, origin: 'dashboard', search }),
    'application/json'),
  search: (id) => call('GET', `/api/searches/${encodeURIComponent(id)}`),
  stopSearch: (id) => call('POST', `/api/searches/${encodeURIComponent(id)}/stop`),
  searchReportUrl: (id) => `/api/searches/${encodeURIComponent(id)}/report.html`,
  compare: (base, candidate, tolerance) => {
    const q = new URLSearchParams({ base, candidate });
    if (tolerance) q.set('tolerance', tolerance);
    return call('GET', '/api/compare?' + q);
  },
  /** A result file's address for a link (report.html opens in a new tab): the token rides along. */
  fileUrl: (id, name) => withToken(`/api/runs/${encodeURIComponent(id)}/files/${encodeURIComponent(name)}`),
  file: async (id, name) => {
    const response = await fetch(`/api/runs/${encodeURIComponent(id)}/files/${encodeURIComponent(name)}`, { headers: headers({}) });
    if (!response.ok) throw new ApiError(response.status, null);
    return response.text();
  },
  streamUrl: (id) => withToken(`/api/runs/${encodeURIComponent(id)}/stream`)
};

export function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.style.display = 'block';
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.style.display = 'none'; }, 4000);
}
