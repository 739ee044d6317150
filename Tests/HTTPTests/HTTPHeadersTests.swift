import Testing

@testable import HTTP

@Suite struct HTTPHeadersTests {
    @Test func looksUpNamesCaseInsensitively() {
        let headers: HTTPHeaders = ["Content-Type": "text/plain", "X-A": "1"]
        #expect(headers.first("content-type") == "text/plain")
        #expect(headers.first("CONTENT-TYPE") == "text/plain")
        #expect(headers.first("missing") == nil)
        #expect(headers.contains("x-a"))
    }

    @Test func keepsRepeatedFieldsInOrder() {
        var headers = HTTPHeaders()
        headers.add("Set-Cookie", "a=1")
        headers.add("Other", "x")
        headers.add("set-cookie", "b=2")
        #expect(headers.values("SET-COOKIE") == ["a=1", "b=2"])
        #expect(headers.first("set-cookie") == "a=1")
        #expect(headers.count == 3)
        #expect(headers.fields.map(\.name) == ["Set-Cookie", "Other", "set-cookie"])
    }

    @Test func setReplacesEveryFieldOfTheName() {
        var headers: HTTPHeaders = ["A": "1", "B": "2", "a": "3"]
        headers.set("a", "9")
        #expect(headers.fields == [.init(name: "A", value: "9"), .init(name: "B", value: "2")])
        headers.set("C", "new")
        #expect(headers.first("c") == "new")
    }

    @Test func removeDropsEveryFieldOfTheName() {
        var headers: HTTPHeaders = ["A": "1", "B": "2", "a": "3"]
        headers.remove("A")
        #expect(headers.fields == [.init(name: "B", value: "2")])
    }

    @Test func namesDifferingOnlyBeyondASCIICaseDoNotMatch() {
        #expect(!HTTPHeaders.namesMatch("Host", "Hos"))
        #expect(!HTTPHeaders.namesMatch("Host", "Hostx"))
        #expect(HTTPHeaders.namesMatch("", ""))
        #expect(!HTTPHeaders.namesMatch("K", "\u{212A}"))  // Kelvin sign is not ASCII K
    }

    @Test func requestSplitsTargetIntoRawPathAndQuery() {
        let request = HTTPRequest(method: .get, target: "/Users%20x?filter=a%20eq%20b&x=?")
        #expect(request.path == "/Users%20x")
        #expect(request.query == "filter=a%20eq%20b&x=?")
        #expect(HTTPRequest(method: .get, target: "/a?").query == "")
        #expect(HTTPRequest(method: .get, target: "/a").query == nil)
    }

    @Test func keepAliveFollowsVersionAndConnectionOptions() {
        #expect(HTTPRequest(method: .get, target: "/", version: .http1_1).isKeepAlive)
        #expect(
            !HTTPRequest(method: .get, target: "/", version: .http1_1, headers: ["Connection": "Close"]).isKeepAlive)
        #expect(!HTTPRequest(method: .get, target: "/", version: .http1_0).isKeepAlive)
        #expect(
            HTTPRequest(method: .get, target: "/", version: .http1_0, headers: ["Connection": "keep-alive"]).isKeepAlive
        )
        #expect(
            !HTTPRequest(method: .get, target: "/", version: .http1_1, headers: ["Connection": "upgrade, close"])
                .isKeepAlive)
    }
}
