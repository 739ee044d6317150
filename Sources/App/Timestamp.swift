import Foundation

/// RFC 3339 timestamps in UTC with milliseconds (`2026-12-04T20:15:00.123Z`), formatted without
/// Foundation's formatters, which are slow on a hot path.
enum Timestamp {
    static func iso8601(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var days = millis / 86_400_000
        var rest = millis % 86_400_000
        if rest < 0 {
            rest += 86_400_000
            days -= 1
        }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        var out = [UInt8]()
        out.reserveCapacity(24)
        func digits(_ value: Int64, _ width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            var v = value
            while divisor > 0 {
                out.append(UInt8(48 + (v / divisor) % 10))
                v %= divisor
                divisor /= 10
            }
        }
        digits(year, 4)
        out.append(45)
        digits(month, 2)
        out.append(45)
        digits(day, 2)
        out.append(84)
        digits(rest / 3_600_000, 2)
        out.append(58)
        digits(rest / 60_000 % 60, 2)
        out.append(58)
        digits(rest / 1000 % 60, 2)
        out.append(46)
        digits(rest % 1000, 3)
        out.append(90)
        return String(decoding: out, as: UTF8.self)
    }
}
