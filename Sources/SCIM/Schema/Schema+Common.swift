// RFC 7643 §3.1: the common attributes every resource has.

extension Schema {
    /// `id`, `externalId` and `meta` (RFC 7643 §3.1). Listed in the core User and Group schemas for
    /// discovery, as §3.1 allows, so clients that map attributes from `/Schemas` see `externalId`.
    public static let commonAttributes: [SchemaAttribute] = [
        SchemaAttribute(
            name: "id", type: .string, caseExact: true, mutability: .readOnly, returned: .always, uniqueness: .server,
            description: "A unique identifier for a SCIM resource as defined by the service provider. "
                + "Assigned by the server, stable, and never reassigned."),
        SchemaAttribute(
            name: "externalId", type: .string, caseExact: true,
            description: "A String that is an identifier for the resource as defined by the provisioning client."),
        SchemaAttribute(
            name: "meta", type: .complex, mutability: .readOnly,
            subAttributes: [
                SchemaAttribute(
                    name: "resourceType", type: .string, caseExact: true, mutability: .readOnly,
                    description: "The name of the resource type of the resource."),
                SchemaAttribute(
                    name: "created", type: .dateTime, mutability: .readOnly,
                    description: "The DateTime that the resource was added to the service provider."),
                SchemaAttribute(
                    name: "lastModified", type: .dateTime, mutability: .readOnly,
                    description: "The most recent DateTime that the details of this resource were updated."),
                SchemaAttribute(
                    name: "location", type: .reference, caseExact: true, mutability: .readOnly,
                    referenceTypes: ["uri"], description: "The URI of the resource being returned."),
                SchemaAttribute(
                    name: "version", type: .string, caseExact: true, mutability: .readOnly,
                    description: "The version of the resource being returned (its ETag)."),
            ],
            description: "A complex attribute containing resource metadata."),
    ]
}
