/// Full User and Group documents: validates a POST or PUT body (RFC 7644 §3.3, §3.5.1) into canonical
/// attributes, renders a stored resource for a response, and compares two versions for PUT.
///
/// Validation follows RFC 7643 and accepts what Okta and Entra ID actually send, recording each IdP-dialect
/// reading in ``ValidatedResource/rewrites``:
/// - attribute names are case-insensitive and come back in their canonical spelling; unknown attributes and
///   sub-attributes are refused (400 `invalidSyntax`), never dropped;
/// - read-only attributes (`id`, `meta`, `groups`, `manager.displayName`) are ignored, as RFC 7644 §3.3 and
///   §3.5.1 ask (Okta sends `"groups": []`, Entra `"meta": {"resourceType": "User"}`); `null` is unassigned
///   (Entra sends `"addresses": null`, `"manager": null`); `password` is kept apart;
/// - extension attributes go under their URN key; also accepted (with a rewrite): URN-qualified and dotted keys
///   (`"urn:…:enterprise:2.0:User:department"`, `"name.givenName"`), unqualified extension attributes at the
///   top level (`"department"`), Entra's `"True"`/`"False"` strings, the manager as a bare id string, and
///   Entra's extra ADSCIM Group schema URN;
/// - Okta's custom attributes arrive as a top-level `"metadata": {…}` object of strings, numbers and Booleans
///   (bounded by ``ResourceLimits``); they belong to Roster's extension, whose attributes sit at the top level,
///   so they are stored and rendered as top-level `metadata`, where Okta reads them back. No rewrite is
///   recorded for that: it is Roster's own form. `{"urn:…:roster:2.0:User": {"metadata": {…}}}` is accepted too.
public enum ResourceDocument {
    /// Validates a full `type` body (default User).
    ///
    /// Throws 400 `invalidSyntax` for a body that is not an object, a missing or wrong `schemas` list and
    /// unknown attributes; 400 `invalidValue` for wrong value types, two `primary: true` values in one
    /// attribute, values beyond `limits`, and a missing `userName` ("userName is required") or Group
    /// `displayName` ("displayName is required").
    public static func validate(
        _ body: JSONValue, as type: ResourceType = .user, limits: ResourceLimits = .default
    ) throws(SCIMError) -> ValidatedResource {
        var validator = DocumentValidator(type: type, limits: limits)
        return try validator.validate(body)
    }
}
