import Foundation
import Postgres
import SCIM

// PUT and PATCH of a group: attributes through a transform, members through set-based SQL.

extension GroupRepository {
    /// Updates a group (PUT or PATCH): the row is locked, `transform` computes the new non-member attributes
    /// and `changes` are applied to the members in order. Version and lastModified move only when something
    /// really changed. Default groups cannot be renamed (400 `mutability`), except to their current name in
    /// another letter case, a silent no-op (Okta re-sends the name on every push).
    public func update(
        _ id: UUID, context: WriteContext, operation: String, members changes: [MembershipChange],
        _ transform: (GroupRecord) throws -> (attributes: JSONObject, rewrites: [String])
    ) throws(StoreError) -> GroupRecord {
        try run(observer: context.observer) { conn in
            guard let current = try fetch(id, on: conn, lock: true) else { throw Self.notFound }
            if let expected = context.ifMatch, expected != current.version { throw Self.preconditionFailed }
            var (attributes, rewrites) = try transform(current)
            attributes.removeValue(forKey: "members")
            guard let name = attributes["displayName"]?.stringValue, !name.isEmpty else {
                throw SCIMError(status: 400, scimType: .invalidValue, detail: "displayName is required")
            }
            if name != current.displayName && current.isDefault {
                guard name.lowercased() == current.displayName.lowercased() else {
                    throw SCIMError(
                        status: 400, scimType: .mutability,
                        detail: "'\(current.displayName)' is a default group: default groups cannot be renamed "
                            + "(re-sending the current name is accepted)")
                }
                attributes["displayName"] = .string(current.displayName)
            }
            let outcome = try applyMembership(changes, to: current, context: context, on: conn)
            let attributesChanged = attributes != current.attributes
            guard attributesChanged || outcome.isChange else { return current }
            do {
                try conn.execute(
                    """
                    UPDATE \(ident: schema).groups
                    SET display_name = \(attributes["displayName"]?.stringValue ?? name),
                        external_id = \(attributes["externalId"]?.stringValue),
                        attributes = \(Self.json(attributes))::jsonb, version = version + 1,
                        updated_at = clock_timestamp()
                    WHERE id = \(id)
                    """)
            } catch let error as PostgresError where error.isUniqueViolation {
                throw Self.duplicateName
            }
            var logged = context
            logged.rewrites += rewrites
            var changed = UserRepository.changedKeys(current.attributes, attributes)
            if outcome.isChange { changed.append("members") }
            try ProvisioningLog.append(
                conn, schema: schema, context: logged, resourceType: "Group", resourceID: id,
                operation: outcome.cleared ? "\(operation) (members cleared)" : operation, changed: changed,
                details: Self.details(outcome))
            guard let updated = try fetch(id, on: conn, lock: false) else { throw Self.notFound }
            return updated
        }
    }
}
