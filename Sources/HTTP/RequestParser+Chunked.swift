extension RequestParser {
    /// Decodes `chunked` framing (RFC 9112 §7.1): chunk extensions are ignored, trailer fields are
    /// checked like header fields, counted against the head limits, and dropped.
    mutating func advanceChunked() -> ScanResult {
        while true {
            switch phase {
            case .chunkSize:
                switch findLine(maxLength: limits.maxChunkLineBytes) {
                case .needMore: return .needMore
                case .tooLong: return .failure(.badRequest("chunk size line too long"))
                case .bareLF: return .failure(.badRequest("line ending without CR"))
                case .line(let line, let next):
                    switch parseChunkSize(line) {
                    case .failure(let error):
                        return .failure(error)
                    case .success(let size):
                        start = next
                        if size == 0 {
                            phase = .trailers(bytes: 0, count: 0)
                        } else if size > limits.maxBodyBytes - body.count {
                            return .failure(
                                HTTPError(.contentTooLarge, "body larger than \(limits.maxBodyBytes) bytes"))
                        } else {
                            phase = .chunkData(remaining: size)
                        }
                    }
                }
            case .chunkData(let remaining):
                let take = min(remaining, bufferedByteCount)
                if take > 0 {
                    body.append(contentsOf: buffer[start..<(start + take)])
                    start += take
                }
                guard take == remaining else {
                    phase = .chunkData(remaining: remaining - take)
                    return .needMore
                }
                phase = .chunkDataEnd
            case .chunkDataEnd:
                if bufferedByteCount >= 1 && buffer[start] != ASCII.cr {
                    return .failure(.badRequest("chunk data not followed by CRLF"))
                }
                guard bufferedByteCount >= 2 else { return .needMore }
                guard buffer[start + 1] == ASCII.lf else {
                    return .failure(.badRequest("chunk data not followed by CRLF"))
                }
                start += 2
                phase = .chunkSize
            case .trailers(let bytes, let count):
                let tooLarge = HTTPError(.headerFieldsTooLarge, "trailer section too large")
                switch findLine(maxLength: max(0, limits.maxHeadBytes - bytes)) {
                case .needMore: return .needMore
                case .tooLong: return .failure(tooLarge)
                case .bareLF: return .failure(.badRequest("line ending without CR"))
                case .line(let line, let next):
                    start = next
                    if line.isEmpty { return .complete(next) }
                    if count >= limits.maxHeaderCount { return .failure(tooLarge) }
                    if case .failure(let error) = Self.parseFieldLine(buffer, line) { return .failure(error) }
                    phase = .trailers(bytes: bytes + line.count + 2, count: count + 1)
                }
            case .head, .fixedBody, .failed:
                return .failure(.badRequest("internal parser state"))
            }
        }
    }

    enum LineSearch {
        case needMore
        case tooLong
        case bareLF
        case line(Range<Int>, next: Int)
    }

    /// Finds the next CRLF-terminated line at `start` whose content is at most `maxLength` bytes,
    /// resuming where the last search stopped.
    mutating func findLine(maxLength: Int) -> LineSearch {
        let limit = min(buffer.count, start + maxLength + 2)
        var index = start + scanned
        while index < limit {
            if buffer[index] == ASCII.lf {
                scanned = 0
                guard index > start, buffer[index - 1] == ASCII.cr else { return .bareLF }
                return .line(start..<(index - 1), next: index + 1)
            }
            index += 1
        }
        scanned = index - start
        return index - start >= maxLength + 2 ? .tooLong : .needMore
    }

    /// `chunk-size [ chunk-ext ]`: hex digits, then nothing, or BWS / `;` and extension bytes.
    func parseChunkSize(_ line: Range<Int>) -> Result<Int, HTTPError> {
        var size = 0
        var index = line.lowerBound
        while index < line.upperBound, let digit = ASCII.hexValue(buffer[index]) {
            guard size <= (Int.max - 15) / 16 else {
                return .failure(HTTPError(.contentTooLarge, "chunk larger than the body limit"))
            }
            size = size * 16 + digit
            index += 1
        }
        guard index > line.lowerBound else { return .failure(.badRequest("invalid chunk size")) }
        if index < line.upperBound {
            let rest = buffer[index..<line.upperBound]
            guard let first = rest.first, first == ASCII.semicolon || ASCII.isWhitespace(first),
                rest.allSatisfy(ASCII.isFieldValueByte)
            else { return .failure(.badRequest("invalid chunk size")) }
        }
        return .success(size)
    }
}
