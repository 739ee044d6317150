extension RequestParser {
    /// The rules that make a head unambiguous (RFC 9112 §3.2, §6.1, §6.3; RFC 9110 §7.2, §10.1.1).
    static func validate(
        method: HTTPMethod, target: String, version: HTTPVersion, headers: HTTPHeaders, limits: Limits
    ) -> Result<RequestHead, HTTPError> {
        // Request target: origin-form, or asterisk-form for OPTIONS. Absolute-form and authority-form
        // are refused so the tenant always comes from exactly one Host field.
        if target == "*" {
            guard method == .options else { return .failure(.badRequest("'*' target is only for OPTIONS")) }
        } else if target.utf8.first != ASCII.slash {
            return .failure(.badRequest("request target must start with '/'"))
        }

        // RFC 9110 §7.2 / RFC 9112 §3.2: exactly one valid Host in HTTP/1.1; never more than one.
        let hosts = headers.values("Host")
        if hosts.count > 1 { return .failure(.badRequest("repeated Host header")) }
        if version.isAtLeastHTTP11 && hosts.isEmpty { return .failure(.badRequest("missing Host header")) }
        if let host = hosts.first, !host.utf8.allSatisfy(ASCII.isHostByte) {
            return .failure(.badRequest("invalid Host header"))
        }

        // RFC 9112 §6.3: framing must be unambiguous, or requests can be smuggled past intermediaries.
        let lengths = headers.values("Content-Length")
        let codings = headers.values("Transfer-Encoding")
        if lengths.count > 1 { return .failure(.badRequest("repeated Content-Length header")) }
        if !lengths.isEmpty && !codings.isEmpty {
            return .failure(.badRequest("both Content-Length and Transfer-Encoding"))
        }
        var framing = RequestHead.Framing.none
        if let coding = codings.first {
            guard codings.count == 1, ASCII.equalsIgnoringCase(coding.utf8, "chunked") else {
                return .failure(.badRequest("unsupported Transfer-Encoding"))
            }
            guard version.isAtLeastHTTP11 else {
                return .failure(.badRequest("Transfer-Encoding in an HTTP/1.0 request"))
            }
            framing = .chunked
        } else if let length = lengths.first {
            switch parseContentLength(length, limit: limits.maxBodyBytes) {
            case .success(let value): framing = .length(value)
            case .failure(let error): return .failure(error)
            }
        }

        // RFC 9110 §10.1.1: only 100-continue is defined; HTTP/1.0 requests' Expect is ignored.
        var expectsContinue = false
        if version.isAtLeastHTTP11 {
            for value in headers.values("Expect") {
                guard ASCII.equalsIgnoringCase(value.utf8, "100-continue") else {
                    return .failure(HTTPError(.expectationFailed, "unsupported expectation"))
                }
                expectsContinue = true
            }
        }

        return .success(
            RequestHead(
                method: method, target: target, version: version, headers: headers, framing: framing,
                expectsContinue: expectsContinue,
                isKeepAlive: HTTPRequest.keepAlive(version: version, headers: headers)))
    }

    /// `Content-Length = 1*DIGIT` (RFC 9110 §8.6): no sign, no list, no spaces; over the limit is `413`.
    static func parseContentLength(_ text: String, limit: Int) -> Result<Int, HTTPError> {
        guard !text.isEmpty, text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return .failure(.badRequest("invalid Content-Length"))
        }
        var value = 0
        for digit in text.utf8 {
            value = value * 10 + Int(digit - 0x30)
            if value > limit {
                return .failure(HTTPError(.contentTooLarge, "body larger than \(limit) bytes"))
            }
        }
        return .success(value)
    }
}
