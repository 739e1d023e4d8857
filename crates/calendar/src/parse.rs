//! Reading lunar and Western dates typed by people.
//!
//! The parser works on a normalized copy of the input (ASCII lowercase, full-width forms
//! folded to ASCII, pinyin tone marks dropped) so that case, input-method quirks and
//! spacing never matter. Every path returns a `CalendarError` rather than panicking: the input
//! comes straight from users and scenario files.

use crate::error::{CalendarError, ErrorKind};
use crate::jdn::{Jdn, Style};
use crate::lunar::{Calendar, LunarDate, month_label};

/// The canonical form in which era spellings and input are compared.
pub(crate) fn normalize(s: &str) -> Vec<char> {
    normalize_with_original(s).0
}

/// The folded text and, char for char, the original it came from (trimmed alike), so that
/// messages can quote what the user typed rather than its lowercased form.
fn normalize_with_original(s: &str) -> (Vec<char>, Vec<char>) {
    let original: Vec<char> = s.chars().collect();
    let folded: Vec<char> = original.iter().copied().map(fold_char).collect();
    let start = folded.iter().position(|c| !c.is_whitespace());
    let end = folded.iter().rposition(|c| !c.is_whitespace());
    match (start, end) {
        (Some(a), Some(b)) => (folded[a..=b].to_vec(), original[a..=b].to_vec()),
        _ => (Vec::new(), Vec::new()),
    }
}

fn fold_char(c: char) -> char {
    let c = match c {
        '\u{3000}' => ' ',
        '、' => ',',
        // Full-width ASCII block, produced by CJK input methods.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        'ā' | 'á' | 'ǎ' | 'à' | 'Ā' | 'Á' | 'Ǎ' | 'À' => 'a',
        'ē' | 'é' | 'ě' | 'è' | 'Ē' | 'É' | 'Ě' | 'È' => 'e',
        'ī' | 'í' | 'ǐ' | 'ì' | 'Ī' | 'Í' | 'Ǐ' | 'Ì' => 'i',
        'ō' | 'ó' | 'ǒ' | 'ò' | 'Ō' | 'Ó' | 'Ǒ' | 'Ò' => 'o',
        'ū' | 'ú' | 'ǔ' | 'ù' | 'Ū' | 'Ú' | 'Ǔ' | 'Ù' => 'u',
        'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'Ü' | 'Ǖ' | 'Ǘ' | 'Ǚ' | 'Ǜ' => 'v',
        other => other,
    };
    c.to_ascii_lowercase()
}

/// Characters that can end a Chinese numeral, trimmed off an unknown era name in messages.
const CHINESE_NUMERAL_CHARS: &str = "元正〇零一二兩两三四五六七八九十廿卅卌百千萬万";

fn chinese_digit(c: char) -> Option<u64> {
    Some(match c {
        '一' => 1,
        '二' | '兩' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// Reads a number written in ASCII digits or Chinese numerals (十六, 二十一, 廿一, 卅, 一百零一,
/// 一萬二千). `None` if it is neither. Values beyond `u32` saturate, which callers reject as
/// out of range anyway.
pub(crate) fn parse_number(s: &[char]) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if s.iter().all(char::is_ascii_digit) {
        return Some(ascii_number(s));
    }
    let mut total: u64 = 0;
    let mut section: u64 = 0;
    let mut digit: Option<u64> = None;
    // Units must strictly decrease within a section (十百 is not a number), and 萬 after 億.
    let mut last_unit = u64::MAX;
    let mut last_big = u64::MAX;
    for &c in s {
        if let Some(d) = chinese_digit(c) {
            if digit.is_some() {
                return None;
            }
            digit = Some(d);
            continue;
        }
        match c {
            '零' | '〇' => {
                if digit.is_some() {
                    return None;
                }
            }
            '十' | '百' | '千' => {
                let unit = match c {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                if unit >= last_unit {
                    return None;
                }
                // 十六 means 16, but a bare 百 or 千 is not how dates are written.
                let d = match digit.take() {
                    Some(d) => d,
                    None if unit == 10 => 1,
                    None => return None,
                };
                section += d * unit;
                last_unit = unit;
            }
            '廿' | '卅' | '卌' => {
                if digit.is_some() || last_unit <= 10 {
                    return None;
                }
                section += match c {
                    '廿' => 20,
                    '卅' => 30,
                    _ => 40,
                };
                last_unit = 10;
            }
            '萬' | '万' | '億' | '亿' => {
                let big = if matches!(c, '萬' | '万') {
                    10_000
                } else {
                    100_000_000
                };
                let value = section + digit.take().unwrap_or(0);
                if big >= last_big || value == 0 {
                    return None;
                }
                total += value * big;
                section = 0;
                last_unit = u64::MAX;
                last_big = big;
            }
            _ => return None,
        }
    }
    let value = total + section + digit.unwrap_or(0);
    Some(u32::try_from(value).unwrap_or(u32::MAX))
}

fn ascii_number(s: &[char]) -> u32 {
    s.iter().fold(0u32, |acc, c| {
        acc.saturating_mul(10)
            .saturating_add(c.to_digit(10).unwrap_or(0))
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Num(u32),
    Word(String),
    Slash,
}

#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    text: String,
}

/// `original` is the text as typed, index for index with `chars`, for quoting in messages.
fn tokenize(chars: &[char], original: &[char]) -> Result<Vec<Token>, CalendarError> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c.is_whitespace() || c == ',' {
            i += 1;
            continue;
        }
        let start = i;
        let tok = if c.is_ascii_digit() {
            while chars.get(i).is_some_and(char::is_ascii_digit) {
                i += 1;
            }
            Tok::Num(ascii_number(&chars[start..i]))
        } else if c.is_ascii_alphabetic() {
            while chars.get(i).is_some_and(char::is_ascii_alphabetic) {
                i += 1;
            }
            Tok::Word(chars[start..i].iter().collect())
        } else if c == '/' {
            i += 1;
            Tok::Slash
        } else {
            return Err(CalendarError::new(
                ErrorKind::Syntax,
                format!("unexpected character '{}' in the date", original[i]),
            ));
        };
        tokens.push(Token {
            tok,
            text: original[start..i].iter().collect(),
        });
    }
    Ok(tokens)
}

/// The numbers read from the text, before they are checked against the table.
struct Fields {
    era: usize,
    year: u32,
    month: u32,
    leap: bool,
    day: u32,
}

struct Tokens {
    tokens: Vec<Token>,
    pos: usize,
}

impl Tokens {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn found(&self) -> String {
        match self.tokens.get(self.pos) {
            Some(t) => format!("'{}'", t.text),
            None => "the end of the input".to_owned(),
        }
    }

    fn error(&self, expected: &str) -> CalendarError {
        CalendarError::new(
            ErrorKind::Syntax,
            format!("expected {expected}, found {}", self.found()),
        )
    }

    fn number(&mut self, expected: &str) -> Result<u32, CalendarError> {
        match self.peek() {
            Some(&Tok::Num(n)) => {
                self.pos += 1;
                Ok(n)
            }
            _ => Err(self.error(expected)),
        }
    }

    /// Consumes the next token if it is one of `words`.
    fn word(&mut self, words: &[&str]) -> bool {
        match self.peek() {
            Some(Tok::Word(w)) if words.contains(&w.as_str()) => {
                self.pos += 1;
                true
            }
            _ => false,
        }
    }
}

const ORDINAL_SUFFIXES: [&str; 4] = ["st", "nd", "rd", "th"];

impl Calendar {
    /// Reads a lunar date in any of the house styles, checking that the calendar has it.
    ///
    /// Accepted (case, spacing and commas are free; the era may be given by id, pinyin or
    /// Chinese name in any of the forms):
    /// - compact: `JK1 1/16`, `JK 1 1/16`, `JK1 L11/5`, `Jingkang 1 1/16`, `jingkang 1 leap 11/5`;
    /// - English: `Jingkang 1, 1st month, 16th day`, `Jingkang 1, leap 11th month, 5th day`;
    /// - Chinese: `靖康元年正月十六日`, `靖康元年閏十一月五日` (or 闰), `宣和七年十二月二十一日`,
    ///   with days as 初五, 十六, 廿一, 卅, years as 元 or numerals, an optional season
    ///   (靖康元年春正月...), and ASCII digits in place of numerals.
    pub fn parse_lunar(&self, text: &str) -> Result<LunarDate, CalendarError> {
        let (chars, original) = normalize_with_original(text);
        if chars.is_empty() {
            return Err(CalendarError::new(
                ErrorKind::Syntax,
                format!(
                    "the date is empty; expected a lunar date such as {}",
                    self.examples()
                ),
            ));
        }
        let fields = self.read_fields(&chars, &original)?;
        let era = &self.eras()[fields.era];
        let year = u16::try_from(fields.year).map_err(|_| {
            CalendarError::new(
                ErrorKind::OutOfRange,
                format!(
                    "{} {} is outside the calendar table",
                    era.pinyin, fields.year
                ),
            )
        })?;
        if !(1..=12).contains(&fields.month) {
            return Err(CalendarError::new(
                ErrorKind::NoSuchMonth,
                format!(
                    "{} {year}: there is no month {}; months are numbered 1 to 12",
                    era.pinyin, fields.month
                ),
            ));
        }
        let date = LunarDate {
            era: era.id.clone(),
            year,
            month: fields.month as u8,
            leap: fields.leap,
            day: u8::try_from(fields.day).unwrap_or(u8::MAX),
        };
        let row = self.month_of(&date)?;
        if fields.day == 0 || fields.day > u32::from(row.days) {
            return Err(CalendarError::new(
                ErrorKind::NoSuchDay,
                format!(
                    "{} has {} days; day {} does not exist",
                    month_label(&era.pinyin, row.year, row.month, row.leap),
                    row.days,
                    fields.day
                ),
            ));
        }
        Ok(date)
    }

    /// Reads `YYYY-MM-DD` in the given Western calendar and checks that the table covers it
    /// (use [`Jdn::parse`] for any date).
    pub fn parse_western(&self, text: &str, style: Style) -> Result<Jdn, CalendarError> {
        let jdn = Jdn::parse(text, style)?;
        if !self.contains(jdn) {
            return Err(self.out_of_range(jdn, style));
        }
        Ok(jdn)
    }

    fn read_fields(&self, chars: &[char], original: &[char]) -> Result<Fields, CalendarError> {
        let Some((era, consumed)) = self.match_era(chars) else {
            return Err(self.unknown_era(chars, original));
        };
        let rest = &chars[consumed..];
        if rest.contains(&'年') {
            read_chinese(era, rest)
        } else {
            read_latin(era, rest, &original[consumed..])
        }
    }

    /// The longest era spelling the input starts with, not cut in the middle of a word
    /// (so era "J" does not match "Jingkang").
    fn match_era(&self, chars: &[char]) -> Option<(usize, usize)> {
        self.era_names.iter().find_map(|(name, era)| {
            if !chars.starts_with(name) {
                return None;
            }
            let (last, next) = (name.last()?, chars.get(name.len()));
            let glued = |f: fn(&char) -> bool| f(last) && next.is_some_and(f);
            if glued(char::is_ascii_alphabetic) || glued(char::is_ascii_digit) {
                return None;
            }
            Some((*era, name.len()))
        })
    }

    fn unknown_era(&self, chars: &[char], original: &[char]) -> CalendarError {
        let len = chars
            .iter()
            .take_while(|c| {
                !(c.is_whitespace() || c.is_ascii_digit() || matches!(c, ',' | '/' | '年'))
            })
            .count();
        let mut end = len;
        while end > 0 && CHINESE_NUMERAL_CHARS.contains(chars[end - 1]) {
            end -= 1;
        }
        // An unknown name made only of numeral characters (元...) is quoted whole.
        let end = if end == 0 { len } else { end };
        let word: String = original[..end].iter().collect();
        let era = self.example_era();
        let expected = format!(
            "expected an era name or code such as {}, {} or {}",
            era.id, era.pinyin, era.chinese
        );
        if word.is_empty() {
            let found: String = original.iter().collect();
            CalendarError::new(
                ErrorKind::Syntax,
                format!("{expected} at the start of the date, found '{found}'"),
            )
        } else {
            CalendarError::new(ErrorKind::UnknownEra, format!("{expected}, found '{word}'"))
        }
    }

    /// The era of the table's last month: the most recent one, the likeliest to be meant.
    fn example_era(&self) -> &crate::lunar::Era {
        let last = &self.months()[self.months().len() - 1];
        self.era(&last.era).unwrap_or(&self.eras()[0])
    }

    fn examples(&self) -> String {
        let era = self.example_era();
        format!(
            "'{}1 1/16', '{} 1, 1st month, 16th day' or '{}元年正月十六日'",
            era.id, era.pinyin, era.chinese
        )
    }
}

fn read_latin(era: usize, rest: &[char], original: &[char]) -> Result<Fields, CalendarError> {
    let mut t = Tokens {
        tokens: tokenize(rest, original)?,
        pos: 0,
    };
    let year = t.number("a year number after the era")?;
    let leap = t.word(&["l", "leap"]);
    let month = t.number(if leap {
        "a month number after 'leap'"
    } else {
        "a month number (or 'leap' / 'L') after the year"
    })?;
    let day = if t.peek() == Some(&Tok::Slash) {
        t.pos += 1;
        t.number("a day number after '/'")?
    } else {
        t.word(&ORDINAL_SUFFIXES);
        if !t.word(&["month"]) {
            return Err(t.error("'/' or 'month' after the month number"));
        }
        let day = t.number("a day number after 'month'")?;
        t.word(&ORDINAL_SUFFIXES);
        t.word(&["day"]);
        day
    };
    if t.pos < t.tokens.len() {
        return Err(t.error("the end of the date"));
    }
    Ok(Fields {
        era,
        year,
        month,
        leap,
        day,
    })
}

fn read_chinese(era: usize, rest: &[char]) -> Result<Fields, CalendarError> {
    let text: Vec<char> = rest
        .iter()
        .copied()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect();
    let syntax = |msg: String| CalendarError::new(ErrorKind::Syntax, msg);
    let show = |s: &[char]| s.iter().collect::<String>();

    let Some(year_end) = text.iter().position(|&c| c == '年') else {
        return Err(syntax("expected the year, ending in 年".to_owned()));
    };
    let year_text = &text[..year_end];
    let year = match year_text {
        ['元'] => 1,
        _ => parse_number(year_text).ok_or_else(|| {
            syntax(format!(
                "expected the year before 年 as 元 or a number such as 二, found '{}'",
                show(year_text)
            ))
        })?,
    };
    let mut after = &text[year_end + 1..];
    // The annals put the season before the month: 靖康元年春正月.
    let season = match after.first() {
        Some(&c @ ('春' | '夏' | '秋' | '冬')) => {
            after = &after[1..];
            Some(c)
        }
        _ => None,
    };
    let leap = matches!(after.first(), Some('閏' | '闰'));
    if leap {
        after = &after[1..];
    }
    let Some(month_end) = after.iter().position(|&c| c == '月') else {
        return Err(syntax(format!(
            "expected the month after 年, ending in 月, found '{}'",
            show(after)
        )));
    };
    let month_text = &after[..month_end];
    let month = match month_text {
        ['正'] => 1,
        ['臘' | '腊'] => 12,
        _ => parse_number(month_text).ok_or_else(|| {
            syntax(format!(
                "expected the month before 月 as 正 or a number such as 二, found '{}'",
                show(month_text)
            ))
        })?,
    };
    if let Some(season) = season {
        let first = match season {
            '春' => 1,
            '夏' => 4,
            '秋' => 7,
            _ => 10,
        };
        if !(first..first + 3).contains(&month) {
            return Err(syntax(format!(
                "the season {season} covers months {first} to {}, not month {month}",
                first + 2
            )));
        }
    }
    let mut day_text = &after[month_end + 1..];
    if let Some((last, init)) = day_text.split_last() {
        if matches!(last, '日' | '號' | '号') {
            day_text = init;
        }
    }
    let day_error = || {
        syntax(format!(
            "expected the day after 月 as a number such as 十六, 廿一 or 初五, found '{}'",
            show(day_text)
        ))
    };
    let day = match day_text.split_first() {
        Some(('初', digits)) => match parse_number(digits) {
            Some(d @ 1..=10) => d,
            _ => return Err(day_error()),
        },
        _ => parse_number(day_text).ok_or_else(day_error)?,
    };
    Ok(Fields {
        era,
        year,
        month,
        leap,
        day,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<u32> {
        parse_number(&s.chars().collect::<Vec<_>>())
    }

    #[test]
    fn chinese_numerals() {
        let cases = [
            ("一", 1),
            ("十", 10),
            ("十六", 16),
            ("二十", 20),
            ("二十一", 21),
            ("廿", 20),
            ("廿一", 21),
            ("卅", 30),
            ("三十", 30),
            ("一百零一", 101),
            ("一百一十", 110),
            ("一千一百二十六", 1126),
            ("一萬零一十", 10_010),
            ("〇", 0),
            ("16", 16),
        ];
        for (s, v) in cases {
            assert_eq!(n(s), Some(v), "{s}");
        }
        for bad in [
            "", "十十", "一二", "百", "廿廿", "十廿", "萬", "萬萬", "a", "一a",
        ] {
            assert_eq!(n(bad), None, "{bad}");
        }
        // Round trip with the formatter over everything a date can contain.
        for v in 0..=70_000 {
            assert_eq!(n(&crate::format::chinese_number(v)), Some(v));
        }
    }

    #[test]
    fn normalization() {
        assert_eq!(
            normalize("  ＪＫ１　Jìngkāng "),
            "jk1 jingkang".chars().collect::<Vec<_>>()
        );
    }
}
