import Foundation
import HTTP
import Store

/// The token page — the seed product's "Settings > API" — served as HTML under `/admin` on the admin
/// listener: sign in with the admin token, list an organization's tokens, create one (the secret is shown
/// once, with a Copy button), revoke one.
///
/// Browsers authenticate with the `roster_admin` session cookie (see ``AdminCredentials``): `HttpOnly`,
/// `SameSite=Strict`, `Path=/admin`. Every POST made with it must carry the session's form token and,
/// when the browser sends one, an `Origin` of this listener; a request with the bearer admin token
/// (scripts) needs neither.
struct TokenPage {
    let request: HTTPRequest
    let credentials: AdminCredentials?
    let state: AdminResponder.WorkerState

    /// The session cookie's name.
    static let cookieName = "roster_admin"

    /// Whether `path` belongs to the HTML pages (everything under `/admin` but the JSON API).
    static func isPagePath(_ path: String) -> Bool {
        (path == "/admin" || path.hasPrefix("/admin/"))
            && !(path == AdminResponder.apiPath || path.hasPrefix(AdminResponder.apiPath + "/"))
    }

    /// How the request is authenticated.
    enum Viewer {
        /// A browser session; POSTs need its form token.
        case session(cookie: String)
        /// The bearer admin token (a script): no cookie, so no CSRF exposure.
        case bearer
    }

    func handle() throws -> HTTPResponse {
        guard let credentials else { throw AdminError.disabled }
        let segments = request.path.split(separator: "/").dropFirst().map(String.init)
        switch segments.first {
        case nil:
            try AdminResponder.allow(request, [.get, .head])
            return Self.redirect("/admin/orgs")
        case "sign-in" where segments.count == 1:
            return try signIn(credentials)
        default:
            break
        }
        guard let viewer = viewer(credentials) else {
            guard request.method == .get || request.method == .head else { throw AdminError.unauthorized }
            return Self.redirect("/admin/sign-in?next=" + Self.safeNext(request.path))
        }
        if request.method == .post { try checkForm(viewer, credentials) }
        let formToken: String
        if case .session(let cookie) = viewer { formToken = credentials.formToken(for: cookie) } else { formToken = "" }
        let pages = TokenPageActions(
            request: request, admin: try state.administration(), formToken: formToken)
        switch (segments.count, segments.first) {
        case (1, "sign-out"):
            try AdminResponder.allow(request, [.post])
            var response = Self.redirect("/admin/sign-in")
            response.headers.add("Set-Cookie", "\(Self.cookieName)=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Strict")
            return response
        case (1, "orgs"):
            try AdminResponder.allow(request, [.get, .head])
            return try pages.organizations()
        case (3, "orgs") where segments[2] == "tokens":
            try AdminResponder.allow(request, [.get, .head, .post])
            let slug = try Slug(segments[1])
            return request.method == .post ? try pages.create(slug) : try pages.tokens(slug)
        case (5, "orgs") where segments[2] == "tokens" && segments[4] == "revoke":
            try AdminResponder.allow(request, [.post])
            return try pages.revoke(try Slug(segments[1]), id: try Administration.parseTokenID(segments[3]))
        default:
            throw AdminError.notFound
        }
    }

    /// `GET /admin/sign-in` shows the form; `POST` checks the token and starts a session.
    private func signIn(_ credentials: AdminCredentials) throws -> HTTPResponse {
        try AdminResponder.allow(request, [.get, .head, .post])
        let query = FormFields(query: request.query ?? "")
        guard request.method == .post else {
            return TokenPageHTML.page(TokenPageHTML.signIn(next: Self.safeNext(query.first("next")), error: nil))
        }
        let form = FormFields(body: request.body)
        let next = Self.safeNext(form.first("next"))
        guard let token = form.first("token"), credentials.accepts(token: token) else {
            let body = TokenPageHTML.signIn(next: next, error: "That is not the admin token.")
            return TokenPageHTML.page(body, status: 401)
        }
        var response = Self.redirect(next)
        var cookie =
            "\(Self.cookieName)=\(credentials.makeSession()); Path=/admin; Max-Age=\(AdminCredentials.sessionLifetime); HttpOnly; SameSite=Strict"
        // Behind a TLS-terminating proxy the cookie must never travel over plain HTTP.
        if request.headers.first("X-Forwarded-Proto")?.lowercased() == "https" { cookie += "; Secure" }
        response.headers.add("Set-Cookie", cookie)
        return response
    }

    /// The session cookie or bearer token of the request, if valid.
    private func viewer(_ credentials: AdminCredentials) -> Viewer? {
        if AdminResponder.hasAdminBearer(request, credentials) { return .bearer }
        for header in request.headers.values("Cookie") {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == Self.cookieName else {
                    continue
                }
                let value = String(parts[1]).trimmingCharacters(in: .whitespaces)
                if credentials.acceptsSession(value) { return .session(cookie: value) }
            }
        }
        return nil
    }

    /// CSRF defence for a POST made with a session: the browser must not call it cross-site
    /// (`Sec-Fetch-Site`, `Origin`), and the form must carry the session's form token.
    private func checkForm(_ viewer: Viewer, _ credentials: AdminCredentials) throws(AdminError) {
        guard case .session(let cookie) = viewer else { return }
        let forbidden = AdminError(
            status: 403, code: "forbidden", detail: "this form was not sent from this page; reload it and try again")
        if let site = request.headers.first("Sec-Fetch-Site"), site != "same-origin", site != "none" {
            throw forbidden
        }
        if let origin = request.headers.first("Origin") {
            let host = request.headers.first("Host")?.lowercased() ?? ""
            let lower = origin.lowercased()
            guard lower == "http://" + host || lower == "https://" + host else { throw forbidden }
        }
        let form = FormFields(body: request.body)
        guard let token = form.first("csrf"), credentials.acceptsFormToken(token, for: cookie) else { throw forbidden }
    }

    /// Where to go after signing in: a path under `/admin/` of plain characters, else the organization list.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/admin/"), next.count <= 200,
            next.utf8.allSatisfy({ byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            })
        else { return "/admin/orgs" }
        return next
    }

    /// `303 See Other` to `location` (a path on this listener).
    static func redirect(_ location: String) -> HTTPResponse {
        var response = HTTPResponse(status: 303, headers: ["Location": location, "Cache-Control": "no-store"])
        response.body = []
        return response
    }

    /// An error as an HTML page with the error's status.
    static func errorPage(_ error: AdminError) -> HTTPResponse {
        var response = TokenPageHTML.page(TokenPageHTML.error(error), status: error.status)
        if !error.allow.isEmpty { response.headers.set("Allow", error.allow.map(\.rawValue).joined(separator: ", ")) }
        return response
    }
}
