// RFC 7643 §4.3 (Enterprise User) and Roster's extension for Okta's `metadata` namespace.

extension Schema {
    /// The Enterprise User extension, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`.
    public static let enterpriseUser = Schema(
        id: SchemaURN.enterpriseUser,
        name: "EnterpriseUser",
        description: "Enterprise User",
        attributes: [
            SchemaAttribute(
                name: "employeeNumber", type: .string,
                description: "Numeric or alphanumeric identifier assigned to a person, "
                    + "typically based on order of hire or association with an organization."),
            SchemaAttribute(name: "costCenter", type: .string, description: "Identifies the name of a cost center."),
            SchemaAttribute(
                name: "organization", type: .string, description: "Identifies the name of an organization."),
            SchemaAttribute(name: "division", type: .string, description: "Identifies the name of a division."),
            SchemaAttribute(name: "department", type: .string, description: "Identifies the name of a department."),
            SchemaAttribute(
                name: "manager", type: .complex,
                subAttributes: [
                    SchemaAttribute(
                        name: "value", type: .string,
                        description: "The id of the SCIM resource representing the User's manager."),
                    SchemaAttribute(
                        name: "$ref", type: .reference, referenceTypes: ["User"],
                        description: "The URI of the SCIM resource representing the User's manager."),
                    SchemaAttribute(
                        name: "displayName", type: .string, mutability: .readOnly,
                        description: "The displayName of the User's manager."),
                ],
                description: "The User's manager. A complex type that optionally allows service providers to represent "
                    + "organizational hierarchy by referencing the 'id' attribute of another User."),
        ],
        attributesAtTopLevel: false
    )

    /// Roster's extension, `urn:ietf:params:scim:schemas:extension:roster:2.0:User`: one complex attribute
    /// `metadata` holding Okta custom attributes of the External Namespace `metadata`.
    public static let rosterUser = Schema(
        id: SchemaURN.rosterUser,
        name: "RosterUser",
        description: "Roster custom attributes",
        attributes: [
            SchemaAttribute(
                name: "metadata", type: .complex, allowsAnySubAttribute: true,
                description: "Custom attributes under arbitrary keys (Okta's External Namespace 'metadata'), "
                    + "each a string, number or boolean; sent and returned as the top-level key 'metadata', "
                    + "addressed in paths and filters as 'metadata.<key>'. Stored per user and returned on read.")
        ],
        attributesAtTopLevel: true
    )
}
