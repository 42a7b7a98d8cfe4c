//! A deterministic, seeded generator of realistic log text for the benches: JSON,
//! logfmt and plain lines, HTTP access lines with query strings, stack traces, env
//! dumps, hard negatives (UUIDs, hashes, git SHAs, base64) and planted secrets.
#![allow(missing_docs)]

/// xorshift64*: small, fast, deterministic.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    pub fn chars(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| alphabet[self.below(alphabet.len())] as char)
            .collect()
    }
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";
const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// A secret of a random provider, in a realistic setting.
pub fn secret(r: &mut Rng) -> String {
    match r.below(10) {
        0 => format!("sk-proj-{}", r.chars(ALNUM, 56)),
        1 => format!("AKIA{}", r.chars(B32, 16)),
        2 => format!("ghp_{}", r.chars(ALNUM, 36)),
        3 => format!(
            "xoxb-{}-{}-{}",
            r.chars(b"0123456789", 11),
            r.chars(b"0123456789", 12),
            r.chars(ALNUM, 24)
        ),
        4 => format!(
            "postgres://app:{}@db.internal:5432/prod",
            r.chars(ALNUM, 14)
        ),
        5 => format!("sk_live_{}", r.chars(ALNUM, 24)),
        6 => format!("password={}", r.chars(ALNUM, 12)),
        7 => format!("Authorization: Bearer {}", r.chars(ALNUM, 40)),
        8 => format!(
            "sk-ant-api03-{}-{}AA",
            r.chars(ALNUM, 80),
            r.chars(ALNUM, 12)
        ),
        _ => format!("\"api_key\": \"{}\"", r.chars(HEX, 32)),
    }
}

fn clean_line(r: &mut Rng, out: &mut String) {
    let uuid = format!(
        "{}-{}-4{}-a{}-{}",
        r.chars(HEX, 8),
        r.chars(HEX, 4),
        r.chars(HEX, 3),
        r.chars(HEX, 3),
        r.chars(HEX, 12)
    );
    let path = r.pick(&[
        "/api/v1/users",
        "/api/v2/orders/search",
        "/healthz",
        "/static/app.js",
        "/api/v1/tasks/queue",
        "/login",
    ]);
    let ms = r.below(900);
    match r.below(8) {
        0 => out.push_str(&format!(
            "{{\"ts\":\"2026-11-25T10:{:02}:{:02}.{:03}Z\",\"level\":\"{}\",\"msg\":\"request completed\",\"request_id\":\"{uuid}\",\"path\":\"{path}\",\"status\":200,\"duration_ms\":{ms},\"user_id\":{}}}\n",
            r.below(60), r.below(60), r.below(1000), r.pick(&["info", "debug", "warn"]), r.below(100000))),
        1 => out.push_str(&format!(
            "time=2026-11-25T10:{:02}:{:02}Z level=info msg=\"job finished\" job=sync-{} queue=task_queues attempt={} commit={} max_tokens=512 token_count={}\n",
            r.below(60), r.below(60), r.below(999), r.below(5), r.chars(HEX, 40), r.below(4000))),
        2 => out.push_str(&format!(
            "10.0.{}.{} - - [25/Nov/2026:10:{:02}:{:02} +0000] \"GET {path}?page={}&sort=desc&q=keyboard HTTP/1.1\" 200 {} \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"\n",
            r.below(255), r.below(255), r.below(60), r.below(60), r.below(50), r.below(50000))),
        3 => out.push_str(&format!(
            "2026-11-25 10:{:02}:{:02},{:03} ERROR [worker-{}] app.tasks: task failed\nTraceback (most recent call last):\n  File \"/srv/app/tasks.py\", line {}, in run\n    result = self.handler(payload)\nKeyError: 'session'\n",
            r.below(60), r.below(60), r.below(1000), r.below(16), r.below(400))),
        4 => out.push_str(&format!(
            "I1125 10:{:02}:{:02}.{:06} 1 controller.go:{}] Successfully synced key=default/web-{} resourceVersion={} sha256:{}\n",
            r.below(60), r.below(60), r.below(1_000_000), r.below(500), r.chars(HEX, 5), r.below(1_000_000), r.chars(HEX, 64))),
        5 => out.push_str(&format!(
            "PATH=/usr/local/bin:/usr/bin HOME=/home/app PWD=/srv/app LANG=C.UTF-8 NODE_ENV=production PORT={} REDIS_URL=redis://cache:6379/0\n",
            r.below(9000) + 1000)),
        6 => out.push_str(&format!(
            "{{\"level\":\"debug\",\"event\":\"cache\",\"key\":\"user:{}:profile\",\"hit\":true,\"etag\":\"W/\\\"{}\\\"\",\"payload\":\"{}\"}}\n",
            r.below(100000), r.chars(HEX, 16), r.chars(ALNUM, 60))),
        _ => out.push_str(&format!(
            "[{}] INFO  o.s.web.servlet.DispatcherServlet - Completed initialization in {} ms; trace={} span={}\n",
            r.below(10000), r.below(200), r.chars(HEX, 32), r.chars(HEX, 16))),
    }
}

/// About `size` bytes of realistic logs with one planted secret per `secret_every`
/// bytes on average (0: none).
pub fn logs(seed: u64, size: usize, secret_every: usize) -> String {
    let mut r = Rng::new(seed);
    let mut out = String::with_capacity(size + 512);
    let mut next_secret = if secret_every == 0 {
        usize::MAX
    } else {
        r.below(secret_every * 2)
    };
    while out.len() < size {
        if out.len() >= next_secret {
            let s = secret(&mut r);
            out.push_str(&format!("time=2026-11-25T10:00:00Z level=warn msg=\"upstream call\" detail=\"using {s}\" attempt=1\n"));
            next_secret = out.len() + r.below(secret_every * 2).max(1);
        } else {
            clean_line(&mut r, &mut out);
        }
    }
    out
}
