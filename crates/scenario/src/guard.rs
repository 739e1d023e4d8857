//! Pass a: refuse input that is too large, not UTF-8 or nested too deeply, before any parser or
//! recursive walker sees it.
//!
//! The TOML parser has its own recursion limit, but the trees it builds are later walked, dropped
//! and deserialized recursively, and dotted keys nest tables without any bracket. A cheap scan here
//! bounds all of that, so that no input can overflow the stack whatever happens downstream.

use crate::diagnostic::Location;

/// Largest input accepted, in bytes. The real scenario is a few hundred KiB.
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// Deepest nesting accepted: arrays, inline tables and dotted-key segments counted together.
pub const MAX_DEPTH: usize = 64;

/// Why the input was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    TooLarge { len: usize },
    NotUtf8 { offset: usize, location: Location },
    TooDeep { offset: usize },
}

pub(crate) fn check_size(len: usize) -> Result<(), Refusal> {
    if len > MAX_BYTES {
        Err(Refusal::TooLarge { len })
    } else {
        Ok(())
    }
}

/// Decodes UTF-8, pointing at the first bad byte by offset, line and column (characters).
pub(crate) fn decode(bytes: &[u8]) -> Result<&str, Refusal> {
    std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        // The prefix up to the bad byte is valid, so it can be counted in characters.
        let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
        let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
        Refusal::NotUtf8 {
            offset,
            location: Location {
                line: valid.matches('\n').count() + 1,
                column: valid[line_start..].chars().count() + 1,
            },
        }
    })
}

/// Scans the text outside strings and comments and refuses it at the first point where the
/// nesting would exceed [`MAX_DEPTH`].
///
/// The depth counted is what the parse tree would get: open `[` and `{`, plus one level for each
/// dot of the table header and of the keys that lead into them. Unclosed brackets are never
/// forgiven, so ten thousand stray `[` are refused even though each line would be a syntax error
/// of its own. Linear in the input, with at most [`MAX_DEPTH`] frames kept.
pub(crate) fn check_depth(text: &str) -> Result<(), Refusal> {
    let bytes = text.as_bytes();
    // Each open bracket with the key dots that led into it.
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut header_dots = 0usize;
    let mut committed_dots = 0usize;
    let mut pending_dots = 0usize;
    let mut in_key = true;
    let mut blank_line = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                blank_line = false;
                i = skip_string(bytes, i);
                continue;
            }
            b'\n' => {
                blank_line = true;
                if stack.is_empty() {
                    in_key = true;
                    pending_dots = 0;
                }
                i += 1;
                continue;
            }
            b'[' if stack.is_empty() && blank_line && bytes.get(i..i + 3) != Some(b"[[[") => {
                // A table header: its dots replace the previous section's. A line starting with
                // three brackets is no header and is counted as nesting below.
                let (dots, end) = scan_header(bytes, i);
                header_dots = dots;
                committed_dots = 0;
                pending_dots = 0;
                if header_dots > MAX_DEPTH {
                    return Err(Refusal::TooDeep { offset: i });
                }
                blank_line = false;
                in_key = false;
                i = end;
                continue;
            }
            b'[' | b'{' => {
                stack.push((b, pending_dots));
                committed_dots += pending_dots;
                pending_dots = 0;
                in_key = b == b'{';
            }
            b']' | b'}' => {
                if let Some((_, dots)) = stack.pop() {
                    committed_dots -= dots;
                }
                in_key = false;
            }
            b'=' => in_key = false,
            b',' => {
                in_key = matches!(stack.last(), Some((b'{', _)));
                pending_dots = 0;
            }
            b'.' if in_key => pending_dots += 1,
            _ => {}
        }
        if b != b' ' && b != b'\t' && b != b'\r' {
            blank_line = false;
        }
        if stack.len() + header_dots + committed_dots + pending_dots > MAX_DEPTH {
            return Err(Refusal::TooDeep { offset: i });
        }
        i += 1;
    }
    Ok(())
}

/// Counts the dots of a table header starting at `start` (outside quoted key parts) and returns
/// them with the index just past the header, which ends at its closing bracket or the line end.
fn scan_header(bytes: &[u8], start: usize) -> (usize, usize) {
    let mut dots = 0;
    let mut i = start;
    while i < bytes.len() && bytes[i] == b'[' {
        i += 1;
    }
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' => {
                i = skip_string(bytes, i);
                continue;
            }
            b'.' => dots += 1,
            b']' => {
                while i < bytes.len() && bytes[i] == b']' {
                    i += 1;
                }
                return (dots, i);
            }
            b'\n' | b'#' => return (dots, i),
            _ => {}
        }
        i += 1;
    }
    (dots, i)
}

/// Index just past the string starting at `start`. Single-line strings also end at a newline,
/// so that an unterminated one cannot hide the rest of the file from the scan.
fn skip_string(bytes: &[u8], start: usize) -> usize {
    let quote = bytes[start];
    let triple = bytes.get(start..start + 3) == Some(&[quote, quote, quote][..]);
    let basic = quote == b'"';
    let mut i = if triple { start + 3 } else { start + 1 };
    while i < bytes.len() {
        let b = bytes[i];
        if basic && b == b'\\' {
            i += 2;
            continue;
        }
        if triple {
            if bytes.get(i..i + 3) == Some(&[quote, quote, quote][..]) {
                return i + 3;
            }
        } else if b == quote {
            return i + 1;
        } else if b == b'\n' {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_toml_passes() {
        let text =
            "[a.b]\nx = [[1, 2], {y = 1.5}]\n# [[[[[[\ns = \"[[[[{{{\"\nt = '''\n[[[[\n'''\n";
        assert_eq!(check_depth(text), Ok(()));
    }

    #[test]
    fn deep_brackets_are_refused_at_the_bracket() {
        let text = format!("a = {}", "[".repeat(100));
        assert_eq!(
            check_depth(&text),
            Err(Refusal::TooDeep {
                offset: 4 + MAX_DEPTH
            })
        );
    }

    #[test]
    fn stray_brackets_at_line_start_are_refused() {
        assert!(check_depth(&"[".repeat(10_000)).is_err());
        assert!(check_depth(&"{".repeat(10_000)).is_err());
        assert_eq!(check_depth(&"[a]\n".repeat(10_000)), Ok(()));
    }

    #[test]
    fn nested_inline_tables_with_dotted_keys_add_up() {
        let level = "a.b.c.d = { ";
        let text = format!("x = {}", level.repeat(20));
        assert!(check_depth(&text).is_err());
        let text = format!("x = {}", level.repeat(10));
        assert_eq!(check_depth(&text), Ok(()));
    }

    #[test]
    fn long_dotted_keys_are_refused() {
        let key = vec!["k"; 100].join(".");
        assert!(check_depth(&format!("{key} = 1\n")).is_err());
        assert!(check_depth(&format!("[{key}]\n")).is_err());
        assert_eq!(check_depth("a = 1.5\nb = 12:00:00.5\n"), Ok(()));
    }

    #[test]
    fn bad_utf8_is_located() {
        let bytes = b"ab\n\xe6\x9d\x8e\xff";
        assert_eq!(
            decode(bytes),
            Err(Refusal::NotUtf8 {
                offset: 6,
                location: Location { line: 2, column: 2 }
            })
        );
    }
}
