//! The 60-day cycle of day names (干支), used by the annals to stamp dates.

use std::fmt;
use std::str::FromStr;

use crate::error::{CalendarError, ErrorKind};
use crate::jdn::Jdn;

const STEM_CHINESE: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
const STEM_PINYIN: [&str; 10] = [
    "jia", "yi", "bing", "ding", "wu", "ji", "geng", "xin", "ren", "gui",
];
const BRANCH_CHINESE: [char; 12] = [
    '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
];
const BRANCH_PINYIN: [&str; 12] = [
    "zi", "chou", "yin", "mao", "chen", "si", "wu", "wei", "shen", "you", "xu", "hai",
];

/// One of the ten heavenly stems (天干), 0 = 甲 jia ... 9 = 癸 gui.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stem(u8);

/// One of the twelve earthly branches (地支), 0 = 子 zi ... 11 = 亥 hai.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Branch(u8);

impl Stem {
    /// The stem with this index, if it is below 10.
    pub fn new(index: u8) -> Option<Stem> {
        (index < 10).then_some(Stem(index))
    }
    pub fn index(self) -> u8 {
        self.0
    }
    pub fn chinese(self) -> char {
        STEM_CHINESE[usize::from(self.0)]
    }
    pub fn pinyin(self) -> &'static str {
        STEM_PINYIN[usize::from(self.0)]
    }
}

impl Branch {
    /// The branch with this index, if it is below 12.
    pub fn new(index: u8) -> Option<Branch> {
        (index < 12).then_some(Branch(index))
    }
    pub fn index(self) -> u8 {
        self.0
    }
    pub fn chinese(self) -> char {
        BRANCH_CHINESE[usize::from(self.0)]
    }
    pub fn pinyin(self) -> &'static str {
        BRANCH_PINYIN[usize::from(self.0)]
    }
}

/// A day name of the 60-day cycle: index 0 = 甲子 jiazi ... 59 = 癸亥 guihai.
///
/// The cycle has run unbroken since antiquity, so the name of a day follows from its JDN alone:
/// index = (JDN + 49) mod 60. That makes it an independent check on a month table, since the
/// annals record the day name of many events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sexagenary {
    index: u8,
}

impl Sexagenary {
    /// The day name with this index, if it is below 60.
    pub fn new(index: u8) -> Option<Sexagenary> {
        (index < 60).then_some(Sexagenary { index })
    }

    /// The name of the day `jdn`.
    pub fn from_jdn(jdn: Jdn) -> Sexagenary {
        // i128 so that the +49 cannot overflow near i64::MAX.
        let index = (i128::from(jdn.0) + 49).rem_euclid(60);
        Sexagenary { index: index as u8 }
    }

    /// The name combining a stem and a branch. Only pairs of equal parity occur in the cycle
    /// (甲子 does, 甲丑 does not), so the others give `None`.
    pub fn from_stem_branch(stem: Stem, branch: Branch) -> Option<Sexagenary> {
        if stem.0 % 2 != branch.0 % 2 {
            return None;
        }
        // Chinese remainder theorem: 6 ≡ 1 (mod 10), 6 ≡ 0 (mod 12); -5 ≡ 0 (mod 10), -5 ≡ 1 (mod 12).
        let index = (6 * i32::from(stem.0) - 5 * i32::from(branch.0)).rem_euclid(60);
        Some(Sexagenary { index: index as u8 })
    }

    /// 0..=59.
    pub fn index(self) -> u8 {
        self.index
    }

    pub fn stem(self) -> Stem {
        Stem(self.index % 10)
    }

    pub fn branch(self) -> Branch {
        Branch(self.index % 12)
    }

    /// The two characters, e.g. "甲子".
    pub fn chinese(self) -> String {
        [self.stem().chinese(), self.branch().chinese()]
            .iter()
            .collect()
    }

    /// Lowercase toneless pinyin written as one word, e.g. "jiazi".
    pub fn pinyin(self) -> String {
        format!("{}{}", self.stem().pinyin(), self.branch().pinyin())
    }

    /// The name `days` days later (negative: earlier).
    pub fn offset(self, days: i64) -> Sexagenary {
        let index = (i128::from(self.index) + i128::from(days)).rem_euclid(60);
        Sexagenary { index: index as u8 }
    }
}

/// Shows the Chinese characters.
impl fmt::Display for Sexagenary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.chinese())
    }
}

impl FromStr for Sexagenary {
    type Err = CalendarError;

    /// Accepts the two characters ("戊午") or the pinyin in one word, any case ("wuwu", "WuWu").
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let error = || {
            CalendarError::new(
                ErrorKind::Syntax,
                format!("expected a day name such as 甲子 or jiazi, found '{s}'"),
            )
        };
        let chars: Vec<char> = text.chars().collect();
        if let [s_char, b_char] = chars[..] {
            if let (Some(si), Some(bi)) = (
                STEM_CHINESE.iter().position(|&c| c == s_char),
                BRANCH_CHINESE.iter().position(|&c| c == b_char),
            ) {
                return Sexagenary::from_stem_branch(Stem(si as u8), Branch(bi as u8))
                    .ok_or_else(error);
            }
        }
        let lower = text.to_ascii_lowercase();
        // Stems share prefixes (ji/jia), so try every split rather than the first match.
        for (si, stem) in STEM_PINYIN.iter().enumerate() {
            if let Some(rest) = lower.strip_prefix(stem) {
                if let Some(bi) = BRANCH_PINYIN.iter().position(|b| *b == rest) {
                    if let Some(found) =
                        Sexagenary::from_stem_branch(Stem(si as u8), Branch(bi as u8))
                    {
                        return Ok(found);
                    }
                }
            }
        }
        Err(error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stem_branch_round_trip() {
        for i in 0..60 {
            let s = Sexagenary::new(i).unwrap();
            assert_eq!(Sexagenary::from_stem_branch(s.stem(), s.branch()), Some(s));
            assert_eq!(s.chinese().parse::<Sexagenary>().unwrap(), s);
            assert_eq!(s.pinyin().parse::<Sexagenary>().unwrap(), s);
        }
        assert_eq!(Sexagenary::new(60), None);
        assert_eq!(Sexagenary::from_stem_branch(Stem(0), Branch(1)), None);
    }
}
