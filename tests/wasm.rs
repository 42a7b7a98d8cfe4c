//! The JS API at the wasm boundary (`wasm-bindgen-test`), run in Node and in headless
//! Chromium by `make test`. Results are turned back into Rust values before asserting.
#![cfg(all(target_arch = "wasm32", feature = "wasm"))]

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

use edgeguard::wasm as api;

const OPENAI: &str = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fGh3iJk6lMn9oPq2";

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn message(err: &JsValue) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_default()
}

#[wasm_bindgen_test]
fn sanitize_masks_an_openai_project_key() {
    let clean = JsValue::from("nothing to mask here");
    let same = api::sanitize_log_message(clean.clone(), None).unwrap();
    assert_eq!(same.as_string().unwrap(), "nothing to mask here");
    let line = format!("calling OpenAI with {OPENAI} now");
    let out = api::sanitize_log_message(line.into(), None)
        .unwrap()
        .as_string()
        .unwrap();
    assert!(!out.contains(OPENAI), "{out}");
    assert!(out.starts_with("calling OpenAI with [REDACTED:"), "{out}");
    assert!(out.ends_with(" now"));
}

#[wasm_bindgen_test]
fn find_secrets_uses_utf16_offsets() {
    // "é" is 2 UTF-8 bytes but 1 UTF-16 unit, "😀" 4 bytes but 2 units.
    let text = format!("é😀 password={OPENAI}");
    let found = api::find_secrets(text.clone().into(), None).unwrap();
    let found: &Array = found.unchecked_ref();
    assert_eq!(found.length(), 1);
    let f = found.get(0);
    let start = get(&f, "start").as_f64().unwrap() as u32;
    let end = get(&f, "end").as_f64().unwrap() as u32;
    let js = js_sys::JsString::from(text.as_str());
    assert_eq!(String::from(js.slice(start, end)), OPENAI);
    assert!(get(&f, "ruleId").as_string().is_some());
}

#[wasm_bindgen_test]
fn wrong_types_throw_type_errors_and_the_module_keeps_working() {
    let err = api::sanitize_log_message(JsValue::from_f64(42.0), None).unwrap_err();
    assert!(err.is_instance_of::<js_sys::TypeError>());
    assert_eq!(
        message(&err),
        "sanitizeLogMessage: message must be a string, got number"
    );
    let err = api::sanitize_log_message(JsValue::NULL, None).unwrap_err();
    assert!(message(&err).contains("got null"));
    let cfg = Object::new();
    let rule = Object::new();
    Reflect::set(&rule, &"id".into(), &"broken".into()).unwrap();
    Reflect::set(&rule, &"regex".into(), &"([a-z".into()).unwrap();
    Reflect::set(&cfg, &"rules".into(), &Array::of1(&rule)).unwrap();
    let err = api::Redactor::new(Some(cfg.into()))
        .err()
        .expect("invalid regex must throw");
    assert!(message(&err).contains("\"broken\""), "{}", message(&err));
    // Still usable.
    let out = api::sanitize_log_message(format!("k={OPENAI}").into(), None)
        .unwrap()
        .as_string()
        .unwrap();
    assert!(!out.contains(OPENAI));
}

// The batch protocol behind the package's maskSensitiveData walker (pkg/extras.mjs;
// the walk itself is tested in tests/node/objects.test.mjs): the first `sensitive`
// pieces are masked whole, the others scanned; the answer flags each piece and carries
// the masked ones' text alone.
#[wasm_bindgen_test]
fn mask_batch_masks_sensitive_pieces_whole_and_scans_text() {
    let batch = format!("hunter2\0<your-password>\0s3cr3t\0user ana\0key {OPENAI}");
    let out = api::mask_batch_with(&batch, 3, JsValue::UNDEFINED)
        .unwrap()
        .expect("something was masked");
    let parts: Vec<&str> = out.split('\0').collect();
    assert_eq!(
        parts,
        [
            "10201",
            "[REDACTED:sensitive-key]",
            "key [REDACTED:openai-project-key]"
        ],
        "a placeholder and clean text are flagged unchanged and not sent back, nor is a \
         mask the same as the one before"
    );
    assert_eq!(
        api::mask_batch_with("nothing here\0nor here", 0, JsValue::UNDEFINED).unwrap(),
        None
    );
    // The same text as the value of a sensitive key.
    assert_eq!(
        api::mask_batch_with("nothing here\0nor here", 1, JsValue::UNDEFINED)
            .unwrap()
            .as_deref(),
        Some("10\0[REDACTED:sensitive-key]")
    );
    // A batch that starts with NUL is one piece, NUL and all.
    assert_eq!(
        api::mask_batch_with(&format!("\0a\0{OPENAI}"), 0, JsValue::UNDEFINED)
            .unwrap()
            .as_deref(),
        Some("1\0a\0[REDACTED:openai-project-key]")
    );
    // The nesting limit, and the shortest text the built-in rules can match (`key=v`).
    assert_eq!(
        api::walk_limits_with(JsValue::UNDEFINED).unwrap(),
        vec![128, 5]
    );
}

#[wasm_bindgen_test]
fn mask_json_masks_the_text_of_a_value_and_names_what_is_not_json() {
    let json = format!(r#"{{"password":"hunter2","msg":"key {OPENAI}","n":[1,true]}}"#);
    assert_eq!(
        api::mask_json_with(&json, JsValue::UNDEFINED)
            .unwrap()
            .as_deref(),
        Some(
            r#"{"password":"[REDACTED:sensitive-key]","msg":"key [REDACTED:openai-project-key]","n":[1,true]}"#
        )
    );
    assert_eq!(
        api::mask_json_with(r#"{"user":"ana"}"#, JsValue::UNDEFINED).unwrap(),
        None,
        "nothing to mask: the caller keeps its own text"
    );
    let err = api::mask_json_with("{\"a\":}", JsValue::UNDEFINED).unwrap_err();
    assert_eq!(
        message(&err),
        "invalid value: not JSON: expected a JSON value at byte 5, found '}'"
    );
}

#[wasm_bindgen_test]
fn scrubber_masks_a_secret_split_across_chunks() {
    let r = api::Redactor::new(None).unwrap();
    let mut s = r.scrubber();
    let text = format!("token {OPENAI} end\n");
    let (a, b) = text.split_at(20);
    let mut out = s.push(a.into()).unwrap();
    out += &s.push(b.into()).unwrap();
    out += &s.finish();
    assert!(!out.contains(OPENAI));
    assert!(out.ends_with(" end\n"));
}

#[wasm_bindgen_test]
fn evaluate_health_gives_limited_without_providers() {
    let input = js_sys::JSON::parse(
        r#"{"now": 1759295283580, "startedAt": 1759295278000, "version": "2.0.0",
            "platform": "edgeguard", "database": {"ok": true, "type": "D1", "latencyMs": 3},
            "providers": {"openai": {"enabled": true, "configured": false}},
            "hosts": [{"host": "a", "memoryUsedPercent": 20, "memoryAvailableMb": 900, "reportedAt": 1759295280000}]}"#,
    )
    .unwrap();
    let report = api::evaluate_health(input).unwrap();
    assert_eq!(get(&report, "status").as_string().unwrap(), "limited");
    assert_eq!(get(&report, "httpStatus").as_f64().unwrap(), 200.0);
    let err = api::evaluate_health(JsValue::from_f64(1.0)).unwrap_err();
    assert!(message(&err).contains("must be an object"));
}
