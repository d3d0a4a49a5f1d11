// Compare two finished runs: the verdict first, then base and candidate on the same charts (latency
// and throughput over time, p95 per step and node), then every line with its change and a
// regression flag beyond the tolerance. Swap exchanges base and candidate.
import { api } from './api.js';
import { LiveModel } from './live-model.js';

const V = window.StampedeViews;

export function mount(el, params) {
  const query = new URLSearchParams(params[0] || '');
  el.innerHTML = `
    <section class="section" id="compare">
      <div class="toolbar">
        <h2 style="margin:0">Compare runs</h2>
        <label class="field">base <select id="base"></select></label>
        <button id="swap" title="exchange base and candidate">⇄ Swap</button>
        <label class="field">candidate <select id="candidate"></select></label>
        <label class="field">tolerance <input class="small" id="tolerance" value="${V.esc(query.get('tolerance') || '10%')}"></label>
        <label class="field"><input type="checkbox" id="only-changes"> only changes</label>
        <span class="grow"></span>
        <button class="primary" id="go">Compare</button>
      </div>
      <div id="verdict"></div>
      <p class="hint">Latency, tokens and cost regress when the candidate is worse than the base by more than the tolerance;
        success and pass rates when they drop by more than one percentage point. On the charts the base is dashed (and
        hatched), the candidate solid.</p>
      <div class="row compare-charts" id="compare-charts" hidden>
        <div class="col"><h3>Latency p95 over time</h3><div class="chart" id="compare-latency"></div></div>
        <div class="col"><h3>Requests per second over time</h3><div class="chart" id="compare-throughput"></div></div>
      </div>
      <div class="compare-charts" id="compare-steps-box" hidden><h3>p95 per step and node</h3><div class="chart" id="compare-steps"></div></div>
      <div id="compare-table"></div>
    </section>`;
  const $ = (s) => el.querySelector(s);
  let last = null;
  let timelines = null;

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

  function verdict(c) {
    const n = c.regressions;
    const v = c.regressed
      ? { outcome: 'failed', headline: `${n} regression${n === 1 ? '' : 's'} beyond tolerance` }
      : { outcome: 'passed', headline: 'no regression beyond tolerance' };
    return V.verdictBanner(v, 'compare-verdict') +
      `<p class="muted">base <code>${V.esc(c.base.run_id)}</code> (${V.esc(c.base.scenario)}) → candidate ` +
      `<code>${V.esc(c.candidate.run_id)}</code> (${V.esc(c.candidate.scenario)})</p>` +
      (c.notes || []).map((note) => `<p class="hint">${V.esc(note)}</p>`).join('');
  }

  function drawCharts(c) {
    const p95 = c.lines.filter((l) => (l.scope === 'step' || l.scope === 'node') && l.metric === 'p95');
    $('#compare-steps-box').hidden = !p95.length;
    if (p95.length) {
      V.pairedBars($('#compare-steps'), p95.map((l) => l.scope + ' ' + l.name), p95.map((l) => l.base), p95.map((l) => l.candidate), 'ms', V.ms);
    }
    $('#compare-charts').hidden = !timelines;
    if (timelines) {
      const [b, k] = timelines;
      V.overlayChart($('#compare-latency'), b, k, [{ label: 'p95', values: (tl) => tl.p95.map((v, i) => (tl.requests[i] ? v : null)) }], 'ms', V.ms);
      V.overlayChart($('#compare-throughput'), b, k, [{ label: 'requests/s', values: (tl) => tl.requests }], 'per second', V.num);
    }
  }

  function draw() {
    if (!last) return;
    const c = last;
    const only = $('#only-changes').checked;
    const lines = c.lines.filter((l) => !only || l.verdict !== 'same');
    $('#verdict').innerHTML = verdict(c);
    drawCharts(c);
    $('#compare-table').innerHTML = V.table(['scope', 'name', 'metric', 'base', 'candidate', 'change', 'verdict'], lines.map((l) => ({
      attrs: l.regression ? 'class="row-regression" data-regression="true"' : '',
      cells: [l.scope, l.name, l.metric, value(l.base, l.unit), value(l.candidate, l.unit), change(l),
              { html: `<span class="${V.esc(l.verdict)}">${l.verdict === 'same' ? '' : (l.regression ? '✗ ' : '') + V.esc(l.verdict)}</span>` }]
    })), { empty: 'nothing to compare' });
  }

  /** Each run's per-second timeline from its timeseries.csv, or null when a file is missing. */
  async function loadTimelines(base, candidate) {
    try {
      const read = async (id) => {
        const m = new LiveModel(0);
        m.loadTimeseries(await api.file(id, 'timeseries.csv'));
        return m.timeline;
      };
      return await Promise.all([read(base), read(candidate)]);
    } catch (e) {
      return null;
    }
  }

  async function run() {
    const base = $('#base').value;
    const candidate = $('#candidate').value;
    history.replaceState(null, '', `#/compare?base=${encodeURIComponent(base)}&candidate=${encodeURIComponent(candidate)}`);
    $('#compare-table').innerHTML = '<p class="hint">Comparing…</p>';
    try {
      [last, timelines] = await Promise.all([api.compare(base, candidate, $('#tolerance').value.trim()), loadTimelines(base, candidate)]);
      draw();
    } catch (e) {
      last = null;
      $('#verdict').innerHTML = '';
      $('#compare-table').innerHTML = `<p class="regression">${V.esc(e.message)}</p>`;
    }
  }

  $('#go').addEventListener('click', run);
  $('#swap').addEventListener('click', () => {
    const base = $('#base').value;
    $('#base').value = $('#candidate').value;
    $('#candidate').value = base;
    run();
  });
  $('#only-changes').addEventListener('change', draw);
  const forgetTheme = V.onThemeChange(draw);
  fill().catch((e) => { $('#compare-table').innerHTML = `<p class="hint">Cannot list runs: ${V.esc(e.message)}</p>`; });
  return forgetTheme;
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
