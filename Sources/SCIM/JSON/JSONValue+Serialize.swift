// The compact serializer: UTF-8 out, no escaping of '/', members in stored order.

extension JSONValue {
    /// The compact JSON text of this value as UTF-8 bytes.
    public func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(1024)
        serialize(into: &output)
        return output
    }

    /// Appends the compact JSON text of this value to `output`.
    public func serialize(into output: inout [UInt8]) {
        switch self {
        case .null:
            output.append(contentsOf: JSONValue.nullBytes)
        case .bool(let value):
            output.append(contentsOf: value ? JSONValue.trueBytes : JSONValue.falseBytes)
        case .number(let number):
            output.append(contentsOf: number.text.utf8)
        case .string(let string):
            JSONValue.serialize(string: string, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            var isFirst = true
            for element in elements {
                if !isFirst { output.append(UInt8(ascii: ",")) }
                isFirst = false
                element.serialize(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            object.serialize(into: &output)
        }
    }

    /// Appends `string` as a quoted JSON string, escaping `"`, `\` and control characters only.
    public static func serialize(string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if runStart < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                runStart = index + 1
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                case 0x0A: output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(UInt8(ascii: "r"))
                case 0x09: output.append(UInt8(ascii: "t"))
                default:
                    output.append(contentsOf: [
                        UInt8(ascii: "u"), 0x30, 0x30, hexDigit(byte >> 4), hexDigit(byte & 0xF),
                    ])
                }
            }
            if runStart < utf8.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    private static let nullBytes: [UInt8] = Array("null".utf8)
    private static let trueBytes: [UInt8] = Array("true".utf8)
    private static let falseBytes: [UInt8] = Array("false".utf8)
}

extension JSONObject {
    /// Appends the compact JSON text of this object to `output`, members in stored order.
    public func serialize(into output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        var isFirst = true
        for member in members {
            if !isFirst { output.append(UInt8(ascii: ",")) }
            isFirst = false
            JSONValue.serialize(string: member.key, into: &output)
            output.append(UInt8(ascii: ":"))
            member.value.serialize(into: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    /// The compact JSON text of this object as UTF-8 bytes.
    public func serialized() -> [UInt8] {
        JSONValue.object(self).serialized()
    }
}

extension String {
    /// The compact JSON text of `value`.
    public init(json value: JSONValue) {
        self.init(decoding: value.serialized(), as: UTF8.self)
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text.
    public var description: String { String(json: self) }
}
