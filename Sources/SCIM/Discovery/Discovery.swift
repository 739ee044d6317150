/// The discovery documents of RFC 7644 §4 (`/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`),
/// generated from the same ``Schema`` and ``ResourceType`` values the rest of the module uses.
public enum Discovery {
    /// `/ServiceProviderConfig` (RFC 7643 §5).
    public static func serviceProviderConfig(options: ServiceProviderOptions) -> JSONValue {
        var object: JSONObject = ["schemas": [.string(SchemaURN.serviceProviderConfig)]]
        if let documentationURI = options.documentationURI {
            object["documentationUri"] = .string(documentationURI)
        }
        object["patch"] = ["supported": true]
        object["bulk"] = [
            "supported": .bool(options.bulkSupported),
            "maxOperations": .number(JSONNumber(options.bulkMaxOperations)),
            "maxPayloadSize": .number(JSONNumber(options.bulkMaxPayloadSize)),
        ]
        object["filter"] = ["supported": true, "maxResults": .number(JSONNumber(options.filterMaxResults))]
        object["changePassword"] = ["supported": false]
        object["sort"] = ["supported": .bool(options.sortSupported)]
        object["etag"] = ["supported": true]
        object["authenticationSchemes"] = [
            [
                "type": "oauthbearertoken",
                "name": "OAuth Bearer Token",
                "description": "Authentication scheme using the OAuth Bearer Token Standard",
                "specUri": "https://www.rfc-editor.org/info/rfc6750",
                "primary": true,
            ]
        ]
        object["meta"] = [
            "resourceType": "ServiceProviderConfig",
            "location": .string(trimmed(options.baseURL) + "/ServiceProviderConfig"),
        ]
        return .object(object)
    }

    /// `/ResourceTypes` as a ListResponse (RFC 7643 §6).
    public static func resourceTypes(baseURL: String) -> JSONValue {
        ListResponse(all: ResourceType.all.map { resourceType($0, baseURL: baseURL) }).body
    }

    /// `/ResourceTypes/{id}`; `nil` for an unknown id (matched ASCII case-insensitively).
    public static func resourceType(id: String, baseURL: String) -> JSONValue? {
        ResourceType.all.first { JSONObject.keysEqual($0.id, id) }.map { resourceType($0, baseURL: baseURL) }
    }

    /// One resource type document.
    public static func resourceType(_ type: ResourceType, baseURL: String) -> JSONValue {
        var object: JSONObject = [
            "schemas": [.string(SchemaURN.resourceType)],
            "id": .string(type.id),
            "name": .string(type.id),
            "endpoint": .string(type.endpoint),
            "description": .string(type.description),
            "schema": .string(type.schema.id),
        ]
        if !type.extensions.isEmpty {
            object["schemaExtensions"] = .array(
                type.extensions.map { ["schema": .string($0.schema.id), "required": .bool($0.required)] })
        }
        object["meta"] = [
            "resourceType": "ResourceType",
            "location": .string(trimmed(baseURL) + "/ResourceTypes/" + type.id),
        ]
        return .object(object)
    }

    /// `/Schemas` as a ListResponse (RFC 7643 §7).
    public static func schemas(baseURL: String) -> JSONValue {
        ListResponse(all: Schema.all.map { schema($0, baseURL: baseURL) }).body
    }

    /// `/Schemas/{id}`; `nil` for an unknown URN (matched ASCII case-insensitively).
    public static func schema(id: String, baseURL: String) -> JSONValue? {
        Schema.named(id).map { schema($0, baseURL: baseURL) }
    }

    /// One schema document, every attribute with all its characteristics.
    public static func schema(_ schema: Schema, baseURL: String) -> JSONValue {
        [
            "schemas": [.string(SchemaURN.schema)],
            "id": .string(schema.id),
            "name": .string(schema.name),
            "description": .string(schema.description),
            "attributes": .array(schema.attributes.map(attribute)),
            "meta": [
                "resourceType": "Schema",
                "location": .string(trimmed(baseURL) + "/Schemas/" + schema.id),
            ],
        ]
    }

    /// One attribute definition as RFC 7643 §7 renders it.
    static func attribute(_ attribute: SchemaAttribute) -> JSONValue {
        var object: JSONObject = [
            "name": .string(attribute.name),
            "type": .string(attribute.type.rawValue),
            "multiValued": .bool(attribute.multiValued),
            "description": .string(attribute.description),
            "required": .bool(attribute.required),
            "caseExact": .bool(attribute.caseExact),
        ]
        if !attribute.canonicalValues.isEmpty {
            object["canonicalValues"] = .array(attribute.canonicalValues.map { .string($0) })
        }
        if attribute.type == .reference {
            object["referenceTypes"] = .array(attribute.referenceTypes.map { .string($0) })
        }
        object["mutability"] = .string(attribute.mutability.rawValue)
        object["returned"] = .string(attribute.returned.rawValue)
        object["uniqueness"] = .string(attribute.uniqueness.rawValue)
        if attribute.type == .complex {
            object["subAttributes"] = .array(attribute.subAttributes.map(Discovery.attribute))
        }
        return .object(object)
    }

    private static func trimmed(_ baseURL: String) -> String {
        var url = Substring(baseURL)
        while url.hasSuffix("/") { url = url.dropLast() }
        return String(url)
    }
}
