import Store

/// The `--help` texts. Every command has one; `roster --help` lists them all.
enum Help {
    static let top = """
        roster: a multi-tenant SCIM 2.0 provisioning server on PostgreSQL.

        Usage: roster <command> [options]

        Commands:
          serve [--port N] [--admin-port N]       run the SCIM server (default port 8080, env PORT)
          migrate                                 bring the database schemas to the latest version
          org create SLUG --name NAME --plan PLAN [--host HOST]...
          org list [--json]
          org show SLUG [--json]
          org set-plan SLUG PLAN
          org set-rate-limit SLUG LIMIT|default
          org host add SLUG HOST | org host remove SLUG HOST
          org flag set SLUG FLAG | org flag unset SLUG FLAG | org flag list SLUG
          org log SLUG [--count N] [--before ID] [--json]
          token create SLUG --name NAME [--description TEXT] --scope scim [--scope ...] [--expires-in DAYS] [--json]
          token list SLUG [--json]
          token revoke SLUG TOKEN_ID
          session create SLUG USERNAME [--json]
          selftest SLUG [--url http://HOST:PORT] [--host HOST]

        Every command reads DATABASE_URL (a libpq URL or key=value string); when it is unset, Roster uses
        (and if needed starts) a local PostgreSQL cluster in ./.roster/postgres.
        Exit status: 0 ok, 1 refused, 64 usage error, 69 database unavailable, 70 internal error.
        Run 'roster <command> --help' for details.
        """

    static let migrate = """
        Usage: roster migrate

        Brings the control plane (schema roster) and every organization schema to the latest version.
        Idempotent; several processes may run it at once.
        """

    static let selftest = """
        Usage: roster selftest SLUG [--url http://HOST:PORT] [--host HOST]

        Replays an Okta-style and an Entra-style provisioning sequence (look-ups, create, read, PUT, PATCH in
        both dialects, deactivate, group push and membership, delete) against the organization's SCIM
        endpoint on a running server, with a temporary token, and prints PASS or FAIL for every step.
        Leaves nothing behind: its users, groups, provisioning_log rows and the token are deleted at the end.
        --url URL    the server, plain HTTP (default http://127.0.0.1:$PORT, port 8080 when PORT is unset)
        --host HOST  the Host header to send (default: the organization's first host name)
        Exit status: 0 every step passed, 1 some failed (or no token: not Enterprise, no api-beta),
        69 the server could not be reached.
        """

    static let serve = """
        Usage: roster serve [--port N] [--admin-port N]

        Migrates the database and serves SCIM 2.0 under /api/scim/v2 on every organization's host names.
        --port N         TCP port (default 8080, or env PORT)
        --admin-port N   also start the admin listener (env ADMIN_PORT; off by default) on ROSTER_ADMIN_HOST
                         (default 127.0.0.1): GET /metrics without a token; the admin API (/admin/v1) and the
                         token page (/admin/) with the admin token from ROSTER_ADMIN_TOKEN (32+ characters).
                         See docs/admin.md.
        With no DATABASE_URL it starts a local PostgreSQL in ./.roster/postgres and, on first run, a demo
        organization 'acme' (host acme.localhost) with a SCIM token.
        """

    static let org = """
        Usage: roster org <create|list|show|set-plan|set-rate-limit|host|flag|log> ...

          org create SLUG --name NAME --plan PLAN [--host HOST]...
          org list [--json]
          org show SLUG [--json]
          org set-plan SLUG PLAN
          org set-rate-limit SLUG LIMIT|default
          org host add SLUG HOST
          org host remove SLUG HOST
          org flag set SLUG FLAG
          org flag unset SLUG FLAG
          org flag list SLUG
          org log SLUG [--count N] [--before ID] [--json]

        SLUG: 1-40 of a-z, 0-9 and '-'.  PLAN: free, team, business or enterprise.
        HOST: a DNS name such as acme.example.com (stored lower-case).
        """

    static let orgCreate = """
        Usage: roster org create SLUG --name NAME --plan PLAN [--host HOST]...

        Creates an organization, its own PostgreSQL schema (with the default groups admin, editor, viewer
        and All Users) and its host names, in one transaction.
        """

    static let orgList = "Usage: roster org list [--json]\n\nLists every organization with plan, hosts and flags."
    static let orgShow = "Usage: roster org show SLUG [--json]\n\nShows one organization."
    static let orgSetPlan = "Usage: roster org set-plan SLUG PLAN\n\nPLAN: free, team, business or enterprise."
    static let orgSetRateLimit = """
        Usage: roster org set-rate-limit SLUG LIMIT|default

        SCIM requests per second the organization may make (bursts of twice that; beyond it 429 with
        Retry-After). 'default' uses the server's ROSTER_RATE_LIMIT (50 unless set).
        """

    static let orgHost = """
        Usage: roster org host add SLUG HOST
               roster org host remove SLUG HOST

        A host name belongs to one organization; requests to it are served for that organization.
        """

    static var orgFlag: String {
        let flags = FeatureFlag.allCases.map {
            "  \($0.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0))\($0.summary)"
        }
        return """
            Usage: roster org flag set SLUG FLAG
                   roster org flag unset SLUG FLAG
                   roster org flag list SLUG

            Known flags:
            \(flags.joined(separator: "\n"))
            """
    }

    static let orgLog = """
        Usage: roster org log SLUG [--count N] [--before ID] [--json]

        The organization's provisioning log, newest first: what each SCIM write changed, with which token and
        identity provider. One page of N entries (1-500, default 50) older than entry ID; the last line names
        the command for the next page. The admin API serves the same pages (docs/admin.md).
        """

    static let token = """
        Usage: roster token <create|list|revoke> ...

          token create SLUG --name NAME [--description TEXT] --scope scim [--scope ...] [--expires-in DAYS] [--json]
          token list SLUG [--json]
          token revoke SLUG TOKEN_ID
        """

    static let tokenCreate = """
        Usage: roster token create SLUG --name NAME [--description TEXT] --scope scim [--scope ...]
                                   [--expires-in DAYS] [--json]

        Creates an API token and prints its secret ONCE; only its SHA-256 hash is stored.
        Needs an organization on the Enterprise plan with the api-beta flag set.
        --scope        what the token may do; known scopes: scim
        --expires-in   days until it expires (1-3650); default: never
        --json         print {"id": …, "token": …, …}
        """

    static let tokenList = """
        Usage: roster token list SLUG [--json]

        Lists tokens: id, name, description, scopes, prefix, created, last used, expires, revoked. Never a secret.
        """

    static let session = """
        Usage: roster session create SLUG USERNAME [--json]

        Creates a product sign-in session for a user (normally the product's sign-in flow does this) and
        prints its secret once; only its hash is stored. GET /api/session on the organization's host with
        'Cookie: roster_session=<secret>' answers 200 while it lives and 401 once the user is deactivated.
        """

    static let tokenRevoke = "Usage: roster token revoke SLUG TOKEN_ID\n\nRevokes a token at once."
}
