//! The crate's one error type.

use std::fmt;

/// What went wrong while building a [`crate::Redactor`] or masking a value.
///
/// Messages are lowercase, name the rule or field involved, and say what to change.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A rule is malformed (missing field, bad id, bad regex, pattern too large).
    /// Fix the rule named in `rule`.
    InvalidRule {
        /// The rule's id, or its position when it has no id.
        rule: String,
        /// What is wrong with it.
        problem: String,
    },
    /// The configuration itself is malformed (not JSON, unknown method, bad field).
    /// Fix the field named in the message.
    InvalidConfig(String),
    /// A structured value is nested deeper than the limit. Flatten it or raise
    /// `max_depth`.
    TooDeep {
        /// The configured limit.
        limit: usize,
    },
    /// A value cannot be masked (for example a cyclic object handed over from JS).
    InvalidValue(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRule { rule, problem } => write!(f, "invalid rule {rule:?}: {problem}"),
            Error::InvalidConfig(msg) => write!(f, "invalid config: {msg}"),
            Error::TooDeep { limit } => {
                write!(f, "value is nested more than {limit} levels deep")
            }
            Error::InvalidValue(msg) => write!(f, "invalid value: {msg}"),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
