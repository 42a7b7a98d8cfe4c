//! Health evaluation: serde_json -> HealthInput -> evaluate never panics; a report's
//! HTTP status matches its status; every rendering is produced.
#![no_main]

use edgeguard::health::{evaluate, HealthInput, Status};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_json::from_slice::<HealthInput>(data) else {
        return;
    };
    if let Ok(report) = evaluate(&input) {
        let expected = if report.status == Status::Unhealthy {
            503
        } else {
            200
        };
        assert_eq!(report.http_status, expected);
        assert_eq!(report.body["status"], report.status.as_str());
        assert!(report.prometheus.ends_with('\n'));
    }
});
