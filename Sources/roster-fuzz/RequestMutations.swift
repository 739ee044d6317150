/// Structural mutations of a request: method, target, version, Host, Authorization, conditional and other
/// headers, body bytes, and framing (chunked, smuggling, wrong lengths).
struct RequestMutations {
    let target: FuzzTarget
    let documents: DocumentGenerator

    /// Applies one random mutation to `spec`.
    func mutate(_ spec: inout RequestSpec, _ rng: inout SplitMix64) {
        switch rng.below(100) {
        case 0..<6: spec.method = rng.pick(FuzzCorpus.methods)
        case 6..<18: mutatePath(&spec, &rng)
        case 18..<26: mutateQuery(&spec, &rng)
        case 26..<34: mutateHost(&spec, &rng)
        case 34..<44: mutateAuthorization(&spec, &rng)
        case 44..<50: mutateContentType(&spec, &rng)
        case 50..<55: mutateConditional(&spec, &rng)
        case 55..<62: addOddHeaders(&spec, &rng)
        case 62..<80: mutateBody(&spec, &rng)
        case 80..<94: mutateFraming(&spec, &rng)
        default: mutateVersion(&spec, &rng)
        }
    }

    func mutatePath(_ spec: inout RequestSpec, _ rng: inout SplitMix64) {
        let (path, query) = split(spec.target)
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let index = max(1, rng.below(segments.count))
        let longID = String(repeating: rng.pick(["a", "0", "%41", "-"]), count: rng.int(40...6_000))
        let replacement = rng.pick([
            "..", ".", "%2e%2e", "..%2F..%2F", "%2F", "x%2F..%2FUsers", "", longID,
            "00000000-0000-0000-0000-000000000000",
            rng.pick(target.userIDs).uppercased(), rng.pick(target.groupIDs), target.otherUserID, "%00", "%",
            "%zz", "é", "%C0%AF", "%FF", "Users", "Groups", ".search", "*", "%252E%252E", "~", "%20",
            rng.pick(FuzzCorpus.hostile),
        ])
        switch rng.below(4) {
        case 0 where index < segments.count: segments[index] = replacement
        case 1: segments.insert(replacement, at: min(index, segments.count))
        case 2: segments.append(replacement)
        default: segments = segments.map { $0 == "api" && rng.percent(50) ? "API" : $0 }
        }
        var newTarget = segments.joined(separator: "/")
        if rng.percent(5) {
            newTarget = rng.pick(["*", "http://\(target.host)\(newTarget)", "", "//", newTarget + "#f"])
        }
        spec.target = newTarget + (query.map { "?" + $0 } ?? "")
        if replacement.contains(" ") || replacement.utf8.contains(0) { spec.isRaw = true }
    }

    func mutateQuery(_ spec: inout RequestSpec, _ rng: inout SplitMix64) {
        let (path, query) = split(spec.target)
        var parts = (query ?? "").split(separator: "&").map(String.init)
        let filter = documents.userFilters.mutated(&rng)
        let additions = [
            "filter=" + RequestGenerator.encode(filter), "filter=" + filter.replacingOccurrences(of: " ", with: "+"),
            "startIndex=-1", "count=999999999", "startIndex=9223372036854775808", "count=-9223372036854775809",
            "attributes=" + RequestGenerator.encode(rng.pick(FuzzCorpus.userAttributes)), "sortBy=%00", "x=" + "y",
            "filter=%", "filter=%zz", "filter=%C0%AF", "filter=" + String(repeating: "(", count: rng.int(10...3_000)),
            "filter=" + RequestGenerator.encode(String(repeating: "not (", count: 300) + "userName pr"),
            "filter="
                + RequestGenerator.encode(
                    (0..<rng.int(10...400)).map { "title eq \"\($0 % 2)\"" }.joined(separator: " or ")),
        ]
        switch rng.below(4) {
        case 0 where !parts.isEmpty: parts.remove(at: rng.below(parts.count))
        case 1 where !parts.isEmpty: parts.append(parts[rng.below(parts.count)])
        default: parts.insert(rng.pick(additions), at: rng.below(parts.count + 1))
        }
        spec.target = path + "?" + parts.joined(separator: rng.percent(95) ? "&" : ";")
    }

    func mutateHost(_ spec: inout RequestSpec, _ rng: inout SplitMix64) {
        let host = target.host
        let values = [
            target.otherHost, target.freeHost, "nobody.example.test", "\(host):8080", "\(host):99999", "\(host):x",
            "\(host).", host.uppercased(), "\(host)/api/scim/v2", "user:pass@\(host)", "\(host)@\(target.otherHost)",
            "[::1]", "127.0.0.1", "", " ", "\(host) \(target.otherHost)", "\(host),\(target.otherHost)",
            String(repeating: "a", count: 300) + ".test", "%66uzz.example.test", "\(host)\u{0}", "xn--80ak6aa92e.com",
        ]
        switch rng.below(4) {
        case 0: spec.removeHeader("Host")
        case 1: spec.headers.append(("Host", rng.percent(50) ? host : rng.pick(values)))
        case 2: spec.headers.append(("host", rng.pick(values)))
        default: spec.setHeader("Host", rng.pick(values))
        }
    }

    func mutateAuthorization(_ spec: inout RequestSpec, _ rng: inout SplitMix64) {
        var token = Array(target.token.utf8)
        let position = rng.percent(50) ? rng.pick([0, token.count - 1]) : rng.below(token.count)
        token[position] = rng.pick(FuzzCorpus.tokenCharacters)
        let values = [
            "Bearer \(String(decoding: token, as: UTF8.self))", "Bearer \(target.otherToken)", "Bearer",
            "Bearer ", "bearer \(target.token)", "BEARER \(target.token)", "Bearer  \(target.token)",
            "Bearer \(target.token.dropLast())", "Bearer \(target.token)x", "Basic dXNlcjpwYXNz",
            "Token \(target.token)",
            "Bearer \(target.token) extra", "Bearer \(String(repeating: "A", count: rng.int(500...9_000)))",
            "Bearer 'OR'1'='1", "Bearer \(target.token)\u{0}", "Bearer é\(target.token)", "\(target.token)",
            "Bearer roster_", "Bearer \(target.token.uppercased())",
        ]
        switch rng.below(4) {
        case 0: spec.removeHeader("Authorization")
        case 1: spec.headers.append(("Authorization", rng.pick(values)))
        default: spec.setHeader("Authorization", rng.pick(values))
        }
    }

    func mutateContentType(_ spec: inout RequestSpec, _ rng: inout SplitMix64) {
        if rng.percent(25) {
            spec.removeHeader("Content-Type")
        } else if rng.percent(15) {
            spec.headers.append(("Content-Type", rng.pick(FuzzCorpus.contentTypes)))
        } else {
            spec.setHeader("Content-Type", rng.pick(FuzzCorpus.contentTypes))
        }
        if spec.body == nil, rng.percent(50) { spec.body = documents.user(&rng).bytes }
    }

    func mutateConditional(_ spec: inout RequestSpec, _ rng: inout SplitMix64) {
        let name = rng.pick(["If-Match", "If-None-Match", "If-Match", "if-match", "If-Modified-Since"])
        let value = rng.pick([
            "W/\"\(rng.below(6))\"", "\"\(rng.below(6))\"", "*", "W/\"1\", W/\"2\"", "W/", "W/\"", "\"",
            "W/\"99999999999999999999\"", "W/\"-1\"", "garbage", "", "W/\"1\" extra", "Sat, 01 Jan 2000 00:00:00 GMT",
        ])
        spec.headers.append((name, value))
    }

    func addOddHeaders(_ spec: inout RequestSpec, _ rng: inout SplitMix64) {
        switch rng.below(10) {
        case 0: spec.headers.append(("Expect", rng.pick(["100-continue", "100-Continue", "200-ok", ""])))
        case 1:
            spec.headers.append(("Connection", rng.pick(["close", "keep-alive", "Upgrade", "close, keep-alive", "x"])))
        case 2:
            // Past the header-count limit (100), or just under it.
            for index in 0..<rng.pick([50, 99, 101, 400]) { spec.headers.append(("X-Many-\(index)", "v")) }
        case 3:
            // One huge header: past the 16 KiB head limit (64 KiB is a named case), or just under it.
            spec.headers.append(("X-Big", String(repeating: "b", count: rng.pick([1_000, 15_000, 17_000, 65_536]))))
        case 4: spec.headers.append(("X-Bytes", rng.pick(["\u{0}", "é", "\u{7F}", "a\tb", "\u{FEFF}"])))
        case 5: spec.headers.append((rng.pick(["X Space", "X:Colon", "", "X\u{0}", "é", "X-Trailing "]), "v"))
        case 6:
            spec.headers.append(("X-Folded", "a\r\n folded"))
            spec.isRaw = true
        case 7: spec.headers.append(("Upgrade", rng.pick(["websocket", "h2c", "HTTP/2.0"])))
        case 8: spec.headers.append(("X-Forwarded-Host", target.otherHost))
        default: spec.headers.append(("Accept-Encoding", rng.pick(["gzip", "br", "*;q=0", ""])))
        }
    }

    func mutateBody(_ spec: inout RequestSpec, _ rng: inout SplitMix64) {
        var body = spec.body ?? documents.patch(&rng, forGroup: false).bytes
        if spec.body == nil { spec.headers.append(("Content-Type", "application/scim+json")) }
        switch rng.below(8) {
        case 0:
            // Megabyte bodies: just past the 1 MiB limit or just under it (rarely: they are slow to send).
            if rng.percent(10) {
                body = Array(repeating: UInt8(ascii: " "), count: rng.pick([1_048_000, 1_048_577])) + body
            } else {
                ByteMutator.damage(&body, &rng)
            }
        case 1: body = []
        case 2: body = Array(body.prefix(rng.below(body.count + 1)))
        case 3:
            // Deep nesting; the 100,000-deep document is a named case, so the huge ones stay rare here.
            let depth = rng.percent(90) ? rng.int(50...2_000) : rng.int(2_000...120_000)
            let arrays = rng.percent(50)
            body =
                Array(String(repeating: arrays ? "[" : "{\"a\":", count: depth).utf8) + Array("1".utf8)
                + Array(String(repeating: arrays ? "]" : "}", count: depth).utf8)
        default: ByteMutator.damage(&body, &rng)
        }
        spec.body = body
    }

    func mutateFraming(_ spec: inout RequestSpec, _ rng: inout SplitMix64) {
        let body = spec.body ?? Array(#"{"schemas":[]}"#.utf8)
        switch rng.below(10) {
        case 0, 1, 2:
            spec.body = body
            spec.framing = .chunked(size: rng.int(1...4_096), extensions: rng.percent(30), trailers: rng.percent(30))
            return
        case 3:
            // Content-Length and Transfer-Encoding together: the classic smuggling set-up.
            spec.headers.append(("Content-Length", String(rng.below(body.count + 10))))
            spec.headers.append(("Transfer-Encoding", "chunked"))
            spec.body =
                Array("\(String(body.count, radix: 16))\r\n".utf8) + body
                + Array("\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        case 4:
            spec.headers.append(("Content-Length", rng.pick(["\(body.count)", "\(body.count + 1)", "0"])))
            spec.headers.append(
                ("Content-Length", rng.pick(["\(body.count)", "\(body.count + 5)", "\(body.count), \(body.count)"])))
            spec.body = body
        case 5:
            let value = rng.pick([
                "-1", "+\(body.count)", "0x\(String(body.count, radix: 16))", " \(body.count) ", "99999999999999999999",
                "\(body.count + rng.int(1...50))", "\(max(0, body.count - rng.int(1...50)))", "", "1e3", "١٢",
            ])
            spec.headers.append(("Content-Length", value))
            spec.body = body
        case 6:
            spec.headers.append(
                (
                    "Transfer-Encoding",
                    rng.pick(["gzip", "chunked, gzip", "gzip, chunked", "Chunked", "chunked ", "identity", "x"])
                ))
            spec.body = Array("\(String(body.count, radix: 16))\r\n".utf8) + body + Array("\r\n0\r\n\r\n".utf8)
        case 7:
            spec.headers.append(("Transfer-Encoding", "chunked"))
            spec.headers.append(("Transfer-Encoding", rng.pick(["chunked", "identity"])))
            spec.body = Array("\(String(body.count, radix: 16))\r\n".utf8) + body + Array("\r\n0\r\n\r\n".utf8)
        default:
            // Broken chunk framing.
            spec.headers.append(("Transfer-Encoding", "chunked"))
            let size = rng.pick([
                "zz", "-1", "ffffffffffffffffff", String(body.count + 100, radix: 16), "", " 5", "5 ;x", "0x5",
                String(body.count, radix: 16),
            ])
            let ending = rng.pick([
                "\r\n0\r\n\r\n", "0\r\n\r\n", "\r\n", "", "\r\n0\r\n", "\r\n0\r\nX: \u{0}\r\n\r\n", "\n0\n\n",
            ])
            spec.body = Array("\(size)\r\n".utf8) + body + Array(ending.utf8)
        }
        spec.framing = .verbatim
        spec.isRaw = true
    }

    func mutateVersion(_ spec: inout RequestSpec, _ rng: inout SplitMix64) {
        spec.version = rng.pick([
            "HTTP/1.0", "HTTP/1.0", "HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "http/1.1", "HTTP/1.1 ", "HTTP/", "",
            "HTTP/1.10",
        ])
        if spec.version != "HTTP/1.0" { spec.isRaw = true }
    }

    func split(_ target: String) -> (String, String?) {
        guard let mark = target.firstIndex(of: "?") else { return (target, nil) }
        return (String(target[..<mark]), String(target[target.index(after: mark)...]))
    }
}
