-- Roster control plane, version 1: organizations, their host names, beta flags, usage.
-- Applied by `roster migrate` (and at the start of `roster serve`) inside one transaction that holds
-- the migration advisory lock. Schema `roster` and table `roster.migrations` already exist.

CREATE TABLE roster.organizations (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug           text NOT NULL,
    name           text NOT NULL,
    plan           text NOT NULL,
    schema_name    text NOT NULL,
    schema_version integer NOT NULL DEFAULT 0,
    status         text NOT NULL DEFAULT 'active',
    -- SCIM requests per second this organization may make (token bucket); NULL: the server's default.
    rate_limit     integer,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT organizations_slug_key UNIQUE (slug),
    CONSTRAINT organizations_schema_name_key UNIQUE (schema_name),
    CONSTRAINT organizations_slug_check CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$'),
    CONSTRAINT organizations_name_check CHECK (length(name) BETWEEN 1 AND 200),
    CONSTRAINT organizations_plan_check CHECK (plan IN ('free', 'team', 'business', 'enterprise')),
    CONSTRAINT organizations_schema_name_check CHECK (schema_name ~ '^org_[a-z0-9_]{1,40}$'),
    CONSTRAINT organizations_status_check CHECK (status IN ('active', 'suspended')),
    CONSTRAINT organizations_rate_limit_check CHECK (rate_limit BETWEEN 1 AND 100000)
);

-- Host names are stored lower-case, without port or trailing dot; one host belongs to one organization.
CREATE TABLE roster.org_hosts (
    host       text PRIMARY KEY,
    org_id     bigint NOT NULL REFERENCES roster.organizations (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT org_hosts_host_check CHECK (
        host = lower(host) AND length(host) BETWEEN 1 AND 253
        AND host ~ '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$')
);
CREATE INDEX org_hosts_org_id_idx ON roster.org_hosts (org_id);

-- Opt-in betas and switches per organization (the known names are checked by the application).
CREATE TABLE roster.feature_flags (
    org_id     bigint NOT NULL REFERENCES roster.organizations (id) ON DELETE CASCADE,
    flag       text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, flag),
    CONSTRAINT feature_flags_flag_check CHECK (flag ~ '^[a-z][a-z0-9-]{0,62}$')
);

-- Any change to hosts, plans or flags tells every server process to drop its cached view of the tenant.
CREATE FUNCTION roster.notify_directory_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('roster_directory', TG_TABLE_NAME);
    RETURN NULL;
END;
$$;

CREATE TRIGGER organizations_changed AFTER INSERT OR UPDATE OR DELETE ON roster.organizations
    FOR EACH STATEMENT EXECUTE FUNCTION roster.notify_directory_change();
CREATE TRIGGER org_hosts_changed AFTER INSERT OR UPDATE OR DELETE ON roster.org_hosts
    FOR EACH STATEMENT EXECUTE FUNCTION roster.notify_directory_change();
CREATE TRIGGER feature_flags_changed AFTER INSERT OR UPDATE OR DELETE ON roster.feature_flags
    FOR EACH STATEMENT EXECUTE FUNCTION roster.notify_directory_change();

-- Usage per organization, computed exactly at query time from every tenant schema.
-- Operators read the view `roster.org_usage`; they never need to know schema names.
CREATE FUNCTION roster.org_usage_rows()
RETURNS TABLE (
    slug text, plan text, active_users bigint, billable_users bigint, deactivated_users bigint,
    groups bigint, live_tokens bigint, last_provisioning_at timestamptz
)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    org record;
BEGIN
    FOR org IN SELECT o.slug, o.plan, o.schema_name FROM roster.organizations o ORDER BY o.slug LOOP
        slug := org.slug;
        plan := org.plan;
        EXECUTE format(
            'SELECT (SELECT count(*) FROM %1$I.users WHERE active),
                    (SELECT count(*) FROM %1$I.users WHERE NOT active),
                    (SELECT count(*) FROM %1$I.groups),
                    (SELECT count(*) FROM %1$I.api_tokens
                      WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())),
                    (SELECT max(at) FROM %1$I.provisioning_log)',
            org.schema_name)
            INTO active_users, deactivated_users, groups, live_tokens, last_provisioning_at;
        billable_users := active_users;
        RETURN NEXT;
    END LOOP;
END;
$$;

CREATE VIEW roster.org_usage AS SELECT * FROM roster.org_usage_rows();

COMMENT ON VIEW roster.org_usage IS
    'One row per organization: slug, plan, active/billable/deactivated users, groups, live API tokens, '
    'time of the last provisioning change.';
