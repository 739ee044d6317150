/// Writes the Prometheus text exposition format, version 0.0.4: per family a `# HELP` and a `# TYPE` line,
/// then its samples `name{label="value",…} value`, one a line.
struct MetricsText {
    /// The metric types used here.
    enum Kind: String {
        case counter, gauge, histogram
    }

    /// The text so far.
    private(set) var output = ""

    /// The `Content-Type` of the text.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Starts a family: its HELP (escaped) and TYPE lines.
    mutating func family(_ name: String, _ kind: Kind, help: String) {
        output += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(kind.rawValue)\n"
    }

    /// One sample without labels.
    mutating func sample(_ name: String, _ value: Int) {
        sample(name, [], String(value))
    }

    /// One sample without labels, with a floating-point value.
    mutating func sample(_ name: String, _ value: Double) {
        sample(name, [], Self.format(value))
    }

    /// One sample with an integer value.
    mutating func sample(_ name: String, _ labels: KeyValuePairs<String, String>, _ value: Int) {
        sample(name, Array(labels), String(value))
    }

    /// One sample with a floating-point value.
    mutating func sample(_ name: String, _ labels: KeyValuePairs<String, String>, _ value: Double) {
        sample(name, Array(labels), Self.format(value))
    }

    /// One sample with its value already written out.
    mutating func sample(_ name: String, _ labels: [(key: String, value: String)], _ value: String) {
        output += name
        if !labels.isEmpty {
            output += "{"
            for (index, label) in labels.enumerated() {
                if index > 0 { output += "," }
                output += label.key
                output += "=\""
                output += Self.escapeLabelValue(label.value)
                output += "\""
            }
            output += "}"
        }
        output += " "
        output += value
        output += "\n"
    }

    /// A label value as the format wants it: `\` → `\\`, `"` → `\"`, line feed → `\n`.
    static func escapeLabelValue(_ value: String) -> String {
        escape(value, quotes: true)
    }

    /// HELP text as the format wants it: `\` → `\\`, line feed → `\n`.
    static func escapeHelp(_ text: String) -> String {
        escape(text, quotes: false)
    }

    private static func escape(_ text: String, quotes: Bool) -> String {
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x0A || (quotes && $0 == 0x22) }) else { return text }
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\"" where quotes: escaped += "\\\""
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// A float as Prometheus reads it (`+Inf`, `-Inf`, `NaN`, or Swift's shortest round-trip digits).
    static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        return "\(value)"
    }
}
