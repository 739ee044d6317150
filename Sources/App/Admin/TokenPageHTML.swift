import Foundation
import HTTP
import Postgres
import Store

/// The HTML of the token page. Every value from the database or the request goes through `HTML.escape`.
enum TokenPageHTML {
    /// A whole page around `body`.
    static func page(_ body: String, status: Int = 200) -> HTTPResponse {
        let document = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Roster admin</title>
            <style>\(style)</style>
            </head><body>
            <header><a class="brand" href="/admin/orgs">Roster <span>admin</span></a></header>
            <main>
            \(body)
            </main>
            <script>\(script)</script>
            </body></html>
            """
        return HTML.response(document, status: status, csp: csp)
    }

    /// The sign-in form.
    static func signIn(next: String, error: String?) -> String {
        """
        <section class="card narrow">
        <h1>Sign in</h1>
        <p class="muted">Enter the admin token (<code>ROSTER_ADMIN_TOKEN</code>). The browser keeps a session cookie
        for \(AdminCredentials.sessionLifetime / 3600) hours; the token itself is not stored.</p>
        \(error.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? "")
        <form method="post" action="/admin/sign-in">
        <input type="hidden" name="next" value="\(HTML.escape(next))">
        <label for="token">Admin token</label>
        <input type="password" id="token" name="token" autocomplete="current-password" required autofocus>
        <button type="submit" id="sign-in">Sign in</button>
        </form>
        </section>
        """
    }

    /// The organization list.
    static func organizations(_ orgs: [Organization], formToken: String) -> String {
        let rows = orgs.map { org in
            """
            <tr><td><a href="/admin/orgs/\(HTML.escape(org.slug))/tokens">\(HTML.escape(org.name))</a></td>
            <td><code>\(HTML.escape(org.slug))</code></td><td>\(HTML.escape(org.plan.rawValue))</td>
            <td>\(org.hosts.map(HTML.escape).joined(separator: "<br>"))</td>
            <td>\(org.flags.map { "<span class=\"tag\">\(HTML.escape($0))</span>" }.joined(separator: " "))</td></tr>
            """
        }.joined(separator: "\n")
        return """
            \(signOut(formToken))
            <h1>Organizations</h1>
            <table><thead><tr><th>Name</th><th>Slug</th><th>Plan</th><th>Hosts</th><th>Flags</th></tr></thead>
            <tbody>\(rows.isEmpty ? "<tr><td colspan=\"5\" class=\"muted\">No organizations yet.</td></tr>" : rows)</tbody>
            </table>
            """
    }

    /// An organization's tokens and the create form.
    static func tokens(org: Organization, tokens: [APIToken], formToken: String, notice: String?, error: String?)
        -> String
    {
        let slug = HTML.escape(org.slug)
        let gate =
            org.plan != .enterprise || !org.flags.contains(FeatureFlag.apiBeta.rawValue)
            ? "<p class=\"warning\">API tokens need the Enterprise plan and the <code>api-beta</code> flag; this organization is on the \(HTML.escape(org.plan.rawValue)) plan\(org.flags.contains(FeatureFlag.apiBeta.rawValue) ? "" : " without <code>api-beta</code>").</p>"
            : ""
        let rows = tokens.map { tokenRow($0, slug: slug, formToken: formToken) }.joined(separator: "\n")
        let scopes = TokenScope.allCases.map { scope in
            """
            <label class="check"><input type="checkbox" name="scope" value="\(scope.rawValue)" checked> \
            <code>\(scope.rawValue)</code> — SCIM provisioning under <code>/api/scim/v2</code></label>
            """
        }.joined(separator: "\n")
        return """
            \(signOut(formToken))
            <p class="crumbs"><a href="/admin/orgs">Organizations</a> › \(HTML.escape(org.name))</p>
            <h1>API tokens <span class="muted">· \(HTML.escape(org.name))</span></h1>
            <p class="muted">Tokens let an identity provider (Okta, Microsoft Entra ID, …) provision users into \
            <code>\(slug)</code>. A secret is shown once, when the token is created; Roster keeps only its hash.</p>
            \(notice.map { "<p class=\"notice\" role=\"status\">\(HTML.escape($0))</p>" } ?? "")
            \(error.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? "")
            \(gate)
            <table id="tokens"><thead><tr><th>Name</th><th>Scopes</th><th>Created</th><th>Last used</th>
            <th>Status</th><th></th></tr></thead>
            <tbody>\(rows.isEmpty ? "<tr><td colspan=\"6\" class=\"muted\">No tokens yet.</td></tr>" : rows)</tbody>
            </table>
            <section class="card">
            <h2>New token</h2>
            <form method="post" action="/admin/orgs/\(slug)/tokens" id="create-token">
            <input type="hidden" name="csrf" value="\(HTML.escape(formToken))">
            <label for="name">Name</label>
            <input id="name" name="name" maxlength="200" required placeholder="Okta provisioning">
            <label for="description">Description</label>
            <textarea id="description" name="description" maxlength="1000" rows="2" placeholder="What uses this token"></textarea>
            <fieldset><legend>Scopes</legend>\(scopes)</fieldset>
            <label for="expires">Expires</label>
            <select id="expires" name="expires"><option value="never">Never</option><option value="30">In 30 days</option>
            <option value="90">In 90 days</option><option value="365">In a year</option></select>
            <button type="submit" id="create">Create token</button>
            </form>
            </section>
            """
    }

    private static func tokenRow(_ token: APIToken, slug: String, formToken: String) -> String {
        let status: String
        if let revoked = token.revokedAt {
            status = "<span class=\"tag off\">revoked \(time(revoked))</span>"
        } else if let expires = token.expiresAt, expires <= Date() {
            status = "<span class=\"tag off\">expired \(time(expires))</span>"
        } else {
            status =
                "<span class=\"tag on\">live</span>"
                + (token.expiresAt.map { " <span class=\"muted\">until \(time($0))</span>" } ?? "")
        }
        let revoke =
            token.revokedAt == nil
            ? """
            <form method="post" action="/admin/orgs/\(slug)/tokens/\(token.id.lowercasedString)/revoke">\
            <input type="hidden" name="csrf" value="\(HTML.escape(formToken))">\
            <button type="submit" class="danger" data-token="\(token.id.lowercasedString)">Revoke</button></form>
            """ : ""
        return """
            <tr data-token="\(token.id.lowercasedString)"><td><strong>\(HTML.escape(token.name))</strong>\
            <div class="muted">\(HTML.escape(token.description))</div><code class="muted">\(HTML.escape(token.prefix))…</code></td>
            <td>\(token.scopes.map { "<code>\(HTML.escape($0))</code>" }.joined(separator: " "))</td>
            <td class="t">\(time(token.createdAt))</td>\
            <td class="t">\(token.lastUsedAt.map(time) ?? "<span class=\"muted\">never</span>")</td>
            <td>\(status)</td><td>\(revoke)</td></tr>
            """
    }

    /// The page after creating a token: the secret, once, with a Copy button.
    static func created(org: Organization, created: CreatedToken) -> String {
        let token = created.token
        return """
            <p class="crumbs"><a href="/admin/orgs">Organizations</a> › \
            <a href="/admin/orgs/\(HTML.escape(org.slug))/tokens">\(HTML.escape(org.name))</a></p>
            <section class="card">
            <h1>Token “\(HTML.escape(token.name))” created</h1>
            <p class="warning"><strong>Copy the secret now.</strong> It is shown only this once; Roster stores only its hash.</p>
            <div class="secret"><code id="secret">\(HTML.escape(created.secret))</code>
            <button type="button" id="copy">Copy</button></div>
            <p class="muted">Scopes: \(token.scopes.map(HTML.escape).joined(separator: ", ")) · \
            expires: \(token.expiresAt.map(time) ?? "never")</p>
            <p>Paste it into your identity provider as the bearer token, with the SCIM base URL \
            <code>https://\(HTML.escape(org.hosts.first ?? "<host>"))/api/scim/v2</code>.</p>
            <p><a href="/admin/orgs/\(HTML.escape(org.slug))/tokens" id="back">← Back to the tokens</a></p>
            </section>
            """
    }

    /// An error.
    static func error(_ error: AdminError) -> String {
        let signIn = error.status == 401 ? "<p><a href=\"/admin/sign-in\">Sign in</a></p>" : ""
        return """
            <section class="card narrow"><h1>\(error.status) \(HTML.escape(HTTPResponse.reasonPhrase(for: error.status)))</h1>
            <p class="error">\(HTML.escape(error.detail))</p>\(signIn)</section>
            """
    }

    private static func signOut(_ formToken: String) -> String {
        guard !formToken.isEmpty else { return "" }
        return """
            <form method="post" action="/admin/sign-out" class="sign-out">\
            <input type="hidden" name="csrf" value="\(HTML.escape(formToken))"><button type="submit">Sign out</button></form>
            """
    }

    /// `2025-01-31 12:00 UTC`.
    static func time(_ date: Date) -> String {
        let iso = AdministrationJSON.timestamp(date)
        return String(iso.prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    static let csp = HTML.contentSecurityPolicy(style: style, script: script)

    /// Copies the secret; no framework, and nothing but this runs (CSP lists this script's hash).
    static let script = """
        var copy = document.getElementById('copy');
        if (copy) copy.addEventListener('click', function () {
          var secret = document.getElementById('secret').textContent;
          navigator.clipboard.writeText(secret).then(function () { copy.textContent = 'Copied'; },
            function () { window.getSelection().selectAllChildren(document.getElementById('secret')); });
        });
        """

    static let style = """
        *{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
        color:#1f2933;background:#f5f7fa}header{background:#1f2933;padding:12px 32px}\
        .brand{color:#fff;font-weight:600;text-decoration:none;font-size:17px}.brand span{color:#9fb3c8;font-weight:400}\
        main{max-width:1040px;margin:0 auto;padding:24px 32px;position:relative}h1{font-size:24px;margin:8px 0 4px}\
        h2{font-size:18px;margin:0 0 12px}a{color:#2563eb}.muted{color:#627d98;font-weight:400}\
        .crumbs{margin:0;color:#627d98}code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace}\
        table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #d9e2ec;border-radius:8px;\
        margin:16px 0 24px;overflow:hidden}th,td{text-align:left;padding:10px 12px;border-bottom:1px solid #e4e7eb;\
        vertical-align:top}th{background:#f0f4f8;font-size:13px;color:#486581;font-weight:600}\
        .card{background:#fff;border:1px solid #d9e2ec;border-radius:8px;padding:20px 24px;margin:16px 0}\
        .narrow{max-width:440px;margin:48px auto}label{display:block;font-weight:600;margin:12px 0 4px}\
        label.check{font-weight:400}input,textarea,select{width:100%;padding:8px 10px;border:1px solid #bcccdc;\
        border-radius:6px;font:inherit}input[type=checkbox]{width:auto}fieldset{border:0;padding:0;margin:12px 0 0}\
        legend{font-weight:600}button{margin-top:16px;padding:8px 16px;border:0;border-radius:6px;background:#2563eb;\
        color:#fff;font:inherit;font-weight:600;cursor:pointer}button.danger{background:#fff;color:#c62828;\
        border:1px solid #e0b4b4;margin:0;padding:4px 12px}.tag{display:inline-block;padding:1px 8px;border-radius:10px;\
        font-size:12px;background:#e4e7eb}.tag.on{background:#e3f9e5;color:#1f7a34}.tag.off{background:#ffe3e3;\
        color:#a61b1b}.error{color:#a61b1b;background:#ffe3e3;padding:8px 12px;border-radius:6px}\
        .notice{color:#1f7a34;background:#e3f9e5;padding:8px 12px;border-radius:6px}\
        .warning{background:#fff8e1;color:#7c5e10;padding:8px 12px;border-radius:6px}\
        .secret{display:flex;gap:12px;align-items:center;background:#f0f4f8;border:1px dashed #9fb3c8;\
        border-radius:6px;padding:12px}.secret code{font-size:15px;word-break:break-all;flex:1}\
        .secret button{margin:0}.sign-out{position:absolute;right:32px;top:16px}.t{white-space:nowrap}.sign-out button{margin:0;\
        background:#fff;color:#334e68;border:1px solid #bcccdc;padding:4px 12px}
        """
}
