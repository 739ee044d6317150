import Foundation

/// Formats SCIM `dateTime` values (RFC 7643 §2.3.5): RFC 3339 in UTC with milliseconds,
/// `2026-12-04T20:15:00.123Z`.
///
/// Written by hand rather than with a Foundation formatter because it runs for every resource rendered:
/// a proleptic Gregorian civil date from a day count (H. Hinnant's `civil_from_days`), no locale, no calendar
/// object, no allocation beyond the result.
public enum SCIMDateTime {
    /// The earliest instant with a four-digit year, 0000-01-01T00:00:00.000Z, in milliseconds since 1970.
    static let minimumMilliseconds: Int64 = -62_167_219_200_000
    /// The latest, 9999-12-31T23:59:59.999Z.
    static let maximumMilliseconds: Int64 = 253_402_300_799_999

    /// `date` as `YYYY-MM-DDThh:mm:ss.sssZ`. Sub-millisecond parts are cut (after rounding to the microsecond,
    /// so binary floating-point noise never turns `.123` into `.122`); dates outside years 0000–9999 are clamped.
    public static func string(from date: Date) -> String {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        var millis: Int64
        if !(micros >= Double(minimumMilliseconds) * 1000) {
            // Also catches NaN.
            millis = minimumMilliseconds
        } else if micros > Double(maximumMilliseconds) * 1000 {
            millis = maximumMilliseconds
        } else {
            millis = floorDivide(Int64(micros), 1000)
        }
        millis = min(max(millis, minimumMilliseconds), maximumMilliseconds)
        let days = floorDivide(millis, 86_400_000)
        let millisOfDay = millis - days * 86_400_000
        let (year, month, day) = civilDate(fromDays: days)

        var bytes = [UInt8](repeating: 0, count: 24)
        func put(_ value: Int64, at offset: Int, digits: Int) {
            var rest = value
            for index in stride(from: offset + digits - 1, through: offset, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
        }
        put(year, at: 0, digits: 4)
        bytes[4] = UInt8(ascii: "-")
        put(month, at: 5, digits: 2)
        bytes[7] = UInt8(ascii: "-")
        put(day, at: 8, digits: 2)
        bytes[10] = UInt8(ascii: "T")
        put(millisOfDay / 3_600_000, at: 11, digits: 2)
        bytes[13] = UInt8(ascii: ":")
        put(millisOfDay / 60_000 % 60, at: 14, digits: 2)
        bytes[16] = UInt8(ascii: ":")
        put(millisOfDay / 1000 % 60, at: 17, digits: 2)
        bytes[19] = UInt8(ascii: ".")
        put(millisOfDay % 1000, at: 20, digits: 3)
        bytes[23] = UInt8(ascii: "Z")
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The proleptic Gregorian year, month (1–12) and day (1–31) of the day `days` after 1970-01-01.
    static func civilDate(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = days + 719_468  // days since 0000-03-01
        let era = floorDivide(shifted, 146_097)  // 400-year eras
        let dayOfEra = shifted - era * 146_097  // 0...146096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365  // 0...399
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // 0...365, from March 1
        let monthFromMarch = (5 * dayOfYear + 2) / 153  // 0...11
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Division rounding towards negative infinity.
    static func floorDivide(_ dividend: Int64, _ divisor: Int64) -> Int64 {
        let quotient = dividend / divisor
        return (dividend % divisor != 0 && (dividend < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
