import Foundation
import Testing

@testable import SCIM

@Suite struct SCIMDateTimeTests {
    private func format(_ seconds: Double) -> String {
        SCIMDateTime.string(from: Date(timeIntervalSince1970: seconds))
    }

    @Test func formatsUTCWithMilliseconds() {
        #expect(format(0) == "1970-01-01T00:00:00.000Z")
        #expect(format(1_796_415_300.123) == "2026-12-04T20:15:00.123Z")
        #expect(format(1_796_415_300.999_9) == "2026-12-04T20:15:00.999Z")
    }

    @Test func keepsMillisecondsDespiteFloatingPointNoise() {
        // 0.123 and friends are not exact binary fractions; they must not come out one millisecond early.
        for millis in [1, 7, 123, 290, 579, 999] {
            let text = format(1_700_000_000 + Double(millis) / 1000)
            #expect(text.hasSuffix(String(format: ".%03dZ", millis)))
        }
    }

    @Test func formatsDatesBefore1970() {
        #expect(format(-0.001) == "1969-12-31T23:59:59.999Z")
        #expect(format(-1) == "1969-12-31T23:59:59.000Z")
        #expect(format(-86_400 * 365) == "1969-01-01T00:00:00.000Z")
        #expect(format(-14_182_940) == "1969-07-20T20:17:40.000Z")
        #expect(format(-2_208_988_800) == "1900-01-01T00:00:00.000Z")
    }

    @Test func formatsLeapDays() {
        #expect(format(1_709_208_000) == "2024-02-29T12:00:00.000Z")
        #expect(format(951_782_400) == "2000-02-29T00:00:00.000Z")
        #expect(format(951_868_800) == "2000-03-01T00:00:00.000Z")
        // 1900 is not a leap year: the day after Feb 28 is Mar 1.
        #expect(format(-2_203_977_600) == "1900-02-28T00:00:00.000Z")
        #expect(format(-2_203_891_200) == "1900-03-01T00:00:00.000Z")
        #expect(format(-2_203_891_200 - 0.001) == "1900-02-28T23:59:59.999Z")
    }

    @Test func clampsToFourDigitYears() {
        #expect(format(-1e15) == "0000-01-01T00:00:00.000Z")
        #expect(format(1e15) == "9999-12-31T23:59:59.999Z")
        #expect(format(.nan) == "0000-01-01T00:00:00.000Z")
        #expect(SCIMDateTime.string(from: .distantFuture) == "4001-01-01T00:00:00.000Z")
        // Foundation's distantPast is 0001-01-01 in the Julian calendar; RFC 3339 dates are proleptic Gregorian.
        #expect(SCIMDateTime.string(from: .distantPast) == "0000-12-30T00:00:00.000Z")
    }

    @Test func agreesWithTheGregorianCalendarOverTheWholeRange() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            // Years 1583 (first full Gregorian year) to 9999; Foundation switches to Julian before 1582.
            let seconds = Int64.random(in: -12_212_553_600...253_402_300_799, using: &generator)
            let date = Date(timeIntervalSince1970: Double(seconds))
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            let expected = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d.000Z", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
            #expect(SCIMDateTime.string(from: date) == expected, "at \(seconds)")
        }
    }
}
