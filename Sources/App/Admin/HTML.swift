import Foundation
import HTTP
import Store

/// Small helpers for the server-rendered admin pages: escaping and the response with its security headers.
enum HTML {
    /// `text` with `& < > " '` escaped, safe in element content and in quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The Content-Security-Policy of every page: nothing loads from anywhere, the one inline style and the
    /// one inline script run only because their hashes are listed, forms post only to this listener, and no
    /// other site may frame the page.
    static func contentSecurityPolicy(style: String, script: String) -> String {
        "default-src 'none'; style-src '\(hash(style))'; script-src '\(hash(script))'; img-src 'self' data:; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    }

    /// `sha256-<base64>` of an inline element's content, as CSP wants it.
    static func hash(_ content: String) -> String {
        "sha256-" + Data(SHA256.hash(Array(content.utf8))).base64EncodedString()
    }

    /// A `text/html` response with the security headers; never cached (pages can hold a secret).
    static func response(_ document: String, status: Int, csp: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/html; charset=utf-8")
        headers.add("Cache-Control", "no-store")
        headers.add("Content-Security-Policy", csp)
        headers.add("X-Frame-Options", "DENY")
        headers.add("X-Content-Type-Options", "nosniff")
        // Same-origin requests keep their Referer and Origin (the CSRF check reads Origin); others get none.
        headers.add("Referrer-Policy", "same-origin")
        return HTTPResponse(status: status, headers: headers, body: document)
    }
}
