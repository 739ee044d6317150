import Glibc

/// The `Date` header value (IMF-fixdate, RFC 9110 §5.6.7), formatted at most once a second.
///
/// A value type: each thread that writes responses keeps its own copy, so no lock is needed.
struct HTTPDate {
    private var second: time_t = -1
    private var formatted: [UInt8] = []

    /// The current time as `Sun, 06 Nov 1994 08:49:37 GMT`.
    mutating func current() -> [UInt8] {
        let now = time(nil)
        if now != second {
            second = now
            formatted = Self.format(now)
        }
        return formatted
    }

    /// Formats `seconds` since the epoch as an IMF-fixdate.
    static func format(_ seconds: time_t) -> [UInt8] {
        var value = seconds
        var parts = tm()
        guard gmtime_r(&value, &parts) != nil else { return Array("Thu, 01 Jan 1970 00:00:00 GMT".utf8) }
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let day = days[Int(parts.tm_wday).clamped(to: 0...6)]
        let month = months[Int(parts.tm_mon).clamped(to: 0...11)]
        func twoDigits(_ number: Int32) -> String {
            number < 10 ? "0\(number)" : "\(number)"
        }
        let text =
            "\(day), \(twoDigits(parts.tm_mday)) \(month) \(parts.tm_year + 1900) "
            + "\(twoDigits(parts.tm_hour)):\(twoDigits(parts.tm_min)):\(twoDigits(parts.tm_sec)) GMT"
        return Array(text.utf8)
    }
}

extension Comparable {
    /// The value limited to `range`.
    func clamped(to range: ClosedRange<Self>) -> Self {
        min(max(self, range.lowerBound), range.upperBound)
    }
}
