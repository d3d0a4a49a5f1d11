// Run history: every run of this coordinator (and earlier lifetimes), newest first; filter by
// scenario, open a run, or tick two and compare them.
import { api } from './api.js';

const V = window.StampedeViews;

export function mount(el, params) {
  const query = new URLSearchParams(params[0] || '');
  let scenario = query.get('scenario') || '';
  const selected = new Set();
  el.innerHTML = `
    <section class="section" id="history">
      <div class="toolbar">
        <h2 style="margin:0">Runs</h2>
        <label class="field">scenario <select id="scenario-filter"><option value="">all</option></select></label>
        <span class="grow"></span>
        <button id="compare-selected" disabled title="tick two runs">Compare selected</button>
        <a class="button primary" href="#/launch">New run</a>
      </div>
      <div id="runs-table"><p class="hint">Loading…</p></div>
    </section>`;
  const filter = el.querySelector('#scenario-filter');
  const compareButton = el.querySelector('#compare-selected');
  filter.addEventListener('change', () => {
    scenario = filter.value;
    history.replaceState(null, '', scenario ? '#/runs?scenario=' + encodeURIComponent(scenario) : '#/runs');
    draw();
  });
  compareButton.addEventListener('click', () => {
    const [candidate, base] = [...selected]; // newest ticked first in the list: the older one is the base
    location.hash = `#/compare?base=${encodeURIComponent(base)}&candidate=${encodeURIComponent(candidate)}`;
  });

  let runs = [];
  function draw() {
    const scenarios = [...new Set(runs.map((r) => r.scenario))].sort();
    filter.innerHTML = '<option value="">all</option>' + scenarios.map((s) =>
      `<option${s === scenario ? ' selected' : ''}>${V.esc(s)}</option>`).join('');
    const shown = runs.filter((r) => !scenario || r.scenario === scenario);
    const rows = shown.map((r) => ({
      attrs: `class="clickable" data-run="${V.esc(r.id)}"`,
      cells: [
        { html: `<input type="checkbox" data-pick="${V.esc(r.id)}"${selected.has(r.id) ? ' checked' : ''}>` },
        { html: V.verdictPill(V.verdictOf(null, r, r.status)) },
        r.scenario,
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
      { empty: runs.length ? 'no run of this scenario' : 'No runs yet: launch one.' });
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
      runs = await api.runs();
      draw();
    } catch (e) {
      el.querySelector('#runs-table').innerHTML = `<p class="hint">Cannot list runs: ${V.esc(e.message)}</p>`;
    }
  }
  refresh();
  const timer = setInterval(refresh, 2000);
  return () => clearInterval(timer);
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
