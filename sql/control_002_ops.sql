-- Roster control plane, version 2: what the operations dashboards (sql/dashboards.sql) need that cannot be
-- computed at query time: daily usage snapshots, the IdP dialect of a User-Agent, and a record of which
-- version of the dashboards file is installed.

-- Billable users per organization per UTC day. Usage now is exact at query time (roster.org_usage); usage on
-- a past day cannot be rebuilt from the tenant tables (a user deactivated and reactivated since leaves no
-- count behind), so it is recorded: `roster serve` calls roster.snapshot_usage(interval '1 hour') every few
-- minutes, and so at most one process snapshots once an hour. A day's row holds the count at its last
-- snapshot and the highest count seen that day. No foreign key: the history outlives a deleted organization.
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

-- Records today's usage of every organization (UTC day), unless a snapshot was taken within `min_interval`
-- or another session is taking one right now. Returns the number of organizations written (0: skipped).
CREATE FUNCTION roster.snapshot_usage(min_interval interval DEFAULT interval '0')
RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    today date := (now() AT TIME ZONE 'UTC')::date;
    written integer;
BEGIN
    -- Transaction-level, so it is safe behind a transaction-pooling proxy ("usage" in ASCII).
    IF NOT pg_try_advisory_xact_lock(435493905253) THEN
        RETURN 0;
    END IF;
    IF min_interval > interval '0' AND EXISTS (
        SELECT 1 FROM roster.usage_daily WHERE day = today AND taken_at > now() - min_interval) THEN
        RETURN 0;
    END IF;
    INSERT INTO roster.usage_daily AS u
        (day, org_id, slug, plan, billable_users, peak_billable_users, deactivated_users)
    SELECT today, o.id, o.slug, o.plan, r.billable_users, r.billable_users, r.deactivated_users
    FROM roster.org_usage_rows() r
    JOIN roster.organizations o ON o.slug = r.slug
    ON CONFLICT (day, org_id) DO UPDATE SET
        slug = EXCLUDED.slug,
        plan = EXCLUDED.plan,
        billable_users = EXCLUDED.billable_users,
        peak_billable_users = greatest(u.peak_billable_users, EXCLUDED.billable_users),
        deactivated_users = EXCLUDED.deactivated_users,
        snapshots = u.snapshots + 1,
        taken_at = now();
    GET DIAGNOSTICS written = ROW_COUNT;
    RETURN written;
END;
$$;

-- The identity-provider dialect of a request's User-Agent: okta, entra, onelogin, jumpcloud, google, other,
-- or unknown (no User-Agent). Used when failed requests are counted and by the dashboards, so both agree.
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
