// Trends: one scenario's figures across its runs (p95, TTFT, success rate, goodput, tokens and
// cost per conversation, each check's pass rate), banded by the baseline runs; a click on a
// point opens that run. Filters by tag and label, so a nightly job's runs trend on their own.
import { api } from './api.js';

const V = window.StampedeViews;
const T = window.StampedeTrends;

export function mount(el, params) {
  const query = new URLSearchParams(params[0] || '');
  const state = {
    scenario: query.get('scenario') || '', tag: query.get('tag') || '', label: query.get('label') || '',
    limit: query.get('limit') || '30', baseline: query.get('baseline') || ''
  };
  el.innerHTML = `
    <section class="section" id="trends">
      <div class="toolbar">
        <h2 style="margin:0">Trends</h2>
        <label class="field">scenario <select id="trend-scenario"><option value="">…</option></select></label>
        <label class="field">tag <input class="small" id="trend-tag" placeholder="any"></label>
        <label class="field">label <input id="trend-label" placeholder="NAME=VALUE"></label>
        <label class="field">runs <input class="small" id="trend-limit" type="number" min="2" max="1000"></label>
        <label class="field" title="which runs make the band: median:N[,FILTERS] or last[:FILTERS]">baseline
          <input id="trend-baseline" placeholder="median:5"></label>
        <span class="grow"></span>
        <a class="button" id="trend-compare" hidden>Compare newest with baseline</a>
      </div>
      <div id="trend-body"><p class="hint">Loading…</p></div>
    </section>`;
  const $ = (id) => el.querySelector('#' + id);
  $('trend-tag').value = state.tag;
  $('trend-label').value = state.label;
  $('trend-limit').value = state.limit;
  $('trend-baseline').value = state.baseline;

  function remember() {
    const q = new URLSearchParams();
    Object.entries(state).forEach(([k, v]) => { if (v && !(k === 'limit' && v === '30')) q.set(k, v); });
    history.replaceState(null, '', '#/trends' + (q.toString() ? '?' + q : ''));
  }

  async function draw() {
    remember();
    const body = $('trend-body');
    const compare = $('trend-compare');
    compare.hidden = true;
    if (!state.scenario) {
      body.innerHTML = '<p class="hint">Pick a scenario: its runs that are done, oldest first.</p>';
      return;
    }
    try {
      const trend = await api.trends({ scenario: state.scenario, tag: state.tag, label: state.label, limit: state.limit,
        baseline: state.baseline });
      if (!trend.runs.length) {
        body.innerHTML = '<p class="hint">No finished run of this scenario matches.</p>';
        return;
      }
      T.grid(body, trend, (runId) => { location.hash = '#/runs/' + encodeURIComponent(runId); });
      const newest = trend.runs[trend.runs.length - 1];
      if (trend.baseline && trend.baseline.run_id !== newest.run_id) {
        compare.hidden = false;
        compare.href = `#/compare?base=${encodeURIComponent(trend.baseline.run_id)}&candidate=${encodeURIComponent(newest.run_id)}`;
      }
    } catch (e) {
      body.innerHTML = `<p class="regression">${V.esc(e.message)}</p>`;
    }
  }

  async function scenarios() {
    try {
      const list = await api.trendScenarios();
      if (!state.scenario && list.length) state.scenario = list[0].name;
      $('trend-scenario').innerHTML = list.map((s) => `<option value="${V.esc(s.name)}"${s.name === state.scenario ? ' selected' : ''}>` +
        `${V.esc(s.name)} (${s.runs})</option>`).join('') || '<option value="">no runs yet</option>';
    } catch (e) {
      $('trend-body').innerHTML = `<p class="regression">Cannot list scenarios: ${V.esc(e.message)}</p>`;
    }
    draw();
  }

  $('trend-scenario').addEventListener('change', (e) => { state.scenario = e.target.value; draw(); });
  [['trend-tag', 'tag'], ['trend-label', 'label'], ['trend-limit', 'limit'], ['trend-baseline', 'baseline']].forEach(([id, key]) => {
    $(id).addEventListener('change', (e) => { state[key] = e.target.value.trim(); draw(); });
  });
  scenarios();
  return null;
}
