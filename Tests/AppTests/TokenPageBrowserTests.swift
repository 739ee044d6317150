import Foundation
import TestSupport
import Testing

/// The token page in a real browser: headless Chromium signs in, creates a token through the form, reads
/// the secret from the page, and revokes the token, while the SCIM listener is checked after each step.
///
/// Screenshots go to `ROSTER_SCREENSHOTS` when set (docs/token-page.png was made that way), else to a
/// temporary folder that is removed.
@Suite(
    .enabled(if: HeadlessChromium.executable != nil, "chromium is not installed (apt-get install chromium)"),
    .serialized)
struct TokenPageBrowserTests {
    @Test(.timeLimit(.minutes(3))) func createsAndRevokesATokenInChromium() throws {
        let admin = try AdminSession()
        defer { admin.stop() }
        let slug = TestDatabase.uniqueSlug("acme")
        let org = (slug: slug, host: "\(slug).example.com")
        let created = try admin.send(
            "POST", "/admin/v1/orgs",
            #"{"slug":"\#(slug)","name":"Acme Corp","plan":"enterprise","hosts":["\#(org.host)"]}"#)
        #expect(created.status == 201)
        #expect(try admin.send("PUT", "/admin/v1/orgs/\(slug)/flags/api-beta").status == 200)
        _ = try admin.send(
            "POST", "/admin/v1/orgs/\(org.slug)/tokens",
            #"{"name":"Entra ID","description":"Microsoft Entra provisioning","scopes":["scim"],"expiresInDays":365}"#)
        let shots = try Screenshots()
        defer { shots.finish() }
        let browser = try HeadlessChromium()
        defer { browser.close() }
        let base = "http://127.0.0.1:\(admin.port)"
        let tokensPath = "/admin/orgs/\(org.slug)/tokens"

        // Not signed in: the token page sends the browser to the sign-in form.
        try browser.navigate(base + tokensPath)
        try browser.wait(for: "document.getElementById('token')")
        #expect(try browser.evaluate("location.pathname") as? String == "/admin/sign-in")
        try shots.save("sign-in", browser.screenshot())
        try browser.evaluate(
            """
            document.getElementById('token').value = \(Self.literal(AdminSession.token));
            setTimeout(() => document.getElementById('sign-in').click(), 0); true
            """)
        try browser.wait(for: "location.pathname === \(Self.literal(tokensPath)) && document.getElementById('create')")
        // The session cookie is HttpOnly: page scripts cannot read it.
        #expect(try browser.evaluate("document.cookie") as? String == "")

        // Create a token with the form; the secret is on the result page, once.
        try browser.evaluate(
            """
            document.getElementById('name').value = 'Okta provisioning';
            document.getElementById('description').value = 'Okta <prod> tenant';
            document.getElementById('expires').value = '90';
            setTimeout(() => document.getElementById('create').click(), 0); true
            """)
        try browser.wait(for: "document.getElementById('secret')")
        let secret = try #require(try browser.evaluate("document.getElementById('secret').textContent") as? String)
        #expect(secret.hasPrefix("roster_") && secret.count == 50)
        _ = try browser.send(
            "Browser.grantPermissions",
            ["permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"], "origin": base], inSession: false)
        try browser.evaluate("document.getElementById('copy').click(); true")
        try browser.wait(for: "document.getElementById('copy').textContent === 'Copied'")
        #expect(try browser.evaluate("navigator.clipboard.readText()") as? String == secret)
        try shots.save("token-created", browser.screenshot())

        let scim = try admin.server.client()
        let auth = [("Authorization", "Bearer \(secret)")]
        #expect(try scim.request("GET", "/api/scim/v2/Users", host: org.host, headers: auth).status == 200)

        // Back on the list the secret is gone; the new token is listed, live, and can be revoked.
        try browser.evaluate("setTimeout(() => document.getElementById('back').click(), 0); true")
        try browser.wait(for: "location.pathname === \(Self.literal(tokensPath)) && document.getElementById('tokens')")
        let listed = try #require(try browser.evaluate("document.getElementById('tokens').innerText") as? String)
        #expect(listed.contains("Okta provisioning") && listed.contains("Okta <prod> tenant"))
        #expect(!(try browser.evaluate("document.body.innerHTML") as? String ?? secret).contains(secret))
        try shots.save("token-page", browser.screenshot())
        let tokens = try admin.send("GET", "/admin/v1/orgs/\(org.slug)/tokens")
        let id = try #require(
            (tokens.object["tokens"] as? [[String: Any]])?.first { $0["name"] as? String == "Okta provisioning" }?["id"]
                as? String)
        try browser.evaluate(
            "setTimeout(() => document.querySelector('button.danger[data-token=\(Self.literal(id))]').click(), 0); true"
        )
        try browser.wait(for: "document.body.innerText.includes('is revoked')")
        #expect(
            try browser.evaluate("!!document.querySelector('button.danger[data-token=\(Self.literal(id))]')") as? Bool
                == false)
        try shots.save("token-revoked", browser.screenshot())

        let revokedAt = ContinuousClock.now
        var status = 200
        while status != 401, ContinuousClock.now - revokedAt < .seconds(2) {
            status = try scim.request("GET", "/api/scim/v2/Users", host: org.host, headers: auth).status
            if status != 401 { Thread.sleep(forTimeInterval: 0.02) }
        }
        #expect(status == 401)
    }

    /// A JavaScript string literal.
    static func literal(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }
}

/// Where the browser test's screenshots go; checks each is a real PNG.
struct Screenshots {
    let folder: String
    let isTemporary: Bool

    init() throws {
        if let folder = ProcessInfo.processInfo.environment["ROSTER_SCREENSHOTS"], !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            self.folder = folder
            isTemporary = false
        } else {
            folder = NSTemporaryDirectory() + "roster-shots-\(UUID().uuidString.prefix(8))"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            isTemporary = true
        }
    }

    func save(_ name: String, _ png: Data) throws {
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(png.count > 10_000, "a \(png.count)-byte screenshot of \(name) is suspiciously small")
        try png.write(to: URL(fileURLWithPath: "\(folder)/\(name).png"))
    }

    func finish() {
        if isTemporary { try? FileManager.default.removeItem(atPath: folder) }
    }
}
