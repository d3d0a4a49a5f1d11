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
