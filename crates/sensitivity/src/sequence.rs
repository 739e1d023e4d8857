//! The Sobol low-discrepancy sequence with Joe and Kuo's direction numbers.
//!
//! Points are produced in Gray-code order (Antonov and Saleev), the order of Joe and Kuo's own
//! generator, so point `n` is the XOR of the direction numbers picked by the bits of `n ^ (n >> 1)`.
//! That makes every point directly addressable: a design can hand out points to threads in any order
//! and still give the same numbers.

use std::sync::OnceLock;

use crate::Error;

/// The direction numbers (first 1,024 dimensions of Joe and Kuo's `new-joe-kuo-6.21201`), with their
/// citation and licence in the file's header.
const DIRECTION_FILE: &str = include_str!("../data/new-joe-kuo-6.1024.txt");

/// Bits of resolution: points are multiples of 2^-32, and at most 2^32 points exist.
const BITS: usize = 32;

/// How many dimensions the stored direction numbers allow.
pub const MAX_DIMENSIONS: usize = 1024;

/// One row of the direction-number table: the degree `s`, the coefficients `a` and the initial `m`s.
struct Primitive {
    degree: usize,
    coefficients: u32,
    initial: Vec<u32>,
}

fn table() -> &'static [Primitive] {
    static TABLE: OnceLock<Vec<Primitive>> = OnceLock::new();
    TABLE.get_or_init(|| parse_table(DIRECTION_FILE).expect("the stored direction numbers parse"))
}

/// Reads the table, checking what the recurrence relies on: consecutive dimensions from 2, `s`
/// initial numbers per row, each odd and below 2^i.
fn parse_table(text: &str) -> Result<Vec<Primitive>, String> {
    let mut rows = Vec::new();
    let lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty() && !l.starts_with('d'));
    for (n, line) in lines {
        let bad = |what: &str| format!("line {}: {what}: `{line}`", n + 1);
        let nums: Vec<u64> = line
            .split_whitespace()
            .map(|w| w.parse().map_err(|_| bad("not a whole number")))
            .collect::<Result<_, _>>()?;
        let [d, s, a, m @ ..] = nums.as_slice() else {
            return Err(bad("expected d s a m_1 .. m_s"));
        };
        if *d as usize != rows.len() + 2 {
            return Err(bad("dimensions must follow one another from 2"));
        }
        let s = *s as usize;
        if s == 0 || s >= BITS || m.len() != s {
            return Err(bad("expected s initial direction numbers"));
        }
        for (i, &mi) in m.iter().enumerate() {
            if mi % 2 == 0 || mi >= 1 << (i + 1) {
                return Err(bad("m_i must be odd and below 2^i"));
            }
        }
        rows.push(Primitive {
            degree: s,
            coefficients: u32::try_from(*a).map_err(|_| bad("a too large"))?,
            initial: m.iter().map(|&x| x as u32).collect(),
        });
    }
    Ok(rows)
}

/// The Sobol sequence in `dimensions` dimensions (unscrambled, starting with the origin).
#[derive(Debug, Clone)]
pub struct SobolSequence {
    /// `directions[d][b]`: the direction number of dimension `d` for bit `b`, scaled to 32 bits.
    directions: Vec<[u32; BITS]>,
}

impl SobolSequence {
    /// The sequence in `dimensions` dimensions, from 1 to [`MAX_DIMENSIONS`].
    pub fn new(dimensions: usize) -> Result<SobolSequence, Error> {
        if dimensions == 0 || dimensions > MAX_DIMENSIONS {
            return Err(Error::Dimensions {
                asked: dimensions,
                max: MAX_DIMENSIONS,
            });
        }
        let mut directions = Vec::with_capacity(dimensions);
        // Dimension 1 is van der Corput's sequence in base 2: every m_i is 1.
        directions.push(std::array::from_fn(|b| 1u32 << (BITS - 1 - b)));
        for p in &table()[..dimensions - 1] {
            directions.push(directions_of(p));
        }
        Ok(SobolSequence { directions })
    }

    pub fn dimensions(&self) -> usize {
        self.directions.len()
    }

    /// Writes point `index` (0 is the origin) into `out`, one coordinate in [0, 1) per dimension.
    ///
    /// # Panics
    /// If `out` is not [`dimensions`](Self::dimensions) long or `index` is 2^32 or more.
    pub fn point(&self, index: u64, out: &mut [f64]) {
        assert_eq!(out.len(), self.dimensions(), "one coordinate per dimension");
        assert!(index < 1 << BITS, "the sequence has 2^32 points");
        let gray = index ^ (index >> 1);
        const SCALE: f64 = 1.0 / 4_294_967_296.0;
        for (x, v) in out.iter_mut().zip(&self.directions) {
            let mut bits = 0u32;
            let mut g = gray;
            let mut b = 0;
            while g != 0 {
                if g & 1 == 1 {
                    bits ^= v[b];
                }
                g >>= 1;
                b += 1;
            }
            *x = f64::from(bits) * SCALE;
        }
    }
}

/// Bratley and Fox's recurrence: the first `s` numbers are given, the rest follow from the
/// primitive polynomial.
fn directions_of(p: &Primitive) -> [u32; BITS] {
    let s = p.degree;
    let mut m = [0u32; BITS];
    for j in 0..BITS {
        m[j] = if j < s {
            p.initial[j]
        } else {
            let mut next = m[j - s] ^ (m[j - s] << s);
            for k in 1..s {
                if (p.coefficients >> (s - 1 - k)) & 1 == 1 {
                    next ^= m[j - k] << k;
                }
            }
            next
        };
    }
    // m_j is a j-bit odd number; as a binary fraction it is m_j / 2^j.
    std::array::from_fn(|j| m[j] << (BITS - 1 - j))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stored_table_parses_to_every_dimension() {
        assert_eq!(table().len(), MAX_DIMENSIONS - 1);
    }

    #[test]
    fn a_broken_table_is_refused_with_its_line() {
        let e = parse_table("2 1 0 2\n").err().expect("m_1 = 2 is even");
        assert!(e.starts_with("line 1:"), "{e}");
        let e = parse_table("2 1 0 1\n4 2 1 1 3\n").err().expect("a gap");
        assert!(e.starts_with("line 2:"), "{e}");
    }
}
