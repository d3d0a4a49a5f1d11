// The coordinator's public HTTP API (docs: docs/API.md), the only thing the dashboard talks to.
// Mutating calls send the bearer token when the user gave one (a coordinator listening beyond
// loopback asks for it); a 401 asks for it once and retries.

const TOKEN_KEY = 'stampede.token';

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error) || `HTTP ${status}`);
    this.status = status;
    this.body = body || {};
  }
}

function headers(extra) {
  const h = Object.assign({}, extra);
  const token = localStorage.getItem(TOKEN_KEY);
  if (token) h.authorization = 'Bearer ' + token;
  return h;
}

async function call(method, path, body, contentType, retried) {
  const init = { method, headers: headers(contentType ? { 'content-type': contentType } : {}) };
  if (body != null) init.body = body;
  const response = await fetch(path, init);
  const text = await response.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = { error: text }; }
  if (response.status === 401 && !retried) {
    const token = prompt('This coordinator needs its API token (stampede coordinator --token …) to change anything:');
    if (token) {
      localStorage.setItem(TOKEN_KEY, token.trim());
      return call(method, path, body, contentType, true);
    }
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export const api = {
  runs: () => call('GET', '/api/runs').then((r) => (Array.isArray(r) ? r : r.runs || [])),
  run: (id) => call('GET', `/api/runs/${encodeURIComponent(id)}`),
  workers: () => call('GET', '/api/workers'),
  validate: (yaml) => call('POST', '/api/scenarios/validate', yaml, 'application/yaml'),
  start: (yaml, overrides) => {
    const q = new URLSearchParams();
    if (overrides.users) q.set('users', overrides.users);
    if (overrides.duration) q.set('duration', overrides.duration);
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
  fileUrl: (id, name) => `/api/runs/${encodeURIComponent(id)}/files/${encodeURIComponent(name)}`,
  file: async (id, name) => {
    const response = await fetch(api.fileUrl(id, name));
    if (!response.ok) throw new ApiError(response.status, null);
    return response.text();
  },
  streamUrl: (id) => `/api/runs/${encodeURIComponent(id)}/stream`
};

export function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.style.display = 'block';
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.style.display = 'none'; }, 4000);
}
