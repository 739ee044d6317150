/// The vocabulary the generator draws from: hostile strings, attribute names, operators, schema URNs.
enum FuzzCorpus {
    static let userSchema = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let groupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group"
    static let enterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    static let rosterSchema = "urn:ietf:params:scim:schemas:extension:roster:2.0:User"
    static let patchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    static let bulkSchema = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
    static let searchSchema = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
    static let errorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"

    static let schemas = [
        userSchema, groupSchema, enterpriseSchema, rosterSchema, patchSchema, bulkSchema, searchSchema, errorSchema,
        "urn:ietf:params:scim:schemas:core:2.0:user", "urn:", "", "urn:ietf:params:scim:schemas:core:1.0:User",
    ]

    /// Strings meant to break SQL, JSON, filters, paths, logs and Unicode handling.
    static let hostile = [
        "'; DROP TABLE users; --", "' OR '1'='1", "\" OR \"1\"=\"1", "') OR 1=1 --", "1; SELECT pg_sleep(10)",
        "x' || (SELECT pg_sleep(5)) || '", "$1", "$$", "%", "_", "\\", "a%b_c\\d", "*/ /*", "::text", "E'\\x41'",
        "'; COMMIT; DROP SCHEMA roster CASCADE; --", "\u{0}", "a\u{0}b", "\r\nX-Injected: 1", "\n", "\t",
        "😀", "\u{202E}gnp.exe", "Ω≈ç√", "\u{FEFF}", "../../etc/passwd", "%2e%2e%2f", "%00", "${jndi:ldap://x}",
        "<script>alert(1)</script>", "{{7*7}}", "null", "true", "[]", "{}", "-1", "1e309", "0x10", "",
        " ", String(repeating: "A", count: 300), String(repeating: "é", count: 200),
        "2024-02-30T25:61:61Z", "2024-01-01T00:00:00Z", "W/\"1\"", "bulkId:", "bulkId:u1", "urn:x:y",
    ]

    static let userAttributes = [
        "userName", "name.givenName", "name.familyName", "name.formatted", "displayName", "nickName", "title",
        "active", "externalId", "id", "emails", "emails.value", "emails.type", "emails.primary", "phoneNumbers.value",
        "addresses.locality", "meta.created", "meta.lastModified", "meta.resourceType", "meta.version",
        "userType", "preferredLanguage", "locale", "timezone", "groups", "groups.value", "password", "x509Certificates",
        "\(userSchema):userName", "\(userSchema):name.givenName", "\(enterpriseSchema):employeeNumber",
        "\(enterpriseSchema):manager", "\(enterpriseSchema):manager.value", "\(enterpriseSchema):department",
        "metadata", "metadata.costCenter", "\(rosterSchema):metadata", "schemas", "nonexistent", "name.nonexistent",
        "USERNAME", "Emails.Value", "members", "members.value", "displayname",
    ]

    static let groupAttributes = [
        "displayName", "externalId", "id", "members", "members.value", "members.display", "members.type",
        "members.$ref", "meta.created", "meta.lastModified", "meta.version", "\(groupSchema):displayName",
        "schemas", "userName", "nonexistent",
    ]

    static let comparisonOperators = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "EQ", "Eq", "xx", "=="]

    static let methods = [
        "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT", "get", "Post", "PROPFIND",
        "", "G E T", String(repeating: "A", count: 300),
    ]

    static let contentTypes = [
        "application/scim+json", "application/json", "application/scim+json; charset=utf-8",
        "application/json; charset=UTF-16", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
        "application/scim+json, application/json", "*/*", "", "application/", ";;;",
    ]

    static let tokenCharacters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
}
