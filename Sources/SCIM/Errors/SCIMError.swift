/// The SCIM module's one error type: an HTTP status, an optional `scimType` and a client-safe detail,
/// rendered as the error body of RFC 7644 §3.12.
public struct SCIMError: Error, Sendable, Hashable {
    /// The HTTP status code (rendered as a string in the body, as RFC 7644 §3.12 requires).
    public var status: Int
    /// The detail error keyword, for 400 (and some 409/403) responses.
    public var scimType: SCIMType?
    /// A human-readable message, safe to show the client.
    public var detail: String
    /// Extra context for logs only (never rendered into the body).
    public var debugDetail: String?

    /// An error with every field given.
    public init(status: Int, scimType: SCIMType? = nil, detail: String, debugDetail: String? = nil) {
        self.status = status
        self.scimType = scimType
        self.detail = detail
        self.debugDetail = debugDetail
    }

    /// The error body: `schemas`, `scimType` (when set), `detail`, `status` (a string), in the order of the
    /// RFC 7644 §3.12 example.
    public var body: JSONValue {
        var object = JSONObject()
        object["schemas"] = [.string(SchemaURN.error)]
        if let scimType { object["scimType"] = .string(scimType.rawValue) }
        object["detail"] = .string(detail)
        object["status"] = .string(String(status))
        return .object(object)
    }

    /// The error body as compact JSON bytes.
    public func serialized() -> [UInt8] {
        body.serialized()
    }
}

extension SCIMError: CustomStringConvertible, CustomDebugStringConvertible {
    /// "status scimType: detail", safe to show a client.
    public var description: String {
        let type = scimType.map { " \($0.rawValue)" } ?? ""
        return "\(status)\(type): \(detail)"
    }

    /// ``description`` plus ``debugDetail``, for logs.
    public var debugDescription: String {
        debugDetail.map { "\(description) [\($0)]" } ?? description
    }
}
