-- Roster operations dashboards: views over every organization, in schema `roster`, read with plain SQL.
--
-- Installed by `roster migrate` (and so by `roster serve` at start) whenever this file's text changes (its
-- SHA-256 is kept in roster.installed_scripts); it is not a numbered migration, and loading it by hand with
-- `psql -f sql/dashboards.sql` is harmless (it needs control-plane version 2). Every object is dropped and
-- created again, so a changed column list never blocks an upgrade; re-grant SELECT to a dashboard role
-- after an upgrade that changed this file. See docs/operations.md.
--
-- Organizations live in their own schemas (org_<slug>), so each cross-organization view is a set-returning
-- PL/pgSQL function that runs one statement per organization (identifiers quoted with format('%I'); each
-- statement is an index range scan or a scan of a small table), wrapped in a view. Days are UTC days.
--
--   roster.org_usage                   billable users per organization now (control_001; exact at query time)
--   roster.billable_users_daily        billable users per organization per day (from roster.usage_daily)
--   roster.provisioning_activity_daily provisioning writes per organization, day, IdP dialect, type, operation
--   roster.request_errors_daily        failed SCIM requests per organization, day, token, dialect and error
--   roster.idp_errors_30d              failed SCIM requests of the last 30 days by IdP dialect and error
--   roster.scim_idle_organizations     SCIM enabled (Enterprise, active) but no activity in 30 days
--   roster.api_tokens_overview         every API token: state, last use, expiry
--
-- The *_rows(since) functions take another window: SELECT * FROM roster.provisioning_activity_rows(now() - interval '7 days').

DROP VIEW IF EXISTS roster.billable_users_daily;
DROP VIEW IF EXISTS roster.provisioning_activity_daily;
DROP VIEW IF EXISTS roster.idp_errors_30d;
DROP VIEW IF EXISTS roster.request_errors_daily;
DROP VIEW IF EXISTS roster.scim_idle_organizations;
DROP VIEW IF EXISTS roster.api_tokens_overview;
DROP FUNCTION IF EXISTS roster.provisioning_activity_rows(timestamptz);
DROP FUNCTION IF EXISTS roster.request_errors_rows(timestamptz);
DROP FUNCTION IF EXISTS roster.scim_idle_rows(interval);
DROP FUNCTION IF EXISTS roster.api_token_rows();

-- Billable users per organization per day: the count at the day's last snapshot and the highest seen that
-- day. A day on which no Roster process ran has no row (nothing is invented).
CREATE VIEW roster.billable_users_daily AS
SELECT day, slug, plan, billable_users, peak_billable_users, deactivated_users, snapshots, taken_at
FROM roster.usage_daily;
COMMENT ON VIEW roster.billable_users_daily IS
    'Billable (active) users per organization per UTC day, from the hourly snapshots of roster.snapshot_usage().';

-- Provisioning writes (provisioning_log rows) since `since`, per UTC day, organization, IdP dialect (from the
-- User-Agent), resource type and operation; `rewritten_writes` counts those that needed an IdP-dialect rewrite
-- (Entra's "Replace", "False", …).
CREATE FUNCTION roster.provisioning_activity_rows(since timestamptz)
RETURNS TABLE (
    day date, slug text, idp text, resource_type text, operation text, writes bigint, rewritten_writes bigint,
    last_at timestamptz
)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    org record;
BEGIN
    FOR org IN SELECT o.slug, o.schema_name FROM roster.organizations o ORDER BY o.slug LOOP
        RETURN QUERY EXECUTE format(
            'SELECT (l.at AT TIME ZONE ''UTC'')::date, $2, roster.idp_dialect(l.idp), l.resource_type,
                    l.operation, count(*), count(*) FILTER (WHERE cardinality(l.rewrites) > 0), max(l.at)
             FROM %I.provisioning_log l
             WHERE l.at >= $1
             GROUP BY 1, 3, 4, 5',
            org.schema_name)
            USING since, org.slug;
    END LOOP;
END;
$$;

CREATE VIEW roster.provisioning_activity_daily AS
SELECT * FROM roster.provisioning_activity_rows(date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
    - interval '29 days');
COMMENT ON VIEW roster.provisioning_activity_daily IS
    'Provisioning writes of the last 30 UTC days per day, organization, IdP dialect, resource type and operation.';

-- Failed SCIM requests since `since` (tenant table request_errors, schema version 2), per UTC day,
-- organization, token, IdP dialect, status and scimType. token_id is NULL for the legacy SCIM_AUTH_TOKEN.
CREATE FUNCTION roster.request_errors_rows(since timestamptz)
RETURNS TABLE (
    day date, slug text, token_id uuid, token_name text, idp text, status integer, scim_type text, errors bigint,
    first_at timestamptz, last_at timestamptz, last_request text, last_detail text
)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    org record;
BEGIN
    FOR org IN
        SELECT o.slug, o.schema_name FROM roster.organizations o WHERE o.schema_version >= 2 ORDER BY o.slug
    LOOP
        RETURN QUERY EXECUTE format(
            'SELECT e.day, $2, nullif(e.token_id, ''00000000-0000-0000-0000-000000000000''), t.name, e.idp,
                    e.status::integer, e.scim_type, e.errors, e.first_at, e.last_at, e.last_request, e.last_detail
             FROM %1$I.request_errors e
             LEFT JOIN %1$I.api_tokens t ON t.id = e.token_id
             WHERE e.day >= ($1 AT TIME ZONE ''UTC'')::date',
            org.schema_name)
            USING since, org.slug;
    END LOOP;
END;
$$;

CREATE VIEW roster.request_errors_daily AS
SELECT * FROM roster.request_errors_rows(now() - interval '29 days');
COMMENT ON VIEW roster.request_errors_daily IS
    'Failed SCIM requests of the last 30 UTC days per day, organization, token, IdP dialect, status and scimType.';

-- Errors by IdP dialect over the last 30 days, across organizations: where integrations hurt.
CREATE VIEW roster.idp_errors_30d AS
SELECT idp, status, scim_type, sum(errors)::bigint AS errors, count(DISTINCT slug) AS organizations,
       max(last_at) AS last_at, (array_agg(last_detail ORDER BY last_at DESC))[1] AS latest_detail
FROM roster.request_errors_rows(now() - interval '29 days')
GROUP BY idp, status, scim_type;
COMMENT ON VIEW roster.idp_errors_30d IS
    'Failed SCIM requests of the last 30 UTC days by IdP dialect, status and scimType, with the organizations hit.';

-- Organizations where SCIM is enabled (Enterprise plan, status active) with no provisioning write and no use
-- of any API token within `idle_for`. Includes organizations that never set SCIM up (live_scim_tokens = 0).
CREATE FUNCTION roster.scim_idle_rows(idle_for interval)
RETURNS TABLE (
    slug text, name text, created_at timestamptz, live_scim_tokens bigint, last_provisioning_at timestamptz,
    last_token_use_at timestamptz
)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    org record;
BEGIN
    FOR org IN
        SELECT o.slug, o.name, o.created_at, o.schema_name FROM roster.organizations o
        WHERE o.plan = 'enterprise' AND o.status = 'active' ORDER BY o.slug
    LOOP
        slug := org.slug;
        name := org.name;
        created_at := org.created_at;
        EXECUTE format(
            'SELECT (SELECT count(*) FROM %1$I.api_tokens
                      WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
                        AND ''scim'' = ANY (scopes)),
                    (SELECT max(at) FROM %1$I.provisioning_log),
                    (SELECT max(last_used_at) FROM %1$I.api_tokens)',
            org.schema_name)
            INTO live_scim_tokens, last_provisioning_at, last_token_use_at;
        IF coalesce(greatest(last_provisioning_at, last_token_use_at), '-infinity') < now() - idle_for THEN
            RETURN NEXT;
        END IF;
    END LOOP;
END;
$$;

CREATE VIEW roster.scim_idle_organizations AS SELECT * FROM roster.scim_idle_rows(interval '30 days');
COMMENT ON VIEW roster.scim_idle_organizations IS
    'Enterprise organizations (status active) with no provisioning write and no API-token use in 30 days.';

-- Every API token of every organization, never a secret or hash: state (live, expired, revoked), last use,
-- expiry, and days until it expires, rounded up (negative: expired that many whole days ago).
CREATE FUNCTION roster.api_token_rows()
RETURNS TABLE (
    slug text, token_id uuid, name text, scopes text[], prefix text, state text, created_at timestamptz,
    last_used_at timestamptz, expires_at timestamptz, revoked_at timestamptz, days_until_expiry integer,
    never_used boolean
)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    org record;
BEGIN
    FOR org IN SELECT o.slug, o.schema_name FROM roster.organizations o ORDER BY o.slug LOOP
        RETURN QUERY EXECUTE format(
            'SELECT $1, t.id, t.name, t.scopes, t.prefix,
                    CASE WHEN t.revoked_at IS NOT NULL THEN ''revoked''
                         WHEN t.expires_at IS NOT NULL AND t.expires_at <= now() THEN ''expired''
                         ELSE ''live'' END,
                    t.created_at, t.last_used_at, t.expires_at, t.revoked_at,
                    ceil(extract(epoch FROM t.expires_at - now()) / 86400)::integer,
                    t.last_used_at IS NULL
             FROM %I.api_tokens t
             ORDER BY t.created_at, t.id',
            org.schema_name)
            USING org.slug;
    END LOOP;
END;
$$;

CREATE VIEW roster.api_tokens_overview AS SELECT * FROM roster.api_token_rows();
COMMENT ON VIEW roster.api_tokens_overview IS
    'Every API token: organization, name, scopes, display prefix, state (live/expired/revoked), last use, expiry.';

-- Example queries (docs/operations.md has more):
--   Billable users per Enterprise organization now:
--     SELECT slug, billable_users FROM roster.org_usage WHERE plan = 'enterprise' ORDER BY billable_users DESC;
--   Monthly billing, peak per organization in a month:
--     SELECT slug, max(peak_billable_users) FROM roster.billable_users_daily
--     WHERE day >= date '2026-11-01' AND day < date '2026-12-01' GROUP BY slug;
--   Live tokens expiring within 14 days, and live tokens never used:
--     SELECT slug, name, expires_at FROM roster.api_tokens_overview WHERE state = 'live' AND days_until_expiry < 14;
--     SELECT slug, name, created_at FROM roster.api_tokens_overview WHERE state = 'live' AND never_used;
