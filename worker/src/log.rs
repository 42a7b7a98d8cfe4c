//! JSON log lines, each scrubbed by the core's redactor before it is written.

use std::cell::Cell;

use serde_json::{Map, Value};
use worker::{console_error, console_log, console_warn, Date};

/// Severity, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Debug,
    Info,
    Warn,
    Error,
}

impl Level {
    fn as_str(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }

    /// `LOG_LEVEL` as configured (`DEBUG`, `INFO`, `WARN`/`WARNING`, `ERROR`); INFO otherwise.
    pub fn parse(text: &str) -> Level {
        match text.trim().to_ascii_uppercase().as_str() {
            "DEBUG" | "TRACE" => Level::Debug,
            "WARN" | "WARNING" => Level::Warn,
            "ERROR" | "CRITICAL" => Level::Error,
            _ => Level::Info,
        }
    }
}

thread_local! {
    static THRESHOLD: Cell<Level> = const { Cell::new(Level::Info) };
}

/// Sets the lowest level written (from `LOG_LEVEL`, at the start of each request).
pub fn set_threshold(level: Level) {
    THRESHOLD.with(|t| t.set(level));
}

/// The JSON line for one event, scrubbed.
pub fn line(level: Level, event: &str, fields: &[(&str, Value)]) -> String {
    let mut map = Map::new();
    map.insert("ts".into(), Value::from(Date::now().as_millis()));
    map.insert("level".into(), level.as_str().into());
    map.insert("event".into(), event.into());
    for (k, v) in fields {
        map.insert((*k).into(), v.clone());
    }
    let text = Value::Object(map).to_string();
    // Masked as the structure it is: a field under a sensitive name whole, every other
    // string as text, each decoded from its JSON escapes first. Only nesting past the
    // core's limit fails, and then the line is masked as plain text.
    match edgeguard::default_redactor().mask_json(&text) {
        Ok(masked) => masked.into_owned(),
        Err(_) => edgeguard::sanitize_log_message(&text),
    }
}

/// Writes one event if its level is at or above the threshold.
pub fn write(level: Level, event: &str, fields: &[(&str, Value)]) {
    if level < THRESHOLD.with(Cell::get) {
        return;
    }
    let text = line(level, event, fields);
    match level {
        Level::Debug | Level::Info => console_log!("{}", text),
        Level::Warn => console_warn!("{}", text),
        Level::Error => console_error!("{}", text),
    }
}

pub fn info(event: &str, fields: &[(&str, Value)]) {
    write(Level::Info, event, fields);
}

pub fn warn(event: &str, fields: &[(&str, Value)]) {
    write(Level::Warn, event, fields);
}
