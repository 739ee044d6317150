import Foundation

/// What every reply must be: never a 5xx (but 505 for an unsupported HTTP version and 501 for `/Me`), never an unexpected 1xx/3xx; a 4xx with a body is a SCIM error
/// (`schemas` holds the error URN, `status` is the HTTP status as a string), a 401 says
/// `WWW-Authenticate`, and a 2xx JSON body parses (a BulkResponse holds no 5xx operation either).
enum ResponseChecker {
    /// Nil when `response` is acceptable, else why not.
    static func problem(with response: ParsedResponse) -> String? {
        let status = response.status
        // Two 5xx codes describe the request, not a server fault, and are judged like a 4xx: 505 (RFC 9110
        // §15.6.6: HTTP/0.9 or HTTP/2.0 on this HTTP/1.x port) and 501 for `/Me` (RFC 7644 §3.11: a provider
        // without /Me "SHOULD respond with HTTP status code 501").
        if status >= 500, !isSpecified(status, response) { return "server error \(status): \(excerpt(response.body))" }
        if (101...199).contains(status) { return "unexpected interim response \(status)" }
        if (300...399).contains(status), status != 304 { return "unexpected redirect \(status)" }
        if status == 429 { return "429 although rate limiting is off" }
        let contentType = response.header("Content-Type")?.lowercased() ?? ""
        if (400...499).contains(status) || status >= 500 {
            if status == 401, response.header("WWW-Authenticate") == nil, !response.body.isEmpty,
                contentType.contains("scim")
            {
                // Only SCIM authentication failures must carry the challenge; framing errors (HTTP layer) need not.
                if let object = json(response.body) as? [String: Any],
                    (object["detail"] as? String) == "SCIM request not authorized"
                {
                    return "401 without WWW-Authenticate"
                }
            }
            guard !response.body.isEmpty else { return nil }
            guard contentType.contains("json") else { return "\(status) with Content-Type \(contentType)" }
            guard let object = json(response.body) as? [String: Any] else {
                return "\(status) body is not a JSON object: \(excerpt(response.body))"
            }
            guard let schemas = object["schemas"] as? [String], schemas.contains(FuzzCorpus.errorSchema) else {
                return "\(status) body without the SCIM error schema: \(excerpt(response.body))"
            }
            guard (object["status"] as? String) == String(status) else {
                return "\(status) body with status \(String(describing: object["status"]))"
            }
            if let scimType = object["scimType"], !(scimType is String) { return "scimType is not a string" }
            return nil
        }
        if !response.body.isEmpty, contentType.contains("json") {
            guard let value = json(response.body) else {
                return "\(status) body is not JSON: \(excerpt(response.body))"
            }
            if let object = value as? [String: Any], let operations = object["Operations"] as? [[String: Any]] {
                for operation in operations {
                    if let inner = operation["status"] as? String, inner.hasPrefix("5") {
                        return "bulk operation answered \(inner): \(excerpt(response.body))"
                    }
                }
            }
        }
        return nil
    }

    static func isSpecified(_ status: Int, _ response: ParsedResponse) -> Bool {
        // A HEAD response has no body to tell why; the status alone has to do.
        if response.body.isEmpty { return status == 501 || status == 505 }
        let detail = (json(response.body) as? [String: Any])?["detail"] as? String ?? ""
        switch status {
        case 505: return detail == "only HTTP/1.x is supported"
        case 501: return detail.hasPrefix("/Me is not supported")
        default: return false
        }
    }

    static func json(_ bytes: [UInt8]) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
    }

    static func excerpt(_ bytes: [UInt8], limit: Int = 300) -> String {
        let text = String(decoding: bytes.prefix(limit), as: UTF8.self)
        return text.debugDescription + (bytes.count > limit ? "… (\(bytes.count) bytes)" : "")
    }
}
