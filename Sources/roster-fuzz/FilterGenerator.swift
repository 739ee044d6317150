/// Random SCIM filter expressions (RFC 7644 §3.4.2.2), mostly valid, then mutated token by token.
struct FilterGenerator {
    let target: FuzzTarget
    let attributes: [String]

    /// A filter of nesting depth at most `depth`.
    func filter(_ rng: inout SplitMix64, depth: Int = 3) -> String {
        if depth <= 0 || rng.percent(45) { return comparison(&rng) }
        switch rng.below(5) {
        case 0: return "\(filter(&rng, depth: depth - 1)) and \(filter(&rng, depth: depth - 1))"
        case 1: return "\(filter(&rng, depth: depth - 1)) or \(filter(&rng, depth: depth - 1))"
        case 2: return "not (\(filter(&rng, depth: depth - 1)))"
        case 3: return "(\(filter(&rng, depth: depth - 1)))"
        default:
            let multi = rng.pick(["emails", "members", "phoneNumbers", "addresses", "groups", "x509Certificates"])
            let inner = rng.pick(["value", "type", "primary", "display"])
            let suffix = rng.percent(30) ? "." + rng.pick(["value", "type", "display"]) : ""
            return "\(multi)[\(inner) \(rng.pick(FuzzCorpus.comparisonOperators)) \(value(&rng))]\(suffix)"
        }
    }

    /// One `attribute op value` or `attribute pr`.
    func comparison(_ rng: inout SplitMix64) -> String {
        let attribute = rng.pick(attributes)
        if rng.percent(10) { return "\(attribute) pr" }
        return "\(attribute) \(rng.pick(FuzzCorpus.comparisonOperators)) \(value(&rng))"
    }

    /// A comparison value: a quoted string (often hostile or an existing id), number, boolean, null or date.
    func value(_ rng: inout SplitMix64) -> String {
        switch rng.below(10) {
        case 0, 1, 2: return quoted(rng.pick(FuzzCorpus.hostile))
        case 3: return quoted(rng.pick(target.userIDs + target.groupIDs + [target.otherUserID]))
        case 4: return quoted("seed\(rng.below(40))@fuzz.example.com")
        case 5: return rng.pick(["true", "false", "null", "True", "FALSE"])
        case 6: return rng.pick(["0", "-1", "1.5", "1e308", "99999999999999999999", "-0", "01", "1e-999"])
        case 7: return quoted(rng.pick(["2024-01-01T00:00:00Z", "2099-12-31T23:59:59.999+14:00", "2024-13-01", "now"]))
        case 8: return rng.pick(["\"unterminated", "'single'", "\"a\\\"b\"", "\"\\u0000\"", "\"\\ud800\"", "bare"])
        default: return quoted("Fuzz Group \(rng.below(10))")
        }
    }

    func quoted(_ text: String) -> String {
        var out = "\""
        for character in text.unicodeScalars {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.unicodeScalars.append(character)
            }
        }
        return out + "\""
    }

    /// `filter` with token-level damage: dropped, doubled, swapped or garbled tokens, unbalanced brackets.
    func mutated(_ rng: inout SplitMix64) -> String {
        let base = filter(&rng)
        guard rng.percent(40) else { return base }
        var tokens = base.split(separator: " ").map(String.init)
        for _ in 0..<rng.int(1...3) where !tokens.isEmpty {
            let index = rng.below(tokens.count)
            switch rng.below(7) {
            case 0: tokens.remove(at: index)
            case 1: tokens.insert(tokens[index], at: index)
            case 2: tokens.swapAt(index, rng.below(tokens.count))
            case 3: tokens[index] = rng.pick(["(", ")", "[", "]", "and", "or", "not", "\"", ".", ":", "pr", ""])
            case 4: tokens[index] += rng.pick(["(", ")", "[", "]", "\"", "'", ";", "--", "\\"])
            case 5: tokens.insert(rng.pick(FuzzCorpus.hostile), at: index)
            default: tokens[index] = String(tokens[index].reversed())
            }
        }
        return tokens.joined(separator: rng.percent(90) ? " " : rng.pick(["  ", "\t", "+", "%20"]))
    }
}
