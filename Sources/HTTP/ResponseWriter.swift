/// Turns an ``HTTPResponse`` into the bytes of one HTTP/1.1 response, header and body in one buffer
/// (one `send`, so Nagle never splits them).
///
/// This is the only place response bytes are produced. The writer owns `Content-Length`, `Date`,
/// `Connection` and `Transfer-Encoding`; handler copies of those are not written. Header names that are
/// not tokens are dropped; in values, CR, LF, NUL and the other control bytes (except HTAB) become spaces,
/// as swift-http-types does, so a value copied from a request cannot split the response.
enum ResponseWriter {
    /// The interim response for `Expect: 100-continue`.
    static let continueResponse: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Serializes `response`.
    ///
    /// - Parameters:
    ///   - isHeadRequest: the request was `HEAD`: headers as for `GET` (same `Content-Length`), no body.
    ///   - version: the request's version; an HTTP/1.0 keep-alive response says `Connection: keep-alive`.
    ///   - keepAlive: whether the connection may stay open; the handler can still ask to close.
    ///   - date: the `Date` value.
    /// - Returns: the bytes, and whether the connection stays open after them.
    static func serialize(
        _ response: HTTPResponse, isHeadRequest: Bool, version: HTTPVersion, keepAlive: Bool, date: [UInt8]
    ) -> (bytes: [UInt8], keepAlive: Bool) {
        var status = response.status
        var body = response.body
        if status < 200 || status > 999 {
            status = 500
            body = []
        }
        var keepAlive = keepAlive
        var declaredLength: String?
        var out: [UInt8] = []
        out.reserveCapacity(160 + response.headers.count * 40 + (isHeadRequest ? 0 : body.count))
        out.append(contentsOf: "HTTP/1.1 \(status) \(HTTPResponse.reasonPhrase(for: status))\r\n".utf8)
        for field in response.headers {
            let name = field.name.utf8
            guard ASCII.isToken(name) else { continue }
            if ASCII.equalsIgnoringCase(name, "connection") {
                if HTTPRequest.keepAlive(version: .http1_1, headers: [field.name: field.value]) == false {
                    keepAlive = false
                }
                continue
            }
            if ASCII.equalsIgnoringCase(name, "content-length") {
                // A HEAD handler may state the length of the GET body it did not build.
                let value = field.value.utf8
                if isHeadRequest && body.isEmpty && !value.isEmpty && value.allSatisfy({ (0x30...0x39).contains($0) }) {
                    declaredLength = field.value
                }
                continue
            }
            if ASCII.equalsIgnoringCase(name, "transfer-encoding") || ASCII.equalsIgnoringCase(name, "date") {
                continue
            }
            out.append(contentsOf: name)
            out.append(ASCII.colon)
            out.append(ASCII.space)
            appendLegalized(field.value, to: &out)
            out.append(ASCII.cr)
            out.append(ASCII.lf)
        }
        // RFC 9110 §8.6, §15.3.5, §15.4.5: no Content-Length and no content for 204; no content for 304.
        let hasContent = status != 204 && status != 304
        if hasContent {
            out.append(contentsOf: "Content-Length: \(declaredLength ?? String(body.count))\r\n".utf8)
        }
        out.append(contentsOf: "Date: ".utf8)
        out.append(contentsOf: date)
        out.append(contentsOf: "\r\n".utf8)
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if !version.isAtLeastHTTP11 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        if hasContent && !isHeadRequest {
            out.append(contentsOf: body)
        }
        return (out, keepAlive)
    }

    /// Appends `value` with every byte that may not appear in a field value replaced by a space.
    static func appendLegalized(_ value: String, to out: inout [UInt8]) {
        for byte in value.utf8 {
            out.append(ASCII.isFieldValueByte(byte) ? byte : ASCII.space)
        }
    }
}
