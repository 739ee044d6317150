-- Roster organization schema, version 2: failed SCIM requests, counted. Applied like version 1 (search_path
-- is the organization's schema, SET LOCAL).
--
-- provisioning_log records every write that succeeded; a request that failed wrote nothing, so without this
-- table the errors an identity provider runs into (a filter it sends that Roster rejects, a 409 loop) would
-- be visible only in the access log. Bounded: one row per UTC day, token, IdP dialect, status and scimType
-- (a handful of dialects, a few dozen error kinds), counted up in place, and rows older than 90 days are
-- deleted by the statement that records the next error. Only requests that passed authentication are
-- counted (a 401 flood writes nothing), and never a 429 or 503 (counting those would cost the database the
-- very work the refusal saves it).
CREATE TABLE request_errors (
    day          date NOT NULL,
    -- The API token's id; the nil UUID for the legacy SCIM_AUTH_TOKEN.
    token_id     uuid NOT NULL,
    -- roster.idp_dialect(User-Agent): okta, entra, onelogin, jumpcloud, google, other, unknown.
    idp          text NOT NULL,
    status       smallint NOT NULL,
    -- The SCIM scimType, '' when the error has none.
    scim_type    text NOT NULL,
    errors       bigint NOT NULL DEFAULT 1,
    first_at     timestamptz NOT NULL DEFAULT now(),
    last_at      timestamptz NOT NULL DEFAULT now(),
    -- The latest one's method and path (no query string) and the detail the client was sent, truncated.
    last_request text NOT NULL,
    last_detail  text NOT NULL,
    PRIMARY KEY (day, token_id, idp, status, scim_type)
);
