/// A JSON number kept as its exact literal text, so `1.10` and `12345678901234567890` round-trip.
///
/// Two numbers are equal when they denote the same decimal value (`1.0 == 1 == 10e-1`, `-0 == 0`);
/// serialization always writes the original text.
public struct JSONNumber: Sendable, CustomStringConvertible {
    /// The literal text, valid per RFC 8259 §6.
    public let text: String

    /// A number from literal text; `nil` unless `text` is a valid RFC 8259 number.
    public init?(_ text: String) {
        guard JSONNumber.isValidLiteral(text.utf8) else { return nil }
        self.text = text
    }

    /// A number from already-validated text (the parser's fast path).
    init(unchecked text: String) {
        self.text = text
    }

    /// An integer.
    public init(_ value: Int) { self.text = String(value) }

    /// A 64-bit integer.
    public init(_ value: Int64) { self.text = String(value) }

    /// A finite double in Swift's shortest round-trip form; `nil` for NaN and infinities.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        // Swift writes e.g. "1e-05" and "1e+16", both valid JSON numbers.
        self.text = value.description
    }

    /// The literal text.
    public var description: String { text }

    /// Whether the literal is written as an integer (no fraction, no exponent).
    public var isInteger: Bool {
        !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// The value as `Int64` when the literal is an integer that fits; `nil` otherwise.
    public var int64Value: Int64? {
        isInteger ? Int64(text) : nil
    }

    /// The value as `Int` when the literal is an integer that fits; `nil` otherwise.
    public var intValue: Int? {
        isInteger ? Int(text) : nil
    }

    /// The nearest `Double` (may lose precision; huge exponents give ±infinity).
    public var doubleValue: Double {
        Double(text) ?? .nan
    }
}

extension JSONNumber {
    /// Whether `bytes` is exactly one RFC 8259 number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    static func isValidLiteral(_ bytes: some Collection<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var byte = iterator.next()
        func isDigit(_ b: UInt8?) -> Bool { b.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false }
        if byte == UInt8(ascii: "-") { byte = iterator.next() }
        if byte == UInt8(ascii: "0") {
            byte = iterator.next()
        } else if isDigit(byte) {
            repeat { byte = iterator.next() } while isDigit(byte)
        } else {
            return false
        }
        if byte == UInt8(ascii: ".") {
            byte = iterator.next()
            guard isDigit(byte) else { return false }
            repeat { byte = iterator.next() } while isDigit(byte)
        }
        if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
            byte = iterator.next()
            if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") { byte = iterator.next() }
            guard isDigit(byte) else { return false }
            repeat { byte = iterator.next() } while isDigit(byte)
        }
        return byte == nil
    }
}

extension JSONNumber: Hashable {
    /// Equal when both literals denote the same decimal value.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if lhs.text == rhs.text { return true }
        guard let left = Canonical(lhs.text), let right = Canonical(rhs.text) else { return false }
        return left == right
    }

    /// Hashes the canonical decimal value, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        if let canonical = Canonical(text) {
            hasher.combine(canonical)
        } else {
            hasher.combine(text)
        }
    }

    /// A normalised decimal: sign, significant digits without leading/trailing zeros, exponent.
    private struct Canonical: Hashable {
        var isNegative: Bool
        var digits: [UInt8]
        var exponent: Int

        /// `nil` when the exponent does not fit in `Int` (callers then compare texts).
        init?(_ text: String) {
            var isNegative = false
            var digits: [UInt8] = []
            var fractionCount = 0
            var exponent = 0
            var exponentSign = 1
            var state = 0  // 0 integer part, 1 fraction, 2 exponent
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "-") where state == 0: isNegative = true
                case UInt8(ascii: "-"): exponentSign = -1
                case UInt8(ascii: "+"): break
                case UInt8(ascii: "."): state = 1
                case UInt8(ascii: "e"), UInt8(ascii: "E"): state = 2
                default:
                    if state == 2 {
                        let (times, o1) = exponent.multipliedReportingOverflow(by: 10)
                        let (sum, o2) = times.addingReportingOverflow(Int(byte &- UInt8(ascii: "0")))
                        guard !o1, !o2, sum < Int.max / 4 else { return nil }
                        exponent = sum
                    } else {
                        if state == 1 { fractionCount += 1 }
                        // Leading zeros are dropped; in the fraction they still count towards the exponent.
                        if !digits.isEmpty || byte != UInt8(ascii: "0") { digits.append(byte) }
                    }
                }
            }
            exponent = exponent * exponentSign - fractionCount
            while digits.last == UInt8(ascii: "0") {
                digits.removeLast()
                exponent += 1
            }
            if digits.isEmpty {
                isNegative = false
                exponent = 0
            }
            self.isNegative = isNegative
            self.digits = digits
            self.exponent = exponent
        }
    }
}
