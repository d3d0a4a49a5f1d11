// Run history: every run of this coordinator (and earlier lifetimes), newest first, from the run
// index; filter by scenario, tag, label, status, verdict and age, open a run, or tick two and
// compare them.
import { api } from './api.js';

const V = window.StampedeViews;

export function mount(el, params) {
  const query = new URLSearchParams(params[0] || '');
  let scenario = query.get('scenario') || '';
  const filters = { tag: query.get('tag') || '', label: query.get('label') || '', status: query.get('status') || '',
                    verdict: query.get('verdict') || '', since: query.get('since') || '' };
  let scenarios = [];
  let total = 0;
  const selected = new Set();
  el.innerHTML = `
    <section class="section" id="history">
      <div class="toolbar">
        <h2 style="margin:0">Runs</h2>
        <label class="field">scenario <select id="scenario-filter"><option value="">all</option></select></label>
        <label class="field">tag <input class="small" id="tag-filter" placeholder="any"></label>
        <label class="field">label <input class="small" id="label-filter" placeholder="NAME=VALUE"></label>
        <label class="field">status <select id="status-filter">${options(['', 'running', 'done', 'failed', 'aborted'], filters.status)}</select></label>
        <label class="field">verdict <select id="verdict-filter">${options(['', 'passed', 'failed', 'finished', 'aborted', 'error'], filters.verdict)}</select></label>
        <label class="field">since <select id="since-filter">${options(['', '24h', '7d', '30d', '90d'], filters.since)}</select></label>
        <a class="button" id="trend-link" hidden>Trend</a>
        <span class="grow"></span>
        <button id="compare-selected" disabled title="tick two runs">Compare selected</button>
        <a class="button primary" href="#/launch">New run</a>
      </div>
      <div id="runs-table"><p class="hint">Loading…</p></div>
    </section>`;
  const filter = el.querySelector('#scenario-filter');
  const compareButton = el.querySelector('#compare-selected');
  el.querySelector('#tag-filter').value = filters.tag;
  el.querySelector('#label-filter').value = filters.label;
  function remember() {
    const q = new URLSearchParams();
    if (scenario) q.set('scenario', scenario);
    Object.entries(filters).forEach(([k, v]) => { if (v) q.set(k, v); });
    history.replaceState(null, '', q.toString() ? '#/runs?' + q : '#/runs');
  }
  filter.addEventListener('change', () => {
    scenario = filter.value;
    remember();
    refresh();
  });
  ['tag', 'label', 'status', 'verdict', 'since'].forEach((name) => {
    el.querySelector(`#${name}-filter`).addEventListener('change', (e) => {
      filters[name] = e.target.value.trim();
      remember();
      refresh();
    });
  });
  compareButton.addEventListener('click', () => {
    const [candidate, base] = [...selected]; // newest ticked first in the list: the older one is the base
    location.hash = `#/compare?base=${encodeURIComponent(base)}&candidate=${encodeURIComponent(candidate)}`;
  });

  let runs = [];
  function draw() {
    const names = [...new Set(scenarios.concat(runs.map((r) => r.scenario)))].sort();
    filter.innerHTML = '<option value="">all</option>' + names.map((s) =>
      `<option${s === scenario ? ' selected' : ''}>${V.esc(s)}</option>`).join('');
    const trendLink = el.querySelector('#trend-link');
    trendLink.hidden = !scenario;
    trendLink.href = '#/trends?scenario=' + encodeURIComponent(scenario) + (filters.tag ? '&tag=' + encodeURIComponent(filters.tag) : '');
    const shown = runs.filter((r) => !scenario || r.scenario === scenario);
    const rows = shown.map((r) => ({
      attrs: `class="clickable" data-run="${V.esc(r.id)}"`,
      cells: [
        { html: `<input type="checkbox" data-pick="${V.esc(r.id)}"${selected.has(r.id) ? ' checked' : ''}>` },
        { html: V.verdictPill(V.verdictOf(null, r, r.status)) },
        { html: V.esc(r.scenario) + (r.tags || []).map((t) => ` <span class="tag">#${V.esc(t)}</span>`).join('') +
          Object.entries(r.labels || {}).map(([k, v]) => ` <span class="tag">${V.esc(k)}=${V.esc(v)}</span>`).join('') },
        { html: `<code>${V.esc(r.id)}</code>` },
        when(r.created_at),
        r.users == null ? '–' : V.num(r.users),
        r.success_rate == null ? '–' : V.pct(r.success_rate),
        r.p95_ms == null ? '–' : V.ms(r.p95_ms),
        duration(r)
      ]
    }));
    el.querySelector('#runs-table').innerHTML = V.table(
      ['', 'verdict', 'scenario', 'run', 'when', 'users', 'success', 'p95', 'duration'], rows,
      { empty: runs.length || scenario || Object.values(filters).some((v) => v) ? 'no run matches these filters' : 'No runs yet: launch one.' })
      + (total > runs.length ? `<p class="hint">the newest ${runs.length} of ${total} matching runs</p>` : '');
    compareButton.disabled = selected.size !== 2;
  }

  el.addEventListener('click', (e) => {
    const pick = e.target.closest('[data-pick]');
    if (pick) {
      const id = pick.dataset.pick;
      if (pick.checked) selected.add(id); else selected.delete(id);
      while (selected.size > 2) selected.delete(selected.values().next().value);
      // keep list order (newest first) so the older run is the base
      const order = runs.map((r) => r.id).filter((id2) => selected.has(id2));
      selected.clear();
      order.forEach((id2) => selected.add(id2));
      draw();
      return;
    }
    const row = e.target.closest('[data-run]');
    if (row) location.hash = '#/runs/' + encodeURIComponent(row.dataset.run);
  });

  async function refresh() {
    try {
      const since = filters.since ? filters.since : '';
      const page = await api.runsPage({ scenario, tag: filters.tag, label: filters.label, status: filters.status,
                                        verdict: filters.verdict, since, limit: 200 });
      runs = page.runs || [];
      total = page.total || runs.length;
      draw();
    } catch (e) {
      el.querySelector('#runs-table').innerHTML = `<p class="hint">Cannot list runs: ${V.esc(e.message)}</p>`;
    }
  }
  api.trendScenarios().then((list) => { scenarios = list.map((x) => x.name); draw(); }).catch(() => {});
  refresh();
  const timer = setInterval(refresh, 2000);
  return () => clearInterval(timer);
}

function options(values, chosen) {
  return values.map((v) => `<option value="${v}"${v === chosen ? ' selected' : ''}>${v || 'any'}</option>`).join('');
}

function when(ms) {
  if (!ms) return '–';
  const d = new Date(ms);
  const ago = (Date.now() - ms) / 1000;
  const rel = ago < 60 ? 'just now' : ago < 3600 ? Math.round(ago / 60) + ' min ago' : ago < 86400 ? Math.round(ago / 3600) + ' h ago' : '';
  return d.toLocaleString() + (rel ? ` (${rel})` : '');
}

function duration(r) {
  if (!r.started_at) return '–';
  const end = r.ended_at || Date.now();
  return V.seconds((end - r.started_at) / 1000);
}
