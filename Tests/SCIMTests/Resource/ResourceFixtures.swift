import Foundation

@testable import SCIM

/// Okta's create request (developer.okta.com SCIM 2.0 reference, "Create the User"), with custom attributes of
/// the External Namespace `metadata` as Okta nests them.
let oktaCreateBody: JSONValue = [
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "test.user@okta.local",
    "name": ["givenName": "Test", "familyName": "User"],
    "emails": [["primary": true, "value": "test.user@okta.local", "type": "work"]],
    "displayName": "Test User",
    "locale": "en-US",
    "externalId": "00ujl29u0le5T6Aj10h7",
    "groups": [],
    "password": "1mz050nq",
    "active": true,
    "metadata": ["costCode": "CC-42", "seatCount": 3, "isContractor": false],
]

/// Entra ID's create request (Microsoft Entra docs, "Develop and plan provisioning for a SCIM endpoint",
/// Create User).
let entraCreateBody: JSONValue = [
    "schemas": [
        "urn:ietf:params:scim:schemas:core:2.0:User",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    ],
    "externalId": "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
    "userName": "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
    "active": true,
    "emails": [
        ["primary": true, "type": "work", "value": "Test_User_fd0ea19b-0777-472c-9f96-4f70d2226f2e@testuser.com"]
    ],
    "meta": ["resourceType": "User"],
    "name": ["formatted": "givenName familyName", "familyName": "familyName", "givenName": "givenName"],
    "roles": [],
]

/// The same with the unassigned attributes another Entra sample shows, some of them enterprise attributes
/// at the top level.
let entraCreateBodyWithNulls: JSONValue = {
    guard case .object(var object) = entraCreateBody else { return entraCreateBody }
    object["addresses"] = .null
    object["phoneNumbers"] = .null
    object["department"] = .null
    object["manager"] = .null
    return .object(object)
}()

/// A body of `type` with the core schema and the given members.
func body(_ type: ResourceType = .user, _ members: JSONObject) -> JSONValue {
    var object: JSONObject = ["schemas": [.string(type.schema.id)]]
    for (key, value) in members { object[key] = value }
    return .object(object)
}

/// A User body with `userName` "bjensen" and the given members.
func userBody(_ members: JSONObject = [:]) -> JSONValue {
    var object: JSONObject = ["userName": "bjensen"]
    for (key, value) in members { object[key] = value }
    return body(.user, object)
}

/// The error validation throws, or `nil`.
func validationError(_ body: JSONValue, as type: ResourceType = .user, limits: ResourceLimits = .default)
    -> SCIMError?
{
    do {
        _ = try ResourceDocument.validate(body, as: type, limits: limits)
        return nil
    } catch {
        return error
    }
}

/// A meta for rendering.
let sampleMeta = ResourceMeta(
    created: Date(timeIntervalSince1970: 1_796_415_300.123),
    lastModified: Date(timeIntervalSince1970: 1_796_415_360),
    location: "https://acme.example.com/api/scim/v2/Users/2819c223",
    version: "W/\"3\"")
