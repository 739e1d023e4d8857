// Every fact of the scenario with its sources, and every version where the sources disagree; searchable.

import { scenario } from '../lib/api.js';
import { h, main, showError, fmt, words } from '../lib/dom.js';
import { sourceBadges } from './common.js';

const root = main();

async function start() {
  const sc = await scenario();
  const d = sc.scenario;
  const date = (v) => {
    const x = sc.dates[v];
    return x ? `${v} ${x.day_name} (${x.julian})` : v;
  };
  const num = (v) => fmt.int(v);

  // A fact with one or more versions: one line, or a list marked where the sources differ.
  const versions = (label, list, show) => {
    if (!list || list.length === 0) return null;
    if (list.length === 1) {
      const v = list[0];
      return h('div', {}, h('strong', {}, `${label}: `), show(v.value), ' ', sourceBadges(sc, v.sources), v.why ? h('span', { class: 'why' }, ` ${v.why}`) : null);
    }
    return h('div', {}, h('strong', {}, `${label} `), h('span', { class: 'badge disputed' }, 'sources differ'),
      h('ul', { class: 'versions' }, list.map((v) => h('li', { class: v.default ? 'default' : null },
        show(v.value), v.default ? ' (default) ' : ' ', sourceBadges(sc, v.sources), v.why ? h('span', { class: 'why' }, ` ${v.why}`) : null))));
  };
  const disputed = (...lists) => lists.some((l) => l && l.length > 1);
  const card = (what, name, parts, { sources = [], note = '', dispute = false, id = '' } = {}) =>
    h('article', { class: ['fact', dispute ? 'disputed' : null], 'data-id': id },
      h('div', { class: 'what' }, what),
      h('h3', {}, name),
      parts,
      sources.length ? h('div', {}, sourceBadges(sc, sources)) : null,
      note ? h('p', { class: 'note' }, note) : null);
  const person = new Map(d.person.map((p) => [p.id, p]));
  const place = new Map(d.place.map((p) => [p.id, p]));
  const force = new Map(d.force.map((f) => [f.id, f]));
  const names = (ids, table) => (ids || []).map((i) => (table.get(i) ? table.get(i).name : i)).join('; ');

  const sections = [
    ['Events', d.event.map((e) => card(`event · ${words(e.kind)}${e.key ? ' · key event' : ''}`, e.title, [
      h('p', {}, e.text),
      versions('Date', e.date, date),
      versions('Men', e.size, num),
      e.persons.length ? h('div', {}, h('strong', {}, 'Persons: '), names(e.persons, person)) : null,
      e.places.length ? h('div', {}, h('strong', {}, 'Places: '), names(e.places, place)) : null,
      e.forces.length ? h('div', {}, h('strong', {}, 'Forces: '), names(e.forces, force)) : null,
      e.support === 'essay-only' ? h('span', { class: 'badge essay' }, 'found in the essay only') : null,
    ], { note: e.note, dispute: disputed(e.date, e.size), id: e.id }))],
    ['Forces', d.force.map((f) => card(`force · ${f.side} · ${words(f.kind)} · ${f.grade}`, f.name, [
      f.raised_in ? h('div', {}, h('strong', {}, 'Raised in: '), f.raised_in) : null,
      h('div', {}, h('strong', {}, 'From: '), names([f.origin], place), f.commander ? ` · commander ${names([f.commander], person)}` : ''),
      versions('Men', f.strength, num),
      versions('Veteran core', f.core, num),
      versions('Road (li)', f.road_li, num),
      versions('Arrives', f.arrives, date),
    ], { note: f.note, dispute: disputed(f.strength, f.core, f.road_li, f.arrives), id: f.id }))],
    ['Persons', d.person.map((p) => card(`person · ${p.side} · ${words(p.role)}${p.faction !== 'none' ? ` · ${p.faction} faction` : ''}`,
      [p.name, p.chinese ? h('span', { lang: 'zh' }, ` ${p.chinese}`) : null],
      [p.office ? h('div', {}, p.office) : null], { sources: p.sources, note: p.note, id: p.id }))],
    ['Places', d.place.map((p) => card(`place · ${p.kind}${p.held_by ? ` · held by ${p.held_by}` : ''}`,
      [p.name, p.chinese ? h('span', { lang: 'zh' }, ` ${p.chinese}`) : null],
      [h('div', {}, `${p.lat.toFixed(3)}° N, ${p.lon.toFixed(3)}° E`, p.part_of ? ` · part of ${names([p.part_of], place)}` : '')],
      { sources: p.sources, note: p.note, id: p.id }))],
    ['Roads', d.road.map((r) => card('road', `${names([r.from], place)} – ${names([r.to], place)}`,
      [versions('Distance (li)', r.li, num)], { dispute: disputed(r.li), id: `${r.from}-${r.to}` }))],
    ['Demands', d.demand.map((m) => card(`demand · ${m.kind}`, m.item, [
      versions(`Amount${m.unit ? ` (${m.unit})` : ''}`, m.amount, num),
      versions('Made', m.made, date),
      versions('Dropped', m.dropped, date),
      m.places.length ? h('div', {}, h('strong', {}, 'Prefectures: '), names(m.places, place)) : null,
      m.persons.length ? h('div', {}, h('strong', {}, 'Persons: '), names(m.persons, person)) : null,
      (m.raised || []).map((r) => h('div', {}, h('strong', {}, 'Raised: '), `${num(r.amount)} by ${date(r.by)} `, sourceBadges(sc, r.sources), r.note ? h('span', { class: 'why' }, ` ${r.note}`) : null)),
    ], { note: m.note, dispute: disputed(m.amount, m.made, m.dropped), id: m.id }))],
    ['Facts', d.fact.map((f) => card('fact', f.what, [versions(`Value${f.unit ? ` (${f.unit})` : ''}`, f.value, num)],
      { dispute: disputed(f.value), id: f.id }))],
    ['The western theatre', [card('western army', names([d.western.army], force), [
      h('div', {}, h('strong', {}, 'Besieging: '), names([d.western.besieging], place)),
      h('div', {}, h('strong', {}, 'Route: '), names(d.western.route, place)),
    ], { sources: d.western.sources, id: 'western' })]],
    ['What-ifs', d.what_if.map((w) => card(`what-if · diverges at ${w.diverges_at}`, w.id, [
      h('p', {}, w.summary),
      w.value ? h('div', {}, `${w.value.meaning}: ${w.value.min} to ${w.value.max}, default ${w.value.default}`) : null,
      w.date ? versions('Agreed date', [w.date], date) : null,
    ], { id: w.id }))],
    ['Model parameters', d.parameter.map((p) => card(`parameter${p.sources.length ? '' : ' · modelling assumption'}`, p.name, [
      h('div', {}, h('strong', {}, 'Default: '), `${p.default} ${p.unit || ''} (range ${p.min} to ${p.max})`),
      h('p', { class: 'note' }, p.why),
    ], { sources: p.sources, id: p.name }))],
    ['The calendar', d.calendar.month.map((m) => card('lunar month', `${m.era}${m.year} ${m.leap ? 'leap ' : ''}month ${m.month}`,
      [h('div', {}, `First day ${m.first_day_julian} (Julian), ${m.days} days`)], { sources: m.sources, id: `${m.era}${m.year}-${m.leap ? 'L' : ''}${m.month}` }))],
  ];

  const all = [];
  const body = sections.map(([name, cards]) => {
    all.push(...cards);
    return h('section', { 'data-section': name }, h('h2', {}, name, h('span', { class: 'status' }, ` (${cards.length})`)), h('div', { class: 'facts' }, cards));
  });
  const input = h('input', { type: 'search', id: 'search', placeholder: 'Search facts, names, sources (e.g. Li Gang, SS23, 2/1)…', 'aria-label': 'Search' });
  const count = h('span', { class: 'status', id: 'count' });
  const texts = all.map((c) => c.textContent.toLowerCase());
  const filter = () => {
    const words2 = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    all.forEach((c, i) => {
      const hit = words2.every((w) => texts[i].includes(w));
      c.classList.toggle('hidden', !hit);
      if (hit) shown += 1;
    });
    for (const sec of body) sec.classList.toggle('hidden', !sec.querySelector('.fact:not(.hidden)'));
    count.textContent = words2.length ? `${shown} of ${all.length} facts` : `${all.length} facts`;
    const q = new URLSearchParams(location.search);
    if (input.value) q.set('q', input.value); else q.delete('q');
    history.replaceState(null, '', q.toString() ? `?${q}` : location.pathname);
  };
  input.value = new URLSearchParams(location.search).get('q') || '';
  input.addEventListener('input', filter);

  const sourceList = h('dl', { class: 'source-list', id: 'source-list' }, d.source.map((x) => [
    h('dt', {}, sourceBadges(sc, [x.id])),
    h('dd', {}, x.title, ` (${x.kind})`, x.note ? h('span', { class: 'why' }, ` ${x.note}`) : null)]));
  root.replaceChildren(
    h('h1', {}, 'Sources'),
    h('p', { class: 'lead' }, `Every fact of the scenario “${d.scenario.title}” with the sources it rests on. Where the sources disagree, every version is listed and the one the model uses by default is marked. Citations: essay:N is paragraph N of the essay; MODEL marks a modelling assumption.`),
    h('div', { class: 'search' }, input, count),
    h('details', { class: 'panel' }, h('summary', {}, `The ${d.source.length} sources cited`), sourceList),
    ...body);
  filter();
}

start().catch((e) => showError(root, e));
