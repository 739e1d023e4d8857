//! A small XML well-formedness check for the SVG the crate writes (no XML crate needed): tags nest and
//! close, attributes are quoted, `&` starts a known entity, `<` never appears in text or values.

// Shared by several test binaries, each of which uses only part of it.
#![allow(dead_code)]

pub fn check_xml(doc: &str) -> Result<(), String> {
    let b = doc.as_bytes();
    let mut i = 0;
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let entity_ok = |rest: &str| -> bool {
        let Some(end) = rest.find(';') else {
            return false;
        };
        let name = &rest[1..end];
        matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
            || (name.starts_with("#x")
                && name.len() > 2
                && name[2..].chars().all(|c| c.is_ascii_hexdigit()))
            || (name.starts_with('#')
                && name.len() > 1
                && name[1..].chars().all(|c| c.is_ascii_digit()))
    };
    while i < b.len() {
        if b[i] == b'<' {
            if doc[i..].starts_with("<?") {
                i += doc[i..].find("?>").ok_or("unclosed <?")? + 2;
                continue;
            }
            if doc[i..].starts_with("<!--") {
                i += doc[i..].find("-->").ok_or("unclosed comment")? + 3;
                continue;
            }
            let end = i + doc[i..].find('>').ok_or(format!("unclosed tag at {i}"))?;
            let tag = &doc[i + 1..end];
            if let Some(name) = tag.strip_prefix('/') {
                let open = stack
                    .pop()
                    .ok_or(format!("</{name}> closes nothing at {i}"))?;
                if open != name.trim() {
                    return Err(format!("<{open}> closed by </{name}> at {i}"));
                }
            } else {
                let self_closing = tag.ends_with('/');
                let tag = tag.trim_end_matches('/');
                let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
                let name = &tag[..name_end];
                if name.is_empty()
                    || !name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':')
                {
                    return Err(format!("bad tag name `{name}` at {i}"));
                }
                // Attributes: name="value" pairs.
                let mut rest = tag[name_end..].trim();
                let mut seen = Vec::new();
                while !rest.is_empty() {
                    let eq = rest
                        .find('=')
                        .ok_or(format!("attribute without value in <{name}> at {i}"))?;
                    let attr = rest[..eq].trim();
                    if seen.contains(&attr) {
                        return Err(format!("attribute {attr} twice in <{name}>"));
                    }
                    seen.push(attr);
                    let after = rest[eq + 1..].trim_start();
                    let quote = after.chars().next().ok_or("missing value")?;
                    if quote != '"' && quote != '\'' {
                        return Err(format!("unquoted attribute {attr} in <{name}> at {i}"));
                    }
                    let close = after[1..]
                        .find(quote)
                        .ok_or(format!("unterminated value of {attr}"))?;
                    let value = &after[1..1 + close];
                    if value.contains('<') {
                        return Err(format!("`<` in the value of {attr}"));
                    }
                    for (k, _) in value.match_indices('&') {
                        if !entity_ok(&value[k..]) {
                            return Err(format!("bad entity in the value of {attr}"));
                        }
                    }
                    rest = after[close + 2..].trim_start();
                }
                if stack.is_empty() {
                    roots += 1;
                }
                if !self_closing {
                    stack.push(name.to_string());
                }
            }
            i = end + 1;
        } else {
            if b[i] == b'&' && !entity_ok(&doc[i..]) {
                return Err(format!("bad entity in text at {i}"));
            }
            if stack.is_empty() && !b[i].is_ascii_whitespace() {
                return Err(format!("text outside the root element at {i}"));
            }
            i += 1;
        }
    }
    if let Some(open) = stack.pop() {
        return Err(format!("<{open}> never closed"));
    }
    if roots != 1 {
        return Err(format!("{roots} root elements"));
    }
    Ok(())
}

/// Every `<svg ...>...</svg>` element of an HTML page.
pub fn svgs(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        let end =
            start + rest[start..].find("</svg>").expect("every svg is closed") + "</svg>".len();
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out
}

#[test]
fn the_checker_catches_what_it_should() {
    assert!(check_xml("<svg><text x=\"1\">a &amp; b</text></svg>").is_ok());
    assert!(check_xml("<svg><text>a & b</text></svg>").is_err());
    assert!(check_xml("<svg><g></svg>").is_err());
    assert!(check_xml("<svg x=1></svg>").is_err());
    assert!(check_xml("<svg></svg><svg></svg>").is_err());
    assert!(check_xml("<svg a=\"<\"></svg>").is_err());
}
