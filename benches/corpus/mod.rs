//! A deterministic, seeded generator of realistic log text for the benches: JSON,
//! logfmt and plain lines, HTTP access lines with query strings, stack traces, env
//! dumps, hard negatives (UUIDs, hashes, git SHAs, base64 blobs, placeholders) and
//! planted secrets from many providers, with the truth about both (`generate`) so that
//! recall and false positives can be computed (examples/corpus.rs writes it as JSON).
//!
//! The text is ASCII only, so byte offsets equal UTF-16 offsets (JS string indices).
#![allow(missing_docs, dead_code)]

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
const URLSAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const HEX: &[u8] = b"0123456789abcdef";
const UPPER_DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const LOWER: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
const DIGITS: &[u8] = b"0123456789";

/// A planted secret: `text[start..end]` is the secret value itself (not its key name).
#[derive(Clone, Debug)]
pub struct Planted {
    pub start: usize,
    pub end: usize,
    pub provider: &'static str,
    pub context: &'static str,
}

/// A planted hard negative: looks like a secret, is not one.
#[derive(Clone, Debug)]
pub struct Negative {
    pub start: usize,
    pub end: usize,
    pub kind: &'static str,
}

/// Generated logs and the truth about them.
pub struct Corpus {
    pub text: String,
    pub secrets: Vec<Planted>,
    pub negatives: Vec<Negative>,
}

/// The secret within a planted value: all of it, but for the formats that carry
/// public parts around it: a storage connection string's `AccountKey`, a webhook
/// URL's last segment (Slack, Discord), a Sentry DSN's key (unless the value is sent
/// whole as a bearer token).
fn secret_part(value: &str) -> std::ops::Range<usize> {
    if let Some(key) = value.find("AccountKey=") {
        let start = key + "AccountKey=".len();
        let end = value[start..].find(';').map_or(value.len(), |i| start + i);
        return start..end;
    }
    if value.starts_with("https://hooks.slack.com/") || value.starts_with("https://discord.com/") {
        let start = value.rfind('/').map_or(0, |i| i + 1);
        return start..value.len();
    }
    if value.contains(".ingest.sentry.io/") {
        let start = "https://".len();
        let end = value.find('@').unwrap_or(value.len());
        return start..end;
    }
    0..value.len()
}

/// How a secret is usually written: a bare token (any context), a value that only a
/// name makes secret (password), a URL's password, or a multi-line PEM block.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Token,
    Password,
    UrlPassword,
    Pem,
}

struct Value {
    provider: &'static str,
    /// Environment variable or key name it is usually stored under.
    name: &'static str,
    value: String,
    shape: Shape,
}

fn jwt(r: &mut Rng) -> String {
    let header = r.pick(&[
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9",
        "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjEifQ",
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9",
    ]);
    let payload_len = 60 + r.below(80);
    format!(
        "{header}.eyJ{}.{}",
        r.chars(URLSAFE, payload_len),
        r.chars(URLSAFE, 43)
    )
}

fn pem(r: &mut Rng) -> String {
    let kind = r.pick(&[
        "RSA PRIVATE KEY",
        "PRIVATE KEY",
        "EC PRIVATE KEY",
        "OPENSSH PRIVATE KEY",
    ]);
    let mut s = format!("-----BEGIN {kind}-----\n");
    for _ in 0..(4 + r.below(6)) {
        s.push_str(&r.chars(B64, 64));
        s.push('\n');
    }
    s.push_str(&r.chars(B64, 20));
    s.push_str("==\n");
    s.push_str(&format!("-----END {kind}-----"));
    s
}

/// A secret value of a random provider (about 40 formats).
fn value(r: &mut Rng) -> Value {
    use Shape::*;
    let v = |provider, name, value, shape| Value {
        provider,
        name,
        value,
        shape,
    };
    match r.below(42) {
        0 | 1 => {
            // OpenAI project keys carry the T3BlbkFJ marker in the middle.
            let a = r.chars(URLSAFE, 74);
            let b = r.chars(URLSAFE, 74);
            v("openai", "OPENAI_API_KEY", format!("sk-proj-{a}T3BlbkFJ{b}"), Token)
        }
        2 => v("openai", "OPENAI_API_KEY", format!("sk-{}", r.chars(ALNUM, 48)), Token),
        3 => v(
            "anthropic",
            "ANTHROPIC_API_KEY",
            format!("sk-ant-api03-{}-{}AA", r.chars(URLSAFE, 80), r.chars(URLSAFE, 12)),
            Token,
        ),
        4 => v("perplexity", "PERPLEXITY_API_KEY", format!("pplx-{}", r.chars(ALNUM, 48)), Token),
        5 => v("groq", "GROQ_API_KEY", format!("gsk_{}", r.chars(ALNUM, 52)), Token),
        6 => v("huggingface", "HF_TOKEN", format!("hf_{}", r.chars(ALNUM, 34)), Token),
        7 | 8 => v(
            "aws",
            "AWS_ACCESS_KEY_ID",
            format!("{}{}", r.pick(&["AKIA", "ASIA"]), r.chars(UPPER_DIGITS, 16)),
            Token,
        ),
        9 => v("aws", "AWS_SECRET_ACCESS_KEY", r.chars(B64, 40), Password),
        10 => v("gcp", "GOOGLE_API_KEY", format!("AIza{}", r.chars(URLSAFE, 35)), Token),
        11 => v(
            "azure",
            "AZURE_STORAGE_CONNECTION_STRING",
            format!("DefaultEndpointsProtocol=https;AccountName=prodlogs{};AccountKey={}==;EndpointSuffix=core.windows.net", r.chars(LOWER, 4), r.chars(B64, 86)),
            Token,
        ),
        12 => v(
            "digitalocean",
            "DIGITALOCEAN_TOKEN",
            format!("dop_v1_{}", r.chars(HEX, 64)),
            Token,
        ),
        13 | 14 => v(
            "github",
            "GITHUB_TOKEN",
            format!("{}_{}", r.pick(&["ghp", "gho", "ghs", "ghu"]), r.chars(ALNUM, 36)),
            Token,
        ),
        15 => v(
            "github",
            "GITHUB_TOKEN",
            format!("github_pat_11{}_{}", r.chars(UPPER_DIGITS, 20), r.chars(ALNUM, 59)),
            Token,
        ),
        16 => v("gitlab", "GITLAB_TOKEN", format!("glpat-{}", r.chars(URLSAFE, 20)), Token),
        17 | 18 => v(
            "slack",
            "SLACK_BOT_TOKEN",
            format!(
                "{}-{}-{}-{}",
                r.pick(&["xoxb", "xoxp"]),
                r.chars(DIGITS, 11),
                r.chars(DIGITS, 12),
                r.chars(ALNUM, 24)
            ),
            Token,
        ),
        19 => v(
            "slack",
            "SLACK_WEBHOOK_URL",
            format!(
                "https://hooks.slack.com/services/T{}/B{}/{}",
                r.chars(UPPER_DIGITS, 8),
                r.chars(UPPER_DIGITS, 10),
                r.chars(ALNUM, 24)
            ),
            Token,
        ),
        20 => v(
            "discord",
            "DISCORD_WEBHOOK",
            format!(
                "https://discord.com/api/webhooks/{}/{}",
                r.chars(DIGITS, 18),
                r.chars(URLSAFE, 68)
            ),
            Token,
        ),
        21 => v(
            "telegram",
            "TELEGRAM_BOT_TOKEN",
            format!("{}:AA{}", r.chars(DIGITS, 10), r.chars(URLSAFE, 33)),
            Token,
        ),
        22 | 23 => {
            let len = 24 + r.below(75);
            let kind = r.pick(&["sk", "rk"]);
            v("stripe", "STRIPE_SECRET_KEY", format!("{kind}_live_{}", r.chars(ALNUM, len)), Token)
        }
        24 => v(
            "square",
            "SQUARE_ACCESS_TOKEN",
            format!("EAAA{}", r.chars(URLSAFE, 60)),
            Token,
        ),
        25 => v(
            "sendgrid",
            "SENDGRID_API_KEY",
            format!("SG.{}.{}", r.chars(URLSAFE, 22), r.chars(URLSAFE, 43)),
            Token,
        ),
        26 => v("twilio", "TWILIO_API_KEY", format!("SK{}", r.chars(HEX, 32)), Token),
        27 => v("mailgun", "MAILGUN_API_KEY", format!("key-{}", r.chars(HEX, 32)), Token),
        28 => v("npm", "NPM_TOKEN", format!("npm_{}", r.chars(ALNUM, 36)), Token),
        29 => v(
            "pypi",
            "PYPI_TOKEN",
            format!("pypi-AgEIcHlwaS5vcmc{}", r.chars(URLSAFE, 70)),
            Token,
        ),
        30 => v("shopify", "SHOPIFY_ACCESS_TOKEN", format!("shpat_{}", r.chars(HEX, 32)), Token),
        31 => v("linear", "LINEAR_API_KEY", format!("lin_api_{}", r.chars(ALNUM, 40)), Token),
        32 => v(
            "sentry",
            "SENTRY_DSN",
            format!(
                "https://{}@o{}.ingest.sentry.io/{}",
                r.chars(HEX, 32),
                r.chars(DIGITS, 6),
                r.chars(DIGITS, 7)
            ),
            Token,
        ),
        33 => v("datadog", "DD_API_KEY", r.chars(HEX, 32), Password),
        34 => v("jwt", "ACCESS_TOKEN", jwt(r), Token),
        35 => v("private-key", "PRIVATE_KEY", pem(r), Pem),
        36 | 37 => v(
            "password",
            "DB_PASSWORD",
            format!("{}{}{}", r.chars(ALNUM, 6), r.pick(&["!", "#", "%", "_", "9"]), r.chars(ALNUM, 7)),
            Password,
        ),
        38 => v(
            "url-password",
            "DATABASE_URL",
            r.chars(ALNUM, 16),
            UrlPassword,
        ),
        39 => v("bearer", "AUTH_TOKEN", r.chars(ALNUM, 40), Password),
        40 => v("vault", "VAULT_TOKEN", format!("hvs.{}", r.chars(URLSAFE, 90)), Token),
        _ => v("supabase", "SUPABASE_ACCESS_TOKEN", format!("sbp_{}", r.chars(HEX, 40)), Token),
    }
}

fn ts(r: &mut Rng) -> String {
    format!(
        "2026-11-25T10:{:02}:{:02}.{:03}Z",
        r.below(60),
        r.below(60),
        r.below(1000)
    )
}

/// One planted secret in a realistic setting: (before, secret, after, context).
fn setting(r: &mut Rng) -> (String, Value, String, &'static str) {
    let v = value(r);
    let t = ts(r);
    let name = v.name;
    let lower = name.to_ascii_lowercase();
    match v.shape {
        Shape::Pem => {
            let before = match r.below(2) {
                0 => format!("{t} WARN loaded signing key from env:\n"),
                _ => format!("{t} DEBUG tls config dump\n"),
            };
            (before, v, "\n".to_string(), "pem")
        }
        Shape::UrlPassword => {
            let (scheme, port) = [
                ("postgres", "5432/prod"),
                ("mysql", "3306/app"),
                ("mongodb+srv", "27017/app?retryWrites=true"),
                ("redis", "6379/0"),
                ("amqp", "5672/vhost"),
            ][r.below(5)];
            let user = r.pick(&["app", "svc_orders", "admin", "reporting"]);
            let before = match r.below(3) {
                0 => format!("{t} INFO connecting to {scheme}://{user}:"),
                1 => format!("{{\"ts\":\"{t}\",\"level\":\"info\",\"msg\":\"pool ready\",\"dsn\":\"{scheme}://{user}:"),
                _ => format!("{name}={scheme}://{user}:"),
            };
            let after = match before.as_bytes()[0] {
                b'{' => format!("@db.internal:{port}\",\"pool\":10}}\n"),
                _ => format!("@db.internal:{port}\n"),
            };
            (before, v, after, "url")
        }
        Shape::Password => {
            let key = match v.provider {
                "password" => r.pick(&["password", "db_password", "passwd", "client_secret"]).to_string(),
                "bearer" => "Authorization".to_string(),
                _ => lower.clone(),
            };
            match (v.provider, r.below(4)) {
                ("bearer", 0 | 1) => (
                    format!("{t} DEBUG http: > GET /v1/orders HTTP/1.1\\r\\n> Authorization: Bearer "),
                    v,
                    "\n".to_string(),
                    "header",
                ),
                ("bearer", _) => (
                    format!("{{\"ts\":\"{t}\",\"level\":\"debug\",\"msg\":\"outgoing\",\"headers\":{{\"Authorization\":\"Bearer "),
                    v,
                    "\",\"Accept\":\"application/json\"}}\n".to_string(),
                    "json",
                ),
                (_, 0) => (
                    format!("time={t} level=info msg=\"db connect\" user=app {key}="),
                    v,
                    " host=db1\n".to_string(),
                    "logfmt",
                ),
                (_, 1) => (
                    format!("{{\"ts\":\"{t}\",\"level\":\"debug\",\"msg\":\"config\",\"{key}\":\""),
                    v,
                    "\",\"retries\":3}\n".to_string(),
                    "json",
                ),
                (_, 2) => (format!("{name}="), v, "\n".to_string(), "env"),
                _ => (
                    format!("10.0.{}.{} - - [25/Nov/2026:10:00:00 +0000] \"POST /login?user=ana&{key}=", r.below(255), r.below(255)),
                    v,
                    "&next=%2F HTTP/1.1\" 302 0 \"-\" \"curl/8.5.0\"\n".to_string(),
                    "access",
                ),
            }
        }
        Shape::Token => match r.below(7) {
            0 => (
                format!("time={t} level=warn msg=\"upstream call\" detail=\"using "),
                v,
                "\" attempt=1\n".to_string(),
                "logfmt",
            ),
            1 => (
                format!("{{\"ts\":\"{t}\",\"level\":\"debug\",\"msg\":\"client init\",\"{}\":\"", lower),
                v,
                "\",\"timeout_ms\":30000}\n".to_string(),
                "json",
            ),
            2 => (format!("{name}="), v, "\n".to_string(), "env"),
            3 if !v.value.contains(['/', '+', ';', ':']) => (
                format!("10.0.{}.{} - - [25/Nov/2026:10:00:00 +0000] \"GET /v1/export?format=csv&token=", r.below(255), r.below(255)),
                v,
                "&page=2 HTTP/1.1\" 200 512 \"-\" \"python-requests/2.32\"\n".to_string(),
                "access",
            ),
            4 => (
                format!("{t} ERROR request failed\nTraceback (most recent call last):\n  File \"/srv/app/client.py\", line 88, in call\n    raise AuthError(f\"rejected credential {{key}}\")\napp.errors.AuthError: rejected credential "),
                v,
                "\n".to_string(),
                "stacktrace",
            ),
            5 => (
                format!("{t} [main] INFO  c.e.Config - resolved settings: region=eu-west-1, cred="),
                v,
                ", debug=false\n".to_string(),
                "plain",
            ),
            _ => (
                format!("{t} DEBUG http: > GET /v1/items HTTP/1.1\\r\\n> Authorization: Bearer "),
                v,
                "\n".to_string(),
                "header",
            ),
        },
    }
}

/// A secret of a random provider, in a realistic setting (one or more lines).
pub fn secret(r: &mut Rng) -> String {
    let (before, v, after, _) = setting(r);
    format!("{before}{}{after}", v.value)
}

/// A hard negative in a realistic setting: (before, look-alike, after, kind).
fn negative(r: &mut Rng) -> (String, String, String, &'static str) {
    let t = ts(r);
    match r.below(11) {
        0 => (
            format!("{{\"ts\":\"{t}\",\"level\":\"info\",\"msg\":\"request completed\",\"request_id\":\""),
            format!("{}-{}-4{}-a{}-{}", r.chars(HEX, 8), r.chars(HEX, 4), r.chars(HEX, 3), r.chars(HEX, 3), r.chars(HEX, 12)),
            "\",\"status\":200}\n".into(),
            "uuid",
        ),
        1 => (
            format!("time={t} level=info msg=\"deployed\" service=api commit="),
            r.chars(HEX, 40),
            " branch=main\n".into(),
            "git-sha",
        ),
        2 => (
            format!("{t} INFO pulled image registry.internal/api@sha256:"),
            r.chars(HEX, 64),
            "\n".into(),
            "sha256",
        ),
        3 => (
            format!("{t} DEBUG upload ok md5="),
            r.chars(HEX, 32),
            " bytes=20480\n".into(),
            "md5",
        ),
        4 => (
            format!("{{\"ts\":\"{t}\",\"level\":\"debug\",\"msg\":\"thumbnail\",\"data\":\""),
            format!("{}==", r.chars(B64, 118)),
            "\"}\n".into(),
            "base64",
        ),
        5 => (
            format!("time={t} level=info msg=\"lockfile\" integrity="),
            format!("sha512-{}==", r.chars(B64, 86)),
            "\n".into(),
            "integrity",
        ),
        6 => {
            let p = r.pick(&[
                "password=${DB_PASSWORD}",
                "api_key=<your-api-key>",
                "token=****",
                "OPENAI_API_KEY=sk-...",
                "secret: \"changeme-placeholder\"",
                "password: null",
                "AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX",
                "Authorization: Bearer <token>",
                "STRIPE_SECRET_KEY=sk_test_xxxxxxxxxxxxxxxxxxxxxxxx",
                "password=[REDACTED]",
            ]);
            (format!("{t} INFO example config: "), p.to_string(), "\n".into(), "placeholder")
        }
        7 => (
            format!("time={t} level=info msg=\"llm call\" model=gpt-4o max_tokens=1024 token_count="),
            format!("{}", r.below(100_000)),
            " finish=stop\n".into(),
            "token-count",
        ),
        8 => (
            format!("{t} INFO trace_id="),
            r.chars(HEX, 32),
            format!(" span_id={} sampled=1\n", r.chars(HEX, 16)),
            "trace-id",
        ),
        9 => (
            format!("10.0.{}.{} - - [25/Nov/2026:10:00:00 +0000] \"GET /search?q=", r.below(255), r.below(255)),
            format!("{}+{}", r.pick(&["keyboard", "monitor", "desk"]), r.pick(&["token", "key", "secret"])),
            format!("&page={}&sort=desc HTTP/1.1\" 200 {} \"-\" \"Mozilla/5.0\"\n", r.below(50), r.below(50000)),
            "query-words",
        ),
        _ => (
            format!("{{\"ts\":\"{t}\",\"level\":\"info\",\"msg\":\"session\",\"session_state\":\"active\",\"csrf_nonce_len\":32,\"etag\":\""),
            r.chars(LOWER_ALNUM, 27),
            "\"}\n".into(),
            "etag",
        ),
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

/// About `size` bytes of realistic logs with, on average, one planted secret per
/// `secret_every` bytes and one planted hard negative per `negative_every` bytes
/// (0: none), and where each one is.
pub fn generate(seed: u64, size: usize, secret_every: usize, negative_every: usize) -> Corpus {
    let mut r = Rng::new(seed);
    let mut text = String::with_capacity(size + 1024);
    let mut secrets = Vec::new();
    let mut negatives = Vec::new();
    let gap = |r: &mut Rng, every: usize| {
        if every == 0 {
            usize::MAX
        } else {
            r.below(every * 2).max(1)
        }
    };
    let mut next_secret = gap(&mut r, secret_every);
    let mut next_negative = gap(&mut r, negative_every);
    while text.len() < size {
        if text.len() >= next_secret {
            let (before, v, after, context) = setting(&mut r);
            text.push_str(&before);
            let at = text.len();
            text.push_str(&v.value);
            // After `Authorization: Bearer` the whole value is the credential.
            let part = if context == "header" {
                0..v.value.len()
            } else {
                secret_part(&v.value)
            };
            secrets.push(Planted {
                start: at + part.start,
                end: at + part.end,
                provider: v.provider,
                context,
            });
            text.push_str(&after);
            next_secret = text.len().saturating_add(gap(&mut r, secret_every));
        } else if text.len() >= next_negative {
            let (before, value, after, kind) = negative(&mut r);
            text.push_str(&before);
            let start = text.len();
            text.push_str(&value);
            negatives.push(Negative {
                start,
                end: text.len(),
                kind,
            });
            text.push_str(&after);
            next_negative = text.len().saturating_add(gap(&mut r, negative_every));
        } else {
            clean_line(&mut r, &mut text);
        }
    }
    Corpus {
        text,
        secrets,
        negatives,
    }
}

/// About `size` bytes of realistic logs with one planted secret per `secret_every`
/// bytes on average (0: none) and one hard negative per 1024 bytes.
pub fn logs(seed: u64, size: usize, secret_every: usize) -> String {
    generate(seed, size, secret_every, 1024).text
}

fn json_str(s: &str) -> String {
    let mut o = String::with_capacity(s.len() + 2);
    o.push('"');
    for c in s.chars() {
        match c {
            '"' => o.push_str("\\\""),
            '\\' => o.push_str("\\\\"),
            '\n' => o.push_str("\\n"),
            '\r' => o.push_str("\\r"),
            '\t' => o.push_str("\\t"),
            c if (c as u32) < 0x20 => o.push_str(&format!("\\u{:04x}", c as u32)),
            c => o.push(c),
        }
    }
    o.push('"');
    o
}

/// The truth about a corpus as JSON: byte offsets (equal to UTF-16 offsets: the text
/// is ASCII), providers, contexts, and the literal values.
pub fn truth_json(c: &Corpus, seed: u64, secret_every: usize, negative_every: usize) -> String {
    let mut o = String::new();
    o.push_str(&format!(
        "{{\"seed\":{seed},\"bytes\":{},\"secret_every\":{secret_every},\"negative_every\":{negative_every},\"offsets\":\"bytes (= UTF-16: ASCII text)\",\n\"secrets\":[\n",
        c.text.len()
    ));
    for (i, s) in c.secrets.iter().enumerate() {
        o.push_str(&format!(
            "{}{{\"start\":{},\"end\":{},\"provider\":{},\"context\":{},\"value\":{}}}\n",
            if i == 0 { "" } else { "," },
            s.start,
            s.end,
            json_str(s.provider),
            json_str(s.context),
            json_str(&c.text[s.start..s.end])
        ));
    }
    o.push_str("],\n\"negatives\":[\n");
    for (i, n) in c.negatives.iter().enumerate() {
        o.push_str(&format!(
            "{}{{\"start\":{},\"end\":{},\"kind\":{},\"value\":{}}}\n",
            if i == 0 { "" } else { "," },
            n.start,
            n.end,
            json_str(n.kind),
            json_str(&c.text[n.start..n.end])
        ));
    }
    o.push_str("]}\n");
    o
}
