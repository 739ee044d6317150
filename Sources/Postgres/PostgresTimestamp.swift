import Foundation

/// Formats and parses `timestamptz` text (UTC, microseconds) without `DateFormatter` on the hot path.
enum PostgresTimestamp {
    /// `2026-12-04 20:15:00.123456+00`.
    static func format(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let microPart = ((micros % 1_000_000) + 1_000_000) % 1_000_000
        let civil = Civil(unixSeconds: (micros - microPart) / 1_000_000)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d.%06d+00", civil.year, civil.month, civil.day, civil.hour,
            civil.minute, civil.second, Int(microPart))
    }

    /// Parses the server's output for `timestamptz` (any offset, optional fraction, optional `T`).
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int? {
            guard index + width <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + width] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += width
            return value
        }
        func expect(_ chars: String) -> Bool {
            guard index < bytes.count, chars.utf8.contains(bytes[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            expect(" T"), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
            let second = number(2)
        else { return nil }
        var fraction = 0.0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            if bytes[index] == UInt8(ascii: "Z") {
                index += 1
            } else {
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                guard expect("+-"), let hours = number(2) else { return nil }
                var minutes = 0
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") { index += 1 }
                if index < bytes.count { minutes = number(2) ?? 0 }
                if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
                    index += 1
                    offsetSeconds += number(2) ?? 0
                }
                offsetSeconds = sign * (hours * 3600 + minutes * 60 + offsetSeconds)
            }
        }
        guard index == bytes.count else { return nil }
        let days = Civil.daysFromCivil(year: year, month: month, day: day)
        let total = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(total) + fraction)
    }

    /// Calendar fields of a Unix time in UTC (Howard Hinnant's civil-from-days).
    struct Civil {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0

        init(unixSeconds: Int64) {
            var days = unixSeconds / 86_400
            var rest = unixSeconds % 86_400
            if rest < 0 {
                rest += 86_400
                days -= 1
            }
            hour = Int(rest / 3600)
            minute = Int(rest % 3600 / 60)
            second = Int(rest % 60)
            let z = days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let doe = z - era * 146_097
            let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
            let mp = (5 * doy + 2) / 153
            day = Int(doy - (153 * mp + 2) / 5 + 1)
            month = Int(mp < 10 ? mp + 3 : mp - 9)
            year = Int(yoe + era * 400) + (month <= 2 ? 1 : 0)
        }

        static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yoe = y - era * 400
            let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
            return era * 146_097 + doe - 719_468
        }
    }
}
