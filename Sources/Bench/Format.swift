import Foundation

/// Number formatting for the report.
public enum Format {
    /// `12.3 s`.
    public static func seconds(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.1f s", value)
    }

    /// Microseconds as `850µs`, `4.21ms` or `1.20s`.
    public static func latency(_ micros: Double) -> String {
        if micros < 1_000 { return String(format: "%.0fµs", micros) }
        if micros < 1_000_000 { return String(format: "%.2fms", micros / 1_000) }
        return String(format: "%.2fs", micros / 1_000_000)
    }

    /// A rate with thousands separators: `12,345`.
    public static func rate(_ value: Double) -> String {
        grouped(Int(value.rounded()))
    }

    /// An integer with thousands separators.
    public static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return value < 0 ? "-" + out : out
    }

    /// A ratio as `0.62`, or `n/a`.
    public static func ratio(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return String(format: "%.2f", value)
    }

    /// Bytes as MiB, `42 MiB`, or `n/a`.
    public static func mebibytes(_ kibibytes: Int?) -> String {
        guard let kibibytes else { return "n/a" }
        return "\(Int((Double(kibibytes) / 1024).rounded())) MiB"
    }
}
