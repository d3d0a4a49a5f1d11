// One capacity search: its levels as they run, the answer, and behaviour and latency against load
// with the knee marked (the same curves as its report.html).
import { api, toast } from './api.js';

const V = window.StampedeViews;
const C = window.StampedeCurves;

export function mount(el, params) {
  const id = params[0];
  el.innerHTML = `
    <div class="run-head">
      <h1 id="search-title">Capacity search</h1><code>${V.esc(id)}</code><span id="search-status"></span>
      <div class="actions">
        <button id="stop-search" class="danger" hidden>Stop</button>
        <a id="search-report" class="button" hidden target="_blank" rel="noopener">Open report.html</a>
      </div>
    </div>
    <section class="section"><h2>Answer</h2><p class="answer" id="answer">running…</p><p class="hint" id="search-goal"></p></section>
    <div class="row">
      <section class="section"><h2>Behaviour against load</h2><div class="chart" id="quality-chart"></div></section>
      <section class="section"><h2>Latency against load</h2><div class="chart" id="latency-chart"></div></section>
    </div>
    <section class="section"><h2>Tokens/s and cost per good conversation against load</h2><div class="chart" id="cost-chart"></div></section>
    <section class="section"><h2>Levels</h2><div id="level-table"></div><h3>In the order they ran</h3><div id="run-table"></div></section>`;
  const $ = (sel) => el.querySelector(sel);
  let closed = false;

  $('#stop-search').addEventListener('click', async () => {
    if (!confirm('Stop this search? The level under way stops; the answer is what the levels so far say.')) return;
    try { await api.stopSearch(id); toast('Stopping…'); } catch (e) { toast('Cannot stop: ' + e.message); }
  });

  function draw(s) {
    $('#search-title').textContent = 'Capacity search · ' + s.scenario;
    $('#search-status').innerHTML = V.badge(s.status, s.status === 'running' ? 'running' : s.status === 'done' ? 'done' : 'failed');
    $('#answer').textContent = s.answer || `running… ${s.levels.length} level${s.levels.length === 1 ? '' : 's'} so far`;
    $('#search-goal').textContent = 'goal ' + s.goal + (s.require != null ? ` · required ${s.require} ${s.unit}` : '');
    $('#stop-search').hidden = s.status !== 'running';
    $('#search-report').hidden = s.status === 'running';
    $('#search-report').href = api.searchReportUrl(id);
    const levels = [];
    const verdicts = {};
    (s.levels || []).forEach((l) => {
      verdicts[l.target] = l.verdict;
      if (l.figures) levels.push(Object.assign({}, l.figures, { knee: s.holds != null && l.target === s.holds.target }));
    });
    const goal = parseFloat(String(s.goal).replace(/[^0-9.]/g, ''));
    C.qualityChart($('#quality-chart'), levels, goal);
    C.latencyChart($('#latency-chart'), levels);
    C.costChart($('#cost-chart'), levels);
    $('#level-table').innerHTML = C.levelTable(levels, verdicts);
    $('#run-table').innerHTML = V.table(['#', 'load', 'run', 'verdict', 'goodput [95%]', 'conversations', 'note'],
      (s.levels || []).map((l, i) => [i + 1, l.target + ' ' + l.unit, { html: `<a href="#/runs/${encodeURIComponent(l.run_id)}">${V.esc(l.run_id)}</a>` },
        { html: V.badge(l.verdict, l.verdict === 'holds' ? 'ok' : 'bad') }, V.pct(l.share) + ' [' + V.pct(l.low) + '–' + V.pct(l.high) + ']',
        V.num(l.conversations), (l.stopped_early ? 'stopped early: it clearly failed ' : '') + (l.note || '')]), { empty: 'the first level is running' });
  }

  async function poll() {
    if (closed) return;
    try {
      const s = await api.search(id);
      draw(s);
      if (s.status === 'running') setTimeout(poll, 2000);
    } catch (e) {
      $('#answer').textContent = 'Cannot load the search: ' + e.message;
    }
  }
  poll();
  return () => { closed = true; };
}
