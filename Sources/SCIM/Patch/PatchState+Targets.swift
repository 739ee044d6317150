// Operations on a whole attribute (`emails`, `name`, `active`) or on a sub-attribute without a value
// filter (`name.givenName`, `metadata.costCode`).

extension PatchState {
    /// add/replace/remove on a whole attribute.
    mutating func applyToAttribute(_ op: PatchOperation.Op, _ target: ResolvedAttribute, value: JSONValue?)
        throws(SCIMError)
    {
        let attribute = target.attribute
        let current = self.value(of: target)
        let path = target.path.description
        if target.mutability == .readOnly {
            try checkReadOnly(op, target, sent: value, current: current)
            return
        }
        var newValue: JSONValue?
        switch op {
        case .remove:
            if let value, attribute.multiValued, case .array(let elements)? = current {
                // A value list with remove (Entra's legacy form) removes only the listed values.
                newValue = try removing(value, from: elements, attribute: attribute, path: path)
            } else {
                newValue = nil
            }
        case .add, .replace:
            guard let incoming = try coerce(value ?? .null, toAttribute: attribute, path: path) else {
                if current != nil { note("null for '\(path)' read as remove") }
                try applyToAttribute(.remove, target, value: nil)
                return
            }
            newValue = merged(incoming, into: current, attribute: attribute, op: op)
        }
        if case .array(let elements)? = newValue, elements.isEmpty {
            // RFC 7643 §2.5: an empty array is unassigned.
            newValue = nil
        }
        guard newValue != current else { return }
        if newValue == nil && attribute.required {
            throw invalidValue("'\(path)' is required and cannot be removed")
        }
        try checkMutability(target, hadValue: current.map { !$0.isNull } ?? false)
        setValue(newValue, of: target)
    }

    /// The attribute's value after an add or replace of `incoming` (RFC 7644 §3.5.2.1 and §3.5.2.3).
    private func merged(
        _ incoming: JSONValue, into current: JSONValue?, attribute: SchemaAttribute, op: PatchOperation.Op
    ) -> JSONValue {
        if attribute.multiValued {
            // add appends values not already present; replace swaps the whole list.
            guard op == .add, case .array(var elements)? = current, case .array(let additions) = incoming else {
                guard case .array(var elements) = incoming else { return incoming }
                PatchState.normalisePrimary(&elements, preferring: Array(elements.indices))
                return .array(elements)
            }
            var added: [Int] = []
            for element in additions where !elements.contains(element) {
                elements.append(element)
                added.append(elements.count - 1)
            }
            PatchState.normalisePrimary(&elements, preferring: added)
            return .array(elements)
        }
        // A complex value merges its sub-attributes into the existing ones, for add and replace alike.
        if attribute.isComplex, case .object(var object)? = current, case .object(let updates) = incoming {
            for (key, value) in updates { object[key] = value }
            return .object(object)
        }
        return incoming
    }

    /// `elements` without those equal to the listed values (compared by their `value` sub-attribute when
    /// the listed value has one); `nil` when none remain.
    private mutating func removing(
        _ value: JSONValue, from elements: [JSONValue], attribute: SchemaAttribute, path: String
    ) throws(SCIMError) -> JSONValue? {
        let listed = value.arrayValue ?? [value]
        var remaining = elements
        for item in listed {
            if case .object(let object) = item, let key = object["value"] {
                remaining.removeAll { $0["value"] == key }
            } else {
                remaining.removeAll { $0 == item }
            }
        }
        note("'remove' with a value list on '\(path)' removed only the listed values")
        return remaining.isEmpty ? nil : .array(remaining)
    }

    /// add/replace/remove on `attribute.sub` without a value filter. On a multi-valued attribute this
    /// reaches every element (an add or replace on an empty list creates one element).
    mutating func applyToSubAttribute(_ op: PatchOperation.Op, _ target: ResolvedAttribute, value: JSONValue?)
        throws(SCIMError)
    {
        // Safe by the caller: the target has a sub-attribute.
        guard let subName = target.subAttributeName else { return }
        let path = target.path.description
        let current = self.value(of: target)
        if target.mutability == .readOnly {
            var currentLeaf = current?[subName]
            if case .array(let elements)? = current {
                let values = elements.compactMap { $0[subName] }
                currentLeaf = values.isEmpty ? nil : .array(values)
            }
            try checkReadOnly(op, target, sent: value, current: currentLeaf)
            return
        }
        var leafValue: JSONValue?
        if op != .remove {
            leafValue = try coerceLeaf(value ?? .null, for: target, path: path)
            if leafValue == nil { note("null for '\(path)' read as remove") }
        }
        var newValue: JSONValue?
        var hadValue = false
        if target.attribute.multiValued {
            var elements = current?.arrayValue ?? []
            hadValue = elements.contains { $0[subName].map { !$0.isNull } ?? false }
            if let leafValue, elements.isEmpty {
                note("created a '\(target.attribute.name)' element for '\(path)'")
                elements = [.object([subName: leafValue])]
            } else {
                for index in elements.indices { elements[index].setMember(subName, to: leafValue) }
                elements.removeAll { $0.objectValue?.isEmpty == true }
            }
            newValue = elements.isEmpty ? nil : .array(elements)
        } else {
            var object = current?.objectValue ?? JSONObject()
            hadValue = object[subName].map { !$0.isNull } ?? false
            object[subName] = leafValue
            newValue = object.isEmpty ? nil : .object(object)
        }
        guard newValue != current else { return }
        if leafValue == nil && target.leaf.required {
            throw invalidValue("'\(path)' is required and cannot be removed")
        }
        try checkMutability(target, hadValue: hadValue)
        setValue(newValue, of: target)
    }

    /// Checks a value for the leaf a path ends at (a defined sub-attribute or an open `metadata` key).
    mutating func coerceLeaf(_ value: JSONValue, for target: ResolvedAttribute, path: String) throws(SCIMError)
        -> JSONValue?
    {
        if target.isOpenSubAttribute { return try coerceOpenValue(value, path: path) }
        return try coerceScalar(value, to: target.leaf, path: path)
    }

    /// RFC 7643 §2.4: `primary: true` appears at most once. The last of `preferred` that is primary keeps
    /// it (the values just written win); the others become `false`.
    static func normalisePrimary(_ elements: inout [JSONValue], preferring preferred: [Int]) {
        let primaries = elements.indices.filter { elements[$0]["primary"] == .bool(true) }
        guard primaries.count > 1, let keep = preferred.last(where: primaries.contains) ?? primaries.last else {
            return
        }
        for index in primaries where index != keep {
            elements[index].setMember("primary", to: .bool(false))
        }
    }
}

extension JSONValue {
    /// Sets (or with `nil` removes) a member when this is an object; does nothing otherwise.
    mutating func setMember(_ key: String, to value: JSONValue?) {
        guard case .object(var object) = self else { return }
        object[key] = value
        self = .object(object)
    }
}
