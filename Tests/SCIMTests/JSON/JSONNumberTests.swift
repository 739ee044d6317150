import Testing

@testable import SCIM

@Suite struct JSONNumberTests {
    private func number(_ text: String) throws -> JSONNumber {
        try #require(JSONValue.parse(text).numberValue)
    }

    @Test func keepsLiteralTextExactly() throws {
        #expect(try number("1.10").text == "1.10")
        #expect(try number("12345678901234567890").text == "12345678901234567890")
        #expect(try number("-0").text == "-0")
        #expect(try number("1E+2").text == "1E+2")
    }

    @Test func convertsToIntegersOnlyWhenExact() throws {
        #expect(try number("42").intValue == 42)
        #expect(try number("-9223372036854775808").int64Value == Int64.min)
        #expect(try number("9223372036854775808").int64Value == nil)
        #expect(try number("1.0").intValue == nil)
        #expect(try number("1e2").intValue == nil)
        #expect(try number("42").isInteger)
        #expect(try !number("4.2").isInteger)
    }

    @Test func convertsToDouble() throws {
        #expect(try number("2.5e-3").doubleValue == 0.0025)
        #expect(try number("12345678901234567890").doubleValue == 12345678901234567890.0)
    }

    @Test func comparesByDecimalValue() throws {
        #expect(try number("1.0") == number("1"))
        #expect(try number("10e-1") == number("1"))
        #expect(try number("0.0100") == number("1e-2"))
        #expect(try number("-0") == number("0.0"))
        #expect(try number("100") == number("1E2"))
        #expect(try number("1.10") != number("1.01"))
        #expect(try number("-1") != number("1"))
        #expect(try number("12345678901234567890") != number("12345678901234567891"))
        #expect(try Set([number("1.0"), number("1"), number("1e0")]).count == 1)
    }

    @Test func validatesLiteralText() {
        #expect(JSONNumber("1.5") != nil)
        #expect(JSONNumber("01") == nil)
        #expect(JSONNumber("1.") == nil)
        #expect(JSONNumber("") == nil)
        #expect(JSONNumber(" 1") == nil)
        #expect(JSONNumber("1e5x") == nil)
    }

    @Test func buildsFromSwiftNumbers() {
        #expect(JSONNumber(7).text == "7")
        #expect(JSONNumber(Int64(-7)).text == "-7")
        #expect(JSONNumber(0.5)?.text == "0.5")
        #expect(JSONNumber(Double.nan) == nil)
        #expect(JSONNumber(Double.infinity) == nil)
        #expect(JSONNumber(1e-5).map { JSONNumber.isValidLiteral($0.text.utf8) } == true)
    }
}
