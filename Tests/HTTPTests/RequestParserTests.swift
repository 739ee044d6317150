import Testing

@testable import HTTP

@Suite struct RequestParserTests {
    @Test func parsesRequestLineHeadersAndRawTarget() throws {
        let events = parseEvents(
            "GET /api/scim/v2/Users?filter=userName%20eq%20%22a%22 HTTP/1.1\r\nHost: Acme.example:8080\r\n"
                + "Accept: application/scim+json\r\nX-Empty:\r\nX-Spaces: \t padded value \t\r\n\r\n")
        let request = try #require(requests(events).first)
        #expect(events.count == 1)
        #expect(request.method == .get)
        #expect(request.target == "/api/scim/v2/Users?filter=userName%20eq%20%22a%22")
        #expect(request.path == "/api/scim/v2/Users")
        #expect(request.query == "filter=userName%20eq%20%22a%22")
        #expect(request.version == .http1_1)
        #expect(request.headers.first("host") == "Acme.example:8080")
        #expect(request.headers.first("x-empty") == "")
        #expect(request.headers.first("X-Spaces") == "padded value")
        #expect(request.body.isEmpty)
        #expect(request.isKeepAlive)
    }

    @Test(arguments: [1, 2, 3, 7, 64])
    func givesTheSameResultHoweverTheInputIsSplit(chunkSize: Int) {
        let input =
            "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
            + "POST /b HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n"
        let whole = requests(parseEvents(input))
        let split = requests(parseEvents(input, chunkSize: chunkSize))
        #expect(whole.count == 2)
        #expect(split.map(\.target) == whole.map(\.target))
        #expect(split.map(\.body) == whole.map(\.body))
        #expect(split.map(\.body) == [Array("hello".utf8), Array("abc".utf8)])
    }

    @Test func returnsPipelinedRequestsOneAtATimeInOrder() throws {
        var parser = RequestParser()
        parser.feed(Array("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\nGET /3".utf8))
        guard case .request(let first) = parser.next() else { Issue.record("no first request"); return }
        #expect(first.target == "/1")
        #expect(parser.bufferedByteCount > 0)
        guard case .request(let second) = parser.next() else { Issue.record("no second request"); return }
        #expect(second.target == "/2")
        #expect(parser.next() == .needMore)
        #expect(parser.isMidRequest)
        parser.feed(Array(" HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        guard case .request(let third) = parser.next() else { Issue.record("no third request"); return }
        #expect(third.target == "/3")
        #expect(!parser.isMidRequest)
    }

    @Test func decodesChunkedBodyIgnoringExtensionsAndDroppingTrailers() throws {
        let events = parseEvents(
            "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n"
                + "5;name=value;flag\r\nhello\r\n1 ; spaced\r\n,\r\nA\r\n0123456789\r\n0\r\n"
                + "Checksum: abc\r\nOther: x\r\n\r\n")
        let request = try #require(requests(events).first)
        #expect(request.bodyText == "hello,0123456789")
        #expect(request.headers.first("Checksum") == nil)
    }

    @Test func readsContentLengthBodyExactly() throws {
        let events = parseEvents("PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET")
        let request = try #require(requests(events).first)
        #expect(request.bodyText == "abc")
    }

    @Test func asksForContinueOnlyBeforeTheBodyStarts() {
        var parser = RequestParser()
        parser.feed(Array("PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        #expect(parser.next() == .continueExpected)
        #expect(parser.next() == .needMore)
        parser.feed(Array("ok".utf8))
        guard case .request(let request) = parser.next() else { Issue.record("no request"); return }
        #expect(request.bodyText == "ok")

        let eager = parseEvents("PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 2\r\n\r\nok")
        #expect(eager.count == 1)
        let noBody = parseEvents("GET /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n")
        #expect(noBody.count == 1)
        #expect(requests(noBody).count == 1)
    }

    @Test func skipsEmptyLinesBeforeTheRequestLine() {
        let events = parseEvents("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(requests(events).map(\.target) == ["/"])
    }

    @Test func appliesHTTP10Rules() throws {
        let plain = try #require(requests(parseEvents("GET / HTTP/1.0\r\n\r\n")).first)
        #expect(plain.version == .http1_0)
        #expect(!plain.isKeepAlive)
        let kept = try #require(requests(parseEvents("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")).first)
        #expect(kept.isKeepAlive)
        let closed = try #require(requests(parseEvents("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")).first)
        #expect(!closed.isKeepAlive)
    }

    @Test func acceptsAsteriskOnlyForOptions() {
        #expect(requests(parseEvents("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n")).first?.path == "*")
        #expect(errorStatus(parseEvents("GET * HTTP/1.1\r\nHost: h\r\n\r\n")) == 400)
    }

    @Test func keepsHeaderOrderAndDuplicates() throws {
        let request = try #require(
            requests(parseEvents("GET / HTTP/1.1\r\nB: 1\r\nHost: h\r\nb: 2\r\nA: 3\r\n\r\n")).first)
        #expect(request.headers.fields.map(\.name) == ["B", "Host", "b", "A"])
        #expect(request.headers.values("B") == ["1", "2"])
    }

    @Test func acceptsLimitsExactlyAndRefusesOneMore() {
        let head = "GET / HTTP/1.1\r\nHost: h\r\n\r\n"
        let exact = RequestParser.Limits(maxHeadBytes: head.utf8.count)
        #expect(requests(parseEvents(head, limits: exact)).count == 1)
        let tight = RequestParser.Limits(maxHeadBytes: head.utf8.count - 1)
        #expect(errorStatus(parseEvents(head, limits: tight)) == 431)

        let body = "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nabcd"
        #expect(requests(parseEvents(body, limits: .init(maxBodyBytes: 4))).count == 1)
        #expect(errorStatus(parseEvents(body, limits: .init(maxBodyBytes: 3))) == 413)

        let headers = "GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\n\r\n"
        #expect(requests(parseEvents(headers, limits: .init(maxHeaderCount: 2))).count == 1)
        #expect(errorStatus(parseEvents(headers, limits: .init(maxHeaderCount: 1))) == 431)
    }

    @Test func staysFailedAfterAnError() {
        var parser = RequestParser()
        parser.feed(Array("BAD\r\n\r\n".utf8))
        guard case .error(let error) = parser.next() else { Issue.record("no error"); return }
        #expect(error.status == 400)
        parser.feed(Array("GET / HTTP/1.1\r\nHost: h\r\n\r\n".utf8))
        #expect(parser.next() == .error(error))
    }
}
