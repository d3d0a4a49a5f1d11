// Compare two finished runs: per step and node p50/p95/p99, success and check pass rates,
// tokens and cost, each with its change and a regression flag beyond the tolerance.
import { api } from './api.js';

const V = window.StampedeViews;

export function mount(el, params) {
  const query = new URLSearchParams(params[0] || '');
  el.innerHTML = `
    <section class="section" id="compare">
      <div class="toolbar">
        <h2 style="margin:0">Compare runs</h2>
        <label class="field">base <select id="base"></select></label>
        <label class="field">candidate <select id="candidate"></select></label>
        <label class="field">tolerance <input class="small" id="tolerance" value="${V.esc(query.get('tolerance') || '10%')}"></label>
        <label class="field"><input type="checkbox" id="only-changes"> only changes</label>
        <span class="grow"></span>
        <button class="primary" id="go">Compare</button>
      </div>
      <p class="hint">Latency, tokens and cost regress when the candidate is worse than the base by more than the tolerance;
        success and pass rates when they drop by more than one percentage point.</p>
      <div id="verdict"></div>
      <div id="compare-table"></div>
    </section>`;
  const $ = (s) => el.querySelector(s);
  let last = null;

  async function fill() {
    const runs = (await api.runs()).filter((r) => r.status === 'done' || r.success_rate != null);
    const option = (r, sel) => `<option value="${V.esc(r.id)}"${r.id === sel ? ' selected' : ''}>${V.esc(r.scenario)} · ${V.esc(r.id)}` +
      `${r.p95_ms != null ? ' · p95 ' + V.ms(r.p95_ms) : ''}</option>`;
    const candidate = query.get('candidate') || (runs[0] && runs[0].id);
    const candidateRun = runs.find((r) => r.id === candidate);
    // default base: the previous run of the same scenario
    const base = query.get('base') || ((runs.find((r) => r.id !== candidate && candidateRun && r.scenario === candidateRun.scenario &&
      r.id < candidate) || runs.find((r) => r.id !== candidate) || {}).id);
    $('#base').innerHTML = runs.map((r) => option(r, base)).join('');
    $('#candidate').innerHTML = runs.map((r) => option(r, candidate)).join('');
    if (base && candidate && base !== candidate) run();
    else $('#compare-table').innerHTML = '<p class="hint">Pick two finished runs.</p>';
  }

  function draw() {
    if (!last) return;
    const c = last;
    const only = $('#only-changes').checked;
    const lines = c.lines.filter((l) => !only || l.verdict !== 'same');
    $('#verdict').innerHTML = `<p>${V.badge(c.regressed ? c.regressions + ' regression' + (c.regressions === 1 ? '' : 's') : 'no regression',
      c.regressed ? 'bad' : 'ok')} <span class="muted">base <code>${V.esc(c.base.run_id)}</code> (${V.esc(c.base.scenario)}) → candidate ` +
      `<code>${V.esc(c.candidate.run_id)}</code> (${V.esc(c.candidate.scenario)})</span></p>` +
      (c.notes || []).map((n) => `<p class="hint">${V.esc(n)}</p>`).join('');
    $('#compare-table').innerHTML = V.table(['scope', 'name', 'metric', 'base', 'candidate', 'change', 'verdict'], lines.map((l) => ({
      attrs: l.regression ? 'class="row-regression" data-regression="true"' : '',
      cells: [l.scope, l.name, l.metric, value(l.base, l.unit), value(l.candidate, l.unit), change(l),
              { html: `<span class="${V.esc(l.verdict)}">${l.verdict === 'same' ? '' : V.esc(l.verdict)}</span>` }]
    })), { empty: 'nothing to compare' });
  }

  async function run() {
    const base = $('#base').value;
    const candidate = $('#candidate').value;
    history.replaceState(null, '', `#/compare?base=${encodeURIComponent(base)}&candidate=${encodeURIComponent(candidate)}`);
    $('#compare-table').innerHTML = '<p class="hint">Comparing…</p>';
    try {
      last = await api.compare(base, candidate, $('#tolerance').value.trim());
      draw();
    } catch (e) {
      last = null;
      $('#verdict').innerHTML = '';
      $('#compare-table').innerHTML = `<p class="regression">${V.esc(e.message)}</p>`;
    }
  }

  $('#go').addEventListener('click', run);
  $('#only-changes').addEventListener('change', draw);
  fill().catch((e) => { $('#compare-table').innerHTML = `<p class="hint">Cannot list runs: ${V.esc(e.message)}</p>`; });
  return null;
}

function value(v, unit) {
  if (v == null) return '–';
  if (unit === 'ms') return V.ms(v);
  if (unit === '%') return V.pct(v);
  if (unit === 'USD') return '$' + Number(v).toPrecision(3);
  return V.num(v);
}

function change(l) {
  if (l.delta == null) return '';
  if (l.unit === '%') return (l.delta >= 0 ? '+' : '') + l.delta.toFixed(2) + ' pt';
  if (l.delta_pct == null) return (l.delta >= 0 ? '+' : '') + V.num(l.delta);
  return (l.delta_pct >= 0 ? '+' : '') + l.delta_pct.toFixed(1) + '%';
}
