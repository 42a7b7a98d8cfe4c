//! Shared by the fuzz targets: the one known limit they tolerate.

use edgeguard::Redactor;

/// Known limit (docs/RELIABILITY.md, 2c): a marker replaces a secret that was glued to
/// the next token (`tfp_AAA…tfp_BBB`, `AKIA…-password x`), which gives that token, or
/// the key or flag in front of a value, the word boundary its rule needs, so a second
/// pass can find it. Tolerated only for a finding that starts or ends right at a
/// marker, or that one word glued to a marker leads up to (the flag or key glued to
/// the masked secret, also after the line breaks a masked PEM block keeps); anything
/// else fails.
pub fn adjacent_to_a_marker(r: &Redactor, once: &str) {
    for f in r.find(once) {
        let before = once[..f.start].trim_end_matches(|c: char| !c.is_alphanumeric() && c != ']');
        let after = &once[f.end..];
        assert!(
            before.ends_with(']') && once[..f.start].contains("[REDACTED:")
                || after
                    .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '[')
                    .starts_with("[REDACTED:")
                || glued_to_a_marker(&once[..f.start]),
            "redacting twice changed the text: {f:?} in {once:?}"
        );
    }
}

/// Whether the text before a finding is a marker (with the line breaks a multi-line
/// secret keeps after it) and then one word glued to it (`]-password `, `]_TOKEN=`,
/// `]-password "` before a quoted value):
/// the key or flag in front of the value, whose boundary the masked secret took.
fn glued_to_a_marker(before: &str) -> bool {
    let Some(open) = before.rfind("[REDACTED:") else {
        return false;
    };
    let Some(close) = before[open..].find(']') else {
        return false;
    };
    // The quote that opens a quoted value (`]-password "x y"`) is no word of its own.
    let rest = before[open + close + 1..]
        .trim_start_matches(['\r', '\n'])
        .trim_end_matches(['"', '\'']);
    rest.len() <= 128
        && rest.chars().next().is_some_and(|c| !c.is_whitespace())
        && rest.split_whitespace().count() <= 1
}
