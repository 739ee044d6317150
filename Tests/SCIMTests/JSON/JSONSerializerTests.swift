import Testing

@testable import SCIM

@Suite struct JSONSerializerTests {
    private func roundTrip(_ text: String) throws -> String {
        String(json: try JSONValue.parse(text))
    }

    @Test func roundTripsCompactDocumentsByteForByte() throws {
        let documents = [
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"bjensen","active":true}"#,
            #"[null,true,false,0,-1,1.10,12345678901234567890,1e400,-0.0,2.5E-3]"#,
            #"{"z":1,"a":2,"m":{"y":[],"b":{}}}"#,
            #""https://example.com/a/b""#,
            #""😀 Zoë""#,
        ]
        for document in documents {
            #expect(try roundTrip(document) == document)
        }
        let sample = String(decoding: JSONBenchmark.sampleUser, as: UTF8.self)
        #expect(try roundTrip(sample) == sample)
    }

    @Test func removesInsignificantWhitespace() throws {
        #expect(try roundTrip(" { \"a\" : [ 1 , 2 ] } ") == #"{"a":[1,2]}"#)
    }

    @Test func escapesOnlyQuotesBackslashesAndControlCharacters() {
        let value: JSONValue = .string("a\"b\\c/d\n\r\t\u{08}\u{0C}\u{01}\u{1F}é😀\u{7F}")
        #expect(String(json: value) == #""a\"b\\c/d\n\r\t\b\f\u0001\u001fé😀\#u{7F}""#)
    }

    @Test func roundTripsEscapedStrings() throws {
        let value: JSONValue = .string("line1\nline2 \"quoted\" \\ \u{1}")
        #expect(try JSONValue.parse(value.serialized()) == value)
    }

    @Test func writesLiteralsBuiltInCode() {
        let value: JSONValue = [
            "string": "x", "int": 42, "double": 1.5, "bool": false, "null": nil, "array": [1, "two"],
        ]
        #expect(
            String(json: value) == #"{"string":"x","int":42,"double":1.5,"bool":false,"null":null,"array":[1,"two"]}"#)
        #expect(value.description == String(json: value))
    }

    @Test func appendsToExistingBuffer() {
        var buffer = Array("prefix:".utf8)
        JSONValue.array([true]).serialize(into: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "prefix:[true]")
    }

    @Test func serializesObjectsInInsertionOrder() {
        var object = JSONObject()
        object["zeta"] = 1
        object["alpha"] = 2
        object["Zeta"] = 3
        #expect(String(decoding: object.serialized(), as: UTF8.self) == #"{"Zeta":3,"alpha":2}"#)
    }

    @Test func benchmarkRunsAndReportsTimings() {
        let result = JSONBenchmark.run(iterations: 10)
        #expect(result.parseMicros > 0)
        #expect(result.serializeMicros > 0)
        #expect(result.sampleBytes == JSONBenchmark.sampleUser.count)
        #expect(result.sampleBytes > 900 && result.sampleBytes < 1300)
    }
}
