//! `Redactor::mask_json`: masking JSON text must give what masking the value it
//! encodes gives, keep every byte it does not mask, and refuse what is not JSON.
#![cfg(not(target_arch = "wasm32"))]

use edgeguard::{Error, Method, Redactor, RedactorConfig};
use std::sync::LazyLock;

use proptest::prelude::*;
use serde_json::{json, Value};

const OPENAI: &str = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6l";

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        // Binary fractions: their text parses back to the same number.
        (-1_000_000i32..1_000_000).prop_map(|n| Value::from(f64::from(n) / 8.0)),
        // Text with escapes, control characters, non-ASCII, and secrets in it.
        "[ -~\\n\\t\u{1}\u{7f}é€😀\"\\\\]{0,24}".prop_map(Value::from),
        prop::sample::select(vec![
            format!("calling with key={OPENAI} now"),
            OPENAI.to_string(),
            "Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0".to_string(),
            "postgres://app:s3cr3tP4ss@db.internal:5432/orders".to_string(),
            "AKIAQ2W3E4R5T6Y7U3I2".to_string(),
            "line one\n\"token\": \"ghp_7Yx2Kq9Lm4Np8Rs1Tu6Vw3Xz5Ab0Cd2Ef4Gh\"".to_string(),
            "${API_KEY}".to_string(),
            // Names that make a name/value pair's value sensitive, and one that does not.
            "DB_PASSWORD".to_string(),
            "/prod/stripe/api_key".to_string(),
            "PORT".to_string(),
            "<your-key>".to_string(),
            "********".to_string(),
            String::new(),
        ])
        .prop_map(Value::from),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "password",
        "apiKey",
        "x-api-key",
        "Authorization",
        "client_secret",
        "credentials",
        "max_tokens",
        "token_count",
        "public_key",
        "msg",
        "user",
        "id",
        "pass\"word",
        "api\\key",
        "tok\u{1}en",
        "clé",
        "",
        "name",
        "Name",
        "key",
        "value",
        "Value",
    ])
    .prop_map(String::from)
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// Redactors of every masking method; the custom text needs escaping in JSON.
static REDACTORS: LazyLock<Vec<Redactor>> = LazyLock::new(|| {
    let with = |method, hash_key: Option<String>| {
        Redactor::new(&RedactorConfig {
            method,
            hash_key,
            ..RedactorConfig::default()
        })
        .unwrap()
    };
    vec![
        Redactor::default(),
        with(Method::Hash, Some("k".repeat(32))),
        with(Method::Partial, None),
        with(Method::Remove, None),
        with(Method::Replace("<\"gone\"\n\u{1}>".into()), None),
    ]
});

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn masking_the_text_equals_masking_the_value(v in value()) {
        for r in REDACTORS.iter() {
            let text = serde_json::to_string(&v).unwrap();
            let masked = r.mask_json(&text).unwrap();
            let expected = serde_json::to_string(&r.redact_value(&v).unwrap()).unwrap();
            prop_assert_eq!(&masked, &expected);
            // Pretty text: same value out, and masking it again changes nothing.
            let pretty = serde_json::to_string_pretty(&v).unwrap();
            let masked_pretty = r.mask_json(&pretty).unwrap();
            let parsed: Value = serde_json::from_str(&masked_pretty).unwrap();
            prop_assert_eq!(parsed, r.redact_value(&v).unwrap());
            prop_assert_eq!(r.mask_json(&masked_pretty).unwrap(), masked_pretty.clone());
        }
    }
}

#[test]
fn only_the_masked_tokens_change() {
    let text = "{ \"password\" :\t\"hunter2\",\n  \"n\": 1.50e3, \"msg\": \"key=".to_string()
        + OPENAI
        + "\", \"list\": [ 1 , true, null ] }";
    let out = Redactor::default().mask_json(&text).unwrap();
    assert_eq!(
        out,
        "{ \"password\" :\t\"[REDACTED:sensitive-key]\",\n  \"n\": 1.50e3, \
         \"msg\": \"key=[REDACTED:openai-project-key]\", \"list\": [ 1 , true, null ] }"
    );
    let clean = "{\"a\": [1, 2.5, \"text\", {\"b\": null}], \"max_tokens\": 512}";
    assert!(matches!(
        Redactor::default().mask_json(clean).unwrap(),
        std::borrow::Cow::Borrowed(_)
    ));
}

#[test]
fn escaped_secrets_and_keys_are_decoded_before_they_are_checked() {
    let r = Redactor::default();
    // A key spelt with escapes is still `password`; a secret in an escaped string is
    // found in its decoded text and written back escaped.
    let out = r
        .mask_json(
            r#"{"pass\u0077ord": "x9y8z7w6", "m": "a\"b\n\u0041KIAQ2W3E4R5T6Y7U3I2 \u00e9"}"#,
        )
        .unwrap();
    assert_eq!(
        out,
        r#"{"pass\u0077ord": "[REDACTED:sensitive-key]", "m": "a\"b\n[REDACTED:aws-access-key-id] é"}"#
    );
    // A lone surrogate, as JSON.stringify writes one, is read as U+FFFD.
    let out = r.mask_json(r#"["\ud800 key=sk-ant-api03-AAAABBBBCCCCDDDD"]"#);
    assert!(out.is_ok(), "{out:?}");
}

#[test]
fn the_value_of_a_pair_naming_a_credential_is_masked_in_either_order() {
    let r = Redactor::default();
    let cases = [
        // ECS / Kubernetes environment lists, SSM parameters, HAR headers, Postman.
        (
            r#"{"env":[{"name":"DB_PASSWORD","value":"kR9mQ2vL7x"},{"name":"PORT","value":"8080"}]}"#,
            r#"{"env":[{"name":"DB_PASSWORD","value":"[REDACTED:sensitive-key]"},{"name":"PORT","value":"8080"}]}"#,
        ),
        (
            r#"{"Parameter":{"Value":"kR9mQ2vL7x","Type":"SecureString","Name":"/prod/db/password"}}"#,
            r#"{"Parameter":{"Value":"[REDACTED:sensitive-key]","Type":"SecureString","Name":"/prod/db/password"}}"#,
        ),
        (
            r#"{"headers":[{"value":"Basic YWxhZGRpbjpvcGVuc2VzYW1l","name":"Authorization"}]}"#,
            r#"{"headers":[{"value":"[REDACTED:sensitive-key]","name":"Authorization"}]}"#,
        ),
        (
            r#"[{"key":"apiKey","value":{"v":"kR9mQ2vL7x","n":4711},"enabled":true}]"#,
            r#"[{"key":"apiKey","value":{"v":"[REDACTED:sensitive-key]","n":"[REDACTED:sensitive-key]"},"enabled":true}]"#,
        ),
        // Left alone: a name that is no credential's, a reference instead of a value,
        // a placeholder, a name that is not a string, a pair split across objects.
        (
            r#"{"name":"DB_PASSWORD","valueFrom":{"secretKeyRef":{"name":"db","key":"password"}}}"#,
            r#"{"name":"DB_PASSWORD","valueFrom":{"secretKeyRef":{"name":"db","key":"password"}}}"#,
        ),
        (
            r#"{"name":"API_TOKEN","value":"${API_TOKEN}"}"#,
            r#"{"name":"API_TOKEN","value":"${API_TOKEN}"}"#,
        ),
        (
            r#"{"value":"kR9mQ2vL7x","name":["password"]}"#,
            r#"{"value":"kR9mQ2vL7x","name":["password"]}"#,
        ),
        (
            r#"{"a":{"name":"password"},"value":"kR9mQ2vL7x"}"#,
            r#"{"a":{"name":"password"},"value":"kR9mQ2vL7x"}"#,
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(r.mask_json(text).unwrap(), expected, "{text}");
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            r.redact_value(&value).unwrap(),
            serde_json::from_str::<Value>(expected).unwrap(),
            "{text}"
        );
    }
    // Looking ahead for the name reads past anything a later member holds.
    let tricky = r#"{"value": "x\"}, {\"name\": \"password\"", "other": [{"name": "password"}, "]}"], "name": "PORT"}"#;
    assert_eq!(r.mask_json(tricky).unwrap(), tricky);
    let tricky = r#"{"value": 12345678, "w": {"a": [1, {"b": "}"}]}, "Key": "client_secret"}"#;
    assert_eq!(
        r.mask_json(tricky).unwrap(),
        r#"{"value": "[REDACTED:sensitive-key]", "w": {"a": [1, {"b": "}"}]}, "Key": "client_secret"}"#
    );
}

#[test]
fn sensitive_numbers_are_masked_as_text() {
    let r = Redactor::default();
    assert_eq!(
        r.mask_json(r#"{"password": 4711, "secret": [123456, 7.5], "port": 5432}"#)
            .unwrap(),
        r#"{"password": "[REDACTED:sensitive-key]", "secret": ["[REDACTED:sensitive-key]", "[REDACTED:sensitive-key]"], "port": 5432}"#
    );
    // A number that reads as a placeholder stays a number, as in `redact_value`.
    assert_eq!(
        r.mask_json(r#"{"token": 11111111}"#).unwrap(),
        r#"{"token": 11111111}"#
    );
    assert_eq!(
        r.redact_value(&json!({"token": 11111111})).unwrap(),
        json!({"token": 11111111})
    );
}

#[test]
fn what_is_not_json_is_refused_with_where_and_why() {
    let r = Redactor::default();
    for (text, says) in [
        (
            "",
            "expected a JSON value at byte 0, found the end of the text",
        ),
        (
            "{\"a\": 1,}",
            "expected a key (a string) at byte 8, found '}'",
        ),
        ("{\"a\" 1}", "expected ':' after a key at byte 5, found '1'"),
        (
            "[1 2]",
            "expected ',' or ']' in an array at byte 3, found '2'",
        ),
        (
            "{\"a\": 1 \"b\"}",
            "expected ',' or '}' in an object at byte 8, found '\"'",
        ),
        (
            "\"abc",
            "expected '\"' closing a string at byte 4, found the end of the text",
        ),
        (
            "\"a\u{1}\"",
            "expected an escape in place of a control character at byte 2",
        ),
        (
            "\"\\x\"",
            "expected an escape (one of \"\\/bfnrtu) at byte 2, found 'x'",
        ),
        (
            "\"\\u12G4\"",
            "expected four hex digits after \\u at byte 3",
        ),
        ("-", "expected a digit at byte 1"),
        ("1.", "expected a digit at byte 2"),
        (
            "01",
            "expected the end of the text after one JSON value at byte 1",
        ),
        ("tru", "expected a JSON value at byte 0, found 't'"),
        (
            "{} x",
            "expected the end of the text after one JSON value at byte 3, found 'x'",
        ),
        ("[\"é\" é]", "found 'é'"),
    ] {
        match r.mask_json(text) {
            Err(Error::InvalidValue(msg)) => assert!(msg.contains(says), "{text:?}: {msg}"),
            other => panic!("{text:?} gave {other:?}"),
        }
    }
}

#[test]
fn nesting_past_the_limit_is_refused_as_for_values() {
    let r = Redactor::default();
    let at_limit = "[".repeat(128) + &"]".repeat(128);
    assert!(r.mask_json(&at_limit).is_ok());
    let over = "[".repeat(129) + "1" + &"]".repeat(129);
    assert_eq!(r.mask_json(&over), Err(Error::TooDeep { limit: 128 }));
    let small = Redactor::new(&RedactorConfig {
        max_depth: Some(2),
        ..RedactorConfig::default()
    })
    .unwrap();
    assert!(small.mask_json(r#"{"a": {"b": [], "c": 1}}"#).is_ok());
    assert_eq!(
        small.mask_json(r#"{"a": {"b": [1]}}"#),
        small
            .redact_value(&json!({"a": {"b": [1]}}))
            .map(|_| unreachable!())
    );
    // Far deeper than any stack would allow if each level recursed without a check.
    let deep = "[".repeat(1_000_000);
    assert_eq!(r.mask_json(&deep), Err(Error::TooDeep { limit: 128 }));
}

#[test]
fn strings_one_redactor_found_clean_are_scanned_again_by_another() {
    // Each redactor remembers the short strings it found clean; an answer is never
    // taken for another redactor, whose rules may find a secret in the same string.
    let with_rule = |id: &str, prefix: &str| {
        Redactor::new(&RedactorConfig {
            builtins: false,
            rules: vec![serde_json::from_value(json!({
                "id": id, "regex": format!(r"\b{prefix}[a-z0-9]{{8}}\b"), "keywords": [prefix]
            }))
            .unwrap()],
            ..RedactorConfig::default()
        })
        .unwrap()
    };
    let plain = with_rule("other-key", "zzz_");
    let custom = with_rule("acme-key", "acme_");
    let record = json!({"note": "acme_k3y9x2q7", "host": "api.example.com"}).to_string();
    for _ in 0..3 {
        assert_eq!(plain.mask_json(&record).unwrap(), record);
        assert_eq!(
            custom.mask_json(&record).unwrap(),
            r#"{"note":"[REDACTED:acme-key]","host":"api.example.com"}"#
        );
        // And the same through the value walker and the leaf call the npm walker uses.
        assert_eq!(plain.redact_leaf("acme_k3y9x2q7", false), "acme_k3y9x2q7");
        assert_eq!(
            custom.redact_leaf("acme_k3y9x2q7", false),
            "[REDACTED:acme-key]"
        );
    }
    // A redactor built later gets an id of its own, even after others were dropped.
    drop(custom);
    let again = Redactor::default();
    let key = "ghp_R7cKq2LmX9vTz4WbN8pJd3HsY6fGa1Ue5oQi";
    assert_eq!(plain.redact_leaf(key, false), key);
    assert_eq!(again.redact_leaf(key, false), "[REDACTED:github-pat]");
}

/// An array element after one that names a credential is masked as that name's value
/// (Node's `rawHeaders`, `[name, value]` entries, an argv), unless it is such a name
/// itself (a list of field names); the value walker and the JSON text pass agree.
#[test]
fn array_elements_after_a_credential_name_are_masked() {
    let r = Redactor::default();
    let v = json!({
        "rawHeaders": ["Host", "api.example.com", "X-Api-Key", "Zq8rT2vL9mXw4Hk3", "Cookie", "sid=Zq8rT2vL9mXw4Hk3"],
        "entries": [["authorization", "Token Zq8rT2vL9mXw4Hk3"], ["accept", "text/plain"]],
        "argv": ["node", "app.js", "--password", "Zq8rT2vL9mXw4Hk3", "--port", "8080"],
        "redact": ["password", "token", "req.headers.authorization"],
        "numbers": ["pin", 1234, "api_key", 4321],
    });
    let masked = r.redact_value(&v).unwrap();
    let m = "[REDACTED:sensitive-key]";
    assert_eq!(
        masked["rawHeaders"],
        json!(["Host", "api.example.com", "X-Api-Key", m, "Cookie", m])
    );
    assert_eq!(
        masked["entries"],
        json!([["authorization", m], ["accept", "text/plain"]])
    );
    assert_eq!(
        masked["argv"],
        json!(["node", "app.js", "--password", m, "--port", "8080"])
    );
    assert_eq!(masked["redact"], v["redact"]);
    assert_eq!(masked["numbers"], json!(["pin", 1234, "api_key", m]));
    let text = v.to_string();
    assert_eq!(
        r.mask_json(&text).unwrap(),
        serde_json::to_string(&masked).unwrap()
    );
}

/// Keys whose values are credentials by their names alone: Azure API Management's
/// subscription key, a bearer token or a JWT under its own name, a wallet's recovery
/// words, AWS Secrets Manager's secret; and keys that only look alike keep their values.
#[test]
fn subscription_keys_bearers_jwts_and_recovery_words_are_masked_by_name() {
    let r = Redactor::default();
    let masked = r
        .redact_value(&json!({
            "headers": {"Ocp-Apim-Subscription-Key": "4f9a2c7e1b8d3f6a", "accept": "*/*"},
            "auth": {"bearer": "opaque-9f8e7d6c"},
            "jwt": "opaque-session-value",
            "wallet": {"mnemonic": "legal winner thank year wave sausage", "seed_phrase": "x y z"},
            "response": {"Name": "prod/db", "SecretString": "opaque-value", "SecretBinary": "AAEC"},
            "subscription_id": "sub-42",
            "jwt_algorithm": "RS256",
        }))
        .unwrap();
    let m = "[REDACTED:sensitive-key]";
    assert_eq!(
        masked,
        json!({
            "headers": {"Ocp-Apim-Subscription-Key": m, "accept": "*/*"},
            "auth": {"bearer": m},
            "jwt": m,
            "wallet": {"mnemonic": m, "seed_phrase": m},
            "response": {"Name": "prod/db", "SecretString": m, "SecretBinary": m},
            "subscription_id": "sub-42",
            "jwt_algorithm": "RS256",
        })
    );
}
