// Type checks and IdP dialect normalisation of PATCH values: ``ValueCoercion`` with the PATCH policy,
// its notes recorded as rewrites of the current operation and its errors prefixed with the operation number.

extension PatchState {
    /// Checks `value` against the whole attribute (`emails`, `name`, `active`, …) and returns it in canonical
    /// form; `nil` for JSON `null`, which RFC 7643 §2.5 treats as unassigned.
    mutating func coerce(_ value: JSONValue, toAttribute attribute: SchemaAttribute, path: String) throws(SCIMError)
        -> JSONValue?
    {
        try withCoercion { (coercion: inout ValueCoercion) throws(SCIMError) in
            try coercion.coerce(value, toAttribute: attribute, path: path)
        }
    }

    /// Checks one element of a multi-valued attribute.
    mutating func coerceElement(_ value: JSONValue, of attribute: SchemaAttribute, path: String) throws(SCIMError)
        -> JSONValue?
    {
        try withCoercion { (coercion: inout ValueCoercion) throws(SCIMError) in
            try coercion.coerceElement(value, of: attribute, path: path)
        }
    }

    /// A value under an open attribute (`metadata.<key>`): a string, number or boolean.
    mutating func coerceOpenValue(_ value: JSONValue, path: String) throws(SCIMError) -> JSONValue? {
        try withCoercion { (coercion: inout ValueCoercion) throws(SCIMError) in
            try coercion.coerceOpenValue(value, path: path)
        }
    }

    /// Checks a scalar against its type (RFC 7643 §2.3), reading Entra's `"True"`/`"False"` as Booleans.
    mutating func coerceScalar(_ value: JSONValue, to attribute: SchemaAttribute, path: String) throws(SCIMError)
        -> JSONValue?
    {
        try withCoercion { (coercion: inout ValueCoercion) throws(SCIMError) in
            try coercion.coerceScalar(value, to: attribute, path: path)
        }
    }

    /// Runs `body` with a PATCH-policy coercion, then records its notes for the current operation.
    private mutating func withCoercion(
        _ body: (inout ValueCoercion) throws(SCIMError) -> JSONValue?
    ) throws(SCIMError) -> JSONValue? {
        var coercion = ValueCoercion(policy: .patch)
        let result: JSONValue?
        do {
            result = try body(&coercion)
        } catch {
            throw SCIMError(
                status: error.status, scimType: error.scimType, detail: "operation \(operationNumber): \(error.detail)")
        }
        for message in coercion.notes { note(message) }
        return result
    }
}
