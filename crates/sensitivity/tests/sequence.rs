//! The Sobol sequence against the published one.

use bianjing_sensitivity::{Error, MAX_DIMENSIONS, SobolSequence};

/// The first nine points in the first eight dimensions, as printed by Joe and Kuo's generator (and
/// by SALib's port of it) from `new-joe-kuo-6.21201`, starting with the origin.
const FIRST_POINTS: [[f64; 8]; 9] = [
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
    [0.75, 0.25, 0.25, 0.25, 0.75, 0.75, 0.25, 0.75],
    [0.25, 0.75, 0.75, 0.75, 0.25, 0.25, 0.75, 0.25],
    [0.375, 0.375, 0.625, 0.875, 0.375, 0.125, 0.375, 0.875],
    [0.875, 0.875, 0.125, 0.375, 0.875, 0.625, 0.875, 0.375],
    [0.625, 0.125, 0.875, 0.625, 0.625, 0.875, 0.125, 0.125],
    [0.125, 0.625, 0.375, 0.125, 0.125, 0.375, 0.625, 0.625],
    [
        0.1875, 0.3125, 0.9375, 0.4375, 0.5625, 0.3125, 0.4375, 0.9375,
    ],
];

/// Later points in high dimensions (100, 222, 512 and 1024), from the same generator: these exercise
/// the recurrence well past the stored initial numbers and the last rows of the stored table.
const HIGH: [(u64, [f64; 4]); 4] = [
    (33, [0.796875, 0.484375, 0.421875, 0.359375]),
    (100, [0.8828125, 0.7890625, 0.5234375, 0.9453125]),
    (
        777,
        [0.5107421875, 0.4130859375, 0.7978515625, 0.4521484375],
    ),
    (
        1099,
        [0.64697265625, 0.44091796875, 0.67236328125, 0.19873046875],
    ),
];

#[test]
fn the_first_points_are_the_published_ones() {
    let s = SobolSequence::new(8).unwrap();
    let mut x = [0.0; 8];
    for (n, expected) in FIRST_POINTS.iter().enumerate() {
        s.point(n as u64, &mut x);
        assert_eq!(&x, expected, "point {n}");
    }
}

#[test]
fn high_dimensions_match_the_published_sequence() {
    let s = SobolSequence::new(MAX_DIMENSIONS).unwrap();
    let mut x = vec![0.0; MAX_DIMENSIONS];
    for (n, expected) in HIGH {
        s.point(n, &mut x);
        let got = [x[99], x[221], x[511], x[1023]];
        assert_eq!(got, expected, "point {n}");
    }
}

#[test]
fn too_many_dimensions_are_refused() {
    assert_eq!(
        SobolSequence::new(MAX_DIMENSIONS + 1).err(),
        Some(Error::Dimensions {
            asked: MAX_DIMENSIONS + 1,
            max: MAX_DIMENSIONS
        })
    );
    assert!(SobolSequence::new(0).is_err());
}
