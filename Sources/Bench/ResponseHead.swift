/// The parts of an HTTP/1.1 response head the load generator needs.
struct ResponseHead: Equatable {
    /// The status code.
    var status: Int
    /// `Content-Length` (0 when absent on a status without a body).
    var contentLength: Int
    /// The `Location` header.
    var location: String?
    /// Whether the server closes the connection after this response.
    var closes: Bool

    /// The index just past the blank line ending the head in `bytes[from..<to]`, or nil.
    static func endOfHead(_ bytes: [UInt8], from: Int, to: Int) -> Int? {
        guard to - from >= 4 else { return nil }
        var index = from
        while index + 3 < to {
            if bytes[index + 3] == 10 && bytes[index + 2] == 13 && bytes[index + 1] == 10 && bytes[index] == 13 {
                return index + 4
            }
            index += 1
        }
        return nil
    }

    /// Parses a head (status line and headers, ending with the blank line).
    static func parse(_ bytes: ArraySlice<UInt8>) throws(ClientError) -> ResponseHead {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: true).makeIterator()
        guard let statusLine = lines.next(), statusLine.hasPrefix("HTTP/1."),
            let code = statusLine.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { throw .protocolError("bad status line") }
        var head = ResponseHead(status: code, contentLength: 0, location: nil, closes: statusLine.hasPrefix("HTTP/1.0"))
        var hasLength = false
        while let line = lines.next() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            switch name {
            case "content-length":
                guard let length = Int(value), length >= 0 else { throw .protocolError("bad Content-Length") }
                head.contentLength = length
                hasLength = true
            case "location": head.location = String(value)
            case "connection": head.closes = value.lowercased().contains("close")
            case "transfer-encoding": throw .protocolError("chunked responses are not supported")
            default: continue
            }
        }
        if !hasLength && code != 204 && code != 304 && code >= 200 {
            throw .protocolError("response without Content-Length")
        }
        return head
    }
}
