//! Masking JSON text as [`Redactor::redact_value`] masks the value it encodes, without
//! building that value: the text is read once, string and number tokens that need a
//! mask are replaced, and every other byte (whitespace, key order, number spelling,
//! escapes) is kept. `JSON.stringify` followed by this is how the npm package's
//! `maskSensitiveJson` avoids copying a JS object.

use std::borrow::Cow;

use crate::error::{Error, Result};
use crate::keys::{is_pair_name, is_pair_value, names_next_element, sensitive_key};
use crate::redactor::Redactor;
use crate::rule::is_placeholder;
use crate::structured::SENSITIVE_KEY_RULE;

impl Redactor {
    /// The JSON text `json` with the secrets of the value it encodes masked as
    /// [`Redactor::redact_value`] would mask them: values under sensitive keys whole,
    /// every other string scanned as text. Only the tokens that change are rewritten
    /// (as `serde_json` and `JSON.stringify` write strings), so
    /// `mask_json(serde_json::to_string(v))` equals
    /// `serde_json::to_string(redact_value(v))`. Borrowed when nothing changed.
    ///
    /// Fails on text that is not one JSON value (naming the byte offset and what was
    /// expected there) and on values nested deeper than `max_depth`.
    pub fn mask_json<'t>(&self, json: &'t str) -> Result<Cow<'t, str>> {
        let mut reader = Reader {
            redactor: self,
            text: json,
            at: 0,
            copied: 0,
            out: None,
        };
        reader.space();
        if let Err(fault) = reader.value(false, 0) {
            return Err(reader.describe(fault));
        }
        reader.space();
        if reader.at < json.len() {
            let fault = reader.error("the end of the text after one JSON value");
            return Err(reader.describe(fault));
        }
        Ok(match reader.out {
            None => Cow::Borrowed(json),
            Some(mut out) => {
                out.push_str(&json[reader.copied..]);
                Cow::Owned(out)
            }
        })
    }
}

/// The bytes that end the plain text of a string token: `"`, `\\` and the control
/// characters JSON wants escaped.
const ENDS_PLAIN_TEXT: [bool; 256] = {
    let mut ends = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        ends[b] = true;
        b += 1;
    }
    ends[b'"' as usize] = true;
    ends[b'\\' as usize] = true;
    ends
};

/// Why a pass stopped: what it expected where, or nesting past the limit. Made into an
/// [`Error`] once, at the end ([`Reader::describe`]); small, so that the results the
/// pass returns at every value stay cheap to pass back.
#[derive(Debug)]
enum Fault {
    Expected { at: usize, expected: &'static str },
    TooDeep,
}

/// What the pass's steps return.
type Step<T> = std::result::Result<T, Fault>;

/// One pass over a JSON text: where it is, and the output once a token changed.
struct Reader<'r, 't> {
    redactor: &'r Redactor,
    text: &'t str,
    at: usize,
    /// The output holds `text[..copied]` (as rewritten).
    copied: usize,
    out: Option<String>,
}

impl<'t> Reader<'_, 't> {
    fn bytes(&self) -> &'t [u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.at).copied()
    }

    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn error(&self, expected: &'static str) -> Fault {
        Fault::Expected {
            at: self.at,
            expected,
        }
    }

    /// The [`Error`] of `fault`, naming what the text holds where it stopped.
    fn describe(&self, fault: Fault) -> Error {
        let (at, expected) = match fault {
            Fault::TooDeep => {
                return Error::TooDeep {
                    limit: self.redactor.max_depth,
                }
            }
            Fault::Expected { at, expected } => (at, expected),
        };
        let found = match self.text.get(at..).and_then(|rest| rest.chars().next()) {
            Some(c) => format!("{c:?}"),
            None => "the end of the text".to_string(),
        };
        Error::InvalidValue(format!(
            "not JSON: expected {expected} at byte {at}, found {found}"
        ))
    }

    fn expect(&mut self, byte: u8, expected: &'static str) -> Step<()> {
        if self.peek() != Some(byte) {
            return Err(self.error(expected));
        }
        self.at += 1;
        Ok(())
    }

    /// Masks the value of a sensitive key, read from `start` to here, as
    /// [`Redactor::redact_leaf`] does: the mask is written straight into the output,
    /// and escaped there in the rare case it needs it (a replacement text with a quote).
    fn mask_whole(&mut self, start: usize, value: &str) {
        if is_placeholder(value.as_bytes()) {
            return;
        }
        let (end, redactor) = (self.at, self.redactor);
        let out = self.output_to(start);
        out.push('"');
        let mask = out.len();
        redactor.write_whole_mask(out, value, SENSITIVE_KEY_RULE);
        if plain_text_end(out.as_bytes(), mask) < out.len() {
            let unescaped = out.split_off(mask);
            push_escaped(out, &unescaped);
        }
        out.push('"');
        self.copied = end;
    }

    /// Puts `replacement` in place of `text[start..end]`.
    fn replace(&mut self, start: usize, end: usize, replacement: &str) {
        let out = self.output_to(start);
        out.push('"');
        push_escaped(out, replacement);
        out.push('"');
        self.copied = end;
    }

    /// The output, holding the text up to `start` (as rewritten).
    fn output_to(&mut self, start: usize) -> &mut String {
        let out = self
            .out
            // Room for masks longer than what they replace, so growing is rare.
            .get_or_insert_with(|| String::with_capacity(self.text.len() * 3 / 2 + 64));
        out.push_str(&self.text[self.copied..start]);
        out
    }

    /// One value at `self.at` (whitespace before it already skipped) at nesting
    /// `depth`, under a sensitive key or not.
    fn value(&mut self, sensitive: bool, depth: usize) -> Step<()> {
        if depth > self.redactor.max_depth {
            return Err(Fault::TooDeep);
        }
        match self.peek() {
            Some(b'{') => self.object(sensitive, depth),
            Some(b'[') => self.array(sensitive, depth),
            Some(b'"') => {
                let start = self.at;
                let s = self.string()?;
                self.string_leaf(start, &s, sensitive);
                Ok(())
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = self.at;
                self.number()?;
                if sensitive {
                    self.mask_whole(start, &self.text[start..self.at]);
                }
                Ok(())
            }
            _ => {
                for word in ["true", "false", "null"] {
                    if self.text[self.at..].starts_with(word) {
                        self.at += word.len();
                        return Ok(());
                    }
                }
                Err(self.error("a JSON value"))
            }
        }
    }

    fn object(&mut self, sensitive: bool, depth: usize) -> Step<()> {
        if self.open_empty(b'}') {
            return Ok(());
        }
        // Whether a member before this one names a credential as a name/value pair
        // (`"name": "DB_PASSWORD"`, see `keys::is_pair_name`), and whether one after the
        // first `value` member does: looked for once per object, so text repeating
        // `"value":` (JSON allows duplicate keys) costs one look ahead, not one each.
        let mut named = false;
        let mut named_ahead: Option<bool> = None;
        loop {
            if self.peek() != Some(b'"') {
                return Err(self.error("a key (a string)"));
            }
            let key = self.string()?;
            self.space();
            self.expect(b':', "':' after a key")?;
            self.space();
            let key = key.as_bytes();
            let member_sensitive = sensitive
                || sensitive_key(key)
                || (is_pair_value(key)
                    && (named || *named_ahead.get_or_insert_with(|| self.names_ahead())));
            if !named && is_pair_name(key) && self.peek() == Some(b'"') {
                named = self
                    .lookahead()
                    .string()
                    .is_ok_and(|n| sensitive_key(n.as_bytes()));
            }
            self.value(member_sensitive, depth + 1)?;
            if !self.more_members(b'}', "',' or '}' in an object")? {
                return Ok(());
            }
        }
    }

    fn array(&mut self, sensitive: bool, depth: usize) -> Step<()> {
        if self.open_empty(b']') {
            return Ok(());
        }
        let mut after_name = false;
        loop {
            after_name = self.element(sensitive, after_name, depth + 1)?;
            if !self.more_members(b']', "',' or ']' in an array")? {
                return Ok(());
            }
        }
    }

    /// An array's element, masked whole when `sensitive`, or when the element before it
    /// named a credential (`after_name`, see `keys::names_next_element`) and it names
    /// none itself; whether it names one.
    fn element(&mut self, sensitive: bool, after_name: bool, depth: usize) -> Step<bool> {
        if self.peek() != Some(b'"') {
            self.value(sensitive || after_name, depth)?;
            return Ok(false);
        }
        if depth > self.redactor.max_depth {
            return Err(Fault::TooDeep);
        }
        let start = self.at;
        let s = self.string()?;
        let name = names_next_element(&s);
        self.string_leaf(start, &s, sensitive || (after_name && !name));
        Ok(name)
    }

    /// Masks the string value `s` read from `start` on: whole when `sensitive`, else
    /// scanned.
    fn string_leaf(&mut self, start: usize, s: &str, sensitive: bool) {
        if sensitive {
            self.mask_whole(start, s);
        } else if let Cow::Owned(masked) = self.redactor.redact_repeated(s) {
            self.replace(start, self.at, &masked);
        }
    }

    /// A reader of the text from here on that writes nothing: for looking ahead.
    fn lookahead(&self) -> Reader<'_, 't> {
        Reader {
            redactor: self.redactor,
            text: self.text,
            at: self.at,
            copied: 0,
            out: None,
        }
    }

    /// At the value of a pair's `value` member: whether a later member of the same
    /// object names a credential as the pair's name. Malformed text answers false (the
    /// pass itself then refuses it).
    fn names_ahead(&self) -> bool {
        let mut ahead = self.lookahead();
        if ahead.skip_value().is_err() {
            return false;
        }
        loop {
            ahead.space();
            if ahead.peek() != Some(b',') {
                return false;
            }
            ahead.at += 1;
            ahead.space();
            if ahead.peek() != Some(b'"') {
                return false;
            }
            let Ok(key) = ahead.string() else {
                return false;
            };
            ahead.space();
            if ahead.expect(b':', "':'").is_err() {
                return false;
            }
            ahead.space();
            if is_pair_name(key.as_bytes()) && ahead.peek() == Some(b'"') {
                match ahead.string() {
                    Ok(name) if sensitive_key(name.as_bytes()) => return true,
                    Ok(_) => {}
                    Err(_) => return false,
                }
            } else if ahead.skip_value().is_err() {
                return false;
            }
        }
    }

    /// Steps over one value without reading it closely: strings as [`Reader::string`]
    /// reads them, containers to their closing bracket (counted, not checked), anything
    /// else to the next comma, colon, bracket, quote or space.
    fn skip_value(&mut self) -> Step<()> {
        let mut open = 0usize;
        loop {
            self.space();
            match self.peek() {
                None => return Err(self.error("a value")),
                Some(b'"') => {
                    self.string()?;
                }
                Some(b'{' | b'[') => {
                    open += 1;
                    self.at += 1;
                    continue;
                }
                Some(b'}' | b']') => {
                    let Some(left) = open.checked_sub(1) else {
                        return Err(self.error("a value"));
                    };
                    open = left;
                    self.at += 1;
                }
                Some(b',' | b':') if open > 0 => {
                    self.at += 1;
                    continue;
                }
                Some(_) => {
                    let start = self.at;
                    while let Some(b) = self.peek() {
                        if matches!(b, b',' | b':' | b'{' | b'}' | b'[' | b']' | b'"')
                            || b.is_ascii_whitespace()
                        {
                            break;
                        }
                        self.at += 1;
                    }
                    if self.at == start {
                        return Err(self.error("a value"));
                    }
                }
            }
            if open == 0 {
                return Ok(());
            }
        }
    }

    /// Steps over the opening bracket of a container and the space after it; true
    /// (and past `close`) when the container is empty.
    fn open_empty(&mut self, close: u8) -> bool {
        self.at += 1;
        self.space();
        let empty = self.peek() == Some(close);
        self.at += usize::from(empty);
        empty
    }

    /// After a member: true past a `,` (and the space after it), false past `close`.
    fn more_members(&mut self, close: u8, expected: &'static str) -> Step<bool> {
        self.space();
        match self.peek() {
            Some(b',') => {
                self.at += 1;
                self.space();
                Ok(true)
            }
            Some(b) if b == close => {
                self.at += 1;
                Ok(false)
            }
            _ => Err(self.error(expected)),
        }
    }

    /// A number token, checked against JSON's grammar.
    fn number(&mut self) -> Step<()> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("a digit")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.some_digits()?;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            self.some_digits()?;
        }
        Ok(())
    }

    fn digits(&mut self) {
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
    }

    fn some_digits(&mut self) -> Step<()> {
        if !matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.error("a digit"));
        }
        self.digits();
        Ok(())
    }

    /// The string token at `self.at` (its opening quote), decoded; borrowed from the
    /// text when it holds no escape. A `\u` escape of a lone surrogate decodes to
    /// U+FFFD, as JS strings holding one reach wasm.
    #[inline(always)]
    fn string(&mut self) -> Step<Cow<'t, str>> {
        self.at += 1;
        let start = self.at;
        let bytes = self.bytes();
        let i = plain_text_end(bytes, start);
        if bytes.get(i) == Some(&b'"') {
            self.at = i + 1;
            return Ok(Cow::Borrowed(&self.text[start..i]));
        }
        self.at = i;
        self.decoded(start).map(Cow::Owned)
    }

    /// The rest of a string token that holds an escape (or is not closed), from its
    /// first escape (at `self.at`), its text before that starting at `start`: kept out
    /// of [`Reader::string`] so that the common case stays small enough to inline.
    #[cold]
    #[inline(never)]
    fn decoded(&mut self, start: usize) -> Step<String> {
        let mut decoded = self.text[start..self.at].to_owned();
        loop {
            let Some(b) = self.peek() else {
                return Err(self.error("'\"' closing a string"));
            };
            match b {
                b'"' => {
                    self.at += 1;
                    return Ok(decoded);
                }
                b'\\' => {
                    self.at += 1;
                    self.escape(&mut decoded)?;
                }
                0..=0x1f => return Err(self.error("an escape in place of a control character")),
                _ => {
                    let c = self.text[self.at..].chars().next().unwrap_or('\u{fffd}');
                    decoded.push(c);
                    self.at += c.len_utf8();
                }
            }
        }
    }

    /// The escape after a backslash, appended to `decoded`.
    fn escape(&mut self, decoded: &mut String) -> Step<()> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.at += 1;
                let unit = self.hex4()?;
                let c = match unit {
                    0xd800..=0xdbff if self.text[self.at..].starts_with("\\u") => {
                        let save = self.at;
                        self.at += 2;
                        let low = self.hex4()?;
                        if (0xdc00..=0xdfff).contains(&low) {
                            let code = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                            char::from_u32(code).unwrap_or('\u{fffd}')
                        } else {
                            self.at = save;
                            '\u{fffd}'
                        }
                    }
                    _ => char::from_u32(unit).unwrap_or('\u{fffd}'),
                };
                decoded.push(c);
                return Ok(());
            }
            _ => return Err(self.error("an escape (one of \"\\/bfnrtu)")),
        };
        decoded.push(c);
        self.at += 1;
        Ok(())
    }

    fn hex4(&mut self) -> Step<u32> {
        let digits = self.bytes().get(self.at..self.at + 4);
        let value = digits
            .filter(|d| d.iter().all(u8::is_ascii_hexdigit))
            .and_then(|d| u32::from_str_radix(std::str::from_utf8(d).ok()?, 16).ok());
        match value {
            Some(v) => {
                self.at += 4;
                Ok(v)
            }
            None => Err(self.error("four hex digits after \\u")),
        }
    }
}

/// The first byte at or after `from` that ends plain text (see [`ENDS_PLAIN_TEXT`]), or
/// the length of `bytes`. Eight bytes at a time in a word: keys and values are too short
/// for a vectorized search's set-up to pay, but not for this.
fn plain_text_end(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // The high bit of each byte that is zero (in `x`), below 0x20 (in `w`): exact for
        // the lowest such byte, which is the one looked for (a borrow only reaches up).
        let zero = |x: u64| x.wrapping_sub(ONES) & !x;
        let ends = (zero(w ^ (ONES * u64::from(b'"')))
            | zero(w ^ (ONES * u64::from(b'\\')))
            | (w.wrapping_sub(ONES * 0x20) & !w))
            & HIGH;
        if ends != 0 {
            return i + (ends.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && !ENDS_PLAIN_TEXT[usize::from(bytes[i])] {
        i += 1;
    }
    i
}

/// `s` as the inside of a JSON string token, escaped as `JSON.stringify` and
/// `serde_json` escape: a backslash before `"` and `\`, the short escapes for control
/// characters that have one and `\u00xx` for the others, everything else as is.
fn push_escaped(out: &mut String, s: &str) {
    if plain_text_end(s.as_bytes(), 0) == s.len() {
        out.push_str(s);
        return;
    }
    let mut copied = 0;
    for (i, b) in s.bytes().enumerate() {
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[usize::from(b >> 4)].into());
            out.push(HEX[usize::from(b & 15)].into());
        } else {
            out.push_str(short);
        }
        copied = i + 1;
    }
    out.push_str(&s[copied..]);
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The word-at-a-time search finds the byte a byte-at-a-time loop finds, from
        /// any start, over bytes rich in the ones it looks for and in their neighbours.
        #[test]
        fn plain_text_end_agrees_with_a_byte_loop(
            bytes in proptest::collection::vec(proptest::prop_oneof![
                proptest::prelude::any::<u8>(),
                proptest::sample::select(vec![b'"', b'\\', 0x1f, 0x20, 0x21, 0x5b, 0x5d, 0, 0x80, 0xff]),
            ], 0..40),
            from in 0usize..41,
        ) {
            let from = from.min(bytes.len());
            let expected = (from..bytes.len())
                .find(|&i| ENDS_PLAIN_TEXT[usize::from(bytes[i])])
                .unwrap_or(bytes.len());
            proptest::prop_assert_eq!(plain_text_end(&bytes, from), expected);
        }
    }
}
