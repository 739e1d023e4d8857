// Drawing the theatre: a projection of the scenario's coordinates into a box, force circles sized by
// their men, and place labels that keep clear of each other. Used by the map and the game.

import { s, round } from './svg.js';

export function bounds(points) {
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return { lon0: Math.min(...lons), lon1: Math.max(...lons), lat0: Math.min(...lats), lat1: Math.max(...lats) };
}

// Equirectangular, with longitude shrunk by the cosine of the middle latitude.
export function projection(b, box) {
  const k0 = Math.cos(((b.lat0 + b.lat1) / 2) * Math.PI / 180);
  const sx = box.w / ((b.lon1 - b.lon0) * k0);
  const sy = box.h / (b.lat1 - b.lat0);
  const k = Math.min(sx, sy);
  const ox = box.x + (box.w - (b.lon1 - b.lon0) * k0 * k) / 2;
  const oy = box.y + (box.h - (b.lat1 - b.lat0) * k) / 2;
  return ([lon, lat]) => [round(ox + (lon - b.lon0) * k0 * k), round(oy + (b.lat1 - lat) * k)];
}

// Area proportional to the men present.
export function radius(men) {
  return men > 0 ? Math.max(3, Math.sqrt(men) / 18) : 0;
}

// A function placing labels right of their point, else left, above or below, wherever they overlap
// no label placed before; `above` tries above first (the capital, whose forces gather on its point).
export function labeller() {
  const taken = [];
  return (x, y, text, above) => {
    const w = text.length * 6.2, hgt = 12;
    const tries = [[x + 6, y + 4, 'start'], [x - 6, y + 4, 'end'], [x, y - 7, 'middle'], [x, y + 15, 'middle']];
    if (above) tries.unshift([x, y - 14, 'middle']);
    const box = ([tx, ty, anchor]) => {
      const x0 = anchor === 'start' ? tx : anchor === 'end' ? tx - w : tx - w / 2;
      return [x0, ty - hgt + 2, x0 + w, ty + 2];
    };
    const free = (b) => taken.every((t) => b[2] < t[0] || b[0] > t[2] || b[3] < t[1] || b[1] > t[3]);
    const pick = tries.find((t) => free(box(t))) || tries[0];
    taken.push(box(pick));
    return s('text', { class: 'place-label', x: pick[0], y: pick[1], 'text-anchor': pick[2] }, text);
  };
}

// "Bianjing (Kaifeng), the Eastern Capital" → "Bianjing": a place's name short enough for a label.
export function shortName(name) {
  return name.split(',')[0].split(' (')[0];
}
