// The what-if explorer: choose what-ifs and parameters, run an ensemble on the server, and see the
// outcome probabilities with their intervals, the paired effects against the factual runs, and the
// spread of the key events' dates.

import { getJSON, postJSON, scenario, whatIfs } from '../lib/api.js';
import { h, main, showError, fmt, words } from '../lib/dom.js';
import { s, title, scale } from '../lib/svg.js';
import { lunarShort } from './common.js';

const root = main();
const RUNS = [1000, 5000, 20000, 100000];

async function start() {
  const [sc, wi, params, record] = await Promise.all([
    scenario(), whatIfs(), getJSON('/api/parameters'), getJSON('/api/chronicle'),
  ]);
  const results = h('div', { id: 'results' },
    h('p', { class: 'status' }, 'Choose one or more what-ifs, then run. Each is compared run by run with the factual runs that share its luck up to its point of divergence.'));
  const status = h('p', { class: 'status', id: 'status', role: 'status' });
  const form = controls(wi, params, async (request) => {
    const button = document.getElementById('run');
    button.disabled = true;
    status.textContent = `Running ${fmt.int(request.runs)} runs × ${1 + request.compare.length} arm(s)…`;
    const t0 = performance.now();
    try {
      const report = await postJSON('/api/ensemble', request);
      status.textContent = `${fmt.int(report.timing.runs_run)} runs × ${report.timing.arms} arm(s) in ${((performance.now() - t0) / 1000).toFixed(1)} s, seed ${report.seed}.`;
      results.replaceChildren(...render(sc, report, record).flat(Infinity).filter(Boolean));
    } catch (e) {
      status.textContent = '';
      showError(results, e);
    } finally {
      button.disabled = false;
    }
  });
  root.replaceChildren(
    h('h1', {}, 'What if?'),
    h('p', { class: 'lead' },
      'An ensemble runs the model many times in free mode (nothing imposed) for the factual configuration and ',
      'for each what-if on top of it. Probabilities come with 95% intervals; a what-if\'s effect is measured run ',
      'by run against the factual runs with the same random numbers (common random numbers), which makes its ',
      'interval much narrower than comparing two separate ensembles.'),
    h('div', { class: 'explorer' }, form, h('div', {}, status, results)));
}

function controls(wi, params, onRun) {
  const cards = wi.map((w) => {
    const box = h('input', { type: 'checkbox', value: w.id, 'data-what-if': w.id });
    const value = w.value
      ? h('input', { type: 'number', class: 'small', min: w.value.min, max: w.value.max, step: 1, value: w.value.default, title: w.value.meaning || '' })
      : null;
    const card = h('label', { class: 'what-if-card', 'data-what-if': w.id },
      box, ' ', h('span', { class: 'id' }, w.id), value ? [' = ', value, w.value.meaning ? h('span', { class: 'diverges' }, w.value.meaning) : null] : null,
      h('span', { class: 'summary' }, w.summary),
      h('span', { class: 'diverges' }, w.diverges ? `Diverges ${w.diverges.lunar} ${w.diverges.day_name} (${w.diverges.julian})${w.shifts_divergence ? ', less N days' : ''}` : ''));
    box.addEventListener('change', () => card.classList.toggle('chosen', box.checked));
    return { w, box, value };
  });
  const runs = h('select', { id: 'runs' }, RUNS.map((n) => h('option', { value: n, selected: n === 5000 }, fmt.int(n))));
  const seed = h('input', { type: 'number', id: 'seed', min: 0, value: 1126, class: 'small' });
  const mode = h('select', { id: 'mode' }, h('option', { value: 'free' }, 'free'), h('option', { value: 'history' }, 'history'));
  const rows = params.map((p) => {
    const input = h('input', { type: 'number', step: 'any', min: p.min, max: p.max, value: p.default, 'data-param': p.name });
    const tr = h('tr', { 'data-name': p.name.toLowerCase() },
      h('td', { title: p.why }, p.name, p.sources.length ? '' : h('span', { class: 'badge assumption', title: 'A modelling assumption' }, 'assumption')),
      h('td', { class: 'num' }, `${fmt.num(p.min, 4)} – ${fmt.num(p.max, 4)}`),
      h('td', {}, input));
    input.addEventListener('input', () => { tr.classList.toggle('changed', Number(input.value) !== p.default); counted(); });
    return { p, input, tr };
  });
  const changedCount = h('span', {}, '');
  const counted = () => {
    const n = rows.filter((r) => r.input.value !== '' && Number(r.input.value) !== r.p.default).length;
    changedCount.textContent = n ? ` (${n} changed)` : '';
  };
  const filter = h('input', { type: 'search', placeholder: 'Filter parameters', 'aria-label': 'Filter parameters' });
  filter.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    for (const r of rows) r.tr.classList.toggle('hidden', q !== '' && !r.tr.dataset.name.includes(q));
  });
  const form = h('form', { class: 'panel', id: 'explorer-form' },
    h('h2', {}, 'What-ifs to compare'),
    cards.map((c) => c.box.closest('label')),
    h('h2', {}, 'Ensemble'),
    h('div', { class: 'day-control' },
      h('label', { class: 'field' }, 'Runs of each arm', runs),
      h('label', { class: 'field' }, 'Seed', seed),
      h('label', { class: 'field' }, 'Mode', mode)),
    h('details', {},
      h('summary', {}, 'Parameters, for every arm', changedCount),
      filter,
      h('div', { class: 'params-list' }, h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', { class: 'num' }, 'Range'), h('th', {}, 'Value'))), h('tbody', {}, rows.map((r) => r.tr))))),
    h('p', {}, h('button', { type: 'submit', id: 'run' }, 'Run the ensemble')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const set = {};
    for (const r of rows) {
      if (r.input.value !== '' && Number(r.input.value) !== r.p.default) set[r.p.name] = Number(r.input.value);
    }
    onRun({
      runs: Number(runs.value),
      seed: Number(seed.value) || 0,
      mode: mode.value,
      set,
      compare: cards.filter((c) => c.box.checked).map((c) => (c.value ? `${c.w.id}=${c.value.value}` : c.w.id)),
    });
  });
  return form;
}

function legend(report) {
  return h('div', { class: 'legend' }, report.arms.map((a, i) =>
    h('span', {}, h('span', { class: `key arm-${i % 8}` }), a.name === 'factual' ? 'factual (history as free runs)' : a.name, ` · ${fmt.int(a.runs)} runs`)));
}

function render(sc, report, record) {
  return [
    legend(report),
    h('h2', {}, 'How it ends'),
    outcomeChart(report),
    report.comparisons.length ? [h('h2', {}, 'Effects against the factual runs (paired)'), effectsChart(report)] : null,
    h('h2', {}, 'When the key events happen'),
    h('p', { class: 'status' }, 'Boxes: the middle half of the runs in which the event happened; whiskers: 5% to 95%; the thick line: the median. The dashed red line is the recorded date.'),
    datesChart(sc, report, record),
    h('h2', {}, 'Measures (means)'),
    measuresTable(report),
  ];
}

// Horizontal bars with their 95% Wilson intervals, one group per category, one bar per arm.
function outcomeChart(report) {
  const rows = report.arms[0].categories.map((c) => c.name).concat([report.arms[0].sequence.name]);
  const get = (arm, name) => (name === arm.sequence.name ? arm.sequence : arm.categories.find((c) => c.name === name));
  const n = report.arms.length;
  const band = 8 + n * 11;
  const left = 200, right = 130, W = 820, top = 20;
  const H = top + rows.length * band + 10;
  const x = scale(0, 1, left, W - right);
  const grid = [0, 0.25, 0.5, 0.75, 1].map((t) => [
    s('line', { class: 'grid', x1: x(t), x2: x(t), y1: top - 4, y2: H - 8 }),
    s('text', { class: 'muted', x: x(t), y: top - 8, 'text-anchor': 'middle' }, fmt.pct(t, 0))]);
  const bars = rows.map((name, r) => {
    const y0 = top + r * band;
    return [
      s('text', { x: left - 8, y: y0 + band / 2 + 3, 'text-anchor': 'end' }, name === 'whole-sequence' ? 'whole recorded sequence' : words(name)),
      report.arms.map((arm, i) => {
        const p = get(arm, name);
        const y = y0 + 4 + i * 11;
        return s('g', { 'data-arm': arm.name, 'data-category': name },
          s('rect', { class: `bar arm-${i % 8}`, x: x(0), y, width: Math.max(0.5, x(p.p) - x(0)), height: 9 },
            title(`${arm.name}: ${fmt.pct(p.p)} (95% interval ${fmt.pct(p.lo)} – ${fmt.pct(p.hi)}), ${fmt.int(p.count)} of ${fmt.int(arm.runs)} runs`)),
          s('line', { class: 'interval', x1: x(p.lo), x2: x(p.hi), y1: y + 4.5, y2: y + 4.5 }),
          s('line', { class: 'interval', x1: x(p.lo), x2: x(p.lo), y1: y + 1, y2: y + 8 }),
          s('line', { class: 'interval', x1: x(p.hi), x2: x(p.hi), y1: y + 1, y2: y + 8 }),
          s('text', { class: 'value', x: x(p.hi) + 5, y: y + 8 }, `${fmt.pct(p.p)} [${fmt.pct(p.lo)}, ${fmt.pct(p.hi)}]`));
      })];
  });
  return s('svg', { class: 'chart', id: 'outcome-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Outcome probabilities with 95% intervals' }, grid, bars);
}

// A forest plot of paired differences (what-if minus factual) with their intervals.
function effectsChart(report) {
  const rows = [];
  report.comparisons.forEach((c, k) => {
    const i = report.arms.findIndex((a) => a.name === c.arm);
    rows.push({ head: `${c.arm} − factual (${fmt.int(c.pairs)} pairs${c.factual_free_from_julian ? `; paired factual runs free from ${c.factual_free_from_julian}` : ''})` });
    for (const d of c.categories.concat([c.sequence], c.events)) {
      if (d.factual === 0 && d.arm === 0) continue;
      rows.push({ d, i, k, name: d.name === 'whole-sequence' ? 'whole recorded sequence' : words(d.name) });
    }
  });
  const lim = Math.max(0.02, ...rows.filter((r) => r.d).map((r) => Math.max(Math.abs(r.d.lo), Math.abs(r.d.hi))));
  const left = 200, right = 190, W = 820, top = 22, step = 15;
  const H = top + rows.length * step + 8;
  const x = scale(-lim, lim, left, W - right);
  const ticks = [-lim, -lim / 2, 0, lim / 2, lim].map((t) => [
    s('line', { class: t === 0 ? 'zero' : 'grid', x1: x(t), x2: x(t), y1: top - 4, y2: H - 6 }),
    s('text', { class: 'muted', x: x(t), y: top - 8, 'text-anchor': 'middle' }, t === 0 ? '0' : fmt.signedPct(t, 0))]);
  const marks = rows.map((r, j) => {
    const y = top + j * step + 8;
    if (!r.d) return s('text', { x: 4, y: y + 2, 'font-weight': 'bold' }, r.head);
    const d = r.d;
    return s('g', { class: 'effect', 'data-arm': report.arms[r.i].name, 'data-name': d.name },
      s('text', { x: left - 8, y: y + 4, 'text-anchor': 'end' }, r.name),
      s('line', { class: 'interval', x1: x(d.lo), x2: x(d.hi), y1: y, y2: y }),
      s('circle', { class: `arm-${r.i % 8}`, cx: x(d.diff), cy: y, r: 4 },
        title(`${fmt.pct(d.factual)} → ${fmt.pct(d.arm)}: ${fmt.signedPct(d.diff)} [${fmt.signedPct(d.lo)}, ${fmt.signedPct(d.hi)}]; unpaired ± ${fmt.num(100 * d.unpaired_half_width, 1)} pts`)),
      s('text', { x: W - right + 8, y: y + 4 }, `${fmt.signedPct(d.diff)} [${fmt.signedPct(d.lo)}, ${fmt.signedPct(d.hi)}]`));
  });
  return s('svg', { class: 'chart', id: 'effects-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Paired differences with 95% intervals' }, ticks, marks);
}

// Box plots of each key event's first day, per arm, on a lunar-dated axis.
function datesChart(sc, report, record) {
  const names = report.arms[0].events.map((e) => e.name);
  const recorded = new Map((record.outcome.key_dates || []).map((k) => [k.event, k.date.jdn - sc.start.jdn]));
  const all = report.arms.flatMap((a) => a.events.filter((e) => e.days).flatMap((e) => e.days)).concat([...recorded.values()]);
  const d0 = Math.max(0, Math.min(...all) - 1), d1 = Math.min(sc.days - 1, Math.max(...all) + 1);
  const n = report.arms.length;
  const band = 8 + n * 11;
  const left = 200, right = 110, W = 820, top = 22;
  const H = top + names.length * band + 8;
  const x = scale(d0, d1, left, W - right);
  const ticks = [];
  for (let d = d0; d <= d1; d += Math.max(1, Math.round((d1 - d0) / 10))) {
    ticks.push(s('line', { class: 'grid', x1: x(d), x2: x(d), y1: top - 4, y2: H - 6 }),
      s('text', { class: 'muted', x: x(d), y: top - 8, 'text-anchor': 'middle' }, lunarShort(sc, sc.start.jdn + d)));
  }
  const rows = names.map((name, r) => {
    const y0 = top + r * band;
    const rec = recorded.get(name);
    return [
      s('text', { x: left - 8, y: y0 + band / 2 + 3, 'text-anchor': 'end' }, words(name)),
      rec !== undefined ? s('line', { class: 'recorded-day', x1: x(rec), x2: x(rec), y1: y0 + 2, y2: y0 + band - 2 }, title(`recorded: ${lunarShort(sc, sc.start.jdn + rec)}`)) : null,
      report.arms.map((arm, i) => {
        const e = arm.events.find((v) => v.name === name);
        const y = y0 + 4 + i * 11;
        if (!e || !e.days) return s('text', { class: 'muted', x: left + 4, y: y + 8 }, `${arm.name}: never`);
        const [q05, q25, q50, q75, q95] = e.days;
        return s('g', { 'data-arm': arm.name, 'data-event': name },
          title(`${arm.name}: in ${fmt.pct(e.p)} of runs; 5/25/50/75/95%: ${e.days_lunar.join(', ')} (${e.days_julian[0]} – ${e.days_julian[4]})`),
          s('line', { class: 'interval', x1: x(q05), x2: x(q95), y1: y + 4.5, y2: y + 4.5 }),
          s('rect', { class: `box arm-${i % 8}`, x: x(q25) - 1, y, width: Math.max(2, x(q75) - x(q25) + 2), height: 9 }),
          s('line', { class: 'median', x1: x(q50), x2: x(q50), y1: y - 1, y2: y + 10 }),
          s('text', { x: W - right + 6, y: y + 8 }, `${fmt.pct(e.p, 0)} · ${e.days_lunar[2]}`));
      })];
  });
  return s('svg', { class: 'chart', id: 'dates-chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Dates of the key events' }, ticks, rows);
}

function measuresTable(report) {
  const head = h('tr', {}, h('th', {}, 'Measure'), report.arms.map((a) => h('th', { class: 'num' }, a.name)),
    report.comparisons.map((c) => h('th', { class: 'num' }, `${c.arm} − factual (95%)`)));
  const body = report.arms[0].measures.map((m, j) => h('tr', {},
    h('td', {}, words(m.name), m.unit ? ` (${m.unit})` : ''),
    report.arms.map((a) => h('td', { class: 'num' }, fmt.num(a.measures[j].mean, 2))),
    report.comparisons.map((c) => {
      const d = c.measures.find((x) => x.name === m.name);
      return h('td', { class: 'num' }, d ? `${d.diff >= 0 ? '+' : ''}${fmt.num(d.diff, 2)} [${fmt.num(d.lo, 2)}, ${fmt.num(d.hi, 2)}]` : '—');
    })));
  return h('table', { id: 'measures' }, h('thead', {}, head), h('tbody', {}, body));
}

start().catch((e) => showError(root, e));
