// Convenience constructors, one per status and scimType the server uses.

extension SCIMError {
    /// 400 `invalidFilter`.
    public static func invalidFilter(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .invalidFilter, detail: detail)
    }

    /// 400 `tooMany`.
    public static func tooMany(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .tooMany, detail: detail)
    }

    /// 409 `uniqueness` (RFC 7644 §3.3: a conflict on create or replace).
    public static func uniqueness(_ detail: String) -> SCIMError {
        SCIMError(status: 409, scimType: .uniqueness, detail: detail)
    }

    /// 400 `mutability`.
    public static func mutability(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .mutability, detail: detail)
    }

    /// 400 `invalidSyntax`.
    public static func invalidSyntax(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .invalidSyntax, detail: detail)
    }

    /// 400 `invalidPath`.
    public static func invalidPath(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .invalidPath, detail: detail)
    }

    /// 400 `noTarget`.
    public static func noTarget(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .noTarget, detail: detail)
    }

    /// 400 `invalidValue`.
    public static func invalidValue(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .invalidValue, detail: detail)
    }

    /// 400 `invalidVers`.
    public static func invalidVersion(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: .invalidVers, detail: detail)
    }

    /// 403 `sensitive` (RFC 7644 §3.4.2.2 / §7.5.2: use POST `.search` instead).
    public static func sensitive(_ detail: String) -> SCIMError {
        SCIMError(status: 403, scimType: .sensitive, detail: detail)
    }

    /// 400 without a `scimType`.
    public static func badRequest(_ detail: String) -> SCIMError {
        SCIMError(status: 400, detail: detail)
    }

    /// 403 without a `scimType` (e.g. SCIM is not on the organization's plan).
    public static func forbidden(_ detail: String) -> SCIMError {
        SCIMError(status: 403, detail: detail)
    }

    /// 404.
    public static func notFound(_ detail: String) -> SCIMError {
        SCIMError(status: 404, detail: detail)
    }

    /// 409 without a `scimType`.
    public static func conflict(_ detail: String) -> SCIMError {
        SCIMError(status: 409, detail: detail)
    }

    /// 412 (an `If-Match` version did not match, RFC 7644 §3.14).
    public static func preconditionFailed(_ detail: String) -> SCIMError {
        SCIMError(status: 412, detail: detail)
    }

    /// 413.
    public static func payloadTooLarge(_ detail: String) -> SCIMError {
        SCIMError(status: 413, detail: detail)
    }

    /// 500; the detail stays generic, the cause goes to ``debugDetail``.
    public static func internalError(debugDetail: String) -> SCIMError {
        SCIMError(status: 500, detail: "Internal server error", debugDetail: debugDetail)
    }

    /// 501.
    public static func notImplemented(_ detail: String) -> SCIMError {
        SCIMError(status: 501, detail: detail)
    }

    /// 401 for a missing or wrong bearer token. Its body serializes to exactly
    /// `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"SCIM request not authorized","status":"401"}`.
    public static let unauthorized = SCIMError(status: 401, detail: "SCIM request not authorized")

    /// 400 `invalidSyntax` for a request body that is not valid JSON.
    public init(_ error: JSONParseError) {
        self.init(
            status: 400, scimType: .invalidSyntax, detail: "Request body is not valid JSON: \(error.description)")
    }
}
