// Strings and numbers: the byte loops that dominate parse time.

extension JSONParser {
    /// Parses a string starting at the opening quote. Unescaped strings become a `String` straight from the
    /// input bytes; strings with escapes go through `scratch`.
    mutating func parseString() throws(JSONParseError) -> String {
        position += 1  // opening quote
        let start = position
        // The common case, plain ASCII up to the closing quote, runs on locals.
        var index = position
        let end = count
        while index < end {
            let byte = bytes[index]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") && byte < 0x80 {
                index += 1
                continue
            }
            break
        }
        position = index
        while position < count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                let length = position - start
                try checkStringLength(length, at: start)
                position += 1
                lastStringWasEscaped = false
                return String(
                    decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)]), as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[start..<position]))
                return try parseEscapedString(start: start)
            }
            if byte < 0x20 {
                throw controlCharacterError(byte)
            }
            if byte < 0x80 {
                position += 1
            } else {
                position += try validateUTF8Sequence()
            }
        }
        throw JSONParseError(.unexpectedEnd, at: position, "unterminated string")
    }

    /// Continues a string after its first backslash, accumulating the decoded bytes in `scratch`.
    private mutating func parseEscapedString(start: Int) throws(JSONParseError) -> String {
        while position < count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                try checkStringLength(scratch.count, at: start)
                position += 1
                lastStringWasEscaped = true
                return String(decoding: scratch, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") {
                try parseEscape()
            } else if byte < 0x20 {
                throw controlCharacterError(byte)
            } else if byte < 0x80 {
                scratch.append(byte)
                position += 1
            } else {
                let length = try validateUTF8Sequence()
                scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[position..<(position + length)]))
                position += length
            }
            if scratch.count > limits.maxStringBytes {
                try checkStringLength(scratch.count, at: start)
            }
        }
        throw JSONParseError(.unexpectedEnd, at: position, "unterminated string")
    }

    @inline(__always)
    private func checkStringLength(_ length: Int, at offset: Int) throws(JSONParseError) {
        if length > limits.maxStringBytes {
            throw JSONParseError(.stringTooLong, at: offset, "string longer than \(limits.maxStringBytes) bytes")
        }
    }

    private func controlCharacterError(_ byte: UInt8) -> JSONParseError {
        if byte == 0 {
            return JSONParseError(.nulCharacter, at: position, "U+0000 is not allowed in strings")
        }
        return JSONParseError(.controlCharacter, at: position, "unescaped control character in string")
    }

    /// Decodes one escape sequence at `position` into `scratch`.
    private mutating func parseEscape() throws(JSONParseError) {
        let escapeStart = position
        guard position + 1 < count else {
            throw JSONParseError(.unexpectedEnd, at: position, "unterminated escape sequence")
        }
        let code = bytes[position + 1]
        position += 2
        switch code {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(code)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try parseHex4(escapeStart: escapeStart)
            if scalar >= 0xD800 && scalar <= 0xDBFF {
                // A high surrogate must be followed by an escaped low surrogate.
                guard position + 1 < count, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u")
                else {
                    throw JSONParseError(.loneSurrogate, at: escapeStart, "high surrogate without a low surrogate")
                }
                position += 2
                let low = try parseHex4(escapeStart: position - 2)
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw JSONParseError(.loneSurrogate, at: escapeStart, "high surrogate without a low surrogate")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                throw JSONParseError(.loneSurrogate, at: escapeStart, "low surrogate without a high surrogate")
            } else if scalar == 0 {
                throw JSONParseError(.nulCharacter, at: escapeStart, "U+0000 is not allowed in strings")
            }
            appendUTF8(scalar)
        default:
            throw JSONParseError(.invalidEscape, at: escapeStart, "invalid escape sequence")
        }
    }

    private mutating func parseHex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        guard position + 4 <= count else {
            throw JSONParseError(.invalidEscape, at: escapeStart, "\\u needs four hex digits")
        }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[position + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONParseError(.invalidEscape, at: escapeStart, "\\u needs four hex digits")
            }
            value = value << 4 | UInt32(digit)
        }
        position += 4
        return value
    }

    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }

    /// Validates the multi-byte UTF-8 sequence at `position` (Unicode Table 3-7: no overlong forms,
    /// no surrogates, nothing above U+10FFFF) and returns its length.
    private func validateUTF8Sequence() throws(JSONParseError) -> Int {
        let lead = bytes[position]
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondHigh = 0x9F
        case 0xF0: length = 4; secondLow = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondHigh = 0x8F
        default: throw JSONParseError(.invalidUTF8, at: position, "invalid UTF-8")
        }
        guard position + length <= count else {
            throw JSONParseError(.invalidUTF8, at: position, "truncated UTF-8 sequence")
        }
        let second = bytes[position + 1]
        guard second >= secondLow && second <= secondHigh else {
            throw JSONParseError(.invalidUTF8, at: position, "invalid UTF-8")
        }
        for offset in 2..<length where bytes[position + offset] & 0xC0 != 0x80 {
            throw JSONParseError(.invalidUTF8, at: position, "invalid UTF-8")
        }
        return length
    }

    /// Parses a number per RFC 8259 §6 and keeps its text.
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = position
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < count, isDigit(bytes[position]) else {
            throw JSONParseError(.invalidNumber, at: position, "expected a digit")
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < count && isDigit(bytes[position]) {
                throw JSONParseError(.invalidNumber, at: position, "leading zeros are not allowed")
            }
        } else {
            skipDigits()
        }
        if position < count && bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard position < count, isDigit(bytes[position]) else {
                throw JSONParseError(.invalidNumber, at: position, "expected a digit after '.'")
            }
            skipDigits()
        }
        if position < count && (bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E")) {
            position += 1
            if position < count && (bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-")) {
                position += 1
            }
            guard position < count, isDigit(bytes[position]) else {
                throw JSONParseError(.invalidNumber, at: position, "expected a digit in the exponent")
            }
            skipDigits()
        }
        if position - start > limits.maxStringBytes {
            throw JSONParseError(.stringTooLong, at: start, "number longer than \(limits.maxStringBytes) bytes")
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        return JSONNumber(unchecked: text)
    }

    @inline(__always)
    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    @inline(__always)
    private mutating func skipDigits() {
        while position < count && isDigit(bytes[position]) { position += 1 }
    }
}
