-- Roster operations dashboards: views in schema `roster` over the control-plane tables of control_002, and
-- the collector that fills them, read with plain SQL.
--
-- Installed by `roster migrate` (and so by `roster serve` at start) whenever this file's text changes (its
-- SHA-256 is kept in roster.installed_scripts); it is not a numbered migration, and loading it by hand with
-- `psql -f sql/dashboards.sql` is harmless (it needs control-plane version 2). Every object is dropped and
-- created again, so a changed column list never blocks an upgrade; re-grant SELECT to a dashboard role
-- after an upgrade that changed this file. See docs/operations.md.
--
-- Why collected tables and not live cross-schema queries: a statement that reads every organization's schema
-- locks every table and index it plans for until it ends, and runs out of lock memory at a few hundred
-- organizations with default settings (measured: roster.org_usage fails at 1,000). roster.collect_org_stats
-- reads ONE organization per call (one transaction each); `roster serve` calls it for every organization
-- every 5 minutes (one process at a time, see roster.claim_stats_collection). The views read only the
-- control plane: fast and lock-light with any number of organizations, as fresh as collected_at. Days are
-- UTC days.
--
--   roster.billable_users_now          billable users per organization (as of the last collection)
--   roster.billable_users_daily        billable users per organization per day
--   roster.provisioning_activity_daily provisioning writes of the last 30 days per organization, day, IdP
--                                      dialect, resource type and operation
--   roster.request_errors_daily        failed SCIM requests of the last 30 days per organization, day,
--                                      token, dialect, status and scimType
--   roster.idp_errors_30d              failed SCIM requests of the last 30 days by IdP dialect and error
--   roster.scim_idle_organizations     SCIM enabled (Enterprise, active) but no activity in 30 days
--   roster.api_tokens_overview         every API token: state, last use, expiry
--   roster.dashboard_freshness         when the data above was collected
--
-- roster.org_usage (control_001) stays the exact, live answer for one or a few organizations:
--   SELECT * FROM roster.org_usage WHERE slug = 'acme';   -- still reads every schema: mind the lock limit

DROP VIEW IF EXISTS roster.billable_users_now;
DROP VIEW IF EXISTS roster.billable_users_daily;
DROP VIEW IF EXISTS roster.provisioning_activity_daily;
DROP VIEW IF EXISTS roster.idp_errors_30d;
DROP VIEW IF EXISTS roster.request_errors_daily;
DROP VIEW IF EXISTS roster.scim_idle_organizations;
DROP VIEW IF EXISTS roster.api_tokens_overview;
DROP VIEW IF EXISTS roster.dashboard_freshness;
DROP FUNCTION IF EXISTS roster.collect_org_stats(bigint);
DROP FUNCTION IF EXISTS roster.claim_stats_collection(interval);
DROP FUNCTION IF EXISTS roster.finish_stats_collection(integer);

-- Collects one organization's statistics into the control-plane tables, in the caller's transaction; reads
-- only that organization's schema (identifiers quoted with format('%I')). Days from the day of its previous
-- collection on are recomputed (earlier days are final); the first collection covers the last 30 days.
CREATE FUNCTION roster.collect_org_stats(p_org_id bigint)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    org record;
    today date := (now() AT TIME ZONE 'UTC')::date;
    since date;
    v_active bigint;
    v_deactivated bigint;
    v_groups bigint;
    v_live bigint;
    v_live_scim bigint;
    v_last_write timestamptz;
    v_last_use timestamptz;
BEGIN
    -- One collector per organization at a time ('rost' in ASCII, then the organization).
    PERFORM pg_advisory_xact_lock(1919906676, (p_org_id % 2147483647)::integer);
    SELECT o.id, o.slug, o.plan, o.schema_name, o.schema_version INTO org
    FROM roster.organizations o WHERE o.id = p_org_id;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    SELECT (s.collected_at AT TIME ZONE 'UTC')::date INTO since FROM roster.org_stats s WHERE s.org_id = p_org_id;
    since := greatest(coalesce(since, today - 29), today - 400);

    EXECUTE format(
        'SELECT (SELECT count(*) FROM %1$I.users WHERE active),
                (SELECT count(*) FROM %1$I.users WHERE NOT active),
                (SELECT count(*) FROM %1$I.groups),
                (SELECT count(*) FROM %1$I.api_tokens
                  WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())),
                (SELECT count(*) FROM %1$I.api_tokens
                  WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now()) AND ''scim'' = ANY (scopes)),
                (SELECT max(at) FROM %1$I.provisioning_log),
                (SELECT max(last_used_at) FROM %1$I.api_tokens)',
        org.schema_name)
        INTO v_active, v_deactivated, v_groups, v_live, v_live_scim, v_last_write, v_last_use;

    INSERT INTO roster.org_stats AS s
        (org_id, slug, active_users, deactivated_users, groups, live_tokens, live_scim_tokens,
         last_provisioning_at, last_token_use_at, collected_at)
    VALUES (org.id, org.slug, v_active, v_deactivated, v_groups, v_live, v_live_scim, v_last_write, v_last_use, now())
    ON CONFLICT (org_id) DO UPDATE SET
        slug = EXCLUDED.slug, active_users = EXCLUDED.active_users,
        deactivated_users = EXCLUDED.deactivated_users, groups = EXCLUDED.groups,
        live_tokens = EXCLUDED.live_tokens, live_scim_tokens = EXCLUDED.live_scim_tokens,
        last_provisioning_at = EXCLUDED.last_provisioning_at, last_token_use_at = EXCLUDED.last_token_use_at,
        collected_at = EXCLUDED.collected_at;

    INSERT INTO roster.usage_daily AS u
        (day, org_id, slug, plan, billable_users, peak_billable_users, deactivated_users)
    VALUES (today, org.id, org.slug, org.plan, v_active, v_active, v_deactivated)
    ON CONFLICT (day, org_id) DO UPDATE SET
        slug = EXCLUDED.slug, plan = EXCLUDED.plan, billable_users = EXCLUDED.billable_users,
        peak_billable_users = greatest(u.peak_billable_users, EXCLUDED.billable_users),
        deactivated_users = EXCLUDED.deactivated_users, snapshots = u.snapshots + 1, taken_at = now();

    DELETE FROM roster.activity_daily WHERE org_id = p_org_id AND day >= since;
    EXECUTE format(
        'INSERT INTO roster.activity_daily
             (day, org_id, idp, resource_type, operation, writes, rewritten_writes, last_at)
         SELECT (l.at AT TIME ZONE ''UTC'')::date, $1, roster.idp_dialect(l.idp), l.resource_type, l.operation,
                count(*), count(*) FILTER (WHERE cardinality(l.rewrites) > 0), max(l.at)
         FROM %I.provisioning_log l
         WHERE l.at >= ($2::timestamp AT TIME ZONE ''UTC'')
         GROUP BY 1, 3, 4, 5',
        org.schema_name)
        USING p_org_id, since;

    IF org.schema_version >= 2 THEN
        DELETE FROM roster.errors_daily WHERE org_id = p_org_id AND day >= since;
        EXECUTE format(
            'INSERT INTO roster.errors_daily
                 (day, org_id, token_id, idp, status, scim_type, errors, first_at, last_at, last_request, last_detail)
             SELECT e.day, $1, e.token_id, e.idp, e.status, e.scim_type, e.errors, e.first_at, e.last_at,
                    e.last_request, e.last_detail
             FROM %I.request_errors e WHERE e.day >= $2',
            org.schema_name)
            USING p_org_id, since;
    END IF;

    DELETE FROM roster.token_stats WHERE org_id = p_org_id;
    EXECUTE format(
        'INSERT INTO roster.token_stats
             (org_id, token_id, name, scopes, prefix, created_at, last_used_at, expires_at, revoked_at)
         SELECT $1, t.id, t.name, t.scopes, t.prefix, t.created_at, t.last_used_at, t.expires_at, t.revoked_at
         FROM %I.api_tokens t',
        org.schema_name)
        USING p_org_id;
END;
$$;

-- Claims the next collection run for the calling process: true when the last run started at least
-- `run_interval` ago (then this one is recorded as started), false otherwise.
CREATE FUNCTION roster.claim_stats_collection(run_interval interval)
RETURNS boolean
LANGUAGE sql AS $$
    WITH claimed AS (
        UPDATE roster.stats_collection SET started_at = now(), finished_at = NULL
        WHERE id = 1 AND started_at <= now() - run_interval
        RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM claimed)
$$;

-- Records the end of a run and forgets the current statistics of organizations that no longer exist (their
-- daily history stays).
CREATE FUNCTION roster.finish_stats_collection(collected integer)
RETURNS void
LANGUAGE sql AS $$
    UPDATE roster.stats_collection SET finished_at = now(), organizations = collected WHERE id = 1;
    DELETE FROM roster.org_stats s WHERE NOT EXISTS (SELECT 1 FROM roster.organizations o WHERE o.id = s.org_id);
    DELETE FROM roster.token_stats s WHERE NOT EXISTS (SELECT 1 FROM roster.organizations o WHERE o.id = s.org_id);
$$;

CREATE VIEW roster.billable_users_now AS
SELECT o.slug, o.plan, s.active_users AS billable_users, s.deactivated_users, s.groups, s.live_tokens,
       s.collected_at
FROM roster.organizations o
LEFT JOIN roster.org_stats s ON s.org_id = o.id;
COMMENT ON VIEW roster.billable_users_now IS
    'Billable (active) users per organization as of its last collection (NULL: not collected yet).';

CREATE VIEW roster.billable_users_daily AS
SELECT day, slug, plan, billable_users, peak_billable_users, deactivated_users, snapshots, taken_at
FROM roster.usage_daily;
COMMENT ON VIEW roster.billable_users_daily IS
    'Billable users per organization per UTC day: at the day''s last collection, and the day''s peak.';

CREATE VIEW roster.provisioning_activity_daily AS
SELECT a.day, coalesce(o.slug, '#' || a.org_id) AS slug, a.idp, a.resource_type, a.operation, a.writes,
       a.rewritten_writes, a.last_at
FROM roster.activity_daily a
LEFT JOIN roster.organizations o ON o.id = a.org_id
WHERE a.day >= (now() AT TIME ZONE 'UTC')::date - 29;
COMMENT ON VIEW roster.provisioning_activity_daily IS
    'Provisioning writes of the last 30 UTC days per day, organization, IdP dialect, resource type and operation; '
    'rewritten_writes needed an IdP-dialect rewrite (Entra''s "Replace", "False", ...).';

CREATE VIEW roster.request_errors_daily AS
SELECT e.day, coalesce(o.slug, '#' || e.org_id) AS slug,
       nullif(e.token_id, '00000000-0000-0000-0000-000000000000') AS token_id, t.name AS token_name, e.idp,
       e.status::integer AS status, e.scim_type, e.errors, e.first_at, e.last_at, e.last_request, e.last_detail
FROM roster.errors_daily e
LEFT JOIN roster.organizations o ON o.id = e.org_id
LEFT JOIN roster.token_stats t ON t.org_id = e.org_id AND t.token_id = e.token_id
WHERE e.day >= (now() AT TIME ZONE 'UTC')::date - 29;
COMMENT ON VIEW roster.request_errors_daily IS
    'Failed SCIM requests of authenticated clients in the last 30 UTC days per day, organization, token '
    '(NULL: the legacy SCIM_AUTH_TOKEN), IdP dialect, status and scimType.';

CREATE VIEW roster.idp_errors_30d AS
SELECT idp, status, scim_type, sum(errors)::bigint AS errors, count(DISTINCT slug) AS organizations,
       max(last_at) AS last_at, (array_agg(last_detail ORDER BY last_at DESC))[1] AS latest_detail
FROM roster.request_errors_daily
GROUP BY idp, status, scim_type;
COMMENT ON VIEW roster.idp_errors_30d IS
    'Failed SCIM requests of the last 30 UTC days by IdP dialect, status and scimType, with the organizations hit.';

CREATE VIEW roster.scim_idle_organizations AS
SELECT o.slug, o.name, o.created_at, s.live_scim_tokens, s.last_provisioning_at, s.last_token_use_at,
       s.collected_at
FROM roster.organizations o
LEFT JOIN roster.org_stats s ON s.org_id = o.id
WHERE o.plan = 'enterprise' AND o.status = 'active'
  AND coalesce(greatest(s.last_provisioning_at, s.last_token_use_at), '-infinity') < now() - interval '30 days';
COMMENT ON VIEW roster.scim_idle_organizations IS
    'Enterprise organizations (status active) with no provisioning write and no API-token use in 30 days, '
    'including those that never set SCIM up (live_scim_tokens 0; NULL: not collected yet).';

CREATE VIEW roster.api_tokens_overview AS
SELECT o.slug, t.token_id, t.name, t.scopes, t.prefix,
       CASE WHEN t.revoked_at IS NOT NULL THEN 'revoked'
            WHEN t.expires_at IS NOT NULL AND t.expires_at <= now() THEN 'expired'
            ELSE 'live' END AS state,
       t.created_at, t.last_used_at, t.expires_at, t.revoked_at,
       ceil(extract(epoch FROM t.expires_at - now()) / 86400)::integer AS days_until_expiry,
       t.last_used_at IS NULL AS never_used
FROM roster.token_stats t
JOIN roster.organizations o ON o.id = t.org_id;
COMMENT ON VIEW roster.api_tokens_overview IS
    'Every API token (never its hash): organization, name, scopes, display prefix, state (live/expired/revoked), '
    'last use (as of the last collection), expiry and days until it (rounded up; negative: expired).';

CREATE VIEW roster.dashboard_freshness AS
SELECT c.started_at AS last_run_started_at, c.finished_at AS last_run_finished_at, c.organizations,
       (SELECT min(collected_at) FROM roster.org_stats) AS oldest_collected_at,
       (SELECT count(*) FROM roster.organizations o
         WHERE NOT EXISTS (SELECT 1 FROM roster.org_stats s WHERE s.org_id = o.id)) AS not_collected
FROM roster.stats_collection c;
COMMENT ON VIEW roster.dashboard_freshness IS 'When the dashboard tables were last collected, and what is missing.';

-- Example queries (docs/operations.md has more):
--   Collect now, one organization per transaction (psql, autocommit):
--     SELECT format('SELECT roster.collect_org_stats(%s)', id) FROM roster.organizations \gexec
--   Billable users per Enterprise organization now:
--     SELECT slug, billable_users FROM roster.billable_users_now WHERE plan = 'enterprise' ORDER BY 2 DESC;
--   Monthly billing, peak per organization in a month:
--     SELECT slug, max(peak_billable_users) FROM roster.billable_users_daily
--     WHERE day >= date '2026-11-01' AND day < date '2026-12-01' GROUP BY slug;
--   Live tokens expiring within 14 days, and live tokens never used:
--     SELECT slug, name, expires_at FROM roster.api_tokens_overview WHERE state = 'live' AND days_until_expiry < 14;
--     SELECT slug, name, created_at FROM roster.api_tokens_overview WHERE state = 'live' AND never_used;
