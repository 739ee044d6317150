import HTTP
import SCIM

/// A `BulkRequest` body (RFC 7644 §3.7), parsed and checked before any operation runs.
///
/// Anything wrong with the request's structure — `schemas`, `Operations`, `failOnErrors`, an operation that
/// is not an object or lacks a `method` or `path`, a POST without `bulkId`, a repeated `bulkId` — refuses the
/// whole request with 400 `invalidSyntax`. What can only be judged when an operation runs (its path, its
/// `bulkId:` references, its data) fails that operation alone.
struct BulkRequest {
    /// The request message schema.
    static let schema = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
    /// The response message schema.
    static let responseSchema = "urn:ietf:params:scim:api:messages:2.0:BulkResponse"
    /// The methods an operation may use.
    static let methods: [HTTPMethod] = [.post, .put, .patch, .delete]

    /// One operation as sent; `path` and `data` may still hold `bulkId:` references.
    struct Operation {
        /// POST, PUT, PATCH or DELETE (upper-cased).
        let method: HTTPMethod
        /// The resource path relative to the SCIM base, e.g. `/Users` or `/Groups/bulkId:g1`.
        let path: String
        /// The client's id for the operation; required for POST.
        let bulkId: String?
        /// The resource version, sent as `If-Match`.
        let version: String?
        /// The resource or PatchOp body.
        let data: JSONValue?
    }

    /// The operations, in the order to run them.
    let operations: [Operation]
    /// Stop after this many failed operations; `nil` runs them all.
    let failOnErrors: Int?

    /// Parses `body`; 413 when it holds more than `maxOperations` operations (RFC 7644 §3.7.4).
    static func parse(_ body: JSONValue, maxOperations: Int) throws -> BulkRequest {
        guard case .object(let object) = body else { throw invalid("a BulkRequest must be a JSON object") }
        let schemas = object["schemas"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard schemas.contains(where: { JSONObject.keysEqual($0, schema) }) else {
            throw invalid("schemas must contain \(schema)")
        }
        var failOnErrors: Int?
        if let value = object["failOnErrors"], !value.isNull {
            guard let number = value.numberValue?.intValue, number >= 1 else {
                throw invalid("failOnErrors must be an integer of at least 1")
            }
            failOnErrors = number
        }
        guard let items = object["Operations"]?.arrayValue else { throw invalid("Operations must be an array") }
        guard items.count <= maxOperations else {
            throw SCIMError(
                status: 413, scimType: nil,
                detail: "the request has \(items.count) operations; maxOperations is \(maxOperations)")
        }
        var bulkIds: Set<String> = []
        var operations: [Operation] = []
        operations.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            let operation = try parseOperation(item, at: index)
            if let bulkId = operation.bulkId {
                guard bulkIds.insert(bulkId).inserted else {
                    throw invalid("Operations[\(index)]: bulkId '\(bulkId.prefix(60))' is used more than once")
                }
            }
            operations.append(operation)
        }
        return BulkRequest(operations: operations, failOnErrors: failOnErrors)
    }

    private static func parseOperation(_ item: JSONValue, at index: Int) throws -> Operation {
        guard case .object(let object) = item else { throw invalid("Operations[\(index)] must be an object") }
        guard let methodName = object["method"]?.stringValue,
            let method = methods.first(where: { $0.rawValue == methodName.uppercased() })
        else {
            throw invalid("Operations[\(index)]: method must be POST, PUT, PATCH or DELETE")
        }
        guard let path = object["path"]?.stringValue, !path.isEmpty else {
            throw invalid("Operations[\(index)]: path must be a string such as /Users or /Groups/{id}")
        }
        let bulkId = try optionalString(object, "bulkId", at: index)
        if let bulkId, bulkId.isEmpty { throw invalid("Operations[\(index)]: bulkId must not be empty") }
        guard method != .post || bulkId != nil else {
            throw invalid("Operations[\(index)]: a POST operation needs a bulkId")
        }
        let data = object["data"].flatMap { $0.isNull ? nil : $0 }
        return Operation(
            method: method, path: path, bulkId: bulkId, version: try optionalString(object, "version", at: index),
            data: data)
    }

    private static func optionalString(_ object: JSONObject, _ name: String, at index: Int) throws -> String? {
        guard let value = object[name], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw invalid("Operations[\(index)]: \(name) must be a string") }
        return text
    }

    private static func invalid(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .invalidSyntax, detail: detail)
    }
}
