// What several pages show the same way: source badges.

import { h } from '../lib/dom.js';

// A badge per citation, coloured by the kind of source, with its title on hover.
export function sourceBadges(sc, citations) {
  const byId = new Map(sc.scenario.source.map((x) => [x.id, x]));
  return (citations || []).map((c) => {
    const id = c.startsWith('essay:') ? 'essay' : c;
    const src = byId.get(id);
    const kind = src ? src.kind : 'reference';
    const tip = src ? `${src.title}${c.startsWith('essay:') ? `, paragraph ${c.slice(6)}` : ''}${src.note ? ` — ${src.note}` : ''}` : c;
    return h('span', { class: `badge ${kind}`, title: tip, 'data-source': c }, c);
  });
}

// "1/16": the lunar month and day of a Julian Day Number, from the scenario's month table.
export function lunarShort(sc, jdn) {
  const m = sc.scenario.calendar.month.find((r) => jdn >= r.first_day_jdn && jdn < r.first_day_jdn + r.days);
  return m ? `${m.leap ? 'L' : ''}${m.month}/${jdn - m.first_day_jdn + 1}` : '';
}
