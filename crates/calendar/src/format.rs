//! Writing lunar dates in the three house styles.

use crate::lunar::{Calendar, LunarDate};

const CHINESE_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", ...
pub fn english_ordinal(n: u32) -> String {
    // 11, 12, 13 (and 111, ...) take "th" despite ending in 1, 2, 3.
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A number in Chinese numerals as dates write it: 十 for 10, 十六 for 16, 二十一, 一百零一,
/// 一萬零一十; 〇 for zero. Traditional characters (萬, 億), like the rest of the crate's output.
pub fn chinese_number(n: u32) -> String {
    if n == 0 {
        return CHINESE_DIGITS[0].to_string();
    }
    let groups = [
        (n / 100_000_000, '億'),
        ((n / 10_000) % 10_000, '萬'),
        (n % 10_000, ' '),
    ];
    let mut out = String::new();
    let mut pending_zero = false;
    for (value, unit) in groups {
        if value == 0 {
            pending_zero = !out.is_empty();
            continue;
        }
        // A gap (a zero group, or a group below 1000 after a higher one) is read as 零.
        if !out.is_empty() && (pending_zero || value < 1000) {
            out.push('零');
        }
        out.push_str(&group_number(value, out.is_empty()));
        if unit != ' ' {
            out.push(unit);
        }
        pending_zero = false;
    }
    out
}

/// 1..=9999. `leading`: 10-19 at the very start are written 十.. rather than 一十..
fn group_number(n: u32, leading: bool) -> String {
    let mut out = String::new();
    let mut zero = false;
    for (place, unit) in [
        (1000, Some('千')),
        (100, Some('百')),
        (10, Some('十')),
        (1, None),
    ] {
        let digit = (n / place) % 10;
        if digit == 0 {
            zero = !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        let skip_one = leading && out.is_empty() && place == 10 && digit == 1;
        if !skip_one {
            out.push(CHINESE_DIGITS[digit as usize]);
        }
        if let Some(u) = unit {
            out.push(u);
        }
    }
    out
}

impl Calendar {
    /// Compact form: "JK1 1/16"; leap month "JK1 L11/5". Same as the date's `Display`.
    pub fn format_short(&self, date: &LunarDate) -> String {
        date.to_string()
    }

    /// English form: "Jingkang 1, 1st month, 16th day"; "Jingkang 1, leap 11th month, 5th day".
    /// An era the calendar does not know is written as its id.
    pub fn format_long(&self, date: &LunarDate) -> String {
        let era = self
            .era(&date.era)
            .map_or(date.era.as_str(), |e| e.pinyin.as_str());
        let leap = if date.leap { "leap " } else { "" };
        format!(
            "{era} {}, {leap}{} month, {} day",
            date.year,
            english_ordinal(u32::from(date.month)),
            english_ordinal(u32::from(date.day))
        )
    }

    /// Chinese form as the annals write it: "靖康元年正月十六日", "靖康元年閏十一月五日",
    /// "宣和七年十二月二十一日". Plain numerals for days (一日, not 初一). An era the
    /// calendar does not know is written as its id.
    pub fn format_chinese(&self, date: &LunarDate) -> String {
        let era = self
            .era(&date.era)
            .map_or(date.era.as_str(), |e| e.chinese.as_str());
        let year = if date.year == 1 {
            "元".to_owned()
        } else {
            chinese_number(u32::from(date.year))
        };
        let month = if date.month == 1 {
            "正".to_owned()
        } else {
            chinese_number(u32::from(date.month))
        };
        let leap = if date.leap { "閏" } else { "" };
        format!(
            "{era}{year}年{leap}{month}月{}日",
            chinese_number(u32::from(date.day))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals() {
        let cases = [
            (1, "1st"),
            (2, "2nd"),
            (3, "3rd"),
            (4, "4th"),
            (10, "10th"),
            (11, "11th"),
            (12, "12th"),
            (13, "13th"),
            (21, "21st"),
            (22, "22nd"),
            (23, "23rd"),
            (30, "30th"),
            (101, "101st"),
            (111, "111th"),
        ];
        for (n, s) in cases {
            assert_eq!(english_ordinal(n), s);
        }
    }

    #[test]
    fn chinese_numbers() {
        let cases = [
            (0, "〇"),
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (16, "十六"),
            (20, "二十"),
            (21, "二十一"),
            (30, "三十"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (1126, "一千一百二十六"),
            (1006, "一千零六"),
            (10_000, "一萬"),
            (10_010, "一萬零一十"),
            (65_535, "六萬五千五百三十五"),
            (100_000_001, "一億零一"),
        ];
        for (n, s) in cases {
            assert_eq!(chinese_number(n), s, "{n}");
        }
    }
}
