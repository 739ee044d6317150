import SCIM

/// `POST …/.search` bodies (RFC 7644 §3.4.3), read into the same parameters a `GET` query string gives.
enum SearchRequest {
    static let schema = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"

    static func parameters(from body: JSONValue) throws -> [String: String] {
        guard case .object(let object) = body else {
            throw SCIMError(status: 400, scimType: .invalidSyntax, detail: "a SearchRequest must be a JSON object")
        }
        let schemas = object["schemas"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard schemas.contains(where: { JSONObject.keysEqual($0, schema) }) else {
            throw SCIMError(status: 400, scimType: .invalidSyntax, detail: "schemas must contain \(schema)")
        }
        var parameters: [String: String] = [:]
        for (key, value) in object where !JSONObject.keysEqual(key, "schemas") {
            let name = ["attributes", "excludedAttributes", "filter", "sortBy", "sortOrder", "startIndex", "count"]
                .first { JSONObject.keysEqual($0, key) }
            guard let name else {
                throw SCIMError(
                    status: 400, scimType: .invalidSyntax, detail: "unknown SearchRequest member '\(key.prefix(60))'")
            }
            switch value {
            case .string(let text): parameters[name] = text
            case .number(let number) where name == "startIndex" || name == "count":
                parameters[name] = number.description
            case .array(let items) where name == "attributes" || name == "excludedAttributes":
                let names = items.compactMap(\.stringValue)
                guard names.count == items.count else {
                    throw SCIMError(
                        status: 400, scimType: .invalidSyntax, detail: "\(name) must be an array of strings")
                }
                parameters[name] = names.joined(separator: ",")
            case .null: continue
            default:
                throw SCIMError(
                    status: 400, scimType: .invalidSyntax, detail: "SearchRequest member '\(name)' has the wrong type")
            }
        }
        return parameters
    }
}
