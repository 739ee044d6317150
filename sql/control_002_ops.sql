-- Roster control plane, version 2: the tables behind the operations dashboards (sql/dashboards.sql).
--
-- Organizations live in their own schemas, and one statement that reads every schema locks every table and
-- index it plans for until it ends: with the default max_locks_per_transaction (64) such a statement runs out
-- of shared lock memory at a few hundred organizations (roster.org_usage did, at 1,000), and it is slow.
-- So the dashboards read these control-plane tables, which a collector fills one organization per
-- transaction (roster.collect_org_stats in sql/dashboards.sql, called by every `roster serve` for the
-- organizations, at most once per run interval across all processes; see docs/operations.md). They are as
-- fresh as the last run (collected_at); past days are final. No foreign keys to roster.organizations:
-- billing history outlives a deleted organization.

-- Per organization, as of its last collection: users, groups, tokens, last activity.
CREATE TABLE roster.org_stats (
    org_id               bigint PRIMARY KEY,
    slug                 text NOT NULL,
    active_users         bigint NOT NULL,
    deactivated_users    bigint NOT NULL,
    groups               bigint NOT NULL,
    live_tokens          bigint NOT NULL,
    live_scim_tokens     bigint NOT NULL,
    last_provisioning_at timestamptz,
    last_token_use_at    timestamptz,
    collected_at         timestamptz NOT NULL
);

-- Billable (active) users per organization per UTC day: the count at the day's last collection and the
-- highest count collected that day. The current state of users keeps no history (a user deactivated and
-- reactivated since leaves no trace), so past days exist only as recorded here.
CREATE TABLE roster.usage_daily (
    day                 date NOT NULL,
    org_id              bigint NOT NULL,
    slug                text NOT NULL,
    plan                text NOT NULL,
    billable_users      bigint NOT NULL,
    peak_billable_users bigint NOT NULL,
    deactivated_users   bigint NOT NULL,
    snapshots           integer NOT NULL DEFAULT 1,
    taken_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (day, org_id)
);
CREATE INDEX usage_daily_org_day_idx ON roster.usage_daily (org_id, day);

-- provisioning_log rows per organization, UTC day, IdP dialect, resource type and operation.
CREATE TABLE roster.activity_daily (
    day              date NOT NULL,
    org_id           bigint NOT NULL,
    idp              text NOT NULL,
    resource_type    text NOT NULL,
    operation        text NOT NULL,
    writes           bigint NOT NULL,
    rewritten_writes bigint NOT NULL,
    last_at          timestamptz NOT NULL,
    PRIMARY KEY (day, org_id, idp, resource_type, operation)
);
CREATE INDEX activity_daily_org_day_idx ON roster.activity_daily (org_id, day);

-- The tenants' request_errors rows (failed SCIM requests), copied.
CREATE TABLE roster.errors_daily (
    day          date NOT NULL,
    org_id       bigint NOT NULL,
    token_id     uuid NOT NULL,
    idp          text NOT NULL,
    status       smallint NOT NULL,
    scim_type    text NOT NULL,
    errors       bigint NOT NULL,
    first_at     timestamptz NOT NULL,
    last_at      timestamptz NOT NULL,
    last_request text NOT NULL,
    last_detail  text NOT NULL,
    PRIMARY KEY (day, org_id, token_id, idp, status, scim_type)
);
CREATE INDEX errors_daily_org_day_idx ON roster.errors_daily (org_id, day);

-- Every API token (never its hash), copied.
CREATE TABLE roster.token_stats (
    org_id       bigint NOT NULL,
    token_id     uuid NOT NULL,
    name         text NOT NULL,
    scopes       text[] NOT NULL,
    prefix       text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    PRIMARY KEY (org_id, token_id)
);

-- One row: when the last collection run started and finished. A process claims a run with an UPDATE that
-- succeeds only when the last start is older than the run interval, so no session lock is needed (safe
-- behind a transaction-pooling proxy) and a crashed run is simply retried after the interval.
CREATE TABLE roster.stats_collection (
    id            integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    started_at    timestamptz NOT NULL DEFAULT '-infinity',
    finished_at   timestamptz,
    organizations integer
);
INSERT INTO roster.stats_collection DEFAULT VALUES;

-- The identity-provider dialect of a request's User-Agent: okta, entra, onelogin, jumpcloud, google, other,
-- or unknown (no User-Agent). Used when failed requests are counted and by the collector, so both agree.
CREATE FUNCTION roster.idp_dialect(user_agent text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN user_agent IS NULL OR btrim(user_agent) = '' THEN 'unknown'
        WHEN user_agent ILIKE '%okta%' THEN 'okta'
        WHEN user_agent ILIKE '%microsoft%' OR user_agent ILIKE '%azure%' OR user_agent ILIKE '%entra%'
            OR user_agent ~* '(^|[^a-z])aad([^a-z]|$)' THEN 'entra'
        WHEN user_agent ILIKE '%onelogin%' THEN 'onelogin'
        WHEN user_agent ILIKE '%jumpcloud%' THEN 'jumpcloud'
        WHEN user_agent ILIKE '%google%' THEN 'google'
        ELSE 'other'
    END
$$;

-- Which text of sql/dashboards.sql is installed (by `roster migrate` when its SHA-256 changes).
CREATE TABLE roster.installed_scripts (
    name         text PRIMARY KEY,
    sha256       text NOT NULL,
    installed_at timestamptz NOT NULL DEFAULT now()
);
