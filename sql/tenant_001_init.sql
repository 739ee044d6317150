-- Roster organization schema, version 1. Applied to each organization's own schema, inside a
-- transaction whose search_path is that schema (SET LOCAL), so names here are unqualified.

CREATE TABLE schema_version (
    version    integer PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_name     text NOT NULL,
    external_id   text,
    display_name  text,
    active        boolean NOT NULL DEFAULT true,
    -- The SCIM attributes other than id, meta and groups, in canonical form. The writeOnly password is
    -- never stored: Roster users sign in through the identity provider.
    attributes    jsonb NOT NULL DEFAULT '{}',
    -- lower(emails[*].value), kept by the application on every write, so `emails.value eq` (a uniqueness
    -- lookup identity providers make) can use an index.
    email_values  text[] NOT NULL DEFAULT '{}',
    version       bigint NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_user_name_check CHECK (length(user_name) BETWEEN 1 AND 512)
);
-- RFC 7643 §4.1: userName is unique and not case-exact, so uniqueness is on lower(user_name).
CREATE UNIQUE INDEX users_user_name_key ON users (lower(user_name));
CREATE INDEX users_external_id_idx ON users (external_id);
CREATE INDEX users_updated_at_idx ON users (updated_at);
CREATE INDEX users_email_values_idx ON users USING gin (email_values);
CREATE INDEX users_created_at_id_idx ON users (created_at, id);

CREATE TABLE groups (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    display_name text NOT NULL,
    external_id  text,
    -- admin, editor, viewer, all-users: the protected default groups; NULL for groups made by clients.
    system_role  text UNIQUE,
    attributes   jsonb NOT NULL DEFAULT '{}',
    version      bigint NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT groups_display_name_check CHECK (length(display_name) BETWEEN 1 AND 512),
    CONSTRAINT groups_system_role_check CHECK (system_role IN ('admin', 'editor', 'viewer', 'all-users'))
);
CREATE UNIQUE INDEX groups_display_name_key ON groups (lower(display_name));
CREATE INDEX groups_external_id_idx ON groups (external_id);

CREATE TABLE group_members (
    group_id   uuid NOT NULL REFERENCES groups (id) ON DELETE CASCADE,
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT group_members_pkey PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user_id_idx ON group_members (user_id);

CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name         text NOT NULL,
    description  text NOT NULL DEFAULT '',
    scopes       text[] NOT NULL,
    -- SHA-256 of the secret; the secret itself is never stored.
    token_hash   bytea NOT NULL,
    -- The first characters of the secret, enough to recognise a token in a list and no more.
    prefix       text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash),
    CONSTRAINT api_tokens_name_check CHECK (length(name) BETWEEN 1 AND 200),
    CONSTRAINT api_tokens_description_check CHECK (length(description) <= 1000),
    CONSTRAINT api_tokens_scopes_check CHECK (cardinality(scopes) > 0),
    CONSTRAINT api_tokens_token_hash_check CHECK (length(token_hash) = 32)
);

-- Servers cache verified tokens; any change to a token (revocation above all) tells them to drop it.
CREATE FUNCTION notify_token_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('roster_tokens', TG_TABLE_SCHEMA);
    RETURN NULL;
END;
$$;
CREATE TRIGGER api_tokens_changed AFTER UPDATE OF revoked_at, expires_at, scopes, token_hash OR DELETE ON api_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION notify_token_change();

-- Sign-in sessions of the product (created outside Roster); deactivation deletes them.
CREATE TABLE sessions (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id    uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    CONSTRAINT sessions_token_hash_key UNIQUE (token_hash),
    CONSTRAINT sessions_token_hash_check CHECK (length(token_hash) = 32)
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

-- One row per provisioning write, in the same transaction as the write. Never passwords or tokens.
CREATE TABLE provisioning_log (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at                 timestamptz NOT NULL DEFAULT now(),
    token_id           uuid,
    resource_type      text NOT NULL,
    resource_id        uuid,
    operation          text NOT NULL,
    changed_attributes text[] NOT NULL DEFAULT '{}',
    rewrites           text[] NOT NULL DEFAULT '{}',
    idp                text,
    details            jsonb,
    CONSTRAINT provisioning_log_resource_type_check CHECK (resource_type IN ('User', 'Group'))
);
CREATE INDEX provisioning_log_at_idx ON provisioning_log (at);
CREATE INDEX provisioning_log_resource_idx ON provisioning_log (resource_id);

INSERT INTO groups (display_name, system_role) VALUES
    ('admin', 'admin'),
    ('editor', 'editor'),
    ('viewer', 'viewer'),
    ('All Users', 'all-users');
