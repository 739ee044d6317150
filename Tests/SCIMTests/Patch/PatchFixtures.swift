@testable import SCIM

/// A stored user as the store would hand it to the PATCH engine.
let sampleUser: JSONObject = [
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "id": "2819c223",
    "externalId": "00u1abcd",
    "userName": "bjensen@example.com",
    "name": ["givenName": "Barbara", "familyName": "Jensen"],
    "displayName": "Babs Jensen",
    "active": true,
    "emails": [
        ["value": "bjensen@example.com", "type": "work", "primary": true],
        ["value": "babs@jensen.org", "type": "home"],
    ],
    "groups": [["value": "g1", "display": "Admins"]],
    "meta": ["resourceType": "User", "created": "2024-01-23T04:56:22Z"],
]

/// Parses a PATCH body of the given operations and applies it to `resource`.
func patch(
    _ operations: JSONValue, to resource: JSONObject = sampleUser, type: ResourceType = .user
) throws(SCIMError) -> PatchResult {
    let body: JSONValue = ["schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": operations]
    return try PatchEngine.apply(try PatchRequest.parse(body: body), to: resource, resourceType: type)
}

/// The error a PATCH throws, or `nil`.
func patchError(_ operations: JSONValue, to resource: JSONObject = sampleUser) -> SCIMError? {
    do {
        _ = try patch(operations, to: resource)
        return nil
    } catch {
        return error
    }
}
