//! Lunar <-> JDN is a bijection over the table's range.

mod common;

use bianjing_calendar::{ErrorKind, Jdn};
use common::{TABLE, calendar};
use proptest::prelude::*;

const FIRST: i64 = 2132295;
const LAST: i64 = 2132856;

#[test]
fn whole_range_both_ways() {
    let cal = calendar();
    assert_eq!((cal.first_day(), cal.last_day()), (Jdn(FIRST), Jdn(LAST)));
    let total: i64 = TABLE.iter().map(|r| i64::from(r.6)).sum();
    assert_eq!(LAST - FIRST + 1, total);
    let mut previous = None;
    for j in FIRST..=LAST {
        let date = cal.to_lunar(Jdn(j)).unwrap();
        assert_eq!(cal.to_jdn(&date).unwrap(), Jdn(j));
        assert_ne!(previous.as_ref(), Some(&date));
        previous = Some(date);
    }
}

proptest! {
    #[test]
    fn jdn_lunar_jdn(j in FIRST..=LAST) {
        let cal = calendar();
        let date = cal.to_lunar(Jdn(j)).unwrap();
        prop_assert_eq!(cal.to_jdn(&date).unwrap(), Jdn(j));
    }

    #[test]
    fn lunar_jdn_lunar(row in 0..TABLE.len(), day in 1u8..=30) {
        let cal = calendar();
        let (era, year, month, leap, _, first, days) = TABLE[row];
        let date = common::lunar(era, year, month, leap, day);
        match cal.to_jdn(&date) {
            Ok(jdn) => {
                prop_assert!(day <= days);
                prop_assert_eq!(jdn, Jdn(first + i64::from(day) - 1));
                prop_assert_eq!(cal.to_lunar(jdn).unwrap(), date);
            }
            Err(e) => {
                prop_assert!(day > days);
                prop_assert_eq!(e.kind(), ErrorKind::NoSuchDay);
            }
        }
    }

    #[test]
    fn outside_the_range_is_an_error(j in prop_oneof![i64::MIN..FIRST, LAST + 1..=i64::MAX]) {
        let err = calendar().to_lunar(Jdn(j)).unwrap_err();
        prop_assert_eq!(err.kind(), ErrorKind::OutOfRange);
    }
}
