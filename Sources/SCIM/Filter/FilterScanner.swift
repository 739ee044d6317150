/// The tokenizer shared by the filter and PATCH path parsers: reads words, JSON strings and
/// punctuation from UTF-8 bytes and reports positions as 1-based character numbers.
struct FilterScanner {
    /// A token.
    enum Token: Equatable {
        /// `(`, `)`, `[`, `]`.
        case punctuation(UInt8)
        /// A run of bytes up to whitespace, punctuation or a quote: names, paths, operators, literals.
        case word(String)
        /// A JSON string, decoded.
        case string(String)
        /// End of input.
        case end
    }

    let text: String
    let bytes: [UInt8]
    /// Byte offset of the next unread byte.
    var position = 0
    /// Byte offset where the last token read started.
    var tokenStart = 0
    /// The `scimType` of errors: `invalidFilter` for filters, `invalidPath` for PATCH paths.
    let errorType: SCIMType

    init(_ text: String, errorType: SCIMType) {
        self.text = text
        self.bytes = Array(text.utf8)
        self.errorType = errorType
    }

    /// An error "at character N: message" for the byte offset `offset`.
    func error(_ message: String, at offset: Int? = nil) -> SCIMError {
        let offset = min(offset ?? tokenStart, bytes.count)
        let character = String(decoding: bytes[..<offset], as: UTF8.self).count + 1
        return SCIMError(status: 400, scimType: errorType, detail: "at character \(character): \(message)")
    }

    mutating func skipWhitespace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) {
            position += 1
        }
    }

    /// The next token without consuming it.
    mutating func peek() throws(SCIMError) -> Token {
        let saved = position
        let token = try next()
        position = saved
        return token
    }

    /// Whether the next byte (without skipping whitespace) is `byte`.
    func nextByteIs(_ byte: UInt8) -> Bool {
        position < bytes.count && bytes[position] == byte
    }

    /// Reads the next token.
    mutating func next() throws(SCIMError) -> Token {
        skipWhitespace()
        tokenStart = position
        guard position < bytes.count else { return .end }
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"):
            position += 1
            return .punctuation(byte)
        case UInt8(ascii: "\""):
            return .string(try readString())
        case 0..<0x20, 0x7F:
            throw error("unexpected control character")
        default:
            let start = position
            while position < bytes.count, !FilterScanner.endsWord(bytes[position]) { position += 1 }
            return .word(String(decoding: bytes[start..<position], as: UTF8.self))
        }
    }

    static func endsWord(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "\""):
            return true
        default:
            return byte <= 0x20 || byte == 0x7F
        }
    }

    /// Reads a JSON string starting at the quote and decodes it with the JSON parser (all escapes,
    /// surrogate pairs, UTF-8 checks).
    private mutating func readString() throws(SCIMError) -> String {
        let start = position
        position += 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                let value: JSONValue
                do {
                    value = try JSONValue.parse(bytes[start..<position])
                } catch {
                    throw self.error("invalid string: \(error.message)", at: start + error.offset)
                }
                guard case .string(let string) = value else { throw error("invalid string", at: start) }
                return string
            case UInt8(ascii: "\\"):
                position += 2
            default:
                position += 1
            }
        }
        throw error("unterminated string", at: start)
    }
}
