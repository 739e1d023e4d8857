//! The theatre drawn in characters from the scenario's coordinates: roads, the Yellow River through
//! its crossings, places, and the forces on top. Every position comes from the view; nothing about
//! the geography is written here.

use bianjing_game::view::MapView;

/// What a cell shows, in drawing order (later kinds win).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ink {
    Blank,
    Road,
    River,
    Label,
    Place,
    Capital,
    Camp,
    Song,
    Jin,
}

/// A character grid with the kind of each cell, for colouring.
pub struct Grid {
    pub width: usize,
    pub height: usize,
    pub cells: Vec<(char, Ink)>,
}

impl Grid {
    fn new(width: usize, height: usize) -> Grid {
        Grid {
            width,
            height,
            cells: vec![(' ', Ink::Blank); width * height],
        }
    }
    fn put(&mut self, x: usize, y: usize, c: char, ink: Ink) {
        if x < self.width && y < self.height {
            let cell = &mut self.cells[y * self.width + x];
            if ink >= cell.1 {
                *cell = (c, ink);
            }
        }
    }
    fn free(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.height && self.cells[y * self.width + x].1 <= Ink::River
    }
    /// The rows as strings with their inks.
    pub fn rows(&self) -> impl Iterator<Item = &[(char, Ink)]> {
        self.cells.chunks(self.width.max(1))
    }
}

/// Which places a map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole theatre; the gates are too close to the city to tell apart.
    Theatre,
    /// The city, its gates and the Jin camp.
    City,
}

/// Draws `map` into a `width` x `height` grid.
pub fn draw(map: &MapView, scope: Scope, width: usize, height: usize) -> Grid {
    let mut g = Grid::new(width, height);
    if width < 4 || height < 3 {
        return g;
    }
    let shown = |kind: &str| match scope {
        Scope::Theatre => kind != "gate" && kind != "granary",
        Scope::City => matches!(kind, "capital" | "gate" | "camp" | "granary" | "town"),
    };
    let places: Vec<_> = map
        .places
        .iter()
        .filter(|p| shown(&p.kind) && p.lon.is_finite() && p.lat.is_finite())
        .filter(|p| scope == Scope::Theatre || p.kind != "town" || p.id == "banqiao")
        .collect();
    if places.is_empty() {
        return g;
    }
    let (mut lon0, mut lon1, mut lat0, mut lat1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in &places {
        lon0 = lon0.min(p.lon);
        lon1 = lon1.max(p.lon);
        lat0 = lat0.min(p.lat);
        lat1 = lat1.max(p.lat);
    }
    // A margin so that the edge places keep room for their marks.
    let (dlon, dlat) = (
        (lon1 - lon0).max(1e-3) * 0.04,
        (lat1 - lat0).max(1e-3) * 0.06,
    );
    let (lon0, lon1, lat0, lat1) = (lon0 - dlon, lon1 + dlon, lat0 - dlat, lat1 + dlat);
    let at = |lon: f64, lat: f64| -> Option<(usize, usize)> {
        if !(lon0..=lon1).contains(&lon) || !(lat0..=lat1).contains(&lat) {
            return None;
        }
        let x = ((lon - lon0) / (lon1 - lon0) * (width - 1) as f64).round() as usize;
        let y = ((lat1 - lat) / (lat1 - lat0) * (height - 1) as f64).round() as usize;
        Some((x, y))
    };
    let find = |id: &str| map.places.iter().find(|p| p.id == id);
    let line = |g: &mut Grid, a: (f64, f64), b: (f64, f64), c: char, ink: Ink| {
        let steps = (width + height) * 2;
        for i in 0..=steps {
            let t = i as f64 / steps as f64;
            if let Some((x, y)) = at(a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t) {
                g.put(x, y, c, ink);
            }
        }
    };
    if scope == Scope::Theatre {
        for (from, to) in &map.roads {
            if let (Some(a), Some(b)) = (find(from), find(to)) {
                line(&mut g, (a.lon, a.lat), (b.lon, b.lat), '.', Ink::Road);
            }
        }
        // The river, drawn through its crossings from west to east.
        let mut crossings: Vec<_> = places.iter().filter(|p| p.kind == "crossing").collect();
        crossings.sort_by(|a, b| a.lon.total_cmp(&b.lon));
        for w in crossings.windows(2) {
            line(
                &mut g,
                (w[0].lon, w[0].lat),
                (w[1].lon, w[1].lat),
                '~',
                Ink::River,
            );
        }
    }
    let capital = places
        .iter()
        .find(|p| p.kind == "capital")
        .and_then(|p| at(p.lon, p.lat));
    for p in &places {
        let Some((mut x, y)) = at(p.lon, p.lat) else {
            continue;
        };
        // At the theatre's scale the camp falls on the city: draw it just beside.
        if p.kind == "camp" && Some((x, y)) == capital {
            x = x.saturating_sub(1);
        }
        let (c, ink) = match p.kind.as_str() {
            "capital" => ('#', Ink::Capital),
            "camp" => ('X', Ink::Camp),
            "crossing" => ('=', Ink::Place),
            "gate" => ('+', Ink::Place),
            _ => ('o', Ink::Place),
        };
        g.put(x, y, c, ink);
    }
    // Forces: S for Song, J for Jin; several at one cell show once.
    for f in &map.forces {
        if let Some((x, y)) = at(f.lon, f.lat) {
            let (c, ink) = if f.side == "jin" {
                ('J', Ink::Jin)
            } else {
                ('S', Ink::Song)
            };
            // Beside, not on, the capital and the camp, so their marks stay visible.
            let here = g.cells[y * width + x].1;
            let x = if matches!(here, Ink::Capital | Ink::Camp) && x + 1 < width {
                x + 1
            } else {
                x
            };
            g.put(x, y, c, ink);
        }
    }
    // Labels last, where they fit: the capital's and the camp's first.
    let rank = |kind: &str| match kind {
        "capital" => 0,
        "camp" => 1,
        "crossing" => 2,
        "gate" => 3,
        _ => 4,
    };
    let mut places = places;
    places.sort_by_key(|p| rank(&p.kind));
    for p in &places {
        let Some((x, y)) = at(p.lon, p.lat) else {
            continue;
        };
        let label = short_name(&p.name);
        let n = label.chars().count();
        let start = if x + 2 + n <= width {
            x + 2
        } else if x > n {
            x - n - 1
        } else {
            continue;
        };
        if (start..start + n).all(|i| g.free(i, y)) {
            for (i, ch) in label.chars().enumerate() {
                g.put(start + i, y, ch, Ink::Label);
            }
        }
    }
    g
}

/// A place's name shortened for the map: its first word, before any comma or parenthesis.
fn short_name(name: &str) -> String {
    name.split([',', '(', ' '])
        .next()
        .unwrap_or(name)
        .chars()
        .take(10)
        .collect()
}
