import Foundation
import Postgres
import SCIM

/// The JSON shapes of administrative results, shared by the CLI's `--json` output and the admin API.
/// Secrets appear only in ``createdToken(_:)``.
public enum AdministrationJSON {
    /// An organization: slug, name, plan, schema, hosts, flags, createdAt, rateLimit (null: server default).
    public static func organization(_ org: Organization) -> JSONValue {
        [
            "slug": .string(org.slug), "name": .string(org.name), "plan": .string(org.plan.rawValue),
            "schema": .string(org.schemaName), "hosts": .array(org.hosts.map(JSONValue.string)),
            "flags": .array(org.flags.map(JSONValue.string)), "createdAt": .string(timestamp(org.createdAt)),
            "rateLimit": org.rateLimit.map { .number(JSONNumber($0)) } ?? .null,
        ]
    }

    /// An organization with its usage under `usage`.
    public static func organization(_ org: Organization, usage: OrganizationUsage) -> JSONValue {
        guard case .object(var object) = organization(org) else { return organization(org) }
        object["usage"] = [
            "activeUsers": .number(JSONNumber(usage.activeUsers)),
            "billableUsers": .number(JSONNumber(usage.activeUsers)),
            "deactivatedUsers": .number(JSONNumber(usage.deactivatedUsers)),
            "groups": .number(JSONNumber(usage.groups)), "liveTokens": .number(JSONNumber(usage.liveTokens)),
            "lastProvisioningAt": optional(usage.lastProvisioningAt),
        ]
        return .object(object)
    }

    /// A token as listed: never the secret.
    public static func token(_ token: APIToken) -> JSONValue {
        [
            "id": .string(token.id.lowercasedString), "name": .string(token.name),
            "description": .string(token.description), "scopes": .array(token.scopes.map(JSONValue.string)),
            "prefix": .string(token.prefix), "createdAt": .string(timestamp(token.createdAt)),
            "lastUsedAt": optional(token.lastUsedAt), "expiresAt": optional(token.expiresAt),
            "revokedAt": optional(token.revokedAt), "live": .bool(token.isLive()),
        ]
    }

    /// A token just created, with its secret under `token` (shown once).
    public static func createdToken(_ created: CreatedToken) -> JSONValue {
        guard case .object(var object) = token(created.token) else { return token(created.token) }
        object["token"] = .string(created.secret)
        return .object(object)
    }

    /// A provisioning-log entry.
    public static func logEntry(_ entry: ProvisioningLogEntry) -> JSONValue {
        let details = entry.details.flatMap { try? JSONValue.parse($0) } ?? .null
        return [
            "id": .number(JSONNumber(entry.id)), "at": .string(timestamp(entry.at)),
            "tokenId": entry.tokenID.map { .string($0.lowercasedString) } ?? .null,
            "resourceType": .string(entry.resourceType),
            "resourceId": entry.resourceID.map { .string($0.lowercasedString) } ?? .null,
            "operation": .string(entry.operation),
            "changedAttributes": .array(entry.changedAttributes.map(JSONValue.string)),
            "rewrites": .array(entry.rewrites.map(JSONValue.string)),
            "idp": entry.idp.map(JSONValue.string) ?? .null, "details": details,
        ]
    }

    /// ISO 8601 in UTC, seconds precision (`2025-01-31T12:00:00Z`).
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    private static func optional(_ date: Date?) -> JSONValue {
        date.map { .string(timestamp($0)) } ?? .null
    }
}
