// Operations through a value filter: `emails[type eq "work"]`, `emails[type eq "work"].value`.

extension PatchState {
    /// add/replace/remove on the elements of a multi-valued complex attribute that match `filter`.
    mutating func applyFiltered(
        _ op: PatchOperation.Op, to target: ResolvedAttribute, filter: Filter, value: JSONValue?
    ) throws(SCIMError) {
        let attribute = target.attribute
        guard attribute.isComplex, attribute.multiValued else {
            throw invalidPath(
                "'\(attribute.name)' is not a multi-valued complex attribute, so a value filter cannot apply")
        }
        var parent = target
        parent.subAttribute = nil
        parent.subAttributeName = nil
        let resolvedFilter: ResolvedFilter
        do {
            resolvedFilter = try filter.resolve(against: type, within: parent)
        } catch {
            throw invalidPath("in the value filter of '\(attribute.name)': \(error.detail)")
        }
        let current = self.value(of: target)
        var elements = current?.arrayValue ?? []
        var selected = elements.indices.filter {
            elements[$0].objectValue.map { PatchState.matches(resolvedFilter, $0) } ?? false
        }
        let path = "\(attribute.name)[\(filter)]" + (target.subAttributeName.map { "." + $0 } ?? "")
        var hadValue = !selected.isEmpty
        switch op {
        case .remove:
            // Removing what is not there changes nothing.
            guard !selected.isEmpty else { return }
            if let subName = target.subAttributeName {
                hadValue = selected.contains { elements[$0][subName] != nil }
                for index in selected { elements[index].setMember(subName, to: nil) }
                elements.removeAll { $0.objectValue?.isEmpty == true }
            } else {
                let removed = Set(selected)
                elements = elements.indices.filter { !removed.contains($0) }.map { elements[$0] }
            }
        case .add, .replace:
            var created = false
            if selected.isEmpty {
                // RFC 7644 §3.5.2.3 answers noTarget; Entra ID expects the element to be created.
                guard let seed = PatchState.seed(from: resolvedFilter) else {
                    throw noTarget("no '\(attribute.name)' value matches [\(filter)]")
                }
                note("created a '\(attribute.name)' element matching [\(filter)]")
                elements.append(.object(seed))
                selected = [elements.count - 1]
                created = true
            }
            if let subName = target.subAttributeName {
                let leafValue = try coerceLeaf(value ?? .null, for: target, path: path)
                hadValue = selected.contains { elements[$0][subName] != nil }
                for index in selected { elements[index].setMember(subName, to: leafValue) }
            } else {
                guard let incoming = try coerceElement(value ?? .null, of: attribute, path: path)?.objectValue else {
                    throw invalidValue("'\(path)' needs an object")
                }
                for index in selected {
                    // replace swaps each matching value whole (RFC 7644 §3.5.2.3 example); add merges into it.
                    if op == .replace && !created {
                        elements[index] = .object(incoming)
                    } else {
                        for (key, member) in incoming { elements[index].setMember(key, to: member) }
                    }
                }
            }
            PatchState.normalisePrimary(&elements, preferring: selected)
        }
        let newValue: JSONValue? = elements.isEmpty ? nil : .array(elements)
        guard newValue != current else { return }
        try checkMutability(target, hadValue: hadValue)
        setValue(newValue, of: target)
    }

    /// Whether an element of a multi-valued attribute matches a resolved value filter.
    static func matches(_ filter: ResolvedFilter, _ element: JSONObject) -> Bool {
        switch filter {
        case .and(let left, let right): return matches(left, element) && matches(right, element)
        case .or(let left, let right): return matches(left, element) || matches(right, element)
        case .not(let inner): return !matches(inner, element)
        case .valuePath: return false
        case .present(let attribute):
            guard let name = attribute.subAttributeName, let value = element[name] else { return false }
            switch value {
            case .null: return false
            case .string(let text): return !text.isEmpty
            case .array(let array): return !array.isEmpty
            default: return true
            }
        case .compare(let attribute, let op, let expected):
            guard let name = attribute.subAttributeName else { return false }
            return compare(element[name], op, expected, caseExact: attribute.leaf.caseExact)
        }
    }

    /// RFC 7644 §3.4.2.2 comparison of one value; strings honour `caseExact`.
    static func compare(_ actual: JSONValue?, _ op: ComparisonOperator, _ expected: FilterValue, caseExact: Bool)
        -> Bool
    {
        let isMissing = actual == nil || actual == .null
        if case .null = expected {
            return op == .eq ? isMissing : op == .ne ? !isMissing : false
        }
        switch (actual, expected) {
        case (.string(let left)?, .string(let right)):
            let lhs = caseExact ? left : left.lowercased()
            let rhs = caseExact ? right : right.lowercased()
            switch op {
            case .eq: return lhs == rhs
            case .ne: return lhs != rhs
            case .co: return lhs.contains(rhs)
            case .sw: return lhs.hasPrefix(rhs)
            case .ew: return lhs.hasSuffix(rhs)
            case .gt: return lhs > rhs
            case .ge: return lhs >= rhs
            case .lt: return lhs < rhs
            case .le: return lhs <= rhs
            }
        case (.bool(let left)?, .bool(let right)):
            return op == .eq ? left == right : op == .ne ? left != right : false
        case (.number(let left)?, .number(let right)):
            switch op {
            case .eq: return left == right
            case .ne: return left != right
            case .gt: return left.doubleValue > right.doubleValue
            case .ge: return left.doubleValue >= right.doubleValue
            case .lt: return left.doubleValue < right.doubleValue
            case .le: return left.doubleValue <= right.doubleValue
            default: return false
            }
        default:
            return op == .ne
        }
    }

    /// The element a filter made only of `eq` comparisons joined by `and` describes
    /// (`type eq "work"` → `{"type": "work"}`); `nil` for any other filter.
    static func seed(from filter: ResolvedFilter) -> JSONObject? {
        switch filter {
        case .compare(let attribute, .eq, let value):
            guard let name = attribute.subAttributeName, value != .null else { return nil }
            return [name: value.jsonValue]
        case .and(let left, let right):
            guard var seed = self.seed(from: left), let more = self.seed(from: right) else { return nil }
            for (key, value) in more {
                if let existing = seed[key], existing != value { return nil }
                seed[key] = value
            }
            return seed
        default:
            return nil
        }
    }
}
