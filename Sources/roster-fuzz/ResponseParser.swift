/// A response as received, after its framing was checked.
struct ParsedResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// Bytes of the buffer this response took (head and body).
    var consumed: Int

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Parses one HTTP/1.1 response from the start of a buffer, strictly: a status line `HTTP/1.1 NNN reason`,
/// header fields of token names and visible-ASCII values, and a body framed by exactly one `Content-Length`
/// or by `Transfer-Encoding: chunked` (nothing for `HEAD`, 1xx, 204 and 304).
enum ResponseParser {
    enum Outcome {
        case incomplete
        case malformed(String)
        case complete(ParsedResponse)
    }

    static let maxHead = 65_536

    static func parse(_ buffer: ArraySlice<UInt8>, isHead: Bool) -> Outcome {
        guard let headEnd = find([0x0D, 0x0A, 0x0D, 0x0A], in: buffer) else {
            return buffer.count > maxHead ? .malformed("response head longer than \(maxHead) bytes") : .incomplete
        }
        let headBytes = buffer[buffer.startIndex..<headEnd]
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = headBytes.startIndex
        var index = headBytes.startIndex
        while index < headBytes.endIndex {
            if headBytes[index] == 0x0D {
                guard index + 1 < headBytes.endIndex, headBytes[index + 1] == 0x0A else {
                    return .malformed("bare CR in the response head")
                }
                lines.append(headBytes[lineStart..<index])
                index += 2
                lineStart = index
                continue
            }
            if headBytes[index] == 0x0A { return .malformed("bare LF in the response head") }
            index += 1
        }
        lines.append(headBytes[lineStart..<headBytes.endIndex])
        let statusLine = String(decoding: lines.removeFirst(), as: UTF8.self)
        let statusBytes = Array(statusLine.utf8)
        guard statusBytes.count >= 13, statusLine.hasPrefix("HTTP/1.1 "), statusBytes[12] == 0x20,
            let status = Int(String(decoding: statusBytes[9..<12], as: UTF8.self)), (100...599).contains(status),
            statusBytes[13...].allSatisfy({ $0 >= 0x20 && $0 < 0x7F || $0 == 0x09 })
        else { return .malformed("bad status line \(statusLine.debugDescription)") }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex else {
                return .malformed(
                    "header line without a name: \(String(decoding: line, as: UTF8.self).debugDescription)")
            }
            let name = line[line.startIndex..<colon]
            let value = line[(colon + 1)...]
            guard name.allSatisfy(isTokenByte) else { return .malformed("bad header name") }
            guard value.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }) else {
                return .malformed("control or non-ASCII byte in header \(String(decoding: name, as: UTF8.self))")
            }
            headers.append(
                (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self).trimmingSpaces()))
        }
        let lengths = headers.filter { $0.name.lowercased() == "content-length" }
        let encodings = headers.filter { $0.name.lowercased() == "transfer-encoding" }
        let bodyStart = headEnd + 4
        var response = ParsedResponse(status: status, headers: headers, body: [], consumed: 0)
        if isHead || status < 200 || status == 204 || status == 304 {
            if status == 204, !lengths.isEmpty { return .malformed("204 with Content-Length") }
            response.consumed = bodyStart - buffer.startIndex
            return .complete(response)
        }
        if !encodings.isEmpty {
            guard encodings.count == 1, encodings[0].value.lowercased() == "chunked", lengths.isEmpty else {
                return .malformed("Transfer-Encoding \(encodings.map(\.value)) with \(lengths.count) Content-Length")
            }
            return parseChunked(buffer, from: bodyStart, response: response)
        }
        guard lengths.count == 1, let length = Int(lengths[0].value), length >= 0,
            lengths[0].value.allSatisfy(\.isASCIIDigit)
        else { return .malformed("\(lengths.count) Content-Length headers: \(lengths.map(\.value))") }
        guard buffer.endIndex - bodyStart >= length else { return .incomplete }
        response.body = Array(buffer[bodyStart..<(bodyStart + length)])
        response.consumed = bodyStart + length - buffer.startIndex
        return .complete(response)
    }

    private static func parseChunked(_ buffer: ArraySlice<UInt8>, from start: Int, response: ParsedResponse) -> Outcome
    {
        var response = response
        var position = start
        while true {
            guard let lineEnd = find([0x0D, 0x0A], in: buffer[position...]) else { return .incomplete }
            let sizeText = String(decoding: buffer[position..<lineEnd], as: UTF8.self)
            guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16), size >= 0 else {
                return .malformed("bad chunk size \(sizeText.debugDescription)")
            }
            position = lineEnd + 2
            if size == 0 {
                guard let end = find([0x0D, 0x0A, 0x0D, 0x0A], in: buffer[(position - 2)...]) else {
                    return .incomplete
                }
                response.consumed = end + 4 - buffer.startIndex
                return .complete(response)
            }
            guard buffer.endIndex - position >= size + 2 else { return .incomplete }
            response.body += buffer[position..<(position + size)]
            guard buffer[position + size] == 0x0D, buffer[position + size + 1] == 0x0A else {
                return .malformed("chunk data not followed by CRLF")
            }
            position += size + 2
        }
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
    }

    static func find(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var index = haystack.startIndex
        let last = haystack.endIndex - needle.count
        while index <= last {
            if haystack[index] == needle[0] {
                var matches = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matches = false
                    break
                }
                if matches { return index }
            }
            index += 1
        }
        return nil
    }
}

extension String {
    func trimmingSpaces() -> String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
