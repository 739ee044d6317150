/// A parsed PATCH body (RFC 7644 §3.5.2): `schemas` with the PatchOp URN and a non-empty, bounded
/// `Operations` list. IdP dialects are normalised here and each normalisation is recorded in ``rewrites``.
public struct PatchRequest: Sendable, Hashable {
    /// The operations, in order.
    public var operations: [PatchOperation]
    /// What was normalised while parsing (e.g. Entra's `"Replace"` read as `replace`), for logs.
    public var rewrites: [String]

    /// A request from already-parsed operations.
    public init(operations: [PatchOperation], rewrites: [String] = []) {
        self.operations = operations
        self.rewrites = rewrites
    }

    /// Parses a PATCH body. Throws 400 `invalidSyntax` for a malformed body (missing PatchOp schema, empty
    /// or too many operations, unknown `op`), 400 `invalidPath` for a malformed path and 400 `invalidValue`
    /// for a missing value.
    public static func parse(body: JSONValue, limits: PatchLimits = .default) throws(SCIMError) -> PatchRequest {
        guard case .object(let object) = body else {
            throw .invalidSyntax("PATCH body must be a JSON object")
        }
        let schemas = object["schemas"]?.arrayValue ?? []
        guard schemas.contains(where: { $0.stringValue.map { JSONObject.keysEqual($0, SchemaURN.patchOp) } ?? false })
        else {
            throw .invalidSyntax("PATCH body must list \"\(SchemaURN.patchOp)\" in schemas")
        }
        guard case .array(let items)? = object["Operations"], !items.isEmpty else {
            throw .invalidSyntax("PATCH body needs a non-empty \"Operations\" array")
        }
        guard items.count <= limits.maxOperations else {
            throw .invalidSyntax(
                "PATCH body has \(items.count) operations; at most \(limits.maxOperations) are allowed")
        }
        var operations: [PatchOperation] = []
        var rewrites: [String] = []
        operations.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            operations.append(try parseOperation(item, number: index + 1, limits: limits, rewrites: &rewrites))
        }
        return PatchRequest(operations: operations, rewrites: rewrites)
    }

    private static func parseOperation(
        _ item: JSONValue, number: Int, limits: PatchLimits, rewrites: inout [String]
    ) throws(SCIMError) -> PatchOperation {
        guard case .object(let object) = item else {
            throw .invalidSyntax("operation \(number) must be a JSON object")
        }
        guard case .string(let opText)? = object["op"] else {
            throw .invalidSyntax("operation \(number) needs an \"op\" of add, remove or replace")
        }
        guard let op = PatchOperation.Op(rawValue: opText.lowercased()) else {
            throw .invalidSyntax("operation \(number): unknown op '\(opText)'; expected add, remove or replace")
        }
        if opText != op.rawValue {
            // RFC 7644 §3.5.2 spells ops in lower case; Entra ID sends "Add", "Replace", "Remove".
            rewrites.append("operation \(number): op '\(opText)' read as '\(op.rawValue)'")
        }
        var path: PatchPath?
        switch object["path"] {
        case nil, .null?:
            break
        case .string(let text)?:
            if text.isEmpty {
                rewrites.append("operation \(number): empty path read as no path")
            } else {
                do {
                    path = try PatchPath(parsing: text, limits: limits.pathLimits)
                } catch {
                    throw .invalidPath("operation \(number): invalid path '\(text)': \(error.detail)")
                }
            }
        case .some(let other):
            throw .invalidPath("operation \(number): path must be a string, not \(other.typeName)")
        }
        let value = object["value"]
        if op != .remove && value == nil {
            throw .invalidValue("operation \(number): '\(op.rawValue)' needs a value")
        }
        return PatchOperation(op: op, path: path, value: value)
    }
}

/// One PATCH operation.
public struct PatchOperation: Sendable, Hashable {
    /// The operation kind (RFC 7644 §3.5.2.1–3).
    public enum Op: String, Sendable, Hashable {
        case add, remove, replace
    }

    /// The kind.
    public var op: Op
    /// The target; `nil` means the value is an object of attributes (add/replace only).
    public var path: PatchPath?
    /// The value; absent for most removes.
    public var value: JSONValue?

    /// An operation.
    public init(op: Op, path: PatchPath? = nil, value: JSONValue? = nil) {
        self.op = op
        self.path = path
        self.value = value
    }
}

/// Bounds on PATCH requests.
public struct PatchLimits: Sendable, Hashable {
    /// Most operations in one request. Default 1,000.
    public var maxOperations: Int
    /// Limits for each path (and its value filter).
    public var pathLimits: FilterLimits

    /// Limits with the documented defaults.
    public init(maxOperations: Int = 1000, pathLimits: FilterLimits = .default) {
        self.maxOperations = maxOperations
        self.pathLimits = pathLimits
    }

    /// 1,000 operations, default path limits.
    public static let `default` = PatchLimits()
}
