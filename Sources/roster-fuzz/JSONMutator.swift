/// Structural mutations of a JSON document: a random node is replaced, removed, duplicated, renamed,
/// wrapped, retyped or blown up, so the request still parses as JSON but breaks SCIM's expectations.
enum JSONMutator {
    /// `document` with one structural mutation at a random depth.
    static func mutate(_ document: FuzzJSON, _ rng: inout SplitMix64) -> FuzzJSON {
        // Walk down with probability 65% per level, then mutate the node reached.
        switch document {
        case .object(var members) where !members.isEmpty && rng.percent(65):
            let index = rng.below(members.count)
            members[index].1 = mutate(members[index].1, &rng)
            return .object(members)
        case .array(var items) where !items.isEmpty && rng.percent(65):
            let index = rng.below(items.count)
            items[index] = mutate(items[index], &rng)
            return .array(items)
        default:
            return mutateHere(document, &rng)
        }
    }

    private static func mutateHere(_ node: FuzzJSON, _ rng: inout SplitMix64) -> FuzzJSON {
        switch (node, rng.below(6)) {
        case (.object(var members), 0) where !members.isEmpty:
            members.remove(at: rng.below(members.count))
            return .object(members)
        case (.object(var members), 1):
            members.insert((key(&rng), value(&rng)), at: rng.below(members.count + 1))
            return .object(members)
        case (.object(var members), 2) where !members.isEmpty:
            // A duplicate key with another value: which one wins must not matter for safety.
            let pick = members[rng.below(members.count)]
            members.append((pick.0, value(&rng)))
            return .object(members)
        case (.object(var members), 3) where !members.isEmpty:
            let index = rng.below(members.count)
            let name = members[index].0
            members[index].0 = rng.percent(50) ? name.uppercased() : "\(FuzzCorpus.userSchema):\(name)"
            return .object(members)
        case (.array(var items), 0) where !items.isEmpty:
            items.remove(at: rng.below(items.count))
            return .array(items)
        case (.array(var items), 1):
            items.append(rng.percent(50) && !items.isEmpty ? items[rng.below(items.count)] : value(&rng))
            return .array(items)
        case (_, 4):
            return rng.percent(50) ? .array([node]) : .object([(key(&rng), node)])
        default:
            return value(&rng)
        }
    }

    /// A member name: a SCIM attribute, a URN, or something hostile.
    static func key(_ rng: inout SplitMix64) -> String {
        switch rng.below(4) {
        case 0: return rng.pick(FuzzCorpus.hostile)
        case 1: return rng.pick(FuzzCorpus.schemas)
        default:
            return rng.pick(
                FuzzCorpus.userAttributes + FuzzCorpus.groupAttributes + ["Operations", "op", "path", "value"])
        }
    }

    /// A replacement value of any type, sometimes huge or deep.
    static func value(_ rng: inout SplitMix64) -> FuzzJSON {
        switch rng.below(12) {
        case 0: return .null
        case 1: return .bool(rng.percent(50))
        case 2:
            return .number(
                rng.pick(["0", "-1", "1.5", "1e309", "-1e-400", "123456789012345678901234567890", "-0", "2147483648"]))
        case 3, 4: return .string(rng.pick(FuzzCorpus.hostile))
        case 5: return .array([])
        case 6: return .object([])
        case 7:
            // Nested arrays or objects, up to 200 deep (the parser's depth limit is what is being tried).
            var nested = FuzzJSON.string("deep")
            let arrays = rng.percent(50)
            for _ in 0..<rng.int(2...200) { nested = arrays ? .array([nested]) : .object([("a", nested)]) }
            return nested
        case 8:
            return .string(
                String(
                    repeating: rng.pick(["a", "é", "😀", "\\", "\""]),
                    count: rng.percent(85) ? rng.int(100...5_000) : rng.int(5_000...70_000)))
        case 9: return .array((0..<rng.int(1...300)).map { _ in .string("v\(rng.below(100))") })
        case 10: return .object([("value", .string("x")), ("type", .string("work")), ("primary", .bool(true))])
        default: return .string("value-\(rng.below(1000))")
        }
    }
}
