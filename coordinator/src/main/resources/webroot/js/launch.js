// Launch: paste or upload a scenario, validate it (errors shown at their line), start it.
import { api, ApiError, toast } from './api.js';

const V = window.StampedeViews;
const DRAFT_KEY = 'stampede.draft';

const EXAMPLE = `# A two-turn conversation with the built-in demo agent.
scenario: dashboard_demo
target:
  base_url: http://127.0.0.1:8700
  protocol: http
  model: demo-gpt
  embedded: demo-agent
  timeout: 10s
load:
  users: 10
  ramp_up: 5s
  duration: 30s
  think_time: 500ms..1500ms
steps:
  - send: "你好，我想了解退款流程"
    name: ask_refund
    expect:
      intent: refund
  - send: "能给我具体步骤吗？"
    name: ask_steps
    assert:
      response_contains: ["退款", "步骤"]
      tool_called: get_refund_policy
thresholds:
  success_rate: ">= 99%"
  p95_latency: "< 2s"
pricing:
  demo-gpt: { input_per_1m: 2.0, output_per_1m: 8.0 }
`;

export function mount(el) {
  el.innerHTML = `
    <section class="section" id="launch">
      <div class="toolbar">
        <h2 style="margin:0">Launch a run</h2>
        <span class="grow"></span>
        <label class="button">Load file… <input type="file" id="file" accept=".yaml,.yml,.json,text/yaml" hidden></label>
        <button id="example">Insert example</button>
      </div>
      <p class="hint">Paste a scenario (YAML or JSON) or load a file. Validate shows every mistake at its line; Start launches it on the cluster.</p>
      <div class="editor"><div class="gutter" id="gutter"></div><textarea id="yaml" spellcheck="false" wrap="off"
        placeholder="scenario: my_flow&#10;target: …"></textarea></div>
      <div class="toolbar" style="margin-top:10px">
        <label class="field">users <input class="small" id="users" type="number" min="1" placeholder="as written"></label>
        <label class="field">duration <input class="small" id="duration" placeholder="e.g. 2m"></label>
        <label class="field" title="tags for the runs list, trends and baselines; pinned keeps a run from retention">tags
          <input id="tags" placeholder="nightly, pinned"></label>
        <label class="field" title="NAME=VALUE, comma-separated">labels <input id="labels" placeholder="commit=3f2a9c1, env=staging"></label>
        <span class="grow"></span>
        <button id="validate">Validate</button>
        <button id="start" class="primary">Start run</button>
      </div>
      <div id="result"></div>
    </section>
    <section class="section" id="capacity">
      <h2>Find capacity</h2>
      <p class="hint">Runs the scenario at rising load (users, or arrivals/s for an open model), then bisects, to find the highest load
        at which the goal holds — each level judged on the lower bound of a 95% interval, its warm-up left out.</p>
      <div class="toolbar">
        <label class="field">goal <input id="goal" value="goodput >= 95%"></label>
        <label class="field">start <input class="small" id="search-start" type="number" min="1" placeholder="as written"></label>
        <label class="field">max <input class="small" id="search-max" type="number" min="1" placeholder="limit"></label>
        <label class="field">level duration <input class="small" id="level-duration" value="30s"></label>
        <span class="grow"></span>
        <button id="start-search" class="primary">Start search</button>
      </div>
    </section>`;
  const text = el.querySelector('#yaml');
  const gutter = el.querySelector('#gutter');
  const result = el.querySelector('#result');
  let errorLines = new Set();

  function drawGutter() {
    const lines = text.value.split('\n').length;
    let html = '';
    for (let i = 1; i <= lines; i++) html += `<div${errorLines.has(i) ? ' class="error"' : ''}>${i}</div>`;
    gutter.innerHTML = html;
    gutter.scrollTop = text.scrollTop;
  }

  function showErrors(errors) {
    errorLines = new Set(errors.filter((e) => e.line > 0).map((e) => e.line));
    drawGutter();
    result.innerHTML = `<h3>${errors.length} problem${errors.length === 1 ? '' : 's'}</h3><ul class="errors" id="errors">` +
      errors.map((e) => `<li data-line="${e.line || 0}"><span class="where">${e.line > 0 ? 'line ' + e.line + ':' + e.column : 'scenario'}` +
        `${e.path ? ' · ' + V.esc(e.path) : ''}</span>${V.esc(e.message)}</li>`).join('') + '</ul>';
  }

  function clear() {
    errorLines = new Set();
    drawGutter();
    result.innerHTML = '';
  }

  /** Puts the caret on a line and scrolls it into view. */
  function goToLine(line) {
    const lines = text.value.split('\n');
    let offset = 0;
    for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
    text.focus();
    text.setSelectionRange(offset, offset + (lines[line - 1] || '').length);
    text.scrollTop = Math.max(0, (line - 5) * 18);
    drawGutter();
  }

  text.addEventListener('input', () => { localStorage.setItem(DRAFT_KEY, text.value); drawGutter(); });
  text.addEventListener('scroll', () => { gutter.scrollTop = text.scrollTop; });
  result.addEventListener('click', (e) => {
    const li = e.target.closest('li[data-line]');
    if (li && +li.dataset.line > 0) goToLine(+li.dataset.line);
  });
  el.querySelector('#example').addEventListener('click', () => { text.value = EXAMPLE; clear(); localStorage.setItem(DRAFT_KEY, text.value); });
  el.querySelector('#file').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (!file) return;
    text.value = await file.text();
    localStorage.setItem(DRAFT_KEY, text.value);
    clear();
    toast(`Loaded ${file.name}`);
  });

  el.querySelector('#validate').addEventListener('click', async () => {
    try {
      const r = await api.validate(text.value);
      if (r.valid) {
        clear();
        result.innerHTML = '<p class="valid" id="valid">✓ The scenario is valid.</p>';
      } else {
        showErrors(r.errors || []);
      }
    } catch (e) {
      if (e instanceof ApiError && e.body.errors) showErrors(e.body.errors);
      else result.innerHTML = `<p class="regression">${V.esc(e.message)}</p>`;
    }
  });

  el.querySelector('#start').addEventListener('click', async (e) => {
    const button = e.target;
    button.disabled = true;
    try {
      const r = await api.start(text.value, { users: el.querySelector('#users').value, duration: el.querySelector('#duration').value.trim(),
        tags: words(el.querySelector('#tags').value), labels: words(el.querySelector('#labels').value) });
      toast(`Run ${r.id} started`);
      location.hash = '#/runs/' + encodeURIComponent(r.id);
    } catch (err) {
      if (err instanceof ApiError && err.body.errors) showErrors(err.body.errors);
      else result.innerHTML = `<p class="regression">The run could not be started: ${V.esc(err.message)}</p>`;
    } finally {
      button.disabled = false;
    }
  });

  /** "a, b c" → ['a', 'b', 'c']: tags and labels as typed. */
  function words(value) {
    return value.split(/[\s,]+/).map((w) => w.trim()).filter((w) => w);
  }

  el.querySelector('#start-search').addEventListener('click', async (e) => {
    const button = e.target;
    button.disabled = true;
    const number = (sel) => { const v = el.querySelector(sel).value; return v ? Number(v) : undefined; };
    try {
      const r = await api.startSearch(text.value, { goal: el.querySelector('#goal').value, start: number('#search-start'),
        max: number('#search-max'), level_duration: el.querySelector('#level-duration').value.trim() || undefined });
      toast(`Search ${r.id} started`);
      location.hash = '#/searches/' + encodeURIComponent(r.id);
    } catch (err) {
      if (err instanceof ApiError && err.body.errors) showErrors(err.body.errors);
      else result.innerHTML = `<p class="regression">The search could not be started: ${V.esc(err.message)}</p>`;
    } finally {
      button.disabled = false;
    }
  });

  text.value = localStorage.getItem(DRAFT_KEY) || EXAMPLE;
  drawGutter();
  return null;
}
