import Foundation
import Postgres
import TestSupport
import Testing

/// Hostile strings in every position of a filter: values match only their literal text; anything in an
/// attribute or operator position is a 400 invalidFilter. Nothing reaches SQL except as a bind parameter.
@Suite struct FilterInjectionTests {
    static let hostile = [
        "'; DROP TABLE users; --", "\" OR \"1\"=\"1", "') OR 1=1 --", "%", "_", "\\", "a%b_c\\d", "$1", "$$",
        "x' || (SELECT pg_sleep(5)) || '", "😀 emoji", "line\nbreak", "*/ /*", "::text", "E'\\x41'",
    ]

    @Test func matchesOnlyTheLiteralValue() throws {
        let server = try TestServer()
        defer { server.stop() }
        let scim = try SCIMSession(server: server)
        for (index, value) in Self.hostile.enumerated() {
            let body: JSONValueText = ["userName": "inj\(index)@i.test", "title": value]
            #expect(try scim.send("POST", "/Users", body.text).status == 201, "\(value)")
        }
        for (index, value) in Self.hostile.enumerated() {
            let quoted = Self.jsonString(value)
            for op in ["eq", "co", "sw", "ew"] {
                let filter = "title \(op) \(quoted)"
                let response = try scim.send("GET", "/Users?count=100&filter=\(Self.encode(filter))")
                #expect(response.status == 200, "\(filter): \(response.text)")
                let titles = (response.object["Resources"] as? [[String: Any]] ?? []).compactMap {
                    $0["title"] as? String
                }
                let expected = Self.hostile.filter { candidate in
                    let a = candidate.lowercased()
                    let b = value.lowercased()
                    switch op {
                    case "eq": return a == b
                    case "co": return a.contains(b)
                    case "sw": return a.hasPrefix(b)
                    default: return a.hasSuffix(b)
                    }
                }
                #expect(titles.sorted() == expected.sorted(), "\(filter)")
                #expect(titles.contains(value), "\(filter) must find inj\(index)")
            }
        }
        // Hostile text where an attribute, operator or keyword belongs is a syntax error, not SQL.
        for value in Self.hostile {
            for filter in [
                "\(value) eq \"x\"", "title \(value) \"x\"", "title eq \"x\" \(value) title pr",
                "emails[\(value)]", "title eq \"x\") OR (1=1",
            ] {
                let response = try scim.send("GET", "/Users?filter=\(Self.encode(filter))")
                #expect(response.status == 400, "\(filter): \(response.text)")
                #expect(response.object["scimType"] as? String == "invalidFilter", "\(filter)")
            }
        }
        #expect(try scim.count("SELECT count(*) FROM \(ident: scim.schema).users") == Self.hostile.count)
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    static func jsonString(_ value: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [value], options: [.withoutEscapingSlashes])
        let array = data.map { String(decoding: $0, as: UTF8.self) } ?? "[\"\"]"
        return String(array.dropFirst().dropLast())
    }
}

/// A tiny JSON object literal for request bodies in tests (string values only).
struct JSONValueText: ExpressibleByDictionaryLiteral {
    let pairs: [(String, String)]
    init(dictionaryLiteral elements: (String, String)...) { pairs = elements }
    var text: String {
        let members = pairs.map { "\(FilterInjectionTests.jsonString($0.0)):\(FilterInjectionTests.jsonString($0.1))" }
        return #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"# + members.joined(separator: ",") + "}"
    }
}
