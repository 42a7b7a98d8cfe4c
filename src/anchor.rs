//! Whether every match of a rule's regex starts with one of its keywords.
//!
//! When it does, the scanner runs the regex anchored at each keyword hit, which costs
//! the length of the match, instead of over the hit's whole line. The answer comes from
//! the regex's syntax tree: the set of strings a match can begin with (ASCII-lowercased,
//! cut at the longest keyword) must all begin with a keyword. Anything the analysis
//! cannot bound (a wide class, a repetition, too many alternatives) answers "no", which
//! only costs speed.
//!
//! Shared with `build.rs`, which answers the question for the built-in rules at build
//! time; custom rules are answered when they are loaded.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Most prefixes the analysis tracks before it gives up.
const MAX_PREFIXES: usize = 4096;
/// Widest class the analysis expands into one prefix per byte (`vc[pikar]_` is five).
const MAX_CLASS: usize = 8;

/// A string a match can begin with, and whether it is all of the sub-pattern's match
/// (so the next sub-pattern's prefixes continue it) or only its beginning.
type Prefix = (Vec<u8>, bool);

/// A rule's pattern as the engine reads it (bytes, Unicode off): the syntax tree the
/// questions below are asked of, and that the rule's regex is built from. The error
/// is the parser's message (which points at the problem in the pattern).
pub fn parse(pattern: &str) -> Result<Hir, String> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .map_err(|e| e.to_string())
}

/// The top level of a pattern: the parts of its concatenation, or the pattern alone.
fn top_level(hir: &Hir) -> &[Hir] {
    match hir.kind() {
        HirKind::Concat(parts) => parts,
        _ => std::slice::from_ref(hir),
    }
}

/// Whether every match of `hir` begins with one of `keywords` (ASCII case ignored).
/// `false` when the analysis gives up.
pub fn starts_with_keyword(hir: &Hir, keywords: &[&str]) -> bool {
    let keywords: Vec<Vec<u8>> = keywords
        .iter()
        .map(|k| k.to_ascii_lowercase().into_bytes())
        .collect();
    let Some(longest) = keywords.iter().map(Vec::len).max() else {
        return false;
    };
    // A prefix that already starts with a keyword need not grow: what follows cannot
    // change the answer, and growing it is what makes the count explode.
    let starts = |p: &[u8]| keywords.iter().any(|k| p.starts_with(k));
    let Some(prefixes) = prefixes(hir, longest, &starts) else {
        return false;
    };
    prefixes.iter().all(|(p, _)| starts(p))
}

/// Farthest before a keyword hit that the scanner searches anchored from (see
/// [`Shape::probe_reach`]).
pub const MAX_PROBE_REACH: usize = 1;

/// Longest distance from a match's start to a keyword that [`keyword_reach`] accepts:
/// beyond it, a search from the line's start costs little more.
const MAX_REACH: usize = 64;

/// For a pattern whose matches need not start with a keyword: how far into every
/// match a keyword must start at the latest, when that is bounded (`\b` or a separator
/// byte, then the keyword, as in `(?:^|[^A-Za-z0-9])(?i:adyen|x-api-key)...`). Then a
/// search for the match that holds a keyword hit can start that far before the hit
/// instead of at the start of its line. `Some(0)` is [`starts_with_keyword`]; `None`
/// when the analysis cannot bound it (or the bound exceeds `MAX_REACH`).
pub fn keyword_reach(hir: &Hir, keywords: &[&str]) -> Option<usize> {
    // The top-level concatenation, with groups at the top opened up: `\b(sk-...)`.
    let mut parts: Vec<&Hir> = Vec::new();
    let mut stack: Vec<&Hir> = top_level(hir).iter().rev().collect();
    while let Some(part) = stack.pop() {
        match part.kind() {
            HirKind::Capture(c) => stack.extend(top_level(&c.sub).iter().rev()),
            _ => parts.push(part),
        }
    }
    let mut before = 0usize;
    for i in 0..parts.len() {
        if i > 0 {
            before = before.checked_add(parts[i - 1].properties().maximum_len()?)?;
            if before > MAX_REACH {
                return None;
            }
        }
        let rest = Hir::concat(parts[i..].iter().map(|&p| p.clone()).collect());
        if starts_with_keyword(&rest, keywords) {
            return Some(before);
        }
    }
    None
}

/// The parts of a pattern's top-level sequence, groups opened.
fn parts(hir: &Hir) -> Vec<&Hir> {
    match hir.kind() {
        HirKind::Concat(all) => all.iter().flat_map(|h| parts(h)).collect(),
        HirKind::Capture(c) => parts(&c.sub),
        _ => vec![hir],
    }
}

/// Whether an anchored search of `hir` can run far and then fail: an unbounded
/// run of a class, then a required part that starts inside the class and that a
/// long run does not satisfy by itself (a literal after a greedy run, anything after
/// a lazy one). Such a search, at each keyword hit of a text made of that class,
/// runs to the end of its window before it fails: one window per hit.
pub fn runs_far_then_fails(hir: &Hir) -> bool {
    let parts = parts(hir);
    parts.iter().enumerate().any(|(i, part)| {
        let HirKind::Repetition(rep) = part.kind() else {
            return false;
        };
        let HirKind::Class(Class::Bytes(class)) = rep.sub.kind() else {
            return false;
        };
        let in_class = |b: u8| {
            class
                .ranges()
                .iter()
                .any(|r| r.start() <= b && b <= r.end())
        };
        let rest = Hir::concat(parts[i + 1..].iter().map(|h| (*h).clone()).collect());
        let Some((starts, nullable)) = first_bytes(&rest) else {
            return false;
        };
        let inside = (0..=255u8).any(|b| starts[usize::from(b)] && in_class(b));
        let literal_next = matches!(
            parts.get(i + 1).map(|h| h.kind()),
            Some(HirKind::Literal(lit)) if lit.0.first().is_some_and(|&b| in_class(b))
        );
        rep.max.is_none() && !nullable && inside && (!rep.greedy || literal_next)
    })
}

/// What the scanner knows of a rule from its pattern (`build.rs` asks for the built-in
/// rules, custom rules are asked at load).
pub struct Shape {
    /// Every match starts with a keyword ([`starts_with_keyword`]).
    pub anchored: bool,
    /// When not anchored: how far into a match its keyword starts at most
    /// ([`keyword_reach`]).
    pub keyword_reach: Option<usize>,
    /// How far before a keyword hit the scanner searches anchored from, trying each
    /// start up to the hit, instead of searching the hit's line: `Some(0)` when
    /// anchored, the keyword reach when at most [`MAX_PROBE_REACH`] (a separator or `^`
    /// before the keyword) for a single-line rule whose anchored search cannot run far
    /// and then fail ([`runs_far_then_fails`]). Such a search stops where the pattern
    /// fails after the keyword; a search of the line goes on to the line's end.
    pub probe_reach: Option<usize>,
    /// The shortest text in which the rule can find anything: its shortest match, or
    /// its shortest keyword if longer (the rule runs only on text that holds one: a
    /// pattern need not hold its keyword, `\s-[NP]\s*…` keyed on `ssh-keygen`); for a
    /// multi-line rule its shortest keyword if shorter (a stream holds text back from
    /// such a keyword before the match is complete).
    pub shortest_text: usize,
}

/// The [`Shape`] of a rule with `pattern`, `keywords` and `multiline`. A pattern that
/// does not parse gives the answers that cost only speed (the rule then fails to
/// compile, and finds nothing).
pub fn shape(pattern: &str, keywords: &[&str], multiline: bool) -> Shape {
    let Ok(hir) = parse(pattern) else {
        return Shape {
            anchored: false,
            keyword_reach: None,
            probe_reach: None,
            shortest_text: 0,
        };
    };
    let anchored = starts_with_keyword(&hir, keywords);
    let shortest_match = hir.properties().minimum_len().unwrap_or(0);
    let keyword_reach = if anchored {
        None
    } else {
        keyword_reach(&hir, keywords)
    };
    Shape {
        anchored,
        keyword_reach,
        probe_reach: match keyword_reach {
            _ if anchored => Some(0),
            Some(reach) if reach <= MAX_PROBE_REACH && !multiline && !runs_far_then_fails(&hir) => {
                Some(reach)
            }
            _ => None,
        },
        shortest_text: match keywords.iter().map(|k| k.len()).min() {
            Some(k) if multiline => shortest_match.min(k),
            Some(k) => shortest_match.max(k),
            None => shortest_match,
        },
    }
}

/// What compiling a rule asks of its parsed pattern. build.rs answers it for the
/// built-in rules with a hand-written matcher (`rule::RuleSpec::parsed`): their patterns
/// are the longest (2.2 KB for `generic-secret-assignment`), their searches never run
/// the regex, and parsing such a pattern at the rule's first keyword hit took most of
/// a first call's time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parsed {
    /// The pattern's capture groups.
    pub groups: usize,
    /// The group holding the secret: the rule's, or 1 when the pattern has groups.
    pub secret_group: usize,
    /// [`group_is_whole_match`] of the secret group.
    pub secret_is_whole_match: bool,
    /// [`key_is_keyword`] of the key group (false without one).
    pub key_is_keyword: bool,
    /// When the key group is the keyword: [`after_key`]'s shift, and how many groups
    /// the part after the key has.
    pub after_key: Option<(u32, usize)>,
}

/// [`Parsed`] of `hir`, or what is wrong with the rule's groups.
pub fn facts(
    hir: &Hir,
    secret_group: Option<usize>,
    key_group: Option<usize>,
    keywords: &[&str],
) -> Result<Parsed, String> {
    let groups = hir.properties().explicit_captures_len();
    let secret_group = secret_group.unwrap_or(usize::from(groups > 0));
    if secret_group > groups {
        return Err(format!(
            "secret_group {secret_group} does not exist; the regex has {groups} groups"
        ));
    }
    if let Some(k) = key_group {
        if k == 0 || k > groups {
            return Err(format!(
                "key_group {k} does not exist; the regex has {groups} groups"
            ));
        }
    }
    let key_is_keyword = key_group.is_some_and(|k| key_is_keyword(hir, k, keywords));
    Ok(Parsed {
        groups,
        secret_group,
        secret_is_whole_match: group_is_whole_match(hir, secret_group),
        key_is_keyword,
        after_key: key_group
            .filter(|_| key_is_keyword)
            .and_then(|k| parts_after_key(hir, k))
            .map(|(rest, shift)| {
                let groups = rest.iter().map(|p| p.properties().explicit_captures_len());
                (shift, groups.sum())
            }),
    })
}

/// Whether capture group `group` of `hir` always spans the whole match (the pattern
/// is that group, between zero-width assertions such as `\b`): then the match bounds
/// alone give the secret, and the search needs no capture engine.
pub fn group_is_whole_match(hir: &Hir, group: usize) -> bool {
    if group == 0 {
        return true;
    }
    let parts = top_level(hir);
    let mut rest = parts
        .iter()
        .filter(|p| !matches!(p.kind(), HirKind::Look(_)));
    match (rest.next().map(Hir::kind), rest.next()) {
        (Some(HirKind::Capture(c)), None) => c.index as usize == group,
        _ => false,
    }
}

/// Whether capture group `key_group` of `hir` always matches exactly the keyword
/// hit that an anchored search starts at, given that hits count only where the keyword
/// ends a word. Then a key-name check can run on the hit before the search. It holds
/// when the pattern starts with that group (after zero-width assertions), the group
/// matches only whole keywords, the pattern never continues with a word byte right
/// after it, and no keyword or group string is a prefix of another that goes on with
/// a byte that is not a word byte (so two of them cannot both fit at one place).
pub fn key_is_keyword(hir: &Hir, key_group: usize, keywords: &[&str]) -> bool {
    let parts = top_level(hir);
    let Some(first) = parts
        .iter()
        .position(|p| !matches!(p.kind(), HirKind::Look(_)))
    else {
        return false;
    };
    let HirKind::Capture(group) = parts[first].kind() else {
        return false;
    };
    if group.index as usize != key_group {
        return false;
    }
    const LONGEST: usize = 256;
    let Some(strings) = prefixes(&group.sub, LONGEST, &|_| false) else {
        return false;
    };
    let keywords: Vec<Vec<u8>> = keywords
        .iter()
        .map(|k| k.to_ascii_lowercase().into_bytes())
        .collect();
    if strings
        .iter()
        .any(|(s, exact)| !exact || !keywords.contains(s))
    {
        return false;
    }
    // What follows the group: always a byte, never a word byte.
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    match first_bytes(&Hir::concat(parts[first + 1..].to_vec())) {
        Some((next, false)) if !(0..=255u8).any(|b| next[b as usize] && word(b)) => {}
        _ => return false,
    }
    let all: Vec<&Vec<u8>> = keywords
        .iter()
        .chain(strings.iter().map(|(s, _)| s))
        .collect();
    all.iter().all(|a| {
        all.iter()
            .all(|b| b.len() <= a.len() || !b.starts_with(a) || word(b[a.len()]))
    })
}

/// For a pattern whose key group is the keyword hit (see [`key_is_keyword`]): the rest
/// of the pattern after that group, with its groups renumbered to start at 1, and by
/// how much they were shifted. An anchored search of the rest from the hit's end finds
/// what the whole pattern finds from its start, with a smaller automaton and a shorter
/// span for the capture engine. `None` when the pattern has nothing after the group.
pub fn after_key(hir: &Hir, key_group: usize) -> Option<(Hir, u32)> {
    let (rest, shift) = parts_after_key(hir, key_group)?;
    Some((
        Hir::concat(rest.iter().map(|p| renumber(p, shift)).collect()),
        shift,
    ))
}

/// For [`after_key`]: the top-level parts of the pattern after its key group, as they
/// are, and the shift of their groups (their [`facts`] need no renumbered copy).
fn parts_after_key(hir: &Hir, key_group: usize) -> Option<(&[Hir], u32)> {
    let parts = top_level(hir);
    let first = parts
        .iter()
        .position(|p| !matches!(p.kind(), HirKind::Look(_)))?;
    match parts[first].kind() {
        HirKind::Capture(c) if c.index as usize == key_group => {}
        _ => return None,
    }
    let shift = parts[..=first].iter().flat_map(groups).max()?;
    let rest = &parts[first + 1..];
    if rest.is_empty() || rest.iter().flat_map(groups).any(|g| g <= shift) {
        return None;
    }
    Some((rest, shift))
}

/// The index of every group in `hir`.
fn groups(hir: &Hir) -> Vec<u32> {
    match hir.kind() {
        HirKind::Capture(c) => {
            let mut v = groups(&c.sub);
            v.push(c.index);
            v
        }
        HirKind::Concat(ps) | HirKind::Alternation(ps) => ps.iter().flat_map(groups).collect(),
        HirKind::Repetition(r) => groups(&r.sub),
        _ => Vec::new(),
    }
}

/// `hir` with each group's index lowered by `shift` (all are above it).
fn renumber(hir: &Hir, shift: u32) -> Hir {
    match hir.kind() {
        HirKind::Capture(c) => Hir::capture(regex_syntax::hir::Capture {
            index: c.index - shift,
            name: c.name.clone(),
            sub: Box::new(renumber(&c.sub, shift)),
        }),
        HirKind::Concat(ps) => Hir::concat(ps.iter().map(|p| renumber(p, shift)).collect()),
        HirKind::Alternation(ps) => {
            Hir::alternation(ps.iter().map(|p| renumber(p, shift)).collect())
        }
        HirKind::Repetition(r) => Hir::repetition(regex_syntax::hir::Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(renumber(&r.sub, shift)),
        }),
        _ => hir.clone(),
    }
}

/// The bytes a match of `hir` can start with, and whether it can be empty; `None` for
/// what the analysis does not know (Unicode classes, which these patterns do not use).
fn first_bytes(hir: &Hir) -> Option<([bool; 256], bool)> {
    let mut set = [false; 256];
    let nullable = match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => true,
        HirKind::Literal(lit) => match lit.0.first() {
            Some(&b) => {
                set[b as usize] = true;
                false
            }
            None => true,
        },
        HirKind::Class(Class::Bytes(c)) => {
            for r in c.ranges() {
                for b in r.start()..=r.end() {
                    set[b as usize] = true;
                }
            }
            false
        }
        HirKind::Class(Class::Unicode(_)) => return None,
        HirKind::Capture(c) => return first_bytes(&c.sub),
        HirKind::Repetition(rep) => {
            let (sub, nullable) = first_bytes(&rep.sub)?;
            set = sub;
            nullable || rep.min == 0
        }
        HirKind::Concat(parts) => {
            let mut nullable = true;
            for part in parts {
                let (sub, empty) = first_bytes(part)?;
                (0..256).for_each(|b| set[b] |= sub[b]);
                if !empty {
                    nullable = false;
                    break;
                }
            }
            nullable
        }
        HirKind::Alternation(alts) => {
            let mut nullable = false;
            for alt in alts {
                let (sub, empty) = first_bytes(alt)?;
                (0..256).for_each(|b| set[b] |= sub[b]);
                nullable |= empty;
            }
            nullable
        }
    };
    Some((set, nullable))
}

/// The prefixes of `hir`'s matches, up to `cap` bytes; a prefix for which `enough`
/// holds is not grown further.
fn prefixes(hir: &Hir, cap: usize, enough: &dyn Fn(&[u8]) -> bool) -> Option<Vec<Prefix>> {
    let exact_empty = || vec![(Vec::new(), true)];
    Some(match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => exact_empty(),
        HirKind::Literal(lit) => vec![(lit.0.to_ascii_lowercase(), true)],
        HirKind::Class(class) => {
            let mut bytes: Vec<u8> = Vec::new();
            match class {
                Class::Bytes(c) => {
                    for r in c.ranges() {
                        for b in r.start()..=r.end() {
                            bytes.push(b.to_ascii_lowercase());
                            if bytes.len() > 2 * MAX_CLASS {
                                return Some(vec![(Vec::new(), false)]);
                            }
                        }
                    }
                }
                Class::Unicode(_) => return Some(vec![(Vec::new(), false)]),
            }
            bytes.sort_unstable();
            bytes.dedup();
            if bytes.len() > MAX_CLASS {
                return Some(vec![(Vec::new(), false)]);
            }
            bytes.into_iter().map(|b| (vec![b], true)).collect()
        }
        HirKind::Capture(c) => prefixes(&c.sub, cap, enough)?,
        HirKind::Repetition(rep) => {
            let mut sub = prefixes(&rep.sub, cap, enough)?;
            if rep.max != Some(1) {
                // More may follow the first repetition: only its prefixes are known.
                for p in &mut sub {
                    p.1 = false;
                }
            }
            if rep.min == 0 {
                sub.push((Vec::new(), true));
            }
            sub
        }
        HirKind::Concat(parts) => {
            let mut acc = exact_empty();
            for part in parts {
                if acc.iter().all(|p| !p.1) {
                    break;
                }
                let next = prefixes(part, cap, enough)?;
                let mut joined = Vec::new();
                for (a, open) in acc {
                    if !open {
                        joined.push((a, false));
                        continue;
                    }
                    for (b, exact) in &next {
                        let mut s = a.clone();
                        s.extend_from_slice(b);
                        let full = s.len() >= cap || enough(&s);
                        s.truncate(cap);
                        joined.push((s, *exact && !full));
                    }
                    if joined.len() > MAX_PREFIXES {
                        return None;
                    }
                }
                joined.sort_unstable();
                joined.dedup();
                acc = joined;
            }
            acc
        }
        HirKind::Alternation(alts) => {
            let mut all = Vec::new();
            for alt in alts {
                all.extend(prefixes(alt, cap, enough)?);
                if all.len() > MAX_PREFIXES {
                    return None;
                }
            }
            all
        }
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    // The questions, asked of a pattern's text (false when it does not parse).
    fn starts_with_keyword(pattern: &str, keywords: &[&str]) -> bool {
        parse(pattern).is_ok_and(|h| super::starts_with_keyword(&h, keywords))
    }
    fn group_is_whole_match(pattern: &str, group: usize) -> bool {
        parse(pattern).is_ok_and(|h| super::group_is_whole_match(&h, group))
    }
    fn key_is_keyword(pattern: &str, group: usize, keywords: &[&str]) -> bool {
        parse(pattern).is_ok_and(|h| super::key_is_keyword(&h, group, keywords))
    }
    fn keyword_reach(pattern: &str, keywords: &[&str]) -> Option<usize> {
        parse(pattern)
            .ok()
            .and_then(|h| super::keyword_reach(&h, keywords))
    }

    #[test]
    fn which_rules_are_searched_anchored_at_their_hits() {
        let probe = |pattern: &str, multiline| {
            super::shape(pattern, &["adyen", "redis-cli"], multiline).probe_reach
        };
        assert_eq!(probe(r"\b(adyen_[a-z]{20})\b", false), Some(0));
        // A separator before the keyword: from one byte before each hit.
        let sep = r"(?:^|[^A-Za-z0-9])(?i:adyen)[\w.-]{0,10}[:=]\s*(AQE\w{20,})";
        assert_eq!(probe(sep, false), Some(1));
        // Not a multi-line rule (its window reaches past the line), nor a pattern whose
        // anchored search can run to the window's end and fail at every hit of a text
        // made of keywords (`redis-cli redis-cli …`), nor one whose keyword lies farther
        // in: those search the line, once per line.
        assert_eq!(probe(sep, true), None);
        let far = r"(?i)(?:^|[^\w-])redis-cli\b[^\r\n]*?\s(?:-a|--pass)\s+([^\s]+)";
        assert_eq!(probe(far, false), None);
        assert_eq!(probe(r"[a-z]{0,4}adyen_(\w{20})", false), None);
    }

    #[test]
    fn how_far_into_a_match_its_keyword_starts() {
        let kws = ["adyen", "x-api-key"];
        let sep = r"(?:^|[^A-Za-z0-9])(?i:adyen|x-api-key)[\w.-]{0,10}[:=]\s*(AQE\w{20,})";
        assert_eq!(keyword_reach(sep, &kws), Some(1));
        // Groups at the top are opened up; look-arounds take no bytes.
        assert_eq!(keyword_reach(r"\b(x?(?i:adyen)\w+)", &kws), Some(1));
        assert_eq!(keyword_reach(r"\b(?i:adyen)\w+", &kws), Some(0));
        // A keyword after an unbounded part, one that can be missing, or one that is
        // not a keyword: no bound.
        assert_eq!(keyword_reach(r"\w+(?i:adyen)\w+", &kws), None);
        assert_eq!(keyword_reach(r"\b(?i:adyen)?\w+", &kws), None);
        assert_eq!(keyword_reach(r"[:=](?i:adyen|other)\w+", &kws), None);
        // A bound past MAX_REACH is no bound.
        assert_eq!(keyword_reach(r"\w{65}adyen", &kws), None);
        assert_eq!(keyword_reach(r"\w{64}adyen", &kws), Some(64));
    }

    #[test]
    fn key_groups_that_are_the_keyword_hit() {
        let kws = ["password", "key", "credential", "credentials", "session.id"];
        assert!(key_is_keyword(
            r"(?i)(password|key|credentials?|session[.]id)\s*[:=]\s*(\S+)",
            1,
            &kws
        ));
        // The group can stop inside a longer keyword that goes on with a non-word byte.
        assert!(!key_is_keyword(
            r"(?i)(password|key|session)\s*[:=]\s*(\S+)",
            1,
            &["password", "key", "session", "session.id"]
        ));
        // A word byte may follow the group.
        assert!(!key_is_keyword(r"(?i)(key)\w*=(\S+)", 1, &["key"]));
        // The group holds more than a keyword, or is not first, or is another group.
        assert!(!key_is_keyword(r"(?i)(api_?key)=(\S+)", 1, &["key"]));
        assert!(!key_is_keyword(r"(?i)x(key)=(\S+)", 1, &["key"]));
        assert!(!key_is_keyword(r"(?i)(key)=(\S+)", 2, &["key"]));
        // Nothing may follow.
        assert!(!key_is_keyword(r"(?i)(key)", 1, &["key"]));
    }

    #[test]
    fn whole_match_groups() {
        assert!(group_is_whole_match(r"\b(sk-proj-[A-Za-z0-9]{40,})\b", 1));
        assert!(group_is_whole_match(r"(ghp_[A-Za-z0-9]{36})", 1));
        assert!(group_is_whole_match(r"ghp_[A-Za-z0-9]{36}", 0));
        assert!(!group_is_whole_match(r"token=(\w+)", 1));
        assert!(!group_is_whole_match(r"\b(a)(b)", 1));
        assert!(!group_is_whole_match(r"((a)b)", 2));
        assert!(!group_is_whole_match(r"(?:^|\s)(x+)", 1));
    }

    #[test]
    fn literal_prefixes_after_a_word_boundary() {
        assert!(starts_with_keyword(
            r"\b(sk-proj-[A-Za-z0-9_-]{20,})",
            &["sk-proj-"]
        ));
        assert!(starts_with_keyword(
            r"\b((?:AKIA|ASIA)[A-Z0-9]{16})\b",
            &["akia", "asia"]
        ));
        assert!(starts_with_keyword(
            r"(?i)(pass(?:word|wd)|token)\s*=\s*(\S+)",
            &["password", "passwd", "token"]
        ));
        assert!(starts_with_keyword(
            r"-----BEGIN[ A-Z]*PRIVATE KEY-----",
            &["-----BEGIN"]
        ));
    }

    #[test]
    fn long_tails_after_a_keyword_do_not_give_up() {
        // Optional parts after a short keyword once made more prefixes than tracked.
        let re = r#"(?i)(key|secret|token|pat|passwd|password|credentials?|access|private)\\?["']?(?:[ \t.-](?:key|token|secret))?(?:[ \t]{0,3}(?:[:=]|:=|=>)[ \t]{0,3}\\?["'`]?([A-Za-z0-9_+/=.~-]{12,})|(?:[ \t]{1,3}|-)\\?["'`]?([A-Za-z0-9_+/=.~-]{16,}))"#;
        let kws = [
            "key",
            "secret",
            "token",
            "pat",
            "passwd",
            "password",
            "credential",
        ];
        assert!(starts_with_keyword(
            re,
            &[&kws[..], &["credentials", "access", "private"]].concat()
        ));
    }

    #[test]
    fn prefixes_the_keywords_do_not_cover() {
        // The match starts before the keyword.
        assert!(!starts_with_keyword(r"\b(sk-proj-[a-z]+)", &["proj"]));
        assert!(!starts_with_keyword(r"(?i)api[_.-]?key=(\w+)", &["key"]));
        assert!(!starts_with_keyword(
            r"(?:^|[^\w$])(\$2[ab]\$\d\d\$.+)",
            &["$2a$", "$2b$"]
        ));
        // One alternative has no keyword.
        assert!(!starts_with_keyword(r"(?:token|bearer)=(\w+)", &["token"]));
        // An optional prefix may come first.
        assert!(!starts_with_keyword(r"(?:x-)?token=(\w+)", &["token"]));
        assert!(starts_with_keyword(
            r"(?:x-)?token=(\w+)",
            &["token", "x-token"]
        ));
        assert!(starts_with_keyword(
            r"session[_.-]?id=(\w+)",
            &["sessionid", "session_id", "session-id", "session.id"]
        ));
        assert!(!starts_with_keyword(
            r"session[_.-]?id=(\w+)",
            &["sessionid", "session_id", "session-id"]
        ));
        assert!(!starts_with_keyword(
            r"session[_.-]*id=(\w+)",
            &["sessionid", "session_id", "session-id", "session.id"]
        ));
        // Too short to hold the keyword.
        assert!(!starts_with_keyword(r"to[a-z]+", &["token"]));
        assert!(!starts_with_keyword(r"\w+token", &["token"]));
        assert!(!starts_with_keyword("(", &["token"]));
        assert!(!starts_with_keyword("token", &[]));
    }
}

#[cfg(test)]
mod scan_length_tests {
    use super::{parse, runs_far_then_fails};

    #[test]
    fn anchored_rules_cannot_run_far_and_then_fail() {
        // The shapes that did (docs/RELIABILITY.md bugs 17 and 18).
        for bad in [
            r"\b(sk-[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,})",
            r"(?i)\bredis-cli\b[^\r\n]*?\s(?:-a|--pass)\s+([^\s]+)",
            r"(PuTTY-User-Key-File-[0-9]: (?s:.){40,}?Private-MAC: [a-f0-9]{40,64})",
        ] {
            assert!(runs_far_then_fails(&parse(bad).unwrap()), "{bad}");
        }
        // Runs that a long text satisfies, or that a bound keeps short.
        for good in [
            r"\b(sk-[A-Za-z0-9_-]{16,250}T3BlbkFJ[A-Za-z0-9_-]{16,})",
            r"\b(xoxa-[A-Za-z0-9-]{20,}[A-Za-z0-9])\b",
            r"(?i)\bbearer\s+([A-Za-z0-9._~+/-]*[0-9._~+/-][A-Za-z0-9._~+/-]*=*)",
        ] {
            assert!(!runs_far_then_fails(&parse(good).unwrap()), "{good}");
        }
        let failures: Vec<&str> = crate::rule::builtin_specs()
            .iter()
            .filter(|s| s.anchored && runs_far_then_fails(&parse(s.regex).unwrap()))
            .map(|s| s.id)
            .collect();
        assert!(
            failures.is_empty(),
            "anchored rules that can scan to the window's end at every hit and fail \
             (bound the run, or start the pattern before the keyword so the rule is \
             searched once per window): {failures:?}"
        );
    }
}

#[cfg(test)]
mod shortest_text_tests {
    use super::shape;

    /// A rule runs only on text holding one of its keywords, so no shorter text can
    /// hold a finding, even when the pattern does not hold the keyword; a multi-line
    /// rule's keyword alone already matters (a stream holds text back from it).
    #[test]
    fn the_shortest_text_holds_a_match_and_a_keyword() {
        assert_eq!(
            shape(r"\b(ghp_[A-Za-z0-9]{36})\b", &["ghp_"], false).shortest_text,
            40
        );
        assert_eq!(
            shape(r"\s-[NP]\s*(\S+)", &["ssh-keygen"], false).shortest_text,
            10
        );
        assert_eq!(
            shape(
                r"(-----BEGIN [A-Z ]*KEY-----(?s:.){64,})",
                &["-----BEGIN"],
                true
            )
            .shortest_text,
            10
        );
        // The built-in rules together: `key=v`, five bytes.
        let shortest = crate::rule::builtin_specs()
            .iter()
            .map(|s| s.shortest_text)
            .min();
        assert_eq!(shortest, Some(5));
    }
}
