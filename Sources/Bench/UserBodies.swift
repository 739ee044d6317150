/// JSON bodies of the write scenarios, in the shapes Okta and Entra send. Every interpolated value is
/// ASCII without quotes or backslashes (user numbers, host names, fixed words), so no escaping is needed.
public enum UserBodies {
    static let core = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    static let patchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    static let givenNames = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken"]
    static let familyNames = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson"]

    /// A full user as Okta creates it (POST) or replaces it (PUT): name, emails, locale, externalId, a random
    /// password (never stored), the enterprise extension; `title` changes between writes.
    public static func oktaUser(userName: String, number: Int, title: String, active: Bool = true) -> [UInt8] {
        let given = givenNames[number % givenNames.count]
        let family = familyNames[(number / 8) % familyNames.count]
        return Array(
            """
            {"schemas":["\(core)","\(enterprise)"],"userName":"\(userName)","externalId":"00u\(number)okta",\
            "name":{"givenName":"\(given)","familyName":"\(family)"},"displayName":"\(given) \(family)",\
            "emails":[{"primary":true,"value":"\(userName)","type":"work"}],"locale":"en-US","title":"\(title)",\
            "password":"pw-\(number)-Xy9!","active":\(active),"groups":[],\
            "\(enterprise)":{"employeeNumber":"E\(number)","department":"Engineering","costCenter":"CC-101"}}
            """.utf8)
    }

    /// A user as Entra creates it: core and enterprise schemas, `name.formatted`, `roles: []`, nulls.
    public static func entraUser(userName: String, number: Int) -> [UInt8] {
        let given = givenNames[number % givenNames.count]
        let family = familyNames[(number / 8) % familyNames.count]
        return Array(
            """
            {"schemas":["\(core)","\(enterprise)"],"externalId":"entra-\(number)","userName":"\(userName)",\
            "active":true,"emails":[{"primary":true,"type":"work","value":"\(userName)"}],\
            "meta":{"resourceType":"User"},\
            "name":{"formatted":"\(given) \(family)","familyName":"\(family)","givenName":"\(given)"},\
            "roles":[],"addresses":null,"phoneNumbers":null,\
            "\(enterprise)":{"employeeNumber":"\(number)","department":"Sales"}}
            """.utf8)
    }

    /// A PATCH replacing a few attributes with path operations (title, family name, department).
    public static func patchAttributes(sequence: Int) -> [UInt8] {
        Array(
            """
            {"schemas":["\(patchOp)"],"Operations":[\
            {"op":"replace","path":"title","value":"Title \(sequence)"},\
            {"op":"replace","path":"name.familyName","value":"\(familyNames[sequence % familyNames.count])"},\
            {"op":"replace","path":"\(enterprise):department","value":"Department \(sequence % 20)"}]}
            """.utf8)
    }

    /// `active` set by a path operation (RFC form).
    public static func patchActive(_ active: Bool) -> [UInt8] {
        Array(
            """
            {"schemas":["\(patchOp)"],"Operations":[{"op":"replace","path":"active","value":\(active)}]}
            """.utf8)
    }

    /// Okta's path-less deactivation: `{"op":"replace","value":{"active":false}}`.
    public static func oktaDeactivate() -> [UInt8] {
        Array(
            """
            {"schemas":["\(patchOp)"],"Operations":[{"op":"replace","value":{"active":false}}]}
            """.utf8)
    }

    /// Entra without `aadOptscim062020`: one capitalised `Replace` per path, the work email by value filter.
    public static func entraReplaceEach(userName: String, sequence: Int) -> [UInt8] {
        Array(
            """
            {"schemas":["\(patchOp)"],"Operations":[\
            {"op":"Replace","path":"displayName","value":"Entra User \(sequence)"},\
            {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"\(userName)"},\
            {"op":"Replace","path":"name.givenName","value":"Given\(sequence)"},\
            {"op":"Replace","path":"\(enterprise):employeeNumber","value":"N\(sequence)"}]}
            """.utf8)
    }

    /// Entra with `aadOptscim062020`: the work email by path, the rest in one path-less replace with dotted
    /// and URN keys.
    public static func entraReplaceDotted(userName: String, sequence: Int) -> [UInt8] {
        Array(
            """
            {"schemas":["\(patchOp)"],"Operations":[\
            {"op":"replace","path":"emails[type eq \\"work\\"].value","value":"\(userName)"},\
            {"op":"replace","value":{"displayName":"Entra Dotted \(sequence)","name.familyName":"Family\(sequence)",\
            "\(enterprise):department":"Department \(sequence % 20)"}}]}
            """.utf8)
    }

    /// Entra's disable: capitalised op and the string `"False"`.
    public static func entraDisable() -> [UInt8] {
        Array(
            """
            {"schemas":["\(patchOp)"],"Operations":[{"op":"Replace","path":"active","value":"False"}]}
            """.utf8)
    }

    /// Adds one member to a group.
    public static func addMember(_ userID: String) -> [UInt8] {
        Array(
            """
            {"schemas":["\(patchOp)"],"Operations":[{"op":"add","path":"members","value":[{"value":"\(userID)"}]}]}
            """.utf8)
    }

    /// Removes one member from a group (Okta's and Entra-with-flag's form).
    public static func removeMember(_ userID: String) -> [UInt8] {
        Array(
            """
            {"schemas":["\(patchOp)"],"Operations":[{"op":"remove","path":"members[value eq \\"\(userID)\\"]"}]}
            """.utf8)
    }
}
