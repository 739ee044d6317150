/// Applies PATCH operations (RFC 7644 §3.5.2) to a resource held as JSON.
///
/// Atomic by construction: it returns a new resource or throws, never half-applies. Beyond the RFC it
/// accepts the IdP forms real clients send, and reports each such reading in ``PatchResult/rewrites``:
/// - Entra ID: capitalised ops; `"True"`/`"False"` strings for Booleans; the manager as a bare id string
///   or a one-element array; `replace`/`add` on `emails[type eq "work"].value` when no such element
///   exists creates it (RFC 7644 says 400 `noTarget`); path-less values with dotted or URN-qualified
///   keys (`"name.givenName"`, `"urn:…:enterprise:2.0:User:employeeNumber"`); `remove` with a value
///   list removes only the listed values, never all of them.
/// - Okta: path-less `replace {"active": false}`; read-only attributes (`id`) re-sent unchanged are no-ops.
///
/// Errors: `remove` without a path → `noTarget`; unknown attributes → `invalidPath` (never ignored);
/// read-only or immutable targets → `mutability`; wrong value types → `invalidValue`.
///
/// Group membership PATCH is the store's job (in SQL); this engine is meant for User resources and
/// Group attributes other than `members`.
public enum PatchEngine {
    /// Applies `request` to `resource` of `resourceType` (default User).
    public static func apply(
        _ request: PatchRequest, to resource: JSONObject, resourceType: ResourceType = .user
    ) throws(SCIMError) -> PatchResult {
        var state = PatchState(resource: resource, type: resourceType, rewrites: request.rewrites)
        for (index, operation) in request.operations.enumerated() {
            state.operationNumber = index + 1
            try state.apply(operation)
        }
        state.updateSchemas(comparedWith: resource)
        // What the operations built must still fit the database's length bounds (a 400, not a refused row).
        try ResourceDocument.checkStoredLengths(state.resource, type: resourceType)
        return PatchResult(resource: state.resource, changed: state.resource != resource, rewrites: state.rewrites)
    }

    /// Applies `operations` to `resource` of `resourceType` (default User).
    public static func apply(
        _ operations: [PatchOperation], to resource: JSONObject, resourceType: ResourceType = .user
    ) throws(SCIMError) -> PatchResult {
        try apply(PatchRequest(operations: operations), to: resource, resourceType: resourceType)
    }
}

/// The outcome of ``PatchEngine/apply(_:to:resourceType:)-(PatchRequest,_,_)``.
public struct PatchResult: Sendable, Hashable {
    /// The patched resource.
    public var resource: JSONObject
    /// Whether it differs from the input (RFC 7644 §3.5.2.1: an add of values already present changes
    /// nothing, so `meta.lastModified` and the version must not move).
    public var changed: Bool
    /// The IdP-dialect normalisations applied, for the provisioning log.
    public var rewrites: [String]
}
