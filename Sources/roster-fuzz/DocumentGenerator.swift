/// Valid (or nearly valid) SCIM documents to start mutating from: Users, Groups, PATCH, Bulk and search
/// requests, shaped like what Okta and Entra send.
struct DocumentGenerator {
    let target: FuzzTarget
    let userFilters: FilterGenerator
    let groupFilters: FilterGenerator

    init(target: FuzzTarget) {
        self.target = target
        userFilters = FilterGenerator(target: target, attributes: FuzzCorpus.userAttributes)
        groupFilters = FilterGenerator(target: target, attributes: FuzzCorpus.groupAttributes)
    }

    func string(_ rng: inout SplitMix64) -> FuzzJSON {
        .string(rng.percent(70) ? "value-\(rng.below(1000))" : rng.pick(FuzzCorpus.hostile))
    }

    func user(_ rng: inout SplitMix64) -> FuzzJSON {
        let name = "fz\(rng.below(1_000_000))@fuzz.example.com"
        var members: [(String, FuzzJSON)] = [
            ("schemas", .array([.string(FuzzCorpus.userSchema), .string(FuzzCorpus.enterpriseSchema)])),
            ("userName", .string(name)),
            ("active", rng.percent(80) ? .bool(true) : .string(rng.pick(["False", "True", "false"]))),
        ]
        if rng.percent(60) {
            members.append(("name", .object([("givenName", string(&rng)), ("familyName", string(&rng))])))
        }
        if rng.percent(50) {
            members.append(
                (
                    "emails",
                    .array([.object([("value", .string(name)), ("type", .string("work")), ("primary", .bool(true))])])
                )
            )
        }
        if rng.percent(30) { members.append(("externalId", string(&rng))) }
        if rng.percent(30) { members.append(("title", string(&rng))) }
        if rng.percent(20) { members.append(("displayName", string(&rng))) }
        if rng.percent(15) {
            members.append(
                ("phoneNumbers", .array([.object([("value", .string("+1 555 0100")), ("type", .string("work"))])])))
        }
        if rng.percent(25) {
            members.append(
                (
                    FuzzCorpus.enterpriseSchema,
                    .object([
                        ("employeeNumber", .string(String(rng.below(99999)))),
                        ("manager", .object([("value", .string(rng.pick(target.userIDs)))])),
                    ])
                ))
        }
        if rng.percent(15) { members.append(("metadata", .object([("costCenter", string(&rng))]))) }
        if rng.percent(10) { members.append(("password", .string("P@ssw0rd!"))) }
        return .object(members)
    }

    func group(_ rng: inout SplitMix64) -> FuzzJSON {
        var members: [(String, FuzzJSON)] = [
            ("schemas", .array([.string(FuzzCorpus.groupSchema)])),
            (
                "displayName",
                .string(rng.percent(85) ? "Fuzz Group \(rng.below(1_000_000))" : rng.pick(FuzzCorpus.hostile))
            ),
        ]
        if rng.percent(70) { members.append(("members", .array(memberList(&rng)))) }
        if rng.percent(20) { members.append(("externalId", string(&rng))) }
        return .object(members)
    }

    func memberList(_ rng: inout SplitMix64) -> [FuzzJSON] {
        (0..<rng.int(0...4)).map { _ in
            var member: [(String, FuzzJSON)] = [("value", .string(memberID(&rng)))]
            if rng.percent(20) { member.append(("display", string(&rng))) }
            if rng.percent(10) { member.append(("type", .string(rng.pick(["User", "Group", "Device"])))) }
            return .object(member)
        }
    }

    func memberID(_ rng: inout SplitMix64) -> String {
        switch rng.below(10) {
        case 0: return target.otherUserID
        case 1: return rng.pick(target.groupIDs)
        case 2: return rng.pick(FuzzCorpus.hostile)
        default: return rng.pick(target.userIDs + target.disposableUserIDs)
        }
    }

    /// A PatchOp for a user (`forGroup` false) or a group.
    func patch(_ rng: inout SplitMix64, forGroup: Bool) -> FuzzJSON {
        let operations = (0..<rng.int(1...4)).map { _ in patchOperation(&rng, forGroup: forGroup) }
        return .object([("schemas", .array([.string(FuzzCorpus.patchSchema)])), ("Operations", .array(operations))])
    }

    func patchOperation(_ rng: inout SplitMix64, forGroup: Bool) -> FuzzJSON {
        let op = rng.pick(["add", "replace", "remove", "Add", "Replace", "Remove", "move", ""])
        var members: [(String, FuzzJSON)] = [("op", .string(op))]
        if forGroup {
            switch rng.below(5) {
            case 0: members.append(("path", .string("members")))
            case 1:
                members.append(("path", .string("members[value eq \"\(memberID(&rng))\"]")))
            case 2: members.append(("path", .string(rng.pick(["displayName", "externalId", "members.value"]))))
            case 3: members.append(("path", .string(patchPath(&rng, attributes: FuzzCorpus.groupAttributes))))
            default: break
            }
            if rng.percent(75) {
                members.append(("value", rng.percent(70) ? .array(memberList(&rng)) : string(&rng)))
            }
        } else {
            if rng.percent(80) {
                members.append(("path", .string(patchPath(&rng, attributes: FuzzCorpus.userAttributes))))
            }
            if rng.percent(85) {
                switch rng.below(6) {
                case 0: members.append(("value", .object([("active", .bool(rng.percent(50)))])))
                case 1: members.append(("value", .string(rng.pick(["True", "False", "true"]))))
                case 2:
                    members.append(
                        ("value", .array([.object([("value", .string("p@x.test")), ("type", .string("work"))])])))
                case 3:
                    members.append(
                        (
                            "value",
                            .object([
                                ("name.givenName", string(&rng)),
                                ("\(FuzzCorpus.enterpriseSchema):department", string(&rng)),
                            ])
                        ))
                default: members.append(("value", string(&rng)))
                }
            }
        }
        return .object(members)
    }

    /// A PATCH path: plain, dotted, URN-qualified or with a value filter, sometimes broken.
    func patchPath(_ rng: inout SplitMix64, attributes: [String]) -> String {
        switch rng.below(6) {
        case 0: return "emails[type eq \"work\"].value"
        case 1:
            return "\(rng.pick(["emails", "phoneNumbers", "addresses", "members"]))[\(userFilters.comparison(&rng))]"
        case 2: return rng.pick(["", ".", "[", "emails[", "emails[]", "a.b.c.d", "urn:", "\(FuzzCorpus.userSchema):"])
        case 3: return "\(FuzzCorpus.enterpriseSchema):manager"
        default: return rng.pick(attributes)
        }
    }

    func search(_ rng: inout SplitMix64, forGroup: Bool) -> FuzzJSON {
        var members: [(String, FuzzJSON)] = [("schemas", .array([.string(FuzzCorpus.searchSchema)]))]
        if rng.percent(80) {
            members.append(("filter", .string((forGroup ? groupFilters : userFilters).mutated(&rng))))
        }
        if rng.percent(40) {
            members.append(("startIndex", .number(rng.pick(["1", "0", "-1", "5", "2147483648", "1.5"]))))
        }
        if rng.percent(40) { members.append(("count", .number(rng.pick(["0", "1", "10", "999999999", "-3"])))) }
        if rng.percent(30) { members.append(("attributes", .array([.string(rng.pick(FuzzCorpus.userAttributes))]))) }
        if rng.percent(20) {
            members.append(("excludedAttributes", .array([.string(rng.pick(FuzzCorpus.userAttributes))])))
        }
        if rng.percent(30) { members.append(("sortBy", .string(rng.pick(FuzzCorpus.userAttributes)))) }
        if rng.percent(20) {
            members.append(("sortOrder", .string(rng.pick(["ascending", "descending", "sideways"]))))
        }
        return .object(members)
    }

    func bulk(_ rng: inout SplitMix64) -> FuzzJSON {
        var operations: [FuzzJSON] = []
        for index in 0..<rng.int(1...6) {
            var op: [(String, FuzzJSON)]
            switch rng.below(6) {
            case 0, 1:
                op = [
                    ("method", .string("POST")), ("path", .string("/Users")), ("bulkId", .string("u\(index)")),
                    ("data", user(&rng)),
                ]
            case 2:
                var data = group(&rng).members
                if index > 0 {
                    data.append(("members", .array([.object([("value", .string("bulkId:u\(rng.below(index))"))])])))
                }
                op = [
                    ("method", .string("POST")), ("path", .string("/Groups")), ("bulkId", .string("g\(index)")),
                    ("data", .object(data)),
                ]
            case 3:
                op = [
                    ("method", .string("PATCH")), ("path", .string("/Users/\(rng.pick(target.userIDs))")),
                    ("data", patch(&rng, forGroup: false)),
                ]
            case 4:
                op = [
                    ("method", .string("PATCH")), ("path", .string("/Groups/\(rng.pick(target.groupIDs))")),
                    ("data", patch(&rng, forGroup: true)),
                ]
            default:
                op = [("method", .string("DELETE")), ("path", .string("/Users/\(rng.pick(target.disposableUserIDs))"))]
            }
            if rng.percent(10) { op.append(("version", .string("W/\"\(rng.below(5))\""))) }
            operations.append(.object(op))
        }
        var members: [(String, FuzzJSON)] = [
            ("schemas", .array([.string(FuzzCorpus.bulkSchema)])), ("Operations", .array(operations)),
        ]
        if rng.percent(30) { members.append(("failOnErrors", .number(rng.pick(["1", "0", "-1", "3"])))) }
        return .object(members)
    }
}
