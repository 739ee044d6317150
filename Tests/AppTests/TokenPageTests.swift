import Foundation
import TestSupport
import Testing

@Suite struct TokenPageTests {
    @Test func signsInWithACookieThatIsNotTheToken() throws {
        let admin = try AdminSession()
        defer { admin.stop() }
        let unsigned = try admin.client.request("GET", "/admin/orgs", host: admin.host)
        #expect(unsigned.status == 303)
        #expect(unsigned.header("Location") == "/admin/sign-in?next=/admin/orgs")
        let form = try admin.client.request("GET", "/admin/sign-in?next=/admin/orgs", host: admin.host)
        #expect(form.status == 200)
        #expect(form.text.contains(#"<input type="password" id="token" name="token""#))
        #expect(form.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
        #expect(form.header("X-Frame-Options") == "DENY")

        let wrong = try admin.client.request(
            "POST", "/admin/sign-in", host: admin.host, headers: Self.formType, body: "token=nope&next=/admin/orgs")
        #expect(wrong.status == 401)
        #expect(wrong.header("Set-Cookie") == nil)

        let cookie = try Self.signIn(admin, next: "https://evil.example/")
        #expect(!cookie.contains(AdminSession.token))
        let page = try admin.client.request(
            "GET", "/admin/orgs", host: admin.host, headers: [("Cookie", "roster_admin=\(cookie)")])
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        // A forged or altered cookie is no session.
        for forged in [cookie + "0", "9999999999." + String(repeating: "0", count: 64), AdminSession.token] {
            let refused = try admin.client.request(
                "GET", "/admin/orgs", host: admin.host, headers: [("Cookie", "roster_admin=\(forged)")])
            #expect(refused.status == 303)
        }
    }

    @Test func createsShowsTheSecretOnceAndRevokes() throws {
        let admin = try AdminSession()
        defer { admin.stop() }
        let org = try admin.server.makeOrganization(token: false)
        let cookie = try Self.signIn(admin)
        let session = [("Cookie", "roster_admin=\(cookie)")]
        let list = try admin.client.request("GET", "/admin/orgs/\(org.slug)/tokens", host: admin.host, headers: session)
        #expect(list.status == 200)
        let csrf = try #require(Self.formToken(list.text))

        let name = "<script>alert('x')</script> & \"Okta\""
        let body = Self.form([
            ("csrf", csrf), ("name", name), ("description", "<b>bold</b>"), ("scope", "scim"), ("expires", "90"),
        ])
        let created = try admin.client.request(
            "POST", "/admin/orgs/\(org.slug)/tokens", host: admin.host,
            headers: session + Self.formType + [("Origin", "http://\(admin.host)")], body: body)
        #expect(created.status == 201, "\(created.text)")
        #expect(created.header("Cache-Control") == "no-store")
        #expect(!created.text.contains("<script>alert"))
        #expect(created.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Okta&quot;"))
        let secret = try #require(Self.secret(created.text))
        #expect(secret.hasPrefix("roster_"))
        #expect(created.text.contains(#"<button type="button" id="copy">Copy</button>"#))
        let scim = try admin.server.client()
        let works = try scim.request(
            "GET", "/api/scim/v2/Users", host: org.host, headers: [("Authorization", "Bearer \(secret)")])
        #expect(works.status == 200)

        let again = try admin.client.request(
            "GET", "/admin/orgs/\(org.slug)/tokens", host: admin.host, headers: session)
        #expect(!again.text.contains(secret))
        #expect(again.text.contains(String(secret.prefix(11)) + "…"))
        #expect(again.text.contains("&lt;b&gt;bold&lt;/b&gt;"))
        let id = try #require(Self.revokeTarget(again.text))
        let revoked = try admin.client.request(
            "POST", "/admin/orgs/\(org.slug)/tokens/\(id)/revoke", host: admin.host,
            headers: session + Self.formType, body: Self.form([("csrf", csrf)]))
        #expect(revoked.status == 200)
        #expect(revoked.text.contains("is revoked"))
        #expect(revoked.text.contains("revoked 20"))
        #expect(Self.revokeTarget(revoked.text) == nil)
    }

    @Test func refusesFormsWithoutTheFormTokenOrFromAnotherOrigin() throws {
        let admin = try AdminSession()
        defer { admin.stop() }
        let org = try admin.server.makeOrganization(token: false)
        let cookie = try Self.signIn(admin)
        let session = [("Cookie", "roster_admin=\(cookie)")]
        let list = try admin.client.request("GET", "/admin/orgs/\(org.slug)/tokens", host: admin.host, headers: session)
        let csrf = try #require(Self.formToken(list.text))
        let path = "/admin/orgs/\(org.slug)/tokens"
        let good = [("name", "x"), ("scope", "scim")]
        let attempts: [([(String, String)], [(String, String)])] = [
            (good, []), (good + [("csrf", (csrf.hasPrefix("0") ? "1" : "0") + csrf.dropFirst())], []),
            (good + [("csrf", csrf)], [("Origin", "https://evil.example")]),
            (good + [("csrf", csrf)], [("Origin", "null")]),
            (good + [("csrf", csrf)], [("Sec-Fetch-Site", "cross-site")]),
        ]
        for (fields, extra) in attempts {
            let response = try admin.client.request(
                "POST", path, host: admin.host, headers: session + Self.formType + extra, body: Self.form(fields))
            #expect(response.status == 403, "\(fields.map(\.0)) \(extra)")
        }
        let noSession = try admin.client.request(
            "POST", path, host: admin.host, headers: Self.formType, body: Self.form(good + [("csrf", csrf)]))
        #expect(noSession.status == 401)
        let tokens = try admin.send("GET", "/admin/v1/orgs/\(org.slug)/tokens")
        #expect((tokens.object["tokens"] as? [Any])?.isEmpty == true)
        // The same form with the bearer admin token (a script, no cookie) needs no form token.
        let scripted = try admin.client.request(
            "POST", path, host: admin.host, headers: admin.auth + Self.formType, body: Self.form(good))
        #expect(scripted.status == 201)
        let refused = try admin.client.request(
            "POST", path, host: admin.host, headers: session + Self.formType,
            body: Self.form([("csrf", csrf), ("name", ""), ("scope", "scim")]))
        #expect(refused.status == 400)
        #expect(refused.text.contains("invalid token name"))
    }

    static let formType = [("Content-Type", "application/x-www-form-urlencoded")]

    /// Signs in and returns the session cookie's value.
    static func signIn(_ admin: AdminSession, next: String = "/admin/orgs") throws -> String {
        let body = form([("token", AdminSession.token), ("next", next)])
        let response = try admin.client.request(
            "POST", "/admin/sign-in", host: admin.host, headers: formType, body: body)
        #expect(response.status == 303)
        #expect(response.header("Location") == "/admin/orgs")
        let header = try #require(response.header("Set-Cookie"))
        #expect(header.contains("HttpOnly") && header.contains("SameSite=Strict") && header.contains("Path=/admin"))
        let pair = try #require(header.split(separator: ";").first)
        #expect(pair.hasPrefix("roster_admin="))
        return String(pair.dropFirst("roster_admin=".count))
    }

    static func form(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
            .joined(separator: "&")
    }

    static func formToken(_ html: String) -> String? {
        capture(html, after: #"name="csrf" value=""#, until: "\"")
    }

    static func secret(_ html: String) -> String? {
        capture(html, after: #"<code id="secret">"#, until: "<")
    }

    static func revokeTarget(_ html: String) -> String? {
        capture(html, after: #"class="danger" data-token=""#, until: "\"")
    }

    private static func capture(_ text: String, after marker: String, until end: Character) -> String? {
        guard let range = text.range(of: marker) else { return nil }
        return String(text[range.upperBound...].prefix { $0 != end })
    }
}
