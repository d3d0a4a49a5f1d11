-- The run index (docs/OPERATIONS.md, "The run index"): one row per run folder and its key figures,
-- in a schema made for the runs list's filters and for trends. The folder stays the whole truth:
-- every row can be rebuilt from it (stampede index DATA_DIR). Portable SQL: the same file migrates
-- SQLite and PostgreSQL.

CREATE TABLE runs (
    id                      VARCHAR(64)  NOT NULL PRIMARY KEY,
    scenario                VARCHAR(512) NOT NULL,
    status                  VARCHAR(16)  NOT NULL,
    verdict                 VARCHAR(16)  NOT NULL,
    reason                  TEXT,
    submitted_by            TEXT,
    origin                  TEXT,
    created_at              BIGINT       NOT NULL,
    started_at              BIGINT,
    ended_at                BIGINT,
    users                   INTEGER,
    workers                 INTEGER,
    duration_s              DOUBLE PRECISION,
    requests                BIGINT,
    request_errors          BIGINT,
    rps                     DOUBLE PRECISION,
    success_rate            DOUBLE PRECISION,
    conversations           BIGINT,
    goodput                 DOUBLE PRECISION,
    p50_ms                  DOUBLE PRECISION,
    p95_ms                  DOUBLE PRECISION,
    p99_ms                  DOUBLE PRECISION,
    ttft_p95_ms             DOUBLE PRECISION,
    tokens_input            BIGINT,
    tokens_output           BIGINT,
    tokens_per_conversation DOUBLE PRECISION,
    cost                    DOUBLE PRECISION,
    cost_per_conversation   DOUBLE PRECISION,
    currency                VARCHAR(16),
    thresholds_passed       INTEGER,
    folder_stamp            BIGINT       NOT NULL,
    indexed_at              BIGINT       NOT NULL
);
CREATE INDEX runs_by_created ON runs (created_at);
CREATE INDEX runs_by_scenario ON runs (scenario, created_at);

CREATE TABLE run_tags (
    run_id VARCHAR(64)  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    tag    VARCHAR(128) NOT NULL,
    PRIMARY KEY (run_id, tag)
);
CREATE INDEX run_tags_by_tag ON run_tags (tag, run_id);

CREATE TABLE run_labels (
    run_id VARCHAR(64)  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name   VARCHAR(128) NOT NULL,
    value  VARCHAR(512) NOT NULL,
    PRIMARY KEY (run_id, name)
);
CREATE INDEX run_labels_by_value ON run_labels (name, value, run_id);

-- One row per step and per node type of the agent's pipeline: kind 'step' or 'node'.
CREATE TABLE run_keys (
    run_id       VARCHAR(64)  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    kind         VARCHAR(8)   NOT NULL,
    name         VARCHAR(512) NOT NULL,
    calls        BIGINT,
    errors       BIGINT,
    success_rate DOUBLE PRECISION,
    p50_ms       DOUBLE PRECISION,
    p95_ms       DOUBLE PRECISION,
    p99_ms       DOUBLE PRECISION,
    ttft_p95_ms  DOUBLE PRECISION,
    PRIMARY KEY (run_id, kind, name)
);

CREATE TABLE run_checks (
    run_id    VARCHAR(64)  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step      VARCHAR(512) NOT NULL,
    name      VARCHAR(256) NOT NULL,
    judged    BIGINT,
    failures  BIGINT,
    pass_rate DOUBLE PRECISION,
    PRIMARY KEY (run_id, step, name)
);

CREATE TABLE run_thresholds (
    run_id      VARCHAR(64) NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    position    INTEGER     NOT NULL,
    metric      TEXT        NOT NULL,
    expression  TEXT,
    actual      DOUBLE PRECISION,
    limit_value DOUBLE PRECISION,
    passed      INTEGER     NOT NULL,
    PRIMARY KEY (run_id, position)
);
