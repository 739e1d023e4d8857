// The map of the theatre: places, roads and the Yellow River's crossings from the scenario's
// coordinates, and every force where the run puts it, day by day, with a slider and a play button.

import { getJSON, scenario, whatIfs } from '../lib/api.js';
import { h, main, showError, dateText, fmt, words } from '../lib/dom.js';
import { readOptions, runForm, toQuery, isRecord } from '../lib/runform.js';
import { s, title, round } from '../lib/svg.js';
import { bounds, projection, radius, labeller, shortName } from '../lib/theatre.js';

const root = main();
const W = 960;
const H = 580;
const PAD = 28;
// The city and its surroundings are a few kilometres across: drawn again, enlarged, in an inset.
const INSET = { x: 14, y: 14, w: 400, h: 270 };
const STEP_MS = 650;

async function start() {
  const [sc, wi] = await Promise.all([scenario(), whatIfs()]);
  const options = readOptions();
  const out = h('div', { id: 'map-view' });
  root.replaceChildren(
    h('h1', {}, 'Map'),
    h('p', { class: 'lead' },
      'The theatre as the scenario places it: the capital and its gates, the Jin camp, the crossings of the ',
      'Yellow River, the prefectures on the roads to Taiyuan, Zhongshan, Hejian and Pingyang, and the armies ',
      'on them day by day (blue: Song; red: Jin; area: men present). Positions are drawn on straight lines ',
      'between places, at the share of the road the model says is covered.'),
    runForm(wi, options, (o) => show(sc, o, out)),
    out);
  await show(sc, options, out);
}

async function show(sc, o, out) {
  stop();
  out.replaceChildren(h('p', { class: 'loading' }, 'Running…'));
  try {
    const [geo, chronicle] = await Promise.all([
      getJSON('/api/geojson', toQuery(o)),
      getJSON('/api/chronicle', toQuery(o)),
    ]);
    out.replaceChildren(...render(sc, o, geo, chronicle));
  } catch (e) {
    showError(out, e);
  }
}

let timer = null;
function stop() {
  if (timer) clearInterval(timer);
  timer = null;
  const b = document.getElementById('play');
  if (b) b.textContent = '▶ Play';
}

function render(sc, o, geo, chronicle) {
  const places = geo.features.filter((f) => f.properties.feature === 'place');
  const roads = geo.features.filter((f) => f.properties.feature === 'road');
  const forces = geo.features.filter((f) => f.properties.feature === 'force');
  const capitalId = sc.scenario.scenario.capital;
  const capital = places.find((p) => p.properties.id === capitalId);
  // The inset holds the capital and what belongs to it or stands beside it.
  const near = places.filter((p) => p.properties.id === capitalId || p.properties.part_of === capitalId
    || dist(p.geometry.coordinates, capital.geometry.coordinates) < 0.15);
  const nearIds = new Set(near.map((p) => p.properties.id));
  const main = projection(bounds(places.map((p) => p.geometry.coordinates)), { x: PAD, y: PAD, w: W - 2 * PAD, h: H - 2 * PAD });
  const ib = bounds(near.map((p) => p.geometry.coordinates));
  const m = 0.02;
  const inset = projection({ lon0: ib.lon0 - m, lon1: ib.lon1 + m, lat0: ib.lat0 - m, lat1: ib.lat1 + m },
    { x: INSET.x + 10, y: INSET.y + 22, w: INSET.w - 20, h: INSET.h - 30 });

  const byDay = new Map();
  for (const f of forces) {
    const d = f.properties.day;
    if (!byDay.has(d)) byDay.set(d, []);
    byDay.get(d).push(f);
  }
  const lastDay = Math.max(0, ...byDay.keys());
  const forceIds = [...new Set(forces.map((f) => f.properties.force))];

  // The river, schematically: a line through its crossings from west to east.
  const crossings = places.filter((p) => p.properties.kind === 'crossing')
    .sort((a, b) => a.geometry.coordinates[0] - b.geometry.coordinates[0]);
  const river = crossings.length > 1
    ? [s('polyline', { class: 'river', points: crossings.map((p) => main(p.geometry.coordinates).join(',')).join(' ') },
      title('The Yellow River, drawn schematically through its crossings')),
    s('text', {
      class: 'river-label',
      x: (main(crossings[0].geometry.coordinates)[0] + main(crossings[1].geometry.coordinates)[0]) / 2 - 40,
      y: (main(crossings[0].geometry.coordinates)[1] + main(crossings[1].geometry.coordinates)[1]) / 2 - 22,
      'text-anchor': 'middle',
    }, 'Yellow River (through its crossings)')]
    : [];

  const roadLines = roads.map((r) => {
    const [a, b] = r.geometry.coordinates.map(main);
    return s('line', { class: 'road', x1: a[0], y1: a[1], x2: b[0], y2: b[1] },
      title(`${r.properties.from} – ${r.properties.to}: ${fmt.int(r.properties.li)} li (${(r.properties.sources || []).join(', ')})`));
  });

  // Labels go right of their place, else left, above or below, wherever they overlap no other label.
  const labelAt = labeller();
  const placeMark = (p, proj, label) => {
    const [x, y] = proj(p.geometry.coordinates);
    const pr = p.properties;
    return s('g', { 'data-place': pr.id },
      s('circle', { class: `place ${pr.kind}`, cx: x, cy: y, r: pr.kind === 'capital' ? 5 : 3 },
        title(`${pr.name} ${pr.chinese || ''} (${pr.kind}) — ${(pr.sources || []).join(', ')}`)),
      label ? labelAt(x, y, shortName(pr.name), pr.kind === 'capital') : null);
  };
  const mainPlaces = places.map((p) => placeMark(p, main, !nearIds.has(p.properties.id) || p.properties.id === capitalId));
  const box = near.map((p) => main(p.geometry.coordinates));
  const bx = Math.min(...box.map((p) => p[0])) - 6, by = Math.min(...box.map((p) => p[1])) - 6;
  const bw = Math.max(...box.map((p) => p[0])) - bx + 6, bh = Math.max(...box.map((p) => p[1])) - by + 6;
  const insetPlaces = near.map((p) => placeMark(p, inset, true));

  const layerMain = s('g', { class: 'forces' });
  const layerInset = s('g', { class: 'forces inset', 'clip-path': 'url(#inset-clip)' });
  const circles = new Map();
  for (const id of forceIds) {
    const c1 = s('circle', { class: 'force', 'data-force': id, r: 0 });
    const c2 = s('circle', { class: 'force', 'data-force': id, 'data-inset': '', r: 0 });
    layerMain.append(c1);
    layerInset.append(c2);
    circles.set(id, [c1, c2]);
  }

  const svg = s('svg', { class: 'map', id: 'theatre', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Map of the theatre' },
    s('defs', {}, s('clipPath', { id: 'inset-clip' }, s('rect', { x: INSET.x, y: INSET.y, width: INSET.w, height: INSET.h }))),
    roadLines, river, mainPlaces,
    s('rect', { class: 'zoom-box', x: bx, y: by, width: bw, height: bh }),
    layerMain,
    s('rect', { class: 'inset-frame', x: INSET.x, y: INSET.y, width: INSET.w, height: INSET.h }),
    s('text', { class: 'inset-title', x: INSET.x + 8, y: INSET.y + 15 }, `${capital.properties.name.split(',')[0]} and its surroundings (enlarged)`),
    insetPlaces, layerInset);

  const slider = h('input', { type: 'range', id: 'day', min: 0, max: lastDay, value: 0, step: 1, 'aria-label': 'Day' });
  const label = h('div', { class: 'day-label', id: 'day-label' });
  const play = h('button', { type: 'button', id: 'play', class: 'secondary' }, '▶ Play');
  const table = h('tbody');
  const eventsList = h('ul', { class: 'day-events', id: 'day-events' });
  const side = h('div', {},
    h('h2', {}, 'On this day'), eventsList,
    h('h2', {}, 'Forces'),
    h('table', { id: 'force-table' }, h('thead', {}, h('tr', {}, h('th', {}, 'Force'), h('th', {}, 'Where'), h('th', { class: 'num' }, 'Men'))), table));

  const draw = (day) => {
    const today = byDay.get(day) || [];
    const first = today[0];
    label.replaceChildren(first
      ? h('span', {}, h('span', { class: 'lunar' }, first.properties.lunar), ' ', h('span', { lang: 'zh' }, first.properties.day_name), ` · ${first.properties.julian} (Julian) · day ${day}`)
      : `day ${day}`);
    // Forces sharing a point are set around it on a small ring, so that none hides another.
    const spots = new Map();
    const place = (f, proj) => {
      const [x, y] = proj(f.geometry.coordinates);
      const key = `${x},${y}`;
      const k = spots.get(key) || 0;
      spots.set(key, k + 1);
      if (k === 0) return [x, y];
      const a = k * 2.1;
      const d = 7 + 2.5 * k;
      return [round(x + d * Math.cos(a)), round(y + d * Math.sin(a))];
    };
    const seen = new Set();
    for (const f of today) {
      const p = f.properties;
      const [c1, c2] = circles.get(p.force);
      const r = radius(p.men);
      const [x1, y1] = place(f, main);
      c1.setAttribute('cx', x1); c1.setAttribute('cy', y1); c1.setAttribute('r', r);
      c1.setAttribute('class', `force ${p.side}`);
      const inside = ib.lon0 - m <= f.geometry.coordinates[0] && f.geometry.coordinates[0] <= ib.lon1 + m
        && ib.lat0 - m <= f.geometry.coordinates[1] && f.geometry.coordinates[1] <= ib.lat1 + m;
      const [x2, y2] = place(f, inset);
      c2.setAttribute('cx', x2); c2.setAttribute('cy', y2); c2.setAttribute('r', inside ? r : 0);
      c2.setAttribute('class', `force ${p.side}`);
      const tip = `${p.name}: ${fmt.int(p.men)} men, ${words(p.posture)}${p.phase ? ` (${words(p.phase)})` : ''}`;
      for (const c of [c1, c2]) c.replaceChildren(title(tip));
      seen.add(p.force);
    }
    for (const [id, [c1, c2]] of circles) if (!seen.has(id)) { c1.setAttribute('r', 0); c2.setAttribute('r', 0); }
    table.replaceChildren(...today.filter((f) => f.properties.men > 0).map((f) => {
      const p = f.properties;
      return h('tr', { 'data-force': p.force },
        h('td', {}, h('span', { class: `swatch ${p.side}` }), p.name),
        h('td', {}, words(p.posture), p.phase ? ` (${words(p.phase)})` : ''),
        h('td', { class: 'num' }, fmt.int(p.men)));
    }));
    const happened = chronicle.events.filter((e) => e.day === day);
    eventsList.replaceChildren(...(happened.length
      ? happened.map((e) => h('li', {}, e.text, e.sources.length ? h('span', { class: 'badge' }, e.sources.join(', ')) : null))
      : [h('li', { class: 'muted' }, 'Nothing recorded or simulated.')]));
  };
  slider.addEventListener('input', () => draw(Number(slider.value)));
  play.addEventListener('click', () => {
    if (timer) { stop(); return; }
    if (Number(slider.value) >= lastDay) slider.value = 0;
    play.textContent = '❚❚ Pause';
    draw(Number(slider.value));
    timer = setInterval(() => {
      const next = Number(slider.value) + 1;
      if (next > lastDay) { stop(); return; }
      slider.value = next;
      draw(next);
    }, STEP_MS);
  });
  draw(0);
  const runText = isRecord(o) ? 'The record (history mode).' : `A run: ${chronicle.mode} mode, seed ${chronicle.seed}${chronicle.what_ifs.length ? `, what-ifs: ${chronicle.what_ifs.join(', ')}` : ''}.`;
  return [
    h('p', { class: 'run-label' }, runText, ` Ends ${dateText(chronicle.outcome.end)}: ${chronicle.outcome.summary}.`),
    h('div', { class: 'day-control' }, play, slider, label),
    h('div', { class: 'map-layout' }, h('div', {}, svg), side),
  ];
}

function dist(a, b) {
  return Math.hypot(a[0] - b[0], a[1] - b[1]);
}

start().catch((e) => showError(root, e));
