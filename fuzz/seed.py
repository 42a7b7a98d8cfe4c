#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/seeds/<target>/ from the test data: every rule's
examples and negatives (rules/*.toml), JSON values, configs and health inputs from the
tests. Idempotent; `make fuzz` runs it."""
import hashlib, json, pathlib, tomllib

root = pathlib.Path(__file__).resolve().parent.parent
seeds = root / "fuzz" / "seeds"

def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = seeds / target
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)

texts = []
for f in sorted((root / "rules").glob("*.toml")):
    for rule in tomllib.loads(f.read_text()).get("rules", []):
        texts += rule.get("examples", []) + rule.get("negatives", [])
        put("config", json.dumps({"builtins": False, "rules": [{k: rule[k] for k in ("id", "regex", "keywords") if k in rule}]}))
for t in texts:
    put("redact_text", b"\x07" + t.encode())
    put("mask_value", json.dumps({"message": t, "password": t, "nested": [{"token": t}]}))
for v in [
    {"api_key": "abcdef123456", "model": "gpt-4"},
    {"user": {"password": "hunter2", "name": "x"}, "items": [{"access_token": 123}]},
    {"headers": {"Authorization": "Bearer abc.def.ghi", "X-Api-Key": "k"}, "max_tokens": 5},
    [[[[{"secret": None}]]]],
]:
    put("mask_value", json.dumps(v))
for c in [
    {"method": "partial"}, {"method": "hash", "hashKey": "k"}, {"method": {"replace": "***"}},
    {"rules": [{"id": "acme", "regex": "acme_[a-z]{8}", "keywords": ["acme_"], "allow": ["^acme_test"]}], "allow": ["x"], "allowPatterns": ["^dev"]},
    {"disable": ["openai-project-key"], "maxDepth": 5},
    {"rules": [{"id": "k", "regex": "(key)=(\\w+)", "key_group": 1, "secret_group": 2, "min_entropy": 2.5, "multiline": True, "keyword_ends_word": True}]},
]:
    put("config", json.dumps(c))
base = {"now": 1759295283580, "startedAt": 1759295278000, "version": "2.0.0", "platform": "Xionimus AI",
        "database": {"ok": True, "type": "SQLite", "latencyMs": 3},
        "providers": {"openai": {"enabled": True, "configured": False}}}
put("health", json.dumps(base))
put("health", json.dumps({**base, "database": {"ok": False, "error": "postgres://u:pw@h/db", "timedOut": True},
    "hosts": [{"host": "a", "memoryUsedPercent": 92, "memoryAvailableMb": 1, "reportedAt": 1759295280000}],
    "environment": {"debug": True, "logLevel": "DEBUG"}, "policy": {"slowMs": 1, "memoryDegradedPercent": 50, "staleAfterMs": 1},
    "checks": {"config": {"ok": False, "critical": False, "error": "KV", "componentType": "component"}}}))
print(f"seeds: {sum(1 for _ in seeds.rglob('*') if _.is_file())} files under {seeds}")
