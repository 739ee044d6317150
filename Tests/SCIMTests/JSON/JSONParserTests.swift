import Testing

@testable import SCIM

@Suite struct JSONParserTests {
    private func parse(_ text: String, limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        try JSONValue.parse(text, limits: limits)
    }

    private func error(_ text: String, limits: JSONLimits = .default) -> JSONParseError? {
        do {
            _ = try parse(text, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesScalars() throws {
        #expect(try parse("null") == .null)
        #expect(try parse("true") == .bool(true))
        #expect(try parse("false") == .bool(false))
        #expect(try parse("\"x\"") == .string("x"))
        #expect(try parse("0") == .number(JSONNumber(0)))
        #expect(try parse("-12.5e3") == .number(JSONNumber(unchecked: "-12.5e3")))
    }

    @Test func parsesNestedDocumentKeepingMemberOrder() throws {
        let value = try parse(#" { "b" : [1, true, null, {"x": "y"}], "a": {} , "c": [] } "#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a", "c"])
        #expect(value["b"] == [1, true, nil, ["x": "y"]])
        #expect(value["a"] == .object(JSONObject()))
        #expect(value["c"] == .array([]))
    }

    @Test func keepsBooleansDistinctFromNumbers() throws {
        let value = try parse(#"{"active": 1, "other": true}"#)
        #expect(value["active"]?.boolValue == nil)
        #expect(value["active"]?.numberValue?.intValue == 1)
        #expect(value["other"]?.boolValue == true)
        #expect(value["other"]?.numberValue == nil)
        #expect(JSONValue.bool(true) != .number(JSONNumber(1)))
    }

    @Test func looksUpKeysCaseInsensitively() throws {
        let value = try parse(#"{"userName": "bjensen", "Name": {"GivenName": "Barbara"}}"#)
        #expect(value["USERNAME"] == "bjensen")
        #expect(value["username"] == "bjensen")
        #expect(value["name"]?["givenname"] == "Barbara")
        #expect(value["missing"] == nil)
    }

    @Test func decodesEveryEscape() throws {
        let value = try parse(#""\" \\ \/ \b \f \n \r \t \u00e9 \u20AC""#)
        #expect(value == .string("\" \\ / \u{08} \u{0C} \n \r \t é €"))
    }

    @Test func decodesSurrogatePairsAndAstralCharacters() throws {
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse("\"😀 👩‍👩‍👧 𝄞\"") == .string("😀 👩‍👩‍👧 𝄞"))
        #expect(try parse(#""a\uD834\uDD1Eb""#) == .string("a𝄞b"))
    }

    @Test func acceptsMultiByteUTF8() throws {
        #expect(try parse("\"Zoë Ångström 日本語 ﷽\"") == .string("Zoë Ångström 日本語 ﷽"))
    }

    @Test func parsesFromEveryInputForm() throws {
        let bytes: [UInt8] = Array(#"{"a":[1]}"#.utf8)
        let expected: JSONValue = ["a": [1]]
        #expect(try JSONValue.parse(bytes) == expected)
        #expect(try JSONValue.parse(bytes[...]) == expected)
        #expect(try JSONValue.parse(bytes.lazy.map { $0 }) == expected)
        #expect(try bytes.withUnsafeBytes { try JSONValue.parse($0) } == expected)
    }

    @Test func allowsWhitespaceAroundDocument() throws {
        #expect(try parse(" \t\r\n[ 1 , 2 ]\n ") == [1, 2])
    }

    @Test func rejectsTrailingGarbage() {
        #expect(error("{} x")?.kind == .trailingData)
        #expect(error("{} x")?.offset == 3)
        #expect(error("1 2")?.kind == .trailingData)
        #expect(error("truex")?.kind == .trailingData)
    }

    @Test func rejectsEmptyAndTruncatedInput() {
        #expect(error("")?.kind == .unexpectedEnd)
        #expect(error("   ")?.kind == .unexpectedEnd)
        #expect(error("[1,")?.kind == .unexpectedEnd)
        #expect(error(#"{"a""#)?.kind == .unexpectedEnd)
        #expect(error(#"{"a":"#)?.kind == .unexpectedEnd)
        #expect(error(#""abc"#)?.kind == .unexpectedEnd)
        #expect(error("[1")?.kind == .unexpectedEnd)
    }

    @Test func rejectsTrailingCommas() {
        #expect(error("[1,]")?.kind == .unexpectedByte)
        #expect(error("[1,]")?.message == "trailing comma in array")
        #expect(error(#"{"a":1,}"#)?.kind == .unexpectedByte)
        #expect(error(#"{"a":1,}"#)?.message == "trailing comma in object")
    }

    @Test func rejectsCommentsAndNonJSONTokens() {
        #expect(error("// c\n1")?.kind == .unexpectedByte)
        #expect(error("[1 /* c */]")?.kind == .unexpectedByte)
        #expect(error("NaN")?.kind == .unexpectedByte)
        #expect(error("Infinity")?.kind == .unexpectedByte)
        #expect(error("'x'")?.kind == .unexpectedByte)
        #expect(error("{a:1}")?.kind == .unexpectedByte)
        #expect(error("\u{FEFF}{}")?.kind == .unexpectedByte)
        #expect(error(#"{"a" 1}"#)?.message == "expected ':' after object key")
        #expect(error("[1 2]")?.kind == .unexpectedByte)
    }

    @Test func rejectsMalformedLiterals() {
        #expect(error("tru")?.kind == .invalidLiteral)
        #expect(error("nul")?.kind == .invalidLiteral)
        #expect(error("True")?.kind == .unexpectedByte)
        #expect(error("fals e")?.kind == .invalidLiteral)
    }

    @Test func rejectsMalformedNumbers() {
        for text in ["01", "-01", "00", "1.", ".5", "-", "1e", "1e+", "+1", "1.e3", "--1", "0x10"] {
            let kind = error(text)?.kind
            #expect(kind == .invalidNumber || kind == .unexpectedByte || kind == .trailingData, "\(text)")
        }
        #expect(error("01")?.kind == .invalidNumber)
        #expect(error("01")?.message == "leading zeros are not allowed")
        #expect(error("1.")?.kind == .invalidNumber)
    }

    @Test func rejectsControlCharactersInStrings() {
        #expect(error("\"a\tb\"")?.kind == .controlCharacter)
        #expect(error("\"a\nb\"")?.kind == .controlCharacter)
        #expect(error("\"a\u{1F}\"")?.offset == 2)
    }

    @Test func rejectsNulInStrings() {
        #expect(error(#""a\u0000b""#)?.kind == .nulCharacter)
        #expect(error("\"a\u{0}b\"")?.kind == .nulCharacter)
    }

    @Test func rejectsBadEscapes() {
        #expect(error(#""\x""#)?.kind == .invalidEscape)
        #expect(error(#""\u12""#)?.kind == .invalidEscape)
        #expect(error(#""\u12G4""#)?.kind == .invalidEscape)
        #expect(error(#""\'""#)?.kind == .invalidEscape)
    }

    @Test func rejectsLoneSurrogates() {
        #expect(error(#""\ud83d""#)?.kind == .loneSurrogate)
        #expect(error(#""\ud83dx""#)?.kind == .loneSurrogate)
        #expect(error(#""\ud83d\u0041""#)?.kind == .loneSurrogate)
        #expect(error(#""\ude00""#)?.kind == .loneSurrogate)
        #expect(error(#""\ud83d\ud83d""#)?.kind == .loneSurrogate)
    }

    @Test func rejectsInvalidUTF8() throws {
        let cases: [[UInt8]] = [
            [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
            [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong 3-byte
            [0x22, 0xF0, 0x80, 0x80, 0xAF, 0x22],  // overlong 4-byte
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // encoded surrogate
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
            [0x22, 0x80, 0x22],  // lone continuation
            [0x22, 0xC3, 0x22],  // truncated
            [0x22, 0xFF, 0x22],
        ]
        for bytes in cases {
            #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes) }
            do {
                _ = try JSONValue.parse(bytes)
            } catch {
                #expect(error.kind == .invalidUTF8, "\(bytes)")
                #expect(error.offset == 1)
            }
        }
    }

    @Test func rejectsDuplicateKeysCaseInsensitively() {
        #expect(error(#"{"a":1,"a":2}"#)?.kind == .duplicateKey)
        #expect(error(#"{"userName":"x","USERNAME":"y"}"#)?.kind == .duplicateKey)
        #expect(error(#"{"userName":"x","USERNAME":"y"}"#)?.offset == 16)
        #expect(error(#"{"a\u0062":1,"AB":2}"#)?.kind == .duplicateKey)
        // Same key in different objects is fine.
        #expect(error(#"{"a":{"a":1},"b":{"a":2}}"#) == nil)
    }

    @Test func rejectsDuplicateKeysInLargeObjects() {
        let members = (0..<200).map { "\"key\($0)\":\($0)" }.joined(separator: ",")
        #expect(error("{\(members)}") == nil)
        #expect(error("{\(members),\"KEY150\":1}")?.kind == .duplicateKey)
        #expect(error("{\(members),\"key3\":1}")?.kind == .duplicateKey)
    }

    @Test func reportsByteOffsets() {
        let failure = error(#"{"a": [1, 2, x]}"#)
        #expect(failure?.offset == 13)
        #expect(failure?.description == "at byte 13: unexpected 'x', expected a value")
    }
}
