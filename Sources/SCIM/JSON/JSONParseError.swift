/// Why a JSON document was rejected, and where (a byte offset into the input).
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The class of error.
    public enum Kind: Sendable, Hashable {
        /// The input ended inside a value (or was empty).
        case unexpectedEnd
        /// A byte that cannot start or continue a value here (includes trailing commas).
        case unexpectedByte
        /// A malformed number (leading zero, missing digits, …).
        case invalidNumber
        /// A malformed literal (`tru`, `nul`, …).
        case invalidLiteral
        /// An unknown escape or malformed `\uXXXX`.
        case invalidEscape
        /// A `\uXXXX` surrogate without its pair.
        case loneSurrogate
        /// Bytes that are not well-formed UTF-8 (including overlong forms and encoded surrogates).
        case invalidUTF8
        /// An unescaped control character (U+0000–U+001F) in a string.
        case controlCharacter
        /// U+0000 in a string (escaped as `\u0000`): rejected because PostgreSQL text cannot hold it.
        case nulCharacter
        /// The same key twice in one object, compared ASCII case-insensitively.
        case duplicateKey
        /// Data after the document.
        case trailingData
        /// Nesting deeper than ``JSONLimits/maxDepth``.
        case tooDeep
        /// Input longer than ``JSONLimits/maxBytes``.
        case tooLarge
        /// A string or number longer than ``JSONLimits/maxStringBytes``.
        case stringTooLong
        /// An array or object with more than ``JSONLimits/maxMembers`` entries.
        case tooManyMembers
    }

    /// The class of error.
    public let kind: Kind
    /// Offset of the offending byte from the start of the input.
    public let offset: Int
    /// A short human-readable message (safe to show a client).
    public let message: String

    /// An error of `kind` at `offset`.
    public init(_ kind: Kind, at offset: Int, _ message: String) {
        self.kind = kind
        self.offset = offset
        self.message = message
    }

    /// "at byte N: message".
    public var description: String { "at byte \(offset): \(message)" }
}
