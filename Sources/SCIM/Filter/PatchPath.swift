/// A PATCH operation path (RFC 7644 §3.5.2: `PATH = attrPath / valuePath [subAttr]`), e.g. `nickName`,
/// `name.givenName`, `members[value eq "2819c223"]`, `emails[type eq "work"].value`,
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`.
public struct PatchPath: Sendable, Hashable, CustomStringConvertible {
    /// The attribute, with the sub-attribute whether written as `a.b` or after a value filter `a[…].b`.
    public var attribute: AttributePath
    /// The value filter selecting elements of a multi-valued attribute, relative to it.
    public var filter: Filter?

    /// A path from parts.
    public init(attribute: AttributePath, filter: Filter? = nil) {
        self.attribute = attribute
        self.filter = filter
    }

    /// Parses a PATCH path or throws 400 `invalidPath` naming the character position.
    public init(parsing text: String, limits: FilterLimits = .default) throws(SCIMError) {
        guard text.utf8.count <= limits.maxLength else {
            throw .invalidPath("path longer than \(limits.maxLength) bytes")
        }
        var grammar = FilterGrammar(text: text, limits: limits, errorType: .invalidPath)
        let token = try grammar.scanner.next()
        guard case .word(let word) = token else {
            throw grammar.scanner.error("expected an attribute path")
        }
        var attribute = try grammar.parsePath(word, inValuePath: false)
        var filter: Filter?
        if grammar.scanner.nextByteIs(UInt8(ascii: "[")) {
            guard attribute.subAttribute == nil else {
                throw grammar.scanner.error("a value filter must follow an attribute, not a sub-attribute", at: 0)
            }
            filter = try grammar.parseValueFilter(depth: 0)
            if grammar.scanner.nextByteIs(UInt8(ascii: ".")) {
                attribute.subAttribute = try grammar.parseSubAttributeAfterBracket()
            }
        }
        let trailing = try grammar.scanner.next()
        guard trailing == .end else {
            throw grammar.scanner.error("unexpected \(FilterGrammar.describe(trailing)) after the end of the path")
        }
        self.init(attribute: attribute, filter: filter)
    }

    /// The path as PATCH text.
    public var description: String {
        guard let filter else { return attribute.description }
        var text = attribute.withoutSubAttribute.description + "[\(filter)]"
        if let sub = attribute.subAttribute { text += "." + sub }
        return text
    }
}
