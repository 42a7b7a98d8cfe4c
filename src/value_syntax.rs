//! Hand-written matchers for the rules that hit on most lines holding a secret: what
//! follows the key in the generic key/value rules (`generic-secret-assignment`,
//! `generic-keyed-credential`: a separator, maybe a quote, the value;
//! `generic-dashed-credential`: a dash and the value) and the whole of
//! `authorization-header`, `bearer-token` and `url-password`.
//!
//! Their patterns are not one-pass, so the bounded backtracker resolved their groups at
//! about 10 ns per byte of value, often several times per line. Each matcher here
//! follows its pattern's leftmost-first semantics step by step, in one pass over the
//! value. The rule's regex stays the definition: a rule names its matcher in its TOML
//! (`value_syntax`), and tests check on generated and real text that the matcher and
//! the regex fill the same groups.

use std::ops::Range;

use regex_automata::util::primitives::NonMaxUsize;

use crate::rule::is_word_byte;

/// A matcher for the text after a rule's key, named by the rule's `value_syntax`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueSyntax {
    /// `(?:\\\\\\|\\)?(?:["']\]?)?\s*(?:(?:=|:=|=>)\s*VALUE|:\s*(?:!![a-z]+\s+)?VALUE')`, where VALUE is
    /// `\\\"…\\\"`, `\"…\"`, `"…"`
    /// (backslash escapes), `'…'` or an unquoted run, and VALUE' the same with an
    /// unquoted run that holds a non-letter (`generic-secret-assignment`). An unquoted
    /// value goes on over `&,;<>(){}[]` where more of it follows (see `bare_value_end`)
    /// and may start with them (see `assigned`). Or, with no operator, a second column
    /// (see `column`).
    Assignment,
    /// `(?:\\\\\\|\\)?(?:["']\]?)?(?:[ \t.-](?:key|token|secret))?` then `[ \t]{0,3}(?:[:=]|:=|=>)[ \t]{0,3}`
    /// and a run of 12 or more credential bytes, or `[ \t]{1,3}` and a run of 16 or
    /// more, each maybe after `(?:\\\\\\|\\)?["'`]?`, then a byte outside the run's class or the
    /// end (`generic-keyed-credential`).
    Keyed,
    /// `(?:[.-](?:key|token|secret))?-` then a run of 16 or more credential bytes and
    /// a byte outside their class or the end (`generic-dashed-credential`).
    Dashed,
    /// The whole of `://`, a user name, `:`, a password, `@` and a host's first byte
    /// (`url-password`).
    UrlPassword,
    /// The whole of `(?i)\bauthorization\\?["']?\s*[:=]\s*\\?["']?` then a scheme (a
    /// letter and `[A-Za-z0-9._~+-]*`) and spaces, maybe, and a run of 6 or more
    /// token bytes (`authorization-header`).
    Authorization,
    /// The whole of `(?i)\bbearer\s+` then a run of token bytes holding a non-letter,
    /// then `=*` (`bearer-token`).
    Bearer,
}

/// A match: where it ends, which group holds the value, and the value.
struct Found {
    end: usize,
    group: usize,
    value: Range<usize>,
}

impl ValueSyntax {
    /// The matcher named `name` in a rule file.
    pub(crate) fn from_name(name: &str) -> Option<ValueSyntax> {
        match name {
            "assignment" => Some(ValueSyntax::Assignment),
            "keyed" => Some(ValueSyntax::Keyed),
            "dashed" => Some(ValueSyntax::Dashed),
            "url-password" => Some(ValueSyntax::UrlPassword),
            "authorization" => Some(ValueSyntax::Authorization),
            "bearer" => Some(ValueSyntax::Bearer),
            _ => None,
        }
    }

    /// How many capture slots the matched pattern has: a start and an end for the
    /// match and for each of its groups.
    pub(crate) fn slot_len(self) -> usize {
        let groups = match self {
            ValueSyntax::Assignment => 14,
            ValueSyntax::Keyed => 2,
            ValueSyntax::Dashed
            | ValueSyntax::UrlPassword
            | ValueSyntax::Authorization
            | ValueSyntax::Bearer => 1,
        };
        2 * (groups + 1)
    }

    /// Whether this matches the rule's whole pattern from the keyword hit, rather than
    /// the part after its key group (from the hit's end).
    pub(crate) fn is_whole(self) -> bool {
        matches!(
            self,
            ValueSyntax::UrlPassword | ValueSyntax::Authorization | ValueSyntax::Bearer
        )
    }

    /// An anchored match at `from` in `hay`, as the regex would find it (the after-key
    /// part of it, unless [`ValueSyntax::is_whole`]):
    /// fills `slots` (the match, then each group; `None` for groups that did not take
    /// part) and says whether it matched. `slots` holds at least [`ValueSyntax::slot_len`].
    pub(crate) fn search(self, hay: &[u8], from: usize, slots: &mut [Option<NonMaxUsize>]) -> bool {
        let found = match self {
            ValueSyntax::Assignment => assignment(hay, from),
            ValueSyntax::Keyed => keyed(hay, from),
            ValueSyntax::Dashed => dashed(hay, from),
            ValueSyntax::UrlPassword => url_password(hay, from),
            ValueSyntax::Authorization => authorization(hay, from),
            ValueSyntax::Bearer => bearer(hay, from),
        };
        slots.fill(None);
        let Some(f) = found else { return false };
        slots[0] = NonMaxUsize::new(from);
        slots[1] = NonMaxUsize::new(f.end);
        slots[2 * f.group] = NonMaxUsize::new(f.value.start);
        slots[2 * f.group + 1] = NonMaxUsize::new(f.value.end);
        true
    }
}

/// The end of the run of bytes from `at` that satisfy `keep`.
fn run(hay: &[u8], at: usize, keep: impl Fn(u8) -> bool) -> usize {
    at + hay.get(at..).map_or(0, |rest| {
        rest.iter().position(|&b| !keep(b)).unwrap_or(rest.len())
    })
}

/// `\s` without Unicode: space, `\t`, `\n`, `\v`, `\f`, `\r`.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// `[ \t]`: a space or a tab, the blanks within a line.
fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// After a backslash and a quote, each optional: `\\?` then one of `quotes`, greedily
/// (what follows never starts with either, so taking them is the only way to match).
fn skip_escape_and_quote(hay: &[u8], at: usize, quotes: &[u8]) -> usize {
    skip_quote(hay, at + usize::from(hay.get(at) == Some(&b'\\')), quotes)
}

/// After a key name: `(?:\\\\\\|\\)?(?:["']\]?)?`, an escape, the quote that closes the
/// name and the bracket that closes a subscript (`["password"] = …`), each taken where
/// it is (what follows never starts with the next of them, so taking it is the only way
/// to match).
fn after_key(hay: &[u8], from: usize) -> usize {
    let escaped = skip_escapes(hay, from);
    let at = skip_quote(hay, escaped, b"\"'");
    if at > escaped && hay.get(at) == Some(&b']') {
        at + 1
    } else {
        at
    }
}

/// One of `quotes` at `at`, if there.
fn skip_quote(hay: &[u8], at: usize, quotes: &[u8]) -> usize {
    at + usize::from(hay.get(at).is_some_and(|b| quotes.contains(b)))
}

/// `(?:\\\\\\|\\)?` at `at`: the escape before a quote in JSON text (`\"`), or in JSON
/// text inside a JSON string (`\\\"`, a log line shipped as a string of another log's
/// JSON). Taken where it is: what follows never starts with a backslash.
fn skip_escapes(hay: &[u8], at: usize) -> usize {
    let rest = hay.get(at..).unwrap_or_default();
    if rest.starts_with(b"\\\\\\") {
        at + 3
    } else if rest.starts_with(b"\\") {
        at + 1
    } else {
        at
    }
}

fn assignment(hay: &[u8], from: usize) -> Option<Found> {
    let key_end = after_key(hay, from);
    let at = run(hay, key_end, is_space);
    let operator = match hay.get(at)? {
        // `=`, then `=>` (a value never starts with `>`, so `=>` is reached only that way).
        b'=' => assigned(hay, at + 1, false).or_else(|| {
            (hay.get(at + 1) == Some(&b'>'))
                .then(|| assigned(hay, at + 2, false))
                .flatten()
        }),
        b':' => (hay.get(at + 1) == Some(&b'='))
            .then(|| assigned(hay, at + 2, false))
            .flatten()
            .or_else(|| yaml_tagged(hay, at + 1).and_then(|v| assigned(hay, v, true)))
            .or_else(|| assigned(hay, at + 1, true)),
        _ => None,
    };
    // The table cell is an alternative after all the spaces, as the operators are; the
    // column gives some of them back, so the pattern tries it last.
    operator
        .or_else(|| table_cell(hay, at))
        .or_else(|| column(hay, key_end, at))
}

/// `(?:\||│|┃)[ \t]*([^\s|\xE2]*[^A-Za-z\s|\xE2][^\s|\xE2]*)[ \t]*(?:\||│|┃)` at `at`:
/// a value in a table's next cell (group 14), between bars (ASCII, or the box-drawing
/// `│` and `┃`, whose UTF-8 starts with `\xE2`), holding a non-letter.
fn table_cell(hay: &[u8], at: usize) -> Option<Found> {
    let past_bar = |i: usize| match hay.get(i..)? {
        [b'|', ..] => Some(i + 1),
        [0xE2, 0x94, 0x82 | 0x83, ..] => Some(i + 3),
        _ => None,
    };
    let start = run(hay, past_bar(at)?, is_blank);
    let end = run(hay, start, |b| !is_space(b) && b != b'|' && b != 0xE2);
    let closed = past_bar(run(hay, end, is_blank))?;
    hay[start..end]
        .iter()
        .any(|b| !b.is_ascii_alphabetic())
        .then_some(Found {
            end: closed,
            group: 14,
            value: start..end,
        })
}

/// `\s*[ \t]{2,}([^\s]*[^A-Za-z\s][^\s]*)[ \t\r]*$` over the spaces from `key_end` to
/// `at`: a value in a second column aligned by two or more spaces or tabs (group 13),
/// the rest of the text after it blank.
fn column(hay: &[u8], key_end: usize, at: usize) -> Option<Found> {
    let aligned = at >= key_end + 2 && hay[at - 2..at].iter().all(|&b| is_blank(b));
    let end = run(hay, at, |b| !is_space(b));
    let value = &hay[at..end];
    let blank_after = hay[end..]
        .iter()
        .all(|&b| matches!(b, b' ' | b'\t' | b'\r'));
    (aligned && blank_after && value.iter().any(|b| !b.is_ascii_alphabetic())).then_some(Found {
        end: hay.len(),
        group: 13,
        value: at..end,
    })
}

/// `\s*!![a-z]+\s+` at `at` (ASCII case ignored): a YAML tag before a value (`password:
/// !!str Xk9pL2qW7zT4`), whose value starts where this returns.
fn yaml_tagged(hay: &[u8], at: usize) -> Option<usize> {
    let at = run(hay, at, is_space);
    if !hay.get(at..)?.starts_with(b"!!") {
        return None;
    }
    let name = run(hay, at + 2, |b| b.is_ascii_alphabetic());
    let value = run(hay, name, is_space);
    (name > at + 2 && value > name).then_some(value)
}

/// An unquoted assignment value's bytes: no space, control, quote, `&,;<>(){}[]`.
fn is_bare(b: u8) -> bool {
    BARE[usize::from(b)]
}

/// A keyed credential's bytes: `[A-Za-z0-9_+/=.~-]`.
fn is_credential(b: u8) -> bool {
    CREDENTIAL[usize::from(b)]
}

/// Byte classes as tables: a value is read a byte at a time, and a table look-up
/// beats comparing each byte with every excluded one.
const BARE: [bool; 256] = byte_class(Base::AboveSpace, b"\"'&,;<>(){}[]");
/// `[A-Za-z0-9._~+/:=-]`, an Authorization header's credentials.
const AUTHORIZATION: [bool; 256] = byte_class(Base::Alphanumeric, b"._~+/:=-");
/// `[A-Za-z0-9._~+/-]`, a bearer token's bytes (before its `=` padding).
const BEARER: [bool; 256] = byte_class(Base::Alphanumeric, b"._~+/-");
/// `[A-Za-z0-9_+/=.~-]`, a keyed credential's bytes.
const CREDENTIAL: [bool; 256] = byte_class(Base::Alphanumeric, b"_+/=.~-");

/// The bytes a class starts from.
#[derive(Clone, Copy)]
enum Base {
    /// ASCII letters and digits.
    Alphanumeric,
    /// Every byte above space: no control byte, nothing of `\s`.
    AboveSpace,
}

/// `base`, with each byte of `flip` switched: added to letters and digits, taken out
/// of the bytes above space.
const fn byte_class(base: Base, flip: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = match base {
            Base::Alphanumeric => c.is_ascii_alphanumeric(),
            Base::AboveSpace => c > b' ',
        };
        b += 1;
    }
    let mut i = 0;
    while i < flip.len() {
        let b = flip[i] as usize;
        table[b] = !table[b];
        i += 1;
    }
    table
}

/// The value after an assignment's separator at `at` (spaces first): groups 1-6, or
/// 7-12 after a colon, where an unquoted value must hold a non-letter.
fn assigned(hay: &[u8], at: usize, colon: bool) -> Option<Found> {
    let at = run(hay, at, is_space);
    let base = if colon { 7 } else { 1 };
    let rest = hay.get(at..).unwrap_or_default();
    // \\\"…\\\" (JSON in a JSON string), then \"…\": no quote, backslash or line end
    // inside.
    for (group, quote) in [(base, &b"\\\\\\\""[..]), (base + 1, b"\\\"")] {
        if rest.starts_with(quote) {
            let from = at + quote.len();
            let end = run(hay, from, |b| !matches!(b, b'"' | b'\\' | b'\r' | b'\n'));
            if end > from && hay[end..].starts_with(quote) {
                return Some(Found {
                    end: end + quote.len(),
                    group,
                    value: from..end,
                });
            }
        }
    }
    match rest.first() {
        // "…": backslash escapes any byte but a line feed; no raw line end inside.
        Some(b'"') => {
            let mut end = at + 1;
            loop {
                match hay.get(end) {
                    Some(b'\\') if hay.get(end + 1).is_some_and(|&b| b != b'\n') => end += 2,
                    Some(b'"' | b'\\' | b'\r' | b'\n') | None => break,
                    Some(_) => end += 1,
                }
            }
            (end > at + 1 && hay.get(end) == Some(&b'"')).then(|| Found {
                end: end + 1,
                group: base + 2,
                value: at + 1..end,
            })
        }
        Some(b'\'') => {
            let end = run(hay, at + 1, |b| !matches!(b, b'\'' | b'\r' | b'\n'));
            (end > at + 1 && hay.get(end) == Some(&b'\'')).then(|| Found {
                end: end + 1,
                group: base + 3,
                value: at + 1..end,
            })
        }
        _ => {
            let first = match rest.first() {
                // Passwords start with any punctuation: a value may open with the bytes
                // that separate fields (`;A/Lx9R`, `,MM;9`, `&Cv{uI`, `]Icy8d`), then
                // goes on as after a separator in `bare_value_end` (so the empty value of
                // `password=&user=ana` or `password=, host` is none). The pattern:
                // `[&,;)\]}][&,;<(){}\[\]]*` then that step. Not `>`, which would take
                // the `>` of `=>`, nor `&` after a colon, where it is code or YAML
                // (`password: &[u8]`, `password: &anchor`).
                Some(&b)
                    if matches!(b, b',' | b';' | b')' | b']' | b'}') || (b == b'&' && !colon) =>
                {
                    after_separator(hay, run(hay, at, |b| is_stop(b) && b != b'>'))?
                }
                _ => run(hay, at, is_bare),
            };
            if first == at {
                return bracketed(hay, at, base + 5);
            }
            let end = bare_value_end(hay, first, |_| true).unwrap_or(first);
            // After a colon the value holds a non-letter: in its first run of bare
            // bytes, or else the punctuation it goes on over.
            if colon && end == first && hay[at..first].iter().all(u8::is_ascii_alphabetic) {
                return None;
            }
            // The byte that ends the value is part of the match (the pattern's
            // `(?:[^bare\\]|$)`), the end of the text is not.
            Some(Found {
                end: (end + 1).min(hay.len()),
                group: base + 4,
                value: at..end,
            })
        }
    }
}

/// An unquoted value that opens with brackets (`(e8Iq:8y`, `[}4i8m`): the pattern's
/// `[(\[{<]+[bare^\\]+` and what `bare_value_end` takes, then a byte that closes no
/// bracket, or the end. `(none)`, `[FILTERED]` and `<nil>` are how logs say there is
/// no value; `(hidden` and the like are placeholders (`rule::is_placeholder`).
fn bracketed(hay: &[u8], at: usize, group: usize) -> Option<Found> {
    let open = run(hay, at, |b| matches!(b, b'(' | b'[' | b'{' | b'<'));
    let first = run(hay, open, is_bare_unescaped);
    if open == at || first == open {
        return None;
    }
    let end = bare_value_end(hay, first, |next| {
        !matches!(next, Some(b')' | b']' | b'}' | b'>'))
    })?;
    Some(Found {
        end: (end + 1).min(hay.len()),
        group,
        value: at..end,
    })
}

/// Where an unquoted value that has read its bytes up to `end` stops. It goes on over
/// a run of `<>(){}[]` when bare bytes follow (`Jk@P9)CxR`, `a<b=c`), and over a run
/// of `&,;<>(){}[]` that holds one of `&,;` (which separate fields) when bare bytes
/// follow that do not start the next `name=` (`Tr0ub4dor&3`, `p;w`, `a,=b`, but not
/// `&user=`, `, next`, `;` at the end); it stops at a backslash there (`;\nnext` in
/// text that escapes its line ends). The pattern: `(?:[<>(){}\[\]]+[bare^\\]+|
/// [&,;<>(){}\[\]]*[&,;][&,;<>(){}\[\]]*(?:[\w.-]*N[bare^\\]*|=[bare^\\]*|[\w.-]+))*`
/// then a byte that is not bare or is `\`, or the end, where N is a bare byte outside
/// `[\\\w.=-]`. Each step is the regex's first choice that can still match: the
/// punctuation run whole (a shorter one leaves punctuation where bare bytes must
/// start), then, after a separator, a run of name bytes followed by N and bare bytes,
/// or `=` and bare bytes right after the punctuation, else the name bytes alone when
/// no `=` (another bare byte) follows them. A key with a space in its name is taken
/// for more of the value (`;Initial` of `;Initial Catalog=`): masking a word too many
/// was preferred to leaving the end of a password whose last part is letters.
///
/// Each step's end is where the value may stop; the last one whose next byte
/// `may_end` accepts is taken (the regex backs off to it), `None` when there is none.
fn bare_value_end(
    hay: &[u8],
    mut end: usize,
    may_end: impl Fn(Option<u8>) -> bool,
) -> Option<usize> {
    let mut last = may_end(hay.get(end).copied()).then_some(end);
    loop {
        let punct = run(hay, end, is_stop);
        if punct == end {
            return last;
        }
        // Brackets alone separate no fields: any bare bytes go on after them.
        if !hay[end..punct]
            .iter()
            .any(|&b| matches!(b, b'&' | b',' | b';'))
        {
            let more = run(hay, punct, is_bare_unescaped);
            if more == punct {
                return last;
            }
            end = more;
        } else {
            match after_separator(hay, punct) {
                Some(more) => end = more,
                None => return last,
            }
        }
        if may_end(hay.get(end).copied()) {
            last = Some(end);
        }
    }
}

/// After punctuation that holds a separator (`&,;` or a closing bracket), ending at
/// `punct`: where the value's next bytes end, `None` when none follow or they start the
/// next `name=`. The pattern `(?:[\w.-]*N[bare^\\]*|=[bare^\\]*|[\w.-]+)` (see
/// [`bare_value_end`]), its first choice that can still match: name bytes followed by
/// N and bare bytes, or `=` and bare bytes right at `punct`, else the name bytes alone
/// when no `=` (another bare byte) follows them.
fn after_separator(hay: &[u8], punct: usize) -> Option<usize> {
    let name = run(hay, punct, is_name);
    match hay.get(name) {
        Some(&b) if is_bare_unescaped(b) && (b != b'=' || name == punct) => {
            Some(run(hay, name + 1, is_bare_unescaped))
        }
        Some(&b) if is_bare_unescaped(b) => None,
        _ if name > punct => Some(name),
        _ => None,
    }
}

/// An unquoted value's bytes after punctuation it went on over: no backslash there,
/// which starts the next line in text that escapes its line ends (`;\nnext`).
fn is_bare_unescaped(b: u8) -> bool {
    b != b'\\' && is_bare(b)
}

/// The bytes that end an unquoted value unless it goes on after them: `&,;<>(){}[]`.
fn is_stop(b: u8) -> bool {
    matches!(
        b,
        b'&' | b',' | b';' | b'<' | b'>' | b'(' | b')' | b'{' | b'}' | b'[' | b']'
    )
}

/// `[\w.-]`: the bytes of a name that an `=` may follow (and of the names the scanner
/// reads back from a key's ending).
pub(crate) fn is_name(b: u8) -> bool {
    is_word_byte(b) || b == b'.' || b == b'-'
}

fn keyed(hay: &[u8], from: usize) -> Option<Found> {
    let at = after_key(hay, from);
    with_or_without_word(hay, at, keyed_rest)
}

/// `(?:[ \t.-](?:key|token|secret))?` at `at`, then `rest`: with the word if it is
/// there, then without.
fn with_or_without_word(
    hay: &[u8],
    at: usize,
    rest: impl Fn(&[u8], usize) -> Option<Found>,
) -> Option<Found> {
    let word = hay.get(at).is_some_and(|b| b" \t.-".contains(b)).then(|| {
        [&b"key"[..], b"token", b"secret"]
            .iter()
            .find(|w| starts_with_word(hay, at + 1, w))
            .map(|w| at + 1 + w.len())
    });
    word.flatten()
        .and_then(|after| rest(hay, after))
        .or_else(|| rest(hay, at))
}

/// `(?:[.-](?:key|token|secret))?-` then 16 or more credential bytes.
fn dashed(hay: &[u8], from: usize) -> Option<Found> {
    // A space or tab cannot start the word here: the dash must follow at once.
    let dash = |hay: &[u8], at: usize| {
        (hay.get(at) == Some(&b'-'))
            .then(|| keyed_value_bare(hay, at + 1, 16, 1))
            .flatten()
    };
    match hay.get(from) {
        Some(b' ' | b'\t') => dash(hay, from),
        _ => with_or_without_word(hay, from, dash),
    }
}

/// Up to three spaces or tabs from `at`.
fn blanks(hay: &[u8], at: usize) -> usize {
    let end = run(hay, at, is_blank);
    end.min(at + 3)
}

fn keyed_rest(hay: &[u8], at: usize) -> Option<Found> {
    // `[ \t]{0,3}(?:[:=]|:=|=>|\|\|=?|\?\?=?)[ \t]{0,3}`, a wrapper call's opening, then
    // a run of 12 or more; each operator in the regex's order.
    let sep = blanks(hay, at);
    let rest = hay.get(sep..).unwrap_or_default();
    let first = [
        (rest.first().is_some_and(|b| b":=".contains(b)), 1),
        (rest.starts_with(b":=") || rest.starts_with(b"=>"), 2),
        (rest.starts_with(b"||="), 3),
        (rest.starts_with(b"||"), 2),
        (rest.starts_with(b"??="), 3),
        (rest.starts_with(b"??"), 2),
    ]
    .into_iter()
    .filter(|&(there, _)| there)
    .find_map(|(_, len)| keyed_value_wrapped(hay, blanks(hay, sep + len)));
    // `[ \t]{1,3}` then a run of 16 or more.
    first.or_else(|| (sep > at).then(|| keyed_value(hay, sep, 16, 2)).flatten())
}

/// `(?:(?:String::from|\[\]byte)\(|b["'])?` at `at` (a literal converted as it is
/// assigned: Rust's `String::from("…")`, Go's `[]byte("…")`; Python's bytes, `b'…'`),
/// then a run of 12 or more: with the wrapper if it is there, then without.
fn keyed_value_wrapped(hay: &[u8], at: usize) -> Option<Found> {
    let wrapped = [&b"string::from("[..], b"[]byte(", b"b'", b"b\""]
        .iter()
        .find(|w| starts_with_word(hay, at, w))
        .and_then(|w| keyed_value(hay, at + w.len(), 12, 1));
    wrapped.or_else(|| keyed_value(hay, at, 12, 1))
}

/// `(?:\\\\\\|\\)?["'`]?` then a run of at least `min` credential bytes and the byte after
/// it (any byte outside the run's class) or the end.
fn keyed_value(hay: &[u8], at: usize, min: usize, group: usize) -> Option<Found> {
    let at = skip_quote(hay, skip_escapes(hay, at), b"\"'`");
    keyed_value_bare(hay, at, min, group)
}

/// A run of at least `min` credential bytes from `start`, and the byte after it or
/// the end.
fn keyed_value_bare(hay: &[u8], start: usize, min: usize, group: usize) -> Option<Found> {
    let end = run(hay, start, is_credential);
    (end - start >= min).then(|| Found {
        end: (end + 1).min(hay.len()),
        group,
        value: start..end,
    })
}

/// `://[^\s:/?#@"'<>\[\]]*:([^\s/?#@"'<>]+)@[A-Za-z0-9\[._-]`. Neither class holds
/// the byte that ends it (`:`, then `@`), so each run is taken whole.
fn url_password(hay: &[u8], from: usize) -> Option<Found> {
    if !hay.get(from..)?.starts_with(b"://") {
        return None;
    }
    let user_end = run(hay, from + 3, |b| {
        !(is_space(b) || b":/?#@\"'<>[]".contains(&b))
    });
    if hay.get(user_end) != Some(&b':') {
        return None;
    }
    let start = user_end + 1;
    // The password's run may hold `@` and `#`; it ends at the last `@` (the greedy
    // run's first way back) that a host's first byte follows, 256 bytes at most.
    let run_end = run(hay, start, |b| !(is_space(b) || b"/?\"'<>".contains(&b)));
    let host = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'[' | b'.' | b'_' | b'-');
    let end = (start + 1..run_end.min(start + 257))
        .rev()
        .find(|&i| hay[i] == b'@' && hay.get(i + 1).is_some_and(|&b| host(b)))?;
    Some(Found {
        end: end + 2,
        group: 1,
        value: start..end,
    })
}

/// Whether `hay[at..]` starts with `word` (lowercase), ASCII case ignored.
fn starts_with_word(hay: &[u8], at: usize, word: &[u8]) -> bool {
    hay.get(at..at + word.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(word))
}

/// `\b` then `word` at `at` (`word` starts with a word byte, so the byte before must
/// not be one): the hit's end.
fn keyword_at(hay: &[u8], at: usize, word: &[u8]) -> Option<usize> {
    let bounded = at == 0 || !hay.get(at - 1).is_some_and(|&b| is_word_byte(b));
    (bounded && starts_with_word(hay, at, word)).then_some(at + word.len())
}

/// An Authorization scheme's bytes after its first letter: `[A-Za-z0-9._~+-]`
/// (`Bearer`, `SSWS`, `AWS4-HMAC-SHA256`, `sso-key`).
fn is_scheme(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~' | b'+' | b'-')
}

fn authorization(hay: &[u8], from: usize) -> Option<Found> {
    let at = keyword_at(hay, from, b"authorization")?;
    let at = run(hay, skip_escape_and_quote(hay, at, b"\"'"), is_space);
    if !matches!(hay.get(at), Some(b':' | b'=')) {
        return None;
    }
    let at = skip_escape_and_quote(hay, run(hay, at + 1, is_space), b"\"'");
    let credentials = |start: usize| {
        let end = run(hay, start, |b| AUTHORIZATION[usize::from(b)]);
        (end - start >= 6).then_some(Found {
            end,
            group: 1,
            value: start..end,
        })
    };
    // A scheme (any: RFC 7235's `auth-scheme 1*SP credentials`), spaces and
    // credentials; else credentials alone. Only the whole first word can be a scheme:
    // a shorter one is followed by a scheme byte, not a space.
    let scheme = if hay.get(at).is_some_and(u8::is_ascii_alphabetic) {
        run(hay, at + 1, is_scheme)
    } else {
        at
    };
    let start = run(hay, scheme, is_space);
    (scheme > at && start > scheme)
        .then(|| credentials(start))
        .flatten()
        .or_else(|| credentials(at))
}

fn bearer(hay: &[u8], from: usize) -> Option<Found> {
    let at = keyword_at(hay, from, b"bearer")?;
    let start = run(hay, at, is_space);
    let end = run(hay, start, |b| BEARER[usize::from(b)]);
    if start == at || hay[start..end].iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let end = run(hay, end, |b| b == b'=');
    Some(Found {
        end,
        group: 1,
        value: start..end,
    })
}

// Native only: proptest does not build for wasm32.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;
    use regex_automata::{Anchored, Input};

    use regex_automata::meta;

    use super::{NonMaxUsize, ValueSyntax};
    use crate::rule::{build_meta_regex, builtin_specs, AfterKeySearch, Rule};

    /// A rule that names a matcher, and the regex the matcher stands for: the rule's,
    /// or the part of it after the key.
    struct Case {
        rule: Rule,
        syntax: ValueSyntax,
        reference: meta::Regex,
    }

    fn cases() -> Vec<Case> {
        let cases: Vec<Case> = builtin_specs()
            .iter()
            .filter_map(|s| {
                let syntax = ValueSyntax::from_name(s.value_syntax?)?;
                let hir = crate::anchor::parse(s.regex).expect("built-in rules parse");
                let hir = if syntax.is_whole() {
                    hir
                } else {
                    let key = s
                        .key_group
                        .expect("a matcher after the key needs a key group");
                    crate::anchor::after_key(&hir, key)
                        .expect("the rule has a pattern after its key")
                        .0
                };
                let reference =
                    build_meta_regex(&hir, 8 << 20, true).expect("built-in rules compile");
                Some(Case {
                    rule: Rule::from_spec(s),
                    syntax,
                    reference,
                })
            })
            .collect();
        assert_eq!(cases.len(), 6, "six rules name a matcher");
        cases
    }

    /// The groups that the reference regex and the matcher find at `from` in `hay`.
    fn both(case: &Case, hay: &[u8], from: usize) -> [Vec<Option<usize>>; 2] {
        let slot_len = case.syntax.slot_len();
        let mut by_regex = vec![None; slot_len];
        // Slots are unspecified after no match.
        let input = Input::new(hay).range(from..).anchored(Anchored::Yes);
        if case.reference.search_slots(&input, &mut by_regex).is_none() {
            by_regex.fill(None);
        }
        let mut by_matcher = vec![None; slot_len];
        case.syntax.search(hay, from, &mut by_matcher);
        let plain =
            |s: Vec<Option<NonMaxUsize>>| s.into_iter().map(|x| x.map(|n| n.get())).collect();
        [plain(by_regex), plain(by_matcher)]
    }

    fn agree_everywhere(hay: &[u8]) -> Result<(), TestCaseError> {
        for case in CASES.with(|c| c.clone()).iter() {
            for from in 0..=hay.len() {
                let [regex, matcher] = both(case, hay, from);
                prop_assert_eq!(
                    &regex,
                    &matcher,
                    "{} at {} in {:?}",
                    case.rule.id,
                    from,
                    String::from_utf8_lossy(hay)
                );
            }
        }
        Ok(())
    }

    thread_local! {
        static CASES: std::rc::Rc<Vec<Case>> = std::rc::Rc::new(cases());
    }

    #[test]
    fn the_scanner_uses_the_matchers_which_have_as_many_groups_as_the_patterns() {
        for Case { rule, syntax, .. } in cases() {
            let c = rule.compiled().unwrap();
            if syntax.is_whole() {
                assert_eq!(c.slot_len, syntax.slot_len(), "{}", rule.id);
                assert_eq!(
                    c.whole,
                    Some(crate::rule::WholeMatcher::Syntax(syntax)),
                    "{}: the scanner uses the matcher",
                    rule.id
                );
            } else {
                let rest = c.after_key.as_ref().unwrap();
                assert_eq!(rest.slot_len, syntax.slot_len(), "{}", rule.id);
                assert!(
                    matches!(rest.search, AfterKeySearch::Matcher(s) if s == syntax),
                    "{}: the scanner uses the matcher",
                    rule.id
                );
            }
        }
    }

    #[test]
    fn matchers_agree_with_the_regexes_on_the_rule_examples() {
        for spec in builtin_specs() {
            for text in spec.examples.iter().chain(spec.negatives) {
                agree_everywhere(text.as_bytes()).unwrap();
            }
        }
    }

    #[test]
    fn matchers_agree_with_the_regexes_on_the_cases_that_need_backtracking() {
        for text in [
            // `=>` after `=` fails, `:=` falling back to `:` with a value that starts with `=`.
            "=> abcdef",
            ":=  ",
            ":=x",
            "key:= abcdefghijklmnop",
            "key:=abcdefghijklmnopq",
            "key==abcdefghijklmn",
            // A second column: after spaces ending in two blanks, a last run holding a
            // non-letter; an operator's failed value falling back to it.
            "password  =",
            "password \t x1 \r",
            "password\n  x1",
            "password \n x1",
            "password  a1 b",
            "password  ab",
            "password  :",
            "password  é",
            // A table's next cell: bars of both kinds, a value of letters, a bar that
            // does not close, an open cell, other box-drawing bytes.
            " | x1 |",
            " \u{2502} x1 \u{2503}",
            "| ab |",
            "|x1| |",
            "| x1 ",
            "| x1 \u{2500}",
            "  |x1|",
            "\u{2502}x1\u{2502}y",
            "||",
            // The optional word taken and then given back.
            " tokenABCDEFGHIJKLMNOP",
            " token abcdefghijklm",
            "-secret: 0123456789ab",
            ".KEY 0123456789abcdef0",
            // Quotes that do not close, escapes at the end, values made of letters.
            "=\\\"abc",
            "=\\\"abc\\\"",
            "=\"a\\\"b\"",
            "=\"a\\",
            "=\"\"",
            "=''",
            ": letters",
            ": letters1",
            ":\"quoted letters\"",
            "\\\":\\\"x\\\"",
            "\"\t =\t\"v\"",
            "    =abcdefghijklmnop",
            "=    abcdefghijklmnop",
            "\\'`abcdefghijklmnop",
            "= \\`abcdefghijkl ",
            "=é\u{7f}x",
            // Unquoted values over `&,;<>(){}[]`: on when bare bytes follow, not into
            // the next `name=`, not over punctuation at the end.
            "=Tr0ub4dor&3 host=db",
            "=a&b=c",
            "=a&&b",
            "=a,;b=c",
            "=a)(b",
            "=a&b.c-d=e",
            "=a&b$c=d",
            "=a&b$",
            "=a&",
            "=a]",
            "=a&\n",
            "=a&é",
            "=a&-",
            ": abc&def",
            ": a1;b2",
            ": ab&c1",
            ":ab1&=",
            ": abc&",
            ": abc,=d",
            "=a,=b&c=d",
            ": none; retry",
            "=a;\\nb=c",
            "=a;b\\nc",
            "=a\\;b",
            "=a;\\",
            "=a;b\\",
            "=a&=\\x",
            "=a;Initial Catalog=b",
            "=a;Ini",
            "=a;Init",
            "=a(b_c)",
            "=a(bcde)",
            "=users.get(username)",
            "=a&V1\"",
            "=Ku&UifA)rfXrXo=5t",
            "=a)b",
            "=a)\\b",
            "=a)&b=c",
            "=a)&b",
            "=a&)b=c",
            "=a<b=c>",
            ": abc)def",
            ": abc)",
            // Values that open with brackets, but not a bracketed word.
            "=(e8Iq:8y4K",
            "=(abc)",
            "=(abc",
            "=(abc)d",
            "=(ab&cd)",
            "=(ab&cd)e",
            "=[x]",
            "=<nil>",
            "=((a",
            "=(\\",
            "=(a)&b=c",
            "=[}4i8mC_KL6",
            ": (see docs)",
            ": (x1",
            ": [a;b]",
            "=a\x0bb",
            // Schemes with too short credentials fall back to the scheme as credentials.
            ": Bearer abc",
            ":Basic  abcdef",
            "=\\'token\t0123456789",
            " : ApiKey x",
            "=aws4-hmac-sha256 Credential=AKIA/2026",
            " abcdefghij",
            "\tabc=",
            " abc123==",
            " 0==x",
            "=\"Negotiate YII=\"",
            // A name glued with dashes, the word given back to the value.
            "-token-0123456789abcdef",
            "-token0123456789abcdef",
            ".key-0123456789abcdef0",
            "-0123456789abcdef ",
            "://u:p@h",
            "://:p@[::1]",
            "://u:p@@h",
            "://u:p@ss@h/x",
            "://u:p#w@h",
            "://u:p@ss@ h",
            "://u:@h",
            "://u:p@h?q=a@b",
            "://u:p@",
            "://u:p:q@h",
            "://u@h:p@x",
        ] {
            for prefix in [
                "",
                "key",
                "password",
                "xauthorization",
                "Authorization",
                "_Bearer",
                "BEARER",
            ] {
                agree_everywhere(format!("{prefix}{text}").as_bytes()).unwrap();
            }
        }
    }

    #[test]
    fn url_passwords_end_at_the_last_at_sign_within_256_bytes() {
        for n in [1, 254, 255, 256, 257] {
            for tail in ["@h", "@h@h", "@h@", "@@h", "#@h/x"] {
                let text = format!("://u:{}{tail}", "a".repeat(n));
                agree_everywhere(text.as_bytes()).unwrap();
            }
        }
    }

    /// Text made of the pieces the patterns turn on.
    fn pieces() -> impl Strategy<Value = Vec<u8>> {
        let piece = prop::sample::select(vec![
            "://",
            "@",
            "?",
            "#",
            "user:pass@host",
            "authorization",
            "Bearer",
            "basic",
            "api-key",
            "aws4-hmac-sha256",
            "sso-key",
            "x",
            "=",
            ":",
            ":=",
            "=>",
            "  ",
            "\r",
            "||",
            "||=",
            "??",
            "?=",
            "|",
            "String::from(",
            "[]BYTE(",
            "b'",
            "B\"",
            "b",
            " ",
            "\t",
            "   ",
            "\\",
            "\"",
            "'",
            "`",
            "\\\"",
            "\\\\\\\"",
            "\\\\",
            "!!str ",
            "!!",
            "key",
            "TOKEN",
            "Secret",
            ".",
            "-",
            "a",
            "Z",
            "0",
            "abcdefghijkl",
            "0123456789abcdefgh",
            "&",
            ",",
            ";",
            ">",
            "<",
            "[",
            "]",
            "(",
            ")",
            "{",
            "}",
            "\r",
            "\n",
            "\u{b}",
            "\u{1}",
            "é",
            "+/=",
            "~",
            "_",
            "!",
        ]);
        prop::collection::vec(piece, 0..14).prop_map(|v| v.concat().into_bytes())
    }

    /// A key, then separators and quotes, then values: runs of each length around the
    /// patterns' minimums (6, 12, 16), so every branch and its fallback is reached.
    fn assignments() -> impl Strategy<Value = Vec<u8>> {
        let key = prop::sample::select(vec![
            "password",
            "api_key",
            "Authorization",
            "bearer",
            "token",
            "x secret",
            "",
        ]);
        let separator = prop::sample::select(vec![
            "=",
            ":",
            ":=",
            "=>",
            " ",
            "\t",
            "\\",
            "\"",
            "'",
            "`",
            "]",
            "\"]",
            "'] ",
            "\\\\\\\"",
            "\\\\\\",
            ": !!str ",
            "!!Str\n",
            ".",
            "-",
            "key",
            "Token",
            "Bearer",
            "basic",
            "Basic ",
            "aws4-hmac-sha256",
        ]);
        let value = prop::sample::select(vec![
            "a",
            "ab1",
            "abcde",
            "abcd1",
            "abcdef",
            "abcde1",
            "0123456789a",
            "0123456789ab",
            "0123456789abcde",
            "0123456789abcdef",
            "abcdefghijklmnop",
            "==",
            "=",
            "/",
            ":",
            "\"",
            "'",
            "\\\"",
            "\\\\\\\"",
            "\\",
            " ",
            "&",
            ",",
            "é",
            "\r",
            "!",
            ")",
            ";",
            "{",
            "user=",
            "a.b-c",
            "$",
            "(",
            "[x",
            "]",
            "}",
            ">",
            "<",
        ]);
        (
            key,
            prop::collection::vec(separator, 0..4),
            prop::collection::vec(value, 0..4),
        )
            .prop_map(|(k, s, v)| format!("{k}{}{}", s.concat(), v.concat()).into_bytes())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn matchers_agree_with_the_regexes(hay in pieces()) {
            agree_everywhere(&hay)?;
        }

        #[test]
        fn matchers_agree_with_the_regexes_on_assignments(hay in assignments()) {
            agree_everywhere(&hay)?;
        }

        #[test]
        fn matchers_agree_with_the_regexes_on_any_bytes(hay in prop::collection::vec(any::<u8>(), 0..40)) {
            agree_everywhere(&hay)?;
        }
    }
}
