// RFC 7643 §4.1 and §8.7.1: the core User schema.

extension Schema {
    /// The core User schema, `urn:ietf:params:scim:schemas:core:2.0:User`, complete per RFC 7643 §4.1,
    /// preceded by the common attributes.
    public static let user = Schema(
        id: SchemaURN.user,
        name: "User",
        description: "User Account",
        attributes: commonAttributes + userSingularAttributes + userMultiValuedAttributes,
        attributesAtTopLevel: true
    )

    static let userSingularAttributes: [SchemaAttribute] = [
        SchemaAttribute(
            name: "userName", type: .string, required: true, uniqueness: .server,
            description: "Unique identifier for the User, typically used by the user to directly authenticate "
                + "to the service provider. Unique case-insensitively. REQUIRED."),
        SchemaAttribute(
            name: "name", type: .complex,
            subAttributes: [
                SchemaAttribute(
                    name: "formatted", type: .string,
                    description: "The full name, including all middle names, titles, and suffixes as appropriate, "
                        + "formatted for display (e.g., 'Ms. Barbara J Jensen, III')."),
                SchemaAttribute(
                    name: "familyName", type: .string,
                    description: "The family name of the User, or last name in most Western languages."),
                SchemaAttribute(
                    name: "givenName", type: .string,
                    description: "The given name of the User, or first name in most Western languages."),
                SchemaAttribute(
                    name: "middleName", type: .string, description: "The middle name(s) of the User."),
                SchemaAttribute(
                    name: "honorificPrefix", type: .string,
                    description:
                        "The honorific prefix(es) of the User, or title in most Western languages (e.g., 'Ms.')."),
                SchemaAttribute(
                    name: "honorificSuffix", type: .string,
                    description:
                        "The honorific suffix(es) of the User, or suffix in most Western languages (e.g., 'III')."),
            ],
            description: "The components of the user's real name."),
        SchemaAttribute(
            name: "displayName", type: .string,
            description: "The name of the User, suitable for display to end-users."),
        SchemaAttribute(
            name: "nickName", type: .string,
            description: "The casual way to address the user in real life, e.g., 'Bob' or 'Bobby' instead of 'Robert'."),
        SchemaAttribute(
            name: "profileUrl", type: .reference, referenceTypes: ["external"],
            description: "A fully qualified URL pointing to a page representing the User's online profile."),
        SchemaAttribute(
            name: "title", type: .string, description: "The user's title, such as \"Vice President.\""),
        SchemaAttribute(
            name: "userType", type: .string,
            description: "Used to identify the relationship between the organization and the user. "
                + "Typical values used might be 'Contractor', 'Employee', 'Intern', 'Temp', 'External', and 'Unknown'."),
        SchemaAttribute(
            name: "preferredLanguage", type: .string,
            description: "Indicates the User's preferred written or spoken language (e.g., 'en-US'), "
                + "formatted as the HTTP Accept-Language header field."),
        SchemaAttribute(
            name: "locale", type: .string,
            description: "Used to indicate the User's default location for purposes of localizing items "
                + "such as currency, date time format, or numerical representations (e.g., 'en-US')."),
        SchemaAttribute(
            name: "timezone", type: .string,
            description: "The User's time zone in the 'Olson' time zone database format, e.g., 'America/Los_Angeles'."),
        SchemaAttribute(
            name: "active", type: .boolean,
            description: "A Boolean value indicating the User's administrative status. "
                + "False disables the user and ends their sessions; memberships and attributes are kept."),
        SchemaAttribute(
            name: "password", type: .string, mutability: .writeOnly, returned: .never,
            description: "The User's cleartext password. Write-only: accepted, never returned."),
    ]

    static let userMultiValuedAttributes: [SchemaAttribute] = [
        .multiValuedComplex(
            name: "emails",
            description: "Email addresses for the user. Canonical type values of 'work', 'home', and 'other'.",
            valueDescription: "Email addresses for the user, canonicalized per RFC 5321 (e.g., 'bjensen@example.com').",
            typeValues: ["work", "home", "other"]),
        .multiValuedComplex(
            name: "phoneNumbers",
            description: "Phone numbers for the User, stored as sent. "
                + "Canonical type values of 'work', 'home', 'mobile', 'fax', 'pager', and 'other'.",
            valueDescription: "Phone number of the User.",
            typeValues: ["work", "home", "mobile", "fax", "pager", "other"]),
        .multiValuedComplex(
            name: "ims", description: "Instant messaging addresses for the User.",
            valueDescription: "Instant messaging address for the User.",
            typeValues: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]),
        .multiValuedComplex(
            name: "photos", description: "URLs of photos of the User.", valueType: .reference,
            valueDescription: "URL of a photo of the User.", valueReferenceTypes: ["external"],
            typeValues: ["photo", "thumbnail"]),
        SchemaAttribute(
            name: "addresses", type: .complex, multiValued: true,
            subAttributes: [
                SchemaAttribute(
                    name: "formatted", type: .string,
                    description: "The full mailing address, formatted for display or use with a mailing label."),
                SchemaAttribute(
                    name: "streetAddress", type: .string,
                    description: "The full street address component, which may include house number, street name, "
                        + "P.O. box, and multi-line extended street address information."),
                SchemaAttribute(name: "locality", type: .string, description: "The city or locality component."),
                SchemaAttribute(name: "region", type: .string, description: "The state or region component."),
                SchemaAttribute(
                    name: "postalCode", type: .string, description: "The zip code or postal code component."),
                SchemaAttribute(name: "country", type: .string, description: "The country name component."),
                SchemaAttribute(
                    name: "type", type: .string, canonicalValues: ["work", "home", "other"],
                    description: "A label indicating the attribute's function, e.g., 'work' or 'home'."),
                SchemaAttribute(
                    name: "primary", type: .boolean,
                    description: "A Boolean value indicating the primary or preferred address."),
            ],
            description:
                "A physical mailing address for this User. Canonical type values of 'work', 'home', and 'other'."),
        SchemaAttribute(
            name: "groups", type: .complex, multiValued: true, mutability: .readOnly,
            subAttributes: [
                SchemaAttribute(
                    name: "value", type: .string, mutability: .readOnly,
                    description: "The identifier of the User's group."),
                SchemaAttribute(
                    name: "$ref", type: .reference, mutability: .readOnly, referenceTypes: ["User", "Group"],
                    description: "The URI of the corresponding 'Group' resource to which the user belongs."),
                SchemaAttribute(
                    name: "display", type: .string, mutability: .readOnly,
                    description: "A human-readable name, primarily used for display purposes."),
                SchemaAttribute(
                    name: "type", type: .string, mutability: .readOnly, canonicalValues: ["direct", "indirect"],
                    description: "A label indicating the attribute's function, e.g., 'direct' or 'indirect'."),
            ],
            description: "A list of groups to which the user belongs, either through direct membership, "
                + "through nested groups, or dynamically calculated. Read-only: change memberships through Group members."
        ),
        .multiValuedComplex(
            name: "entitlements",
            description: "A list of entitlements for the User that represent a thing the User has.",
            valueDescription: "The value of an entitlement."),
        .multiValuedComplex(
            name: "roles",
            description:
                "A list of roles for the User that collectively represent who the User is, e.g., 'Student', 'Faculty'.",
            valueDescription: "The value of a role."),
        .multiValuedComplex(
            name: "x509Certificates", description: "A list of certificates issued to the User.", valueType: .binary,
            valueDescription: "The value of an X.509 certificate (base64-encoded DER)."),
    ]
}
