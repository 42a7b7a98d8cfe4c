-- Latest metrics reported by each host (one row per host, upserted by
-- POST /api/health/report).
CREATE TABLE IF NOT EXISTS host_metrics (
  host TEXT PRIMARY KEY NOT NULL,
  memory_used_percent REAL NOT NULL,
  memory_available_mb REAL NOT NULL,
  uptime_seconds REAL,
  reported_at INTEGER NOT NULL
);
