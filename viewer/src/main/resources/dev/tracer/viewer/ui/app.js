// tracer view: the page. Plain DOM, no build step, no network but this viewer's own /api.
// Text from spans is always set with textContent, never as HTML.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { version: -1, listVersion: -1, routesVersion: -1, traceId: null, traceVersion: -1, spanId: null, tab: 'traces' };

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key === 'style') node.setAttribute('style', value);
      else if (key.startsWith('data-')) node.setAttribute(key, value);
      else if (key.startsWith('on')) node.addEventListener(key.substring(2), value);
      else node[key] = value;
    }
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function duration(ns) {
  if (ns < 1000) return ns + ' ns';
  if (ns < 1e6) return (ns / 1e3).toFixed(ns < 1e4 ? 2 : 0) + ' µs';
  if (ns < 1e9) return (ns / 1e6).toFixed(ns < 1e7 ? 2 : ns < 1e8 ? 1 : 0) + ' ms';
  return (ns / 1e9).toFixed(2) + ' s';
}

function clock(ms) {
  const d = new Date(ms);
  const pad = (n, w) => String(n).padStart(w || 2, '0');
  return pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' + pad(d.getMilliseconds(), 3);
}

function color(service) {
  let hash = 0;
  for (let i = 0; i < service.length; i++) hash = (hash * 31 + service.charCodeAt(i)) | 0;
  return 'hsl(' + (Math.abs(hash) % 360) + ', 58%, 46%)';
}

function chip(service) {
  return el('span', { class: 'chip', style: 'background:' + color(service), text: service });
}

async function getJson(path) {
  const response = await fetch(path, { cache: 'no-store' });
  if (!response.ok) {
    const error = new Error(path + ': ' + response.status);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

// ---- filters and the list ------------------------------------------------------------------------------------------

function filterQuery() {
  const params = new URLSearchParams();
  const service = $('f-service').value;
  const name = $('f-name').value.trim();
  const min = $('f-min').value.trim();
  const trace = $('f-trace').value.trim();
  if (service) params.set('service', service);
  if (name) params.set('name', name);
  if ($('f-errors').checked) params.set('errors', 'true');
  if (min) params.set('minMs', min);
  if (trace) params.set('traceId', trace);
  return params.toString();
}

async function loadList() {
  const data = await getJson('/api/traces?' + filterQuery());
  state.listVersion = data.version;
  renderServices(data.services);
  renderList(data);
  if (!window.tracerFirstListMs) {
    // for the browser test: how long after navigation the first list was on screen
    window.tracerFirstListMs = performance.now();
  }
  // a trace id filter that finds exactly one trace opens it
  const wanted = $('f-trace').value.trim();
  if (wanted && data.traces.length === 1 && state.traceId !== data.traces[0].traceId) {
    openTrace(data.traces[0].traceId);
  }
}

function renderServices(services) {
  const select = $('f-service');
  const chosen = select.value;
  const names = Object.keys(services);
  const have = Array.from(select.options).slice(1).map((o) => o.value);
  if (names.join('\n') !== have.join('\n')) {
    select.replaceChildren(el('option', { value: '', text: 'all' }), ...names.map((s) => el('option', { value: s, text: s })));
    select.value = names.includes(chosen) ? chosen : '';
  }
  const routes = new Set();
  for (const service of names) {
    if (!chosen || chosen === service) services[service].forEach((n) => routes.add(n));
  }
  $('names').replaceChildren(...Array.from(routes).slice(0, 300).map((n) => el('option', { value: n })));
}

function renderList(data) {
  const rows = data.traces.map((t) => {
    const row = el('tr', { class: 'trace-row' + (t.error ? ' error' : '') + (t.traceId === state.traceId ? ' selected' : ''),
        'data-trace-id': t.traceId, onclick: () => openTrace(t.traceId) },
      el('td', { class: 'mono', text: clock(t.startMs) }),
      el('td', { class: 'root', title: t.traceId }, chip(t.service), el('span', { class: 'name', text: t.name })),
      el('td', { class: 'num duration', 'data-duration-ns': t.durationNs, text: duration(t.durationNs) }),
      el('td', { class: 'num span-count', text: t.spans }),
      el('td', { class: 'services' }, ...t.services.map(chip)),
      el('td', null, t.error ? el('span', { class: 'error-mark', title: 'a span of this trace has status ERROR', text: '!' }) : null));
    return row;
  });
  $('trace-list').tBodies[0].replaceChildren(...rows);
  const filtered = filterQuery() !== '';
  $('empty').hidden = rows.length > 0 || filtered;
  $('list-info').textContent = data.total === 0 && filtered ? 'No trace matches these filters.'
    : (data.total > rows.length ? 'newest ' + rows.length + ' of ' + data.total + ' traces'
      : data.total + (data.total === 1 ? ' trace' : ' traces')) + ', newest first';
}

// ---- one trace: the waterfall ----------------------------------------------------------------------------------------

async function openTrace(traceId) {
  state.traceId = traceId;
  state.spanId = null;
  for (const row of document.querySelectorAll('#trace-list tr.trace-row')) {
    row.classList.toggle('selected', row.dataset.traceId === traceId);
  }
  history.replaceState(null, '', '#trace=' + traceId);
  await loadTrace();
}

async function loadTrace(onlyIfChanged) {
  if (!state.traceId) return;
  let trace;
  try {
    trace = await getJson('/api/trace/' + state.traceId);
  } catch (e) {
    if (e.status === 404) {
      $('trace-detail').hidden = false;
      $('trace-title').textContent = 'Trace ' + state.traceId;
      $('trace-meta').textContent = 'not held (evicted, or not received yet)';
      $('rows').replaceChildren();
      return;
    }
    throw e;
  }
  if (onlyIfChanged && trace.version === state.traceVersion && trace.traceId === state.renderedTraceId) return;
  state.traceVersion = trace.version;
  state.renderedTraceId = trace.traceId;
  renderTrace(trace);
}

/** Spans in tree order (children by start), with their depth; spans whose parent is missing start a tree of their own. */
function treeOrder(spans) {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const children = new Map();
  const roots = [];
  for (const span of spans) {
    if (span.parentSpanId && byId.has(span.parentSpanId) && span.parentSpanId !== span.spanId) {
      if (!children.has(span.parentSpanId)) children.set(span.parentSpanId, []);
      children.get(span.parentSpanId).push(span);
    } else {
      roots.push(span);
    }
  }
  const byStart = (a, b) => a.startNs - b.startNs;
  const ordered = [];
  const seen = new Set();
  const visit = (span, depth) => {
    if (seen.has(span.spanId)) return;
    seen.add(span.spanId);
    ordered.push({ span, depth });
    (children.get(span.spanId) || []).sort(byStart).forEach((c) => visit(c, depth + 1));
  };
  roots.sort(byStart).forEach((r) => visit(r, 0));
  return ordered;
}

function renderTrace(trace) {
  $('trace-detail').hidden = false;
  const services = Array.from(new Set(trace.spans.map((s) => s.service)));
  $('trace-title').textContent = 'Trace ' + trace.traceId;
  $('trace-meta').replaceChildren(duration(trace.durationNs) + ' · ' + trace.spans.length + (trace.spans.length === 1 ? ' span · ' : ' spans · '), ...services.map(chip));
  const total = Math.max(trace.durationNs, 1);
  $('ruler').replaceChildren(...[0, 0.25, 0.5, 0.75, 1].map((f) =>
    el('span', { style: 'left:' + (f * 100) + '%', text: duration(Math.round(total * f)) })));
  const rows = treeOrder(trace.spans).map(({ span, depth }) => {
    const left = (span.startNs / total) * 100;
    const width = Math.max((span.durationNs / total) * 100, 0.2);
    return el('div', { class: 'span-row' + (span.status === 'ERROR' ? ' error' : '') + (span.spanId === state.spanId ? ' selected' : ''),
        'data-span-id': span.spanId, 'data-parent-id': span.parentSpanId, 'data-depth': depth, 'data-kind': span.kind,
        'data-service': span.service, 'data-start-ns': span.startNs, 'data-duration-ns': span.durationNs,
        onclick: () => selectSpan(trace, span.spanId) },
      el('div', { class: 'span-label', style: 'padding-left:' + (8 + depth * 16) + 'px', title: span.service + ': ' + span.name },
        chip(span.service), el('span', { class: 'kind', text: span.kind }), el('span', { class: 'span-name', text: span.name })),
      el('div', { class: 'span-track' },
        el('div', { class: 'span-bar', style: 'left:' + left + '%;width:' + Math.min(width, 100 - left) + '%;background:' + color(span.service) })),
      el('div', { class: 'span-dur', text: duration(span.durationNs) }));
  });
  $('rows').replaceChildren(...rows);
  if (state.spanId) selectSpan(trace, state.spanId);
}

function table(pairs, keepOrder) {
  const entries = Object.entries(pairs);
  if (entries.length === 0) return el('p', { class: 'hint', text: 'none' });
  if (!keepOrder) entries.sort((a, b) => a[0].localeCompare(b[0]));
  return el('table', { class: 'attributes' }, ...entries
    .map(([key, value]) => el('tr', { 'data-key': key }, el('td', { text: key }), el('td', { class: 'mono', text: value }))));
}

function selectSpan(trace, spanId) {
  const span = trace.spans.find((s) => s.spanId === spanId);
  if (!span) return;
  state.spanId = spanId;
  for (const row of document.querySelectorAll('#rows .span-row')) {
    row.classList.toggle('selected', row.dataset.spanId === spanId);
  }
  const fields = {
    service: span.service, kind: span.kind, 'span id': span.spanId, 'parent span id': span.parentSpanId || '(root)',
    start: '+' + duration(span.startNs), duration: duration(span.durationNs),
    status: span.status + (span.statusMessage ? ': ' + span.statusMessage : ''), scope: span.scope,
  };
  const events = span.events.map((e) => {
    const exception = e.name === 'exception';
    const attributes = Object.assign({}, e.attributes);
    const stack = attributes['exception.stacktrace'];
    delete attributes['exception.stacktrace'];
    return el('div', { class: 'event' + (exception ? ' exception' : '') },
      el('div', null, el('strong', { text: e.name }), ' at +' + duration(e.offsetNs)),
      exception ? el('div', { class: 'mono', text: (attributes['exception.type'] || '') + ': ' + (attributes['exception.message'] || '') }) : null,
      stack ? el('pre', { class: 'stack', text: stack }) : null,
      table(attributes));
  });
  $('span-detail').replaceChildren(
    el('h3', { text: span.name }),
    table(fields, true),
    el('h4', { text: 'Attributes' }), table(span.attributes),
    el('h4', { text: 'Events' }), ...(events.length ? events : [el('p', { class: 'hint', text: 'none' })]),
    el('h4', { text: 'Resource' }), table(span.resource));
}

// ---- routes (RED) ------------------------------------------------------------------------------------------------------

async function loadRoutes() {
  const data = await getJson('/api/routes');
  state.routesVersion = data.version;
  $('routes').tBodies[0].replaceChildren(...data.routes.map((r) => el('tr', { class: 'route', 'data-service': r.service, 'data-route': r.name },
    el('td', null, chip(r.service)), el('td', { text: r.name }),
    el('td', { class: 'num count', text: r.count }), el('td', { class: 'num rate', text: r.perSecond.toFixed(2) }),
    el('td', { class: 'num errors' + (r.errors ? ' some' : ''), text: r.errors + (r.count ? ' (' + (100 * r.errors / r.count).toFixed(1) + '%)' : '') }),
    el('td', { class: 'num', text: duration(r.p50Ns) }), el('td', { class: 'num', text: duration(r.p95Ns) }),
    el('td', { class: 'num', text: duration(r.p99Ns) }), el('td', { class: 'num', text: duration(r.maxNs) }))));
}

// ---- live updates: poll the store's version, reload what changed --------------------------------------------------

async function poll() {
  try {
    const stats = await getJson('/api/stats');
    $('stats').textContent = stats.traces + ' traces · ' + stats.spans + ' spans' +
      (stats.evictedTraces ? ' · ' + stats.evictedTraces + ' evicted' : '') +
      (stats.rejectedRequests ? ' · ' + stats.rejectedRequests + ' rejected' : '');
    $('live').classList.remove('stale');
    if (stats.version !== state.listVersion && state.tab === 'traces') await loadList();
    if (stats.version !== state.routesVersion && state.tab === 'routes') await loadRoutes();
    if (state.traceId && state.tab === 'traces' && stats.version !== state.version) await loadTrace(true);
    state.version = stats.version;
  } catch (e) {
    $('live').classList.add('stale');
  }
}

function showTab(tab) {
  state.tab = tab;
  $('tab-traces').classList.toggle('active', tab === 'traces');
  $('tab-routes').classList.toggle('active', tab === 'routes');
  $('traces-view').hidden = tab !== 'traces';
  $('routes-view').hidden = tab !== 'routes';
  (tab === 'routes' ? loadRoutes() : loadList()).catch(() => {});
}

let debounce = null;
function filtersChanged() {
  clearTimeout(debounce);
  debounce = setTimeout(() => loadList().catch(() => {}), 150);
}

for (const id of ['f-service', 'f-errors']) $(id).addEventListener('change', filtersChanged);
for (const id of ['f-name', 'f-min', 'f-trace']) $(id).addEventListener('input', filtersChanged);
$('f-clear').addEventListener('click', () => {
  $('f-service').value = ''; $('f-name').value = ''; $('f-errors').checked = false; $('f-min').value = ''; $('f-trace').value = '';
  filtersChanged();
});
$('trace-close').addEventListener('click', () => {
  state.traceId = null;
  $('trace-detail').hidden = true;
  history.replaceState(null, '', '#');
  document.querySelectorAll('#trace-list tr.selected').forEach((r) => r.classList.remove('selected'));
});
$('tab-traces').addEventListener('click', () => showTab('traces'));
$('tab-routes').addEventListener('click', () => showTab('routes'));

const linked = /^#trace=([0-9a-f]{32})$/.exec(location.hash);
// polling starts once the first list is drawn: it reloads only what changed since
loadList().then(() => linked ? openTrace(linked[1]) : null).catch(() => {}).finally(() => setInterval(poll, 1500));
