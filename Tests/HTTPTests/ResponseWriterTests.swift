import Testing

@testable import HTTP

@Suite struct ResponseWriterTests {
    let date = Array("Thu, 01 Jan 1970 00:00:00 GMT".utf8)

    func text(
        _ response: HTTPResponse, head: Bool = false, version: HTTPVersion = .http1_1, keepAlive: Bool = true
    ) -> (String, Bool) {
        let result = ResponseWriter.serialize(
            response, isHeadRequest: head, version: version, keepAlive: keepAlive, date: date)
        return (String(decoding: result.bytes, as: UTF8.self), result.keepAlive)
    }

    @Test func writesStatusHeadersLengthDateAndBodyInOneBuffer() {
        let (output, keepAlive) = text(HTTPResponse(status: 201, headers: ["X-A": "1"], body: "hi"))
        #expect(
            output
                == "HTTP/1.1 201 Created\r\nX-A: 1\r\nContent-Length: 2\r\nDate: Thu, 01 Jan 1970 00:00:00 GMT\r\n\r\nhi"
        )
        #expect(keepAlive)
    }

    @Test func neutralizesResponseSplittingInValues() {
        let (output, _) = text(HTTPResponse(headers: ["X-Test": "ok\r\nX-Evil: 1\u{0}\n"], body: ""))
        #expect(output.contains("X-Test: ok  X-Evil: 1  \r\n"))
        #expect(!output.contains("\r\nX-Evil"))
    }

    @Test func dropsHeadersWithInvalidNames() {
        let (output, _) = text(HTTPResponse(headers: ["Bad Name": "x", "X\r\nY": "z", "": "e", "Good": "g"]))
        #expect(!output.contains("Bad Name"))
        #expect(!output.contains("X\r\nY"))
        #expect(!output.contains("\r\n: e"))
        #expect(output.contains("Good: g\r\n"))
    }

    @Test func ownsFramingHeaders() {
        let response = HTTPResponse(
            headers: [
                "Content-Length": "999", "Transfer-Encoding": "chunked", "Date": "x", "Connection": "keep-alive",
            ],
            body: "abc")
        let (output, _) = text(response)
        #expect(output.components(separatedBy: "Content-Length").count == 2)
        #expect(output.contains("Content-Length: 3\r\n"))
        #expect(!output.contains("Transfer-Encoding"))
        #expect(!output.contains("Date: x"))
    }

    @Test func headResponseKeepsLengthAndDropsBody() {
        let (output, _) = text(HTTPResponse(body: "hello"), head: true)
        #expect(output.hasSuffix("\r\n\r\n"))
        #expect(output.contains("Content-Length: 5\r\n"))
        #expect(!output.contains("hello"))
        let declared = text(HTTPResponse(headers: ["Content-Length": "42"]), head: true).0
        #expect(declared.contains("Content-Length: 42\r\n"))
    }

    @Test func closesWhenAskedByEitherSide() {
        let (closing, keepAlive) = text(HTTPResponse(body: ""), keepAlive: false)
        #expect(closing.contains("Connection: close\r\n"))
        #expect(!keepAlive)
        let (handlerClose, handlerKeepAlive) = text(HTTPResponse(headers: ["Connection": "Close"]))
        #expect(handlerClose.contains("Connection: close\r\n"))
        #expect(!handlerKeepAlive)
        let (http10, _) = text(HTTPResponse(), version: .http1_0)
        #expect(http10.contains("Connection: keep-alive\r\n"))
    }

    @Test func omitsLengthAndBodyWhereTheStatusForbidsThem() {
        let (noContent, _) = text(HTTPResponse(status: 204, body: "x"))
        #expect(!noContent.contains("Content-Length"))
        #expect(noContent.hasSuffix("\r\n\r\n"))
        let (informational, _) = text(HTTPResponse(status: 101, body: "x"))
        #expect(informational.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"))
        #expect(informational.contains("Content-Length: 0\r\n"))
    }

    @Test func formatsIMFFixdate() {
        #expect(String(decoding: HTTPDate.format(784_111_777), as: UTF8.self) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(String(decoding: HTTPDate.format(0), as: UTF8.self) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }
}
