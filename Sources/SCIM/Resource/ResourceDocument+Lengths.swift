extension ResourceDocument {
    /// Checks the strings the database keeps under a length constraint or in an index, so an over-long value is a
    /// 400 `invalidValue` instead of a row the database refuses (a 500): `userName` and a Group's `displayName`
    /// (at most `maxUserNameBytes`), `externalId` and each `emails.value` (at most `maxIndexedBytes`: B-tree and
    /// GIN entries hold about 2.7 KB). Runs on validated documents and on PATCH results alike.
    public static func checkStoredLengths(
        _ attributes: JSONObject, type: ResourceType, limits: ResourceLimits = .default
    ) throws(SCIMError) {
        let name = type == .group ? "displayName" : "userName"
        if let value = attributes[name]?.stringValue, value.utf8.count > limits.maxUserNameBytes {
            throw .invalidValue("\(name) is longer than \(limits.maxUserNameBytes) bytes")
        }
        if let id = attributes["externalId"]?.stringValue, id.utf8.count > limits.maxIndexedBytes {
            throw .invalidValue("externalId is longer than \(limits.maxIndexedBytes) bytes")
        }
        for email in attributes["emails"]?.arrayValue ?? [] {
            if let value = email.objectValue?["value"]?.stringValue, value.utf8.count > limits.maxIndexedBytes {
                throw .invalidValue("emails.value is longer than \(limits.maxIndexedBytes) bytes")
            }
        }
    }
}
