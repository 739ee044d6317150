import Foundation

/// What Okta and Microsoft Entra ID send when they provision (see shared/reference/scim-landscape.md §2.2
/// and §3.2–3.3), replayed by `roster selftest`.
extension SelftestRun {
    /// Okta: look up by userName, create (with a password, `groups: []`), read, a case-insensitive lookup,
    /// PUT, path-less `{"active": false}` and back, group push (create, the rename-with-id replace plus a
    /// member add in one PATCH, member removal by filter), group delete.
    func okta() throws(SelftestClient.Unreachable) {
        begin("okta", userAgent: "Okta SCIM Client 1.0.0 (roster selftest)")
        let userName = "\(marker)-okta@selftest.invalid"
        let lookup = Self.filter("userName eq \"\(userName)\"")
        try step(
            "look up the user by userName", "GET", "/Users?filter=\(lookup)&startIndex=1&count=100", expect: [200],
            check: Self.total(0))
        let body =
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(userName)","#
            + #""name":{"givenName":"Self","familyName":"Test"},"emails":[{"primary":true,"value":"\#(userName)","#
            + #""type":"work"}],"displayName":"Self Test","locale":"en-US","externalId":"\#(marker)-okta","#
            + #""groups":[],"password":"Sx-\#(marker)","active":true}"#
        guard let created = try step("create the user", "POST", "/Users", body, expect: [201]),
            let id = created.object["id"] as? String
        else { return ["read", "case-insensitive lookup", "PUT", "deactivate", "reactivate"].forEach(skip) }
        self.created(user: id)
        try step("read the user", "GET", "/Users/\(id)", expect: [200]) { response in
            response.object["userName"] as? String == userName ? nil : "userName differs"
        }
        let upper = Self.filter("userName eq \"\(userName.uppercased())\"")
        try step(
            "find it with an upper-case userName", "GET", "/Users?filter=\(upper)", expect: [200], check: Self.total(1))
        let put = body.replacingOccurrences(of: #""givenName":"Self""#, with: #""givenName":"Selfie""#)
        try step("PUT a changed givenName", "PUT", "/Users/\(id)", put, expect: [200]) { response in
            (response.object["name"] as? [String: Any])?["givenName"] as? String == "Selfie"
                ? nil : "givenName not changed"
        }
        for (label, active) in [("deactivate (path-less replace)", false), ("reactivate", true)] {
            try step(
                label, "PATCH", "/Users/\(id)", Self.patch + #"[{"op":"replace","value":{"active":\#(active)}}]}"#,
                expect: [200]
            ) { response in
                response.object["active"] as? Bool == active ? nil : "active is not \(active)"
            }
        }
        let name = "\(marker) okta group"
        guard
            let group = try step(
                "push a new group", "POST", "/Groups",
                #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"\#(name)","members":[]}"#,
                expect: [201]),
            let groupID = group.object["id"] as? String
        else { return ["push membership", "remove the member", "delete the group"].forEach(skip) }
        self.created(group: groupID)
        try step(
            "push membership (rename-with-id + add)", "PATCH", "/Groups/\(groupID)",
            Self.patch + #"[{"op":"replace","value":{"id":"\#(groupID)","displayName":"\#(name)"}},"#
                + #"{"op":"add","path":"members","value":[{"value":"\#(id)","display":"\#(userName)"}]}]}"#,
            expect: [200, 204])
        try step("the group has the member", "GET", "/Groups/\(groupID)", expect: [200]) { response in
            Self.members(response) == [id] ? nil : "members are \(Self.members(response))"
        }
        try step(
            "remove the member by filter", "PATCH", "/Groups/\(groupID)",
            Self.patch + #"[{"op":"remove","path":"members[value eq \"\#(id)\"]"}]}"#, expect: [200, 204])
        try step("the group is empty", "GET", "/Groups/\(groupID)", expect: [200]) { response in
            Self.members(response).isEmpty ? nil : "members are \(Self.members(response))"
        }
        if try step("delete the group", "DELETE", "/Groups/\(groupID)", expect: [204]) != nil {
            deleted(group: groupID)
        }
    }

    /// Entra ID without `aadOptscim062020`: look up, create with the enterprise extension, look up by
    /// externalId, capitalised `Replace`/`Add` with a value-path email and an extension URN path, group create
    /// and lookup with `excludedAttributes=members`, member add, value-list member removal (only the listed
    /// member goes), `"active": "False"` as a string, DELETE.
    func entra() throws(SelftestClient.Unreachable) {
        begin("entra", userAgent: "roster selftest (Microsoft Entra ID style)")
        let userName = "\(marker)-entra@selftest.invalid"
        let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        try step(
            "look up the user by userName", "GET", "/Users?filter=\(Self.filter("userName eq \"\(userName)\""))",
            expect: [200], check: Self.total(0))
        let body =
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","\#(enterprise)"],"#
            + #""externalId":"\#(marker)-entra","userName":"\#(userName)","active":true,"#
            + #""emails":[{"primary":true,"type":"work","value":"\#(userName)"}],"meta":{"resourceType":"User"},"#
            + #""name":{"formatted":"Self Test","familyName":"Test","givenName":"Self"},"roles":[],"#
            + #""\#(enterprise)":{"department":"QA"}}"#
        guard let created = try step("create the user (enterprise extension)", "POST", "/Users", body, expect: [201]),
            let id = created.object["id"] as? String
        else { return ["externalId lookup", "Replace/Add", "deactivate", "delete"].forEach(skip) }
        self.created(user: id)
        try step(
            "look up by externalId", "GET", "/Users?filter=\(Self.filter("externalId eq \"\(marker)-entra\""))",
            expect: [200], check: Self.total(1))
        let email = "\(marker)-entra-2@selftest.invalid"
        try step(
            "capitalised Replace/Add with value paths", "PATCH", "/Users/\(id)",
            Self.patch + #"[{"op":"Replace","path":"displayName","value":"Self Tested"},"#
                + #"{"op":"Replace","path":"emails[type eq \"work\"].value","value":"\#(email)"},"#
                + #"{"op":"Replace","path":"name.givenName","value":"Selfie"},"#
                + #"{"op":"Add","path":"\#(enterprise):employeeNumber","value":"42"}]}"#, expect: [200]
        ) { response in
            let object = response.object
            let emails = (object["emails"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
            let number = (object[enterprise] as? [String: Any])?["employeeNumber"] as? String
            guard object["displayName"] as? String == "Self Tested", emails == [email], number == "42" else {
                return "the changes are not all in the response"
            }
            return nil
        }
        let name = "\(marker) entra group"
        let groupBody =
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"externalId":"\#(marker)-g","#
            + #""displayName":"\#(name)","meta":{"resourceType":"Group"}}"#
        if let group = try step("create a group", "POST", "/Groups", groupBody, expect: [201]),
            let groupID = group.object["id"] as? String
        {
            self.created(group: groupID)
            try step(
                "look up the group, members excluded", "GET",
                "/Groups?excludedAttributes=members&filter=\(Self.filter("displayName eq \"\(name)\""))",
                expect: [200], check: Self.total(1))
            try step(
                "Add a member", "PATCH", "/Groups/\(groupID)",
                Self.patch + #"[{"op":"Add","path":"members","value":[{"$ref":null,"value":"\#(id)"}]}]}"#,
                expect: [200, 204])
            try step(
                "Remove the member by value list", "PATCH", "/Groups/\(groupID)",
                Self.patch + #"[{"op":"Remove","path":"members","value":[{"value":"\#(id)"}]}]}"#, expect: [200, 204])
            try step("the group is empty", "GET", "/Groups/\(groupID)", expect: [200]) { response in
                Self.members(response).isEmpty ? nil : "members are \(Self.members(response))"
            }
        } else {
            ["group lookup", "Add a member", "Remove the member"].forEach(skip)
        }
        try step(
            "deactivate with \"False\"", "PATCH", "/Users/\(id)",
            Self.patch + #"[{"op":"Replace","path":"active","value":"False"}]}"#, expect: [200]
        ) { response in response.object["active"] as? Bool == false ? nil : "active is not false" }
        if try step("delete the user", "DELETE", "/Users/\(id)", expect: [204]) != nil { deleted(user: id) }
        try step("the user is gone", "GET", "/Users/\(id)", expect: [404])
    }
}
