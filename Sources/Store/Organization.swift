import Foundation

/// An organization's URL-safe short name: 1-40 of `a-z 0-9 -`, not starting or ending with `-`.
public struct Slug: Sendable, Hashable, CustomStringConvertible {
    /// The slug text.
    public let value: String

    /// Validates a slug; throws `.invalid` with the rule when it is not one.
    public init(_ text: String) throws(StoreError) {
        let bytes = Array(text.utf8)
        let allowed = { (b: UInt8) in (b >= 97 && b <= 122) || (b >= 48 && b <= 57) || b == 45 }
        guard !bytes.isEmpty, bytes.count <= 40, bytes.allSatisfy(allowed), bytes.first != 45, bytes.last != 45 else {
            throw .invalid(
                "invalid slug '\(text.prefix(60))': use 1-40 lower-case letters, digits and '-', not at either end")
        }
        value = text
    }

    /// The organization's schema name: `org_` + the slug with `-` as `_` (slugs have no `_`, so it is unique).
    public var schemaName: String { "org_" + value.replacingOccurrences(of: "-", with: "_") }

    public var description: String { value }
}

/// The commercial plan of an organization. SCIM needs `enterprise`.
public enum Plan: String, Sendable, CaseIterable {
    case free, team, business, enterprise

    /// Parses a plan name; throws `.invalid` listing the plans.
    public init(parsing text: String) throws(StoreError) {
        guard let plan = Plan(rawValue: text.lowercased()) else {
            throw .invalid("invalid plan '\(text.prefix(40))': use one of free, team, business, enterprise")
        }
        self = plan
    }
}

/// A tenant host name as stored and looked up: lower-case, no port, no trailing dot.
public struct HostName: Sendable, Hashable, CustomStringConvertible {
    /// The normalized host name.
    public let value: String

    /// Normalizes and validates a host name given by an operator (a port or trailing dot is refused here).
    public init(_ text: String) throws(StoreError) {
        guard let normalized = HostName.normalize(text, allowPort: false) else {
            throw .invalid("invalid host name '\(text.prefix(80))': use a DNS name such as acme.example.com")
        }
        value = normalized
    }

    /// Normalizes a `Host` header value: strips the port and a trailing dot, lower-cases, validates.
    /// Returns nil for anything that is not a DNS name (IP literals in brackets, paths, credentials).
    public static func fromHeader(_ header: String) -> HostName? {
        guard let normalized = normalize(header, allowPort: true) else { return nil }
        return HostName(validated: normalized)
    }

    private init(validated: String) {
        value = validated
    }

    static func normalize(_ text: String, allowPort: Bool) -> String? {
        // One pass over the bytes (this runs on every request): port, trailing dot, labels, case.
        var bytes = Array(text.utf8)
        if allowPort, let colon = bytes.lastIndex(of: UInt8(ascii: ":")) {
            let port = bytes[(colon + 1)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
            bytes.removeSubrange(colon...)
        }
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        guard !bytes.isEmpty, bytes.count <= 253 else { return nil }
        var labelStart = 0
        for index in 0...bytes.count {
            guard index < bytes.count, bytes[index] != UInt8(ascii: ".") else {
                let length = index - labelStart
                guard length >= 1, length <= 63, bytes[labelStart] != 45, bytes[index - 1] != 45 else { return nil }
                labelStart = index + 1
                continue
            }
            let byte = bytes[index]
            switch byte {
            case 65...90: bytes[index] = byte | 0x20
            case 97...122, 48...57, 45: break
            default: return nil
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public var description: String { value }
}

/// The per-organization switches operators can set.
public enum FeatureFlag: String, Sendable, CaseIterable {
    /// The API opt-in beta: API tokens with scopes exist only for organizations that have it.
    case apiBeta = "api-beta"
    /// Turns off the guard that refuses to deactivate or remove the last active admin.
    case noAdminGuard = "no-admin-guard"
    /// Allows a single SCIM write to remove more than the mass-change share of a large group's members.
    case allowMassRemoval = "allow-mass-removal"

    /// What the flag does, for `--help` and the README.
    public var summary: String {
        switch self {
        case .apiBeta: return "API opt-in beta: allows API tokens (needed for SCIM tokens)"
        case .noAdminGuard: return "lets SCIM deactivate or remove the last active admin"
        case .allowMassRemoval: return "lets one SCIM write remove more than half of a large group's members"
        }
    }

    /// Parses a known flag name; throws `.invalid` listing the known flags.
    public init(parsing text: String) throws(StoreError) {
        guard let flag = FeatureFlag(rawValue: text) else {
            let known = FeatureFlag.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalid("unknown flag '\(text.prefix(40))': known flags are \(known)")
        }
        self = flag
    }
}

/// An organization as the control plane knows it.
public struct Organization: Sendable, Equatable {
    /// Internal numeric id.
    public let id: Int64
    /// URL-safe short name.
    public let slug: String
    /// Display name.
    public let name: String
    /// Plan.
    public let plan: Plan
    /// The PostgreSQL schema that holds its users, groups and tokens.
    public let schemaName: String
    /// Host names that serve it.
    public let hosts: [String]
    /// Flags that are set.
    public let flags: [String]
    /// When it was created.
    public let createdAt: Date
    /// SCIM requests per second allowed; nil: the server's default.
    public var rateLimit: Int? = nil
}
