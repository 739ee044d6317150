import Testing

@testable import HTTP

/// Every way a request is refused, and with which status (RFC 9112 strictness).
@Suite struct RequestParserRejectionTests {
    static let badRequests: [(String, String)] = [
        ("missing Host", "GET / HTTP/1.1\r\n\r\n"),
        ("two Host headers", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
        ("two identical Host headers", "GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n"),
        ("invalid Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n"),
        ("Host with slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n"),
        (
            "two different Content-Length",
            "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"
        ),
        ("two equal Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na"),
        ("Content-Length list", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1, 1\r\n\r\na"),
        ("negative Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n"),
        ("signed Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +1\r\n\r\na"),
        ("non-numeric Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n"),
        ("empty Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n"),
        ("CL and TE", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("TE gzip", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n"),
        ("TE gzip, chunked", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"),
        ("TE twice", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"),
        ("TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("NUL in header value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{0}b\r\n\r\n"),
        ("NUL in request line", "GET /\u{0} HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("control byte in value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{1}b\r\n\r\n"),
        ("DEL in value", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\u{7F}b\r\n\r\n"),
        ("bare LF line end", "GET / HTTP/1.1\nHost: h\n\n"),
        ("bare LF in header", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\nX-B: b\r\n\r\n"),
        ("bare CR in header", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\rb\r\n\r\n"),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\r\n  continued\r\n\r\n"),
        ("header without colon", "GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n"),
        ("space before colon", "GET / HTTP/1.1\r\nHost : h\r\n\r\n"),
        ("empty header name", "GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n"),
        ("non-token header name", "GET / HTTP/1.1\r\nHost: h\r\nX(A): v\r\n\r\n"),
        ("bad request line", "GARBAGE\r\n\r\n"),
        ("two spaces in request line", "GET  / HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("missing version", "GET /\r\nHost: h\r\n\r\n"),
        ("lower-case version", "GET / http/1.1\r\nHost: h\r\n\r\n"),
        ("three-digit version", "GET / HTTP/1.11\r\nHost: h\r\n\r\n"),
        ("method with slash", "G/ET / HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("absolute-form target", "GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("authority-form target", "CONNECT h:443 HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("fragment in target", "GET /a#b HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("non-ASCII target", "GET /é HTTP/1.1\r\nHost: h\r\n\r\n"),
        ("bad chunk size", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n"),
        ("negative chunk size", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n"),
        ("empty chunk size", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n\r\n"),
        ("chunk without CRLF", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n"),
        ("bad trailer", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nno colon\r\n\r\n"),
    ]

    @Test(arguments: badRequests)
    func refusesWith400(name: String, input: String) {
        #expect(errorStatus(parseEvents(input)) == 400, "\(name)")
        #expect(errorStatus(parseEvents(input, chunkSize: 1)) == 400, "\(name), byte by byte")
    }

    @Test func refusesLargeBodiesWith413() {
        let limits = RequestParser.Limits(maxBodyBytes: 10)
        #expect(
            errorStatus(parseEvents("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", limits: limits)) == 413)
        #expect(
            errorStatus(parseEvents("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n"))
                == 413)
        let chunked =
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n5\r\nabcde\r\n0\r\n\r\n"
        #expect(errorStatus(parseEvents(chunked, limits: limits)) == 413)
        let huge = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFFFFFF\r\n"
        #expect(errorStatus(parseEvents(huge)) == 413)
    }

    @Test func refusesLargeHeadsWith431BeforeTheyEnd() {
        let limits = RequestParser.Limits(maxHeadBytes: 1024, maxHeaderCount: 5)
        let long = "GET / HTTP/1.1\r\nHost: h\r\nX-Long: " + String(repeating: "a", count: 2000)
        #expect(errorStatus(parseEvents(long, limits: limits)) == 431)
        let longLine = "GET /" + String(repeating: "a", count: 2000)
        #expect(errorStatus(parseEvents(longLine, limits: limits)) == 431)
        let many = "GET / HTTP/1.1\r\nHost: h\r\n" + (1...6).map { "X-\($0): v\r\n" }.joined() + "\r\n"
        #expect(errorStatus(parseEvents(many, limits: limits)) == 431)
        let blankLines = String(repeating: "\r\n", count: 600)
        #expect(errorStatus(parseEvents(blankLines, limits: limits)) == 431)
        let trailers =
            "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
            + (1...6).map { "T-\($0): v\r\n" }.joined() + "\r\n"
        #expect(errorStatus(parseEvents(trailers, limits: limits)) == 431)
    }

    @Test func refusesOtherVersionsAndExpectations() {
        #expect(errorStatus(parseEvents("GET / HTTP/2.0\r\nHost: h\r\n\r\n")) == 505)
        #expect(errorStatus(parseEvents("PUT / HTTP/1.1\r\nHost: h\r\nExpect: something\r\n\r\n")) == 417)
    }

    @Test func doesNotReadPastAnOversizedDeclaredBody() {
        var parser = RequestParser(limits: .init(maxBodyBytes: 10))
        parser.feed(Array("PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n".utf8))
        guard case .error(let error) = parser.next() else { Issue.record("expected an error"); return }
        #expect(error.status == 413)
    }
}
