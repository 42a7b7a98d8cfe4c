//! Which names are sensitive: object keys in structured data, and the key names that
//! the generic text rules capture (`password=`, `"api_key":`, `X-Api-Key:`).

use std::sync::OnceLock;

use crate::memo::{Memo, Packed};
use crate::trie::Trie;

/// Normalized endings that make a name sensitive (lowercase, without `-`, `_`, `.`, spaces).
const SENSITIVE_ENDINGS: &[&str] = &[
    "password",
    "pass",
    "secretkeybase",
    "passwd",
    "passphrase",
    "passcode",
    "pwd",
    "pw",
    "secret",
    "token",
    "apikey",
    "privatekey",
    "secretkey",
    "accesskey",
    "encryptionkey",
    "signingkey",
    "masterkey",
    "hmackey",
    "sharedkey",
    "appkey",
    "authkey",
    "licensekey",
    "consumerkey",
    "accountkey",
    "clientkey",
    "servicekey",
    "credential",
    "credentials",
    "sessionid",
    "sessionkey",
    "sessid",
    "cookie",
    "authorization",
    "connectionstring",
    "dsn",
    // Azure API Management's `Ocp-Apim-Subscription-Key`, a bearer's token under its
    // scheme's name (request's `auth: {bearer}`), a JWT, and a wallet's recovery words.
    "subscriptionkey",
    "bearer",
    "jwt",
    "mnemonic",
    "seedphrase",
    "recoveryphrase",
    // What AWS Secrets Manager returns (`GetSecretValue`'s `SecretString`, `SecretBinary`).
    "secretstring",
    "secretbinary",
    // A form's second copy of a new password (Rails' and Laravel's
    // `password_confirmation`), a password's hash (crackable offline, which is why
    // OWASP's logging guidance names it), and the one-time recovery codes of an account.
    "passwordconfirmation",
    "passwordconfirm",
    "passwordagain",
    "passwordrepeat",
    "password2",
    "passwordhash",
    "passworddigest",
    "recoverycode",
    "recoverycodes",
    // Lists of credentials under a plural name (`API_KEYS=k1,k2`, `"passwords": […]`,
    // rotation lists). `tokens` alone is no such name: it counts LLM tokens
    // (`max_tokens`, `prompt_tokens`), and `secrets` names references (a Kubernetes
    // service account's `secrets`, a GitHub workflow's `secrets: inherit`).
    "passwords",
    "apikeys",
    "apitokens",
    "authtokens",
    "accesstokens",
    "accesskeys",
    "secretkeys",
    "privatekeys",
    "clientsecrets",
    "jwtsecrets",
    "backupcode",
    "backupcodes",
    // The word for password in other languages (normalized as above: ASCII lowercased,
    // other letters as written, so the capitalized Cyrillic form is listed too).
    "passwort",
    "kennwort",
    "contrasena",
    "contraseña",
    "senha",
    "motdepasse",
    "wachtwoord",
    "parola",
    "haslo",
    "hasło",
    "losenord",
    "lösenord",
    "salasana",
    "sifre",
    "şifre",
    "passord",
    "adgangskode",
    "heslo",
    "jelszo",
    "jelszó",
    "lozinka",
    "пароль",
    "Пароль",
    "密码",
    "口令",
    "パスワード",
    "비밀번호",
];

/// Normalized names that end like a sensitive name but are not secrets.
const NOT_SENSITIVE: &[&str] = &[
    "pwd",
    "bypass",
    "compass",
    "multipass",
    "renderpass",
    "firstpass",
    "secondpass",
    "lastpass",
    "onepass",
    "singlepass",
    "oldpwd",
    "tokentype",
    "nextpagetoken",
    "pagetoken",
    "prevpagetoken",
    // Pagination tokens of cloud APIs and CLIs (AWS `NextToken`, `--starting-token`).
    "nexttoken",
    "previoustoken",
    "prevtoken",
    "startingtoken",
    "paginationtoken",
    "pagingtoken",
    "continuationtoken",
    "synctoken",
    "cancellationtoken",
    "idempotencytoken",
    "clienttoken",
];

/// Endings of names that hold identifiers, not credentials (normalized): a name ending
/// in one of them (`cache_key`, `stripe_public_key`), or `key` alone, is no credential's.
const NOT_CREDENTIAL_KEYS: &[&str] = &[
    "cachekey",
    "objectkey",
    "partitionkey",
    "sortkey",
    "primarykey",
    "foreignkey",
    "publickey",
    // Stripe's and Clerk's `pk_live_…` keys, meant for browser code.
    "publishablekey",
    "routingkey",
    "idempotencykey",
    "rowkey",
    "hashkey",
    "shardkey",
    "lookupkey",
    "dedupkey",
    "dedupekey",
    "mapkey",
    "compositekey",
    "uniquekey",
    "indexkey",
    "groupkey",
    "messagekey",
    "s3key",
    "bucketkey",
    "filekey",
    "pathkey",
    "hotkey",
    "shortcutkey",
    "translationkey",
    "i18nkey",
    "eventkey",
    "metrickey",
    "labelkey",
    "tagkey",
    "configkey",
    "settingkey",
    "featurekey",
    "flagkey",
    "issuekey",
    "projectkey",
    "entitykey",
    "recordkey",
    "cursorkey",
    "pagekey",
    "statekey",
    "jobkey",
    "taskkey",
    "queuekey",
    "lockkey",
    "namespacekey",
    "resourcekey",
    "itemkey",
    "userkey",
    "customerkey",
    "orderkey",
    "productkey",
    "sessionstorekey",
    "storekey",
    "keykey",
    "sshkey",
    "hostkey",
    "gpgkey",
    "pgpkey",
];

/// Whether a name in `NAME=value` text names a credential: every sensitive name (see
/// [`is_sensitive_key`]), plus `<something>_key` names (`STRIPE_KEY`, `adobeKey`) and
/// personal access tokens (`ASANA_PAT`), but not identifier keys such as `key`,
/// `cache_key`, `object_key`, `idempotency_key` or `public_key`. Used by the generic text
/// rules, whose values must also look like credentials. Names are bytes: the scanner's
/// are ASCII identifier bytes.
pub(crate) fn is_credential_name(raw: &[u8]) -> bool {
    let mut buf = [0u8; 256];
    normalize(raw, &mut buf).is_some_and(|norm| credential(raw, norm, Ends::of(norm)))
}

/// [`is_credential_name`] of `raw`, given its normalized form `norm` and its endings.
fn credential(raw: &[u8], norm: &[u8], ends: Ends) -> bool {
    if ends.sensitive() {
        return true;
    }
    if [&b"_pat"[..], b"-pat", b".pat"]
        .iter()
        .any(|s| raw.len() >= 4 && raw[raw.len() - 4..].eq_ignore_ascii_case(s))
    {
        return true;
    }
    norm.ends_with(b"key") && !ends.identifier_key(raw, norm)
}

/// First words that make a flag a switch rather than a credential's name
/// (`--no-password`, `--reset-password ana@…`, `--prompt-token`).
const SWITCH_WORDS: &[&str] = &[
    "no", "skip", "without", "ask", "prompt", "require", "reset", "forgot", "change", "show",
    "hide", "disable", "enable", "allow", "generate", "random", "empty", "print", "read", "use",
];

/// Whether a command-line flag, dashes included (`--vault-password`, `-storepass`),
/// names a credential: it starts with `-`, names a credential as
/// [`is_credential_name`] does, and its first word is no [`SWITCH_WORDS`] one.
pub(crate) fn is_credential_flag(flag: &[u8]) -> bool {
    let first_word = flag
        .split(|&b| is_separator(b))
        .find(|w| !w.is_empty())
        .unwrap_or_default();
    flag.starts_with(b"-")
        && !SWITCH_WORDS
            .iter()
            .any(|s| first_word.eq_ignore_ascii_case(s.as_bytes()))
        && is_credential_name(flag)
}

/// Endings that make a name written as words a credential's name, besides those of
/// [`is_credential_name`]: `nimble ACCESS …`, `languagelayer PRIVATE …`.
const PHRASE_ENDINGS: &[&str] = &["access", "private", "apikey", "accesskey", "privatekey"];

/// Whether a name written as up to three words (`stripe secret key`, `newsapi TOKEN`,
/// `acme private`) names a credential: as [`is_credential_name`] with the words joined,
/// or ending in `access` or `private`; never an identifier key (`cache key`, `public
/// key`), a page or type token, or `key` after a word that does not make it a
/// credential (`synced key`).
pub(crate) fn is_credential_phrase(name: &[u8]) -> bool {
    let mut buf = [0u8; 256];
    let Some(norm) = normalize(name, &mut buf) else {
        return false;
    };
    let ends = Ends::of(norm);
    if norm.ends_with(b"key") && ends.identifier_key(name, norm) {
        return false;
    }
    // `key` as a word of its own names a credential only after a word that makes it
    // one (`api key`, `secret key`) or written as a label (`NEWSAPI KEY`, `newsapi
    // KEY`); `synced key=…`, `lookup key …` name cache entries.
    let last = name
        .rsplit(|&b| b == b' ' || b == b'\t')
        .next()
        .unwrap_or(name);
    if last.len() < name.len() && last.eq_ignore_ascii_case(b"key") {
        return last == b"KEY" || ends.sensitive();
    }
    // A last word that is itself a name of no secret (`orders --starting-token`, `my
    // bypass`) makes the phrase none.
    let mut last_buf = [0u8; 256];
    if last.len() < name.len()
        && normalize(last, &mut last_buf).is_some_and(|n| Ends::of(n).has(NOT_SENSITIVE_NAME))
    {
        return false;
    }
    credential(name, norm, ends) || ends.has(PHRASE)
}

/// Whether a byte separates the words of a name: `-`, `_`, `.`, a space or a tab
/// (dropped when a name is normalized).
fn is_separator(b: u8) -> bool {
    matches!(b, b'-' | b'_' | b'.' | b' ' | b'\t')
}

/// `name` lowercased without `-`, `_`, `.`, spaces and tabs, in `buf`; `None` when
/// longer than the buffer (no sensible key name is).
fn normalize<'b>(name: &[u8], buf: &'b mut [u8; 256]) -> Option<&'b [u8]> {
    if name.len() > buf.len() {
        return None;
    }
    let mut len = 0;
    for &b in name {
        if !is_separator(b) {
            buf[len] = b.to_ascii_lowercase();
            len += 1;
        }
    }
    Some(&buf[..len])
}

/// Which of the lists above a normalized name ends in (a bit per list), found in one
/// walk back over the name through a trie of every listed ending, reversed.
#[derive(Clone, Copy)]
struct Ends(u8);

const SENSITIVE: u8 = 1;
/// An ending of [`NOT_CREDENTIAL_KEYS`].
const IDENTIFIER: u8 = 2;
const PHRASE: u8 = 4;
/// The whole name is one of [`NOT_SENSITIVE`].
const NOT_SENSITIVE_NAME: u8 = 8;

/// The reversed endings as an anchored automaton, and the lists each one is in.
struct EndingTrie {
    trie: Trie,
    lists: Vec<u8>,
}

fn ending_trie() -> &'static EndingTrie {
    static TRIE: OnceLock<EndingTrie> = OnceLock::new();
    TRIE.get_or_init(|| {
        let mut endings: Vec<Vec<u8>> = Vec::new();
        let mut lists: Vec<u8> = Vec::new();
        for (list, words) in [
            (SENSITIVE, SENSITIVE_ENDINGS),
            (IDENTIFIER, NOT_CREDENTIAL_KEYS),
            (PHRASE, PHRASE_ENDINGS),
            (NOT_SENSITIVE_NAME, NOT_SENSITIVE),
        ] {
            for w in words {
                let reversed: Vec<u8> = w.bytes().rev().collect();
                match endings.iter().position(|e| *e == reversed) {
                    Some(i) => lists[i] |= list,
                    None => {
                        endings.push(reversed);
                        lists.push(list);
                    }
                }
            }
        }
        EndingTrie {
            trie: Trie::new(&endings),
            lists,
        }
    })
}

impl Ends {
    fn of(norm: &[u8]) -> Ends {
        let EndingTrie { trie, lists } = ending_trie();
        let mut found = 0;
        trie.for_each_prefix_match(norm.iter().rev().copied(), |e, len| {
            let mut list = lists[e];
            if len < norm.len() {
                list &= !NOT_SENSITIVE_NAME;
            }
            found |= list;
        });
        Ends(found)
    }

    fn has(self, list: u8) -> bool {
        self.0 & list != 0
    }

    /// Whether the name is sensitive (see [`is_sensitive_key`]).
    fn sensitive(self) -> bool {
        self.has(SENSITIVE) && !self.has(NOT_SENSITIVE_NAME)
    }

    /// Whether a name ending in `key` names an identifier: `key` alone, or a name ending
    /// in an identifier key that starts a word of the name `raw` (`cache_key`,
    /// `stripe_public_key`, `s3 object key`, `s3ObjectKey`), not inside one: `bitbucket_key`
    /// and `statuspage_key` name credentials.
    fn identifier_key(self, raw: &[u8], norm: &[u8]) -> bool {
        norm == b"key"
            || (self.has(IDENTIFIER)
                && NOT_CREDENTIAL_KEYS.iter().any(|e| {
                    norm.ends_with(e.as_bytes()) && starts_word(raw, norm.len() - e.len())
                }))
    }
}

/// Whether values under this name are secrets, e.g. `api_key`, `apiKey`, `X-Api-Key`,
/// `password`, `client_secret`, `Set-Cookie`; but not `max_tokens`, `token_count`,
/// `public_key` or `PWD`.
///
/// Names are compared case-insensitively and without `-`, `_`, `.` and spaces.
pub fn is_sensitive_key(name: &str) -> bool {
    sensitive_key(name.as_bytes())
}

/// Whether an element of an array names what the element after it holds: a string
/// that is a sensitive name (`["X-Api-Key", "…"]` in Node's `rawHeaders`, a header
/// list's `[name, value]` entries, `["--password", "…"]` in an argv). The element after
/// it is masked as a sensitive key's value, unless it is such a name itself (a list of
/// field names, `["password", "token"]`, is no list of values).
pub(crate) fn names_next_element(element: &str) -> bool {
    sensitive_key(element.as_bytes())
}

/// Whether a member named `key` names the other member of a name/value pair
/// (`{"name": "DB_PASSWORD", "value": "…"}` as ECS, Kubernetes and CloudFormation list
/// environment variables; `{"Name": …, "Value": …}` in SSM parameters; `{"key": …,
/// "value": …}` in Postman and Consul): `name` or `key`, ASCII case ignored.
pub(crate) fn is_pair_name(key: &[u8]) -> bool {
    key.eq_ignore_ascii_case(b"name") || key.eq_ignore_ascii_case(b"key")
}

/// Whether a member named `key` holds the value of a name/value pair (`value`, ASCII
/// case ignored): masked whole when a [`is_pair_name`] member of its object holds a
/// sensitive name.
pub(crate) fn is_pair_value(key: &[u8]) -> bool {
    key.eq_ignore_ascii_case(b"value")
}

/// [`is_sensitive_key`] of a name's bytes. The answers for short names are
/// remembered per thread (`REMEMBERED`): structured logs repeat the same few dozen
/// keys in every record, and the check was a fifth of the time of masking one.
pub(crate) fn sensitive_key(name: &[u8]) -> bool {
    if !may_end_sensitive(name) {
        return false;
    }
    let Some(key) = Packed::new(name) else {
        return sensitive_key_checked(name);
    };
    REMEMBERED.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(sensitive) = memo.get(&key) {
            return sensitive;
        }
        let sensitive = sensitive_key_checked(name);
        memo.insert(key, sensitive);
        sensitive
    })
}

/// [`sensitive_key`] worked out for a name that [`may_end_sensitive`].
fn sensitive_key_checked(name: &[u8]) -> bool {
    let mut buf = [0u8; 256];
    normalize(name, &mut buf).is_some_and(|norm| Ends::of(norm).sensitive())
}

thread_local! {
    /// Answers of [`sensitive_key`] for names of up to 31 bytes (longer ones are rare
    /// and checked each time), per thread: 256 slots, 10 KiB.
    static REMEMBERED: std::cell::RefCell<Memo<4, 256, bool>> =
        const { std::cell::RefCell::new(Memo::new(false)) };
}

/// Whether the byte of `raw` that is byte `at` of its normalized form starts a word: it
/// starts the name, follows a separator (`-`, `_`, `.`, space, tab), or is an upper-case
/// letter after a lower-case letter or a digit (`s3ObjectKey`).
fn starts_word(raw: &[u8], at: usize) -> bool {
    let mut kept = 0;
    let mut prev: Option<u8> = None;
    for &b in raw {
        if is_separator(b) {
            prev = Some(b' ');
            continue;
        }
        if kept == at {
            return match prev {
                None | Some(b' ') => true,
                Some(p) => b.is_ascii_uppercase() && (p.is_ascii_lowercase() || p.is_ascii_digit()),
            };
        }
        kept += 1;
        prev = Some(b);
    }
    false
}

/// Whether the last two bytes of `name` as normalized could end a sensitive ending:
/// most names (`level`, `user_id`, `max_tokens`) fail this at once, with no trie walk.
/// Bytes are compared by their low five bits, so some names pass that cannot match.
fn may_end_sensitive(name: &[u8]) -> bool {
    /// Per byte `a` (low five bits), the bytes `b` (a bit each) such that a sensitive
    /// ending ends in `ab`.
    const TAILS: [u32; 32] = {
        let mut tails = [0u32; 32];
        let mut i = 0;
        while i < SENSITIVE_ENDINGS.len() {
            let e = SENSITIVE_ENDINGS[i].as_bytes();
            if e.len() >= 2 {
                let (a, b) = (e[e.len() - 2], e[e.len() - 1]);
                tails[(a & 31) as usize] |= 1 << (b & 31);
            }
            i += 1;
        }
        tails
    };
    let mut kept = name
        .iter()
        .rev()
        .filter(|&&b| !is_separator(b))
        .map(u8::to_ascii_lowercase);
    match (kept.next(), kept.next()) {
        (Some(b), Some(a)) => TAILS[usize::from(a & 31)] & (1 << (b & 31)) != 0,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lists read one by one, as the definitions say: the oracle for the trie.
    fn oracle(name: &[u8]) -> (bool, bool, bool) {
        let mut buf = [0u8; 256];
        let Some(norm) = normalize(name, &mut buf) else {
            return (false, false, false);
        };
        let ends = |e: &&str| norm.ends_with(e.as_bytes());
        let sensitive = SENSITIVE_ENDINGS.iter().any(ends)
            && !NOT_SENSITIVE.iter().any(|n| norm == n.as_bytes());
        // An identifier ending is some last words of the name, joined.
        let words = words_of(name);
        let identifier = norm == b"key"
            || (0..words.len()).any(|i| {
                let tail: String = words[i..].concat();
                NOT_CREDENTIAL_KEYS.contains(&tail.as_str())
            });
        let pat = [&b"_pat"[..], b"-pat", b".pat"]
            .iter()
            .any(|s| name.len() >= 4 && name[name.len() - 4..].eq_ignore_ascii_case(s));
        let credential = sensitive || pat || (norm.ends_with(b"key") && !identifier);
        let last = name
            .rsplit(|&b| b == b' ' || b == b'\t')
            .next()
            .unwrap_or(name);
        let phrase = if norm.ends_with(b"key") && identifier {
            false
        } else if last.len() < name.len() && last.eq_ignore_ascii_case(b"key") {
            last == b"KEY" || sensitive
        } else if last.len() < name.len() && {
            let last_norm: Vec<u8> = last
                .iter()
                .filter(|b| !matches!(b, b'-' | b'_' | b'.' | b' ' | b'\t'))
                .map(u8::to_ascii_lowercase)
                .collect();
            NOT_SENSITIVE.iter().any(|n| last_norm == n.as_bytes())
        } {
            false
        } else {
            credential || PHRASE_ENDINGS.iter().any(ends)
        };
        (sensitive, credential, phrase)
    }

    /// The words of a name, lowercased: split at separators and before an upper-case
    /// letter that follows a lower-case letter or a digit.
    fn words_of(name: &[u8]) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        let mut prev = b' ';
        for &b in name {
            if matches!(b, b'-' | b'_' | b'.' | b' ' | b'\t') {
                prev = b' ';
                continue;
            }
            let hump =
                b.is_ascii_uppercase() && (prev.is_ascii_lowercase() || prev.is_ascii_digit());
            if prev == b' ' || hump || words.is_empty() {
                words.push(String::new());
            }
            words
                .last_mut()
                .unwrap()
                .push(char::from(b.to_ascii_lowercase()));
            prev = b;
        }
        words
    }

    #[test]
    fn the_ending_trie_agrees_with_the_lists() {
        let words: Vec<&str> = [
            SENSITIVE_ENDINGS,
            NOT_SENSITIVE,
            NOT_CREDENTIAL_KEYS,
            PHRASE_ENDINGS,
        ]
        .concat();
        let prefixes = [
            "",
            "x",
            "db_",
            "My-",
            "by",
            "stripe public ",
            "cache ",
            "KEY_",
            "a.b.",
            "bit",
            "s3",
        ];
        let suffixes = ["", "s", "x", "_key", " KEY", "Key", "_pat"];
        let mut checked = 0;
        for w in &words {
            for p in prefixes {
                for x in suffixes {
                    let first = w.chars().next().map_or(0, char::len_utf8);
                    let capitalized = w[..first].to_uppercase() + &w[first..];
                    for name in [
                        format!("{p}{w}{x}"),
                        format!("{p}{w}{x}").to_uppercase(),
                        format!("{p}{capitalized}{x}"),
                    ] {
                        let b = name.as_bytes();
                        let got = (
                            sensitive_key(b),
                            is_credential_name(b),
                            is_credential_phrase(b),
                        );
                        assert_eq!(got, oracle(b), "{name:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 10_000);
    }

    #[test]
    fn remembered_answers_are_the_names_own() {
        // Many more names than slots, read twice: each answer is its own name's, from
        // memory or not, whichever name its slot held before.
        let names: Vec<(String, bool)> = (0..3000)
            .flat_map(|i| {
                [
                    (format!("k{i}_password"), true),
                    (format!("k{i}_id"), false),
                    (format!("K{i}Token"), true),
                    (format!("K{i}TokenCount"), false),
                ]
            })
            .collect();
        for _ in 0..2 {
            for (name, sensitive) in &names {
                assert_eq!(sensitive_key(name.as_bytes()), *sensitive, "{name}");
            }
        }
        let long = format!("{}password", "x".repeat(31));
        assert!(sensitive_key(long.as_bytes()) && sensitive_key(long.as_bytes()));
        assert!(!sensitive_key(b"") && !sensitive_key(b""));
    }

    #[test]
    fn credential_phrases() {
        for k in [
            "bugherd SECRET key",
            "newsapi API KEY",
            "languagelayer KEY",
            "nimble ACCESS",
            "languagelayer PRIVATE",
            "stripe secret key",
            "GITHUB_TOKEN",
            "acme private token",
        ] {
            assert!(is_credential_phrase(k.as_bytes()), "{k}");
        }
        for k in [
            "key",
            "cache key",
            "primary key",
            "stripe public key",
            "ssh host key",
            "cache\tkey",
            "synced key",
            "lookup Key",
            "next page token",
            "token type",
            "max tokens",
            "orders --starting-token",
            "list NextToken",
        ] {
            assert!(!is_credential_phrase(k.as_bytes()), "{k}");
        }
    }

    #[test]
    fn credential_names() {
        for k in [
            "STRIPE_KEY",
            "adobeKey",
            "ASANA_PAT",
            "password",
            "client_secret",
            "LANGUAGELAYER_API_KEY",
            // An identifier ending inside a word is no identifier.
            "bitbucket_key",
            "STATUSPAGE_KEY",
            "Bitbucket.Key",
        ] {
            assert!(is_credential_name(k.as_bytes()), "{k}");
        }
        for k in [
            "key",
            "cache_key",
            "objectKey",
            "idempotency-key",
            "public_key",
            "stripe_public_key",
            "publishable_key",
            "STRIPE_PUBLISHABLE_KEY",
            "s3ObjectKey",
            "S3_BUCKET_KEY",
            "compat",
            "max_tokens",
        ] {
            assert!(!is_credential_name(k.as_bytes()), "{k}");
        }
    }

    #[test]
    fn sensitive_names() {
        for k in [
            "api_key",
            "apiKey",
            "X-Api-Key",
            "password",
            "passwd",
            "secret",
            "token",
            "access_token",
            "Authorization",
            "cookie",
            "set-cookie",
            "private_key",
            "client_secret",
            "credentials",
            "DB_PASSWORD",
            "db_pwd",
            "SMTP_PASS",
            "REACT_APP_AUTH_PASS",
            "SENTRY_DSN",
            "password_confirmation",
            "passwordConfirmation",
            "password_hash",
            "passwordDigest",
            "recovery_codes",
            "backupCodes",
            // The word for password in other languages.
            "Passwort",
            "DB_KENNWORT",
            "contraseña",
            "usuario_contrasena",
            "senha",
            "mot_de_passe",
            "motDePasse",
            "wachtwoord",
            "hasło",
            "lösenord",
            "şifre",
            "пароль",
            "Пароль",
            "密码",
            "パスワード",
        ] {
            assert!(is_sensitive_key(k), "{k} should be sensitive");
        }
    }

    #[test]
    fn ordinary_names() {
        for k in [
            "max_tokens",
            "token_count",
            "public_key",
            "PWD",
            "tokens",
            "user",
            "next_page_token",
            "NextToken",
            "starting-token",
            "token_type",
            "keyboard",
            "bypass",
            "compass",
            "impasse",
            "passe",
            "email_confirmation",
            "password_policy",
            "password_expires_at",
            "",
        ] {
            assert!(!is_sensitive_key(k), "{k} should not be sensitive");
        }
        assert!(!is_sensitive_key(&"password".repeat(40)));
    }
}
