extension RequestParser {
    /// Looks for the empty line that ends the head, checking line endings and NULs on the way and
    /// enforcing the head size limit before the head is complete (so a never-ending head costs at most
    /// `maxHeadBytes` of memory). Each byte is examined once, however the input is split.
    mutating func scanHead() -> ScanResult {
        var index = start + scanned
        let end = buffer.count
        while index < end {
            let byte = buffer[index]
            if byte == ASCII.lf {
                // RFC 9112 §2.2: lines end in CRLF; a bare LF is refused rather than guessed at.
                guard index > start, buffer[index - 1] == ASCII.cr else {
                    return .failure(.badRequest("line ending without CR"))
                }
                if index - 1 == start + lineStart {
                    if lineStart == 0 {
                        // RFC 9112 §2.2: ignore empty lines received before the request line.
                        skippedBytes += index + 1 - start
                        start = index + 1
                        index = start
                        lineStart = 0
                        if skippedBytes > limits.maxHeadBytes {
                            return .failure(HTTPError(.headerFieldsTooLarge, "request head too large"))
                        }
                        continue
                    }
                    if index + 1 - start + skippedBytes > limits.maxHeadBytes {
                        return .failure(HTTPError(.headerFieldsTooLarge, "request head too large"))
                    }
                    scanned = 0
                    return .complete(index + 1)
                }
                lineStart = index + 1 - start
            } else if byte == ASCII.cr {
                // A CR must be followed by LF; wait for the next byte before judging.
                guard index + 1 < end else { break }
                if buffer[index + 1] != ASCII.lf {
                    return .failure(.badRequest("CR without LF"))
                }
            } else if byte == 0 {
                return .failure(.badRequest("NUL byte in request head"))
            }
            index += 1
            if index - start + skippedBytes > limits.maxHeadBytes {
                return .failure(HTTPError(.headerFieldsTooLarge, "request head too large"))
            }
        }
        scanned = index - start
        return .needMore
    }

    /// Parses and validates the head in `bytes[lower..<upper]`, which `scanHead` found to be a sequence
    /// of CRLF-terminated lines (no bare CR, bare LF or NUL) ending with an empty line.
    static func parseHead(
        _ bytes: [UInt8], from lower: Int, to upper: Int, limits: Limits
    ) -> Result<RequestHead, HTTPError> {
        guard let requestLine = nextLine(in: bytes, from: lower, to: upper) else {
            return .failure(.badRequest("missing request line"))
        }
        let method: HTTPMethod
        let target: String
        let version: HTTPVersion
        switch parseRequestLine(bytes, requestLine.line) {
        case .success(let parts): (method, target, version) = parts
        case .failure(let error): return .failure(error)
        }

        var headers = HTTPHeaders()
        var position = requestLine.next
        while let current = nextLine(in: bytes, from: position, to: upper), !current.line.isEmpty {
            position = current.next
            if headers.count >= limits.maxHeaderCount {
                return .failure(HTTPError(.headerFieldsTooLarge, "too many header fields"))
            }
            switch parseFieldLine(bytes, current.line) {
            case .success(let field): headers.add(field.name, field.value)
            case .failure(let error): return .failure(error)
            }
        }
        return validate(method: method, target: target, version: version, headers: headers, limits: limits)
    }

    /// The next CRLF-terminated line at or after `position`: its content range and where the next begins.
    static func nextLine(in bytes: [UInt8], from position: Int, to upper: Int) -> (line: Range<Int>, next: Int)? {
        var index = position
        while index + 1 < upper {
            if bytes[index] == ASCII.cr && bytes[index + 1] == ASCII.lf {
                return (position..<index, index + 2)
            }
            index += 1
        }
        return nil
    }

    /// `method SP request-target SP HTTP-version` (RFC 9112 §3), single spaces only.
    static func parseRequestLine(
        _ bytes: [UInt8], _ line: Range<Int>
    ) -> Result<(HTTPMethod, String, HTTPVersion), HTTPError> {
        let malformed = HTTPError.badRequest("malformed request line")
        guard let firstSpace = bytes[line].firstIndex(of: ASCII.space) else { return .failure(malformed) }
        let afterMethod = firstSpace + 1
        guard let secondSpace = bytes[afterMethod..<line.upperBound].firstIndex(of: ASCII.space) else {
            return .failure(malformed)
        }
        let methodBytes = bytes[line.lowerBound..<firstSpace]
        let targetBytes = bytes[afterMethod..<secondSpace]
        let versionBytes = bytes[(secondSpace + 1)..<line.upperBound]
        guard ASCII.isToken(methodBytes) else { return .failure(malformed) }
        // RFC 9112 §3.2: visible ASCII only; '#' (a fragment) is never part of a request target.
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != ASCII.hash }) else {
            return .failure(.badRequest("invalid request target"))
        }
        guard let version = parseVersion(versionBytes) else { return .failure(malformed) }
        guard version.major == 1 else {
            return .failure(HTTPError(.versionNotSupported, "only HTTP/1.x is supported"))
        }
        let method = HTTPMethod(rawValue: String(decoding: methodBytes, as: UTF8.self))
        return .success((method, String(decoding: targetBytes, as: UTF8.self), version))
    }

    /// `HTTP-version = "HTTP" "/" DIGIT "." DIGIT` (RFC 9112 §2.3), case-sensitive.
    static func parseVersion(_ bytes: ArraySlice<UInt8>) -> HTTPVersion? {
        let expected: [UInt8] = Array("HTTP/".utf8)
        guard bytes.count == 8, bytes.prefix(5).elementsEqual(expected) else { return nil }
        let tail = Array(bytes.suffix(3))
        guard tail.count == 3, tail[1] == UInt8(ascii: "."),
            (0x30...0x39).contains(tail[0]), (0x30...0x39).contains(tail[2])
        else { return nil }
        return HTTPVersion(major: Int(tail[0] - 0x30), minor: Int(tail[2] - 0x30))
    }

    /// `field-name ":" OWS field-value OWS` (RFC 9112 §5), refusing obs-fold, whitespace before the
    /// colon, non-token names and control bytes in the value.
    static func parseFieldLine(_ bytes: [UInt8], _ line: Range<Int>) -> Result<HTTPHeaders.Field, HTTPError> {
        guard let first = bytes[line].first else { return .failure(.badRequest("empty header line")) }
        if ASCII.isWhitespace(first) {
            return .failure(.badRequest("obsolete line folding in header"))
        }
        guard let colon = bytes[line].firstIndex(of: ASCII.colon) else {
            return .failure(.badRequest("header line without colon"))
        }
        let name = bytes[line.lowerBound..<colon]
        guard ASCII.isToken(name) else { return .failure(.badRequest("invalid header name")) }
        var valueStart = colon + 1
        var valueEnd = line.upperBound
        while valueStart < valueEnd, ASCII.isWhitespace(bytes[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart, ASCII.isWhitespace(bytes[valueEnd - 1]) { valueEnd -= 1 }
        let value = bytes[valueStart..<valueEnd]
        guard value.allSatisfy(ASCII.isFieldValueByte) else {
            return .failure(.badRequest("invalid byte in header value"))
        }
        return .success(
            HTTPHeaders.Field(
                name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
    }
}
