import Foundation

/// A strict reader of the Prometheus text format 0.0.4, for the metrics tests: every line is a `# HELP`, a
/// `# TYPE` or a sample `name{label="value",…} value`; label values are unescaped; every sample belongs to a
/// family declared with TYPE before it; a family's lines are contiguous; no series appears twice.
struct MetricsTextParser {
    struct Sample: Hashable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private(set) var types: [String: String] = [:]
    private(set) var helps: [String: String] = [:]
    private(set) var samples: [Sample] = []

    init(_ text: String) throws {
        guard text.isEmpty || text.hasSuffix("\n") else {
            throw Failure(description: "text does not end in a line feed")
        }
        var seenSeries = Set<String>()
        var finishedFamilies = Set<String>()
        var current: String?
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            let fail = { (why: String) in Failure(description: "line \(number + 1) \(why): \(line)") }
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts.count == 2, Self.isMetricName(parts[0]) else { throw fail("bad comment") }
                let name = String(parts[0])
                if name != current {
                    if let current { finishedFamilies.insert(current) }
                    guard !finishedFamilies.contains(name) else { throw fail("family \(name) not contiguous") }
                    current = name
                }
                if line.hasPrefix("# HELP ") {
                    guard helps[name] == nil else { throw fail("second HELP") }
                    helps[name] = try Self.unescape(parts[1], quotes: false).orThrow(fail("bad HELP escape"))
                } else {
                    guard types[name] == nil else { throw fail("second TYPE") }
                    guard ["counter", "gauge", "histogram", "summary", "untyped"].contains(parts[1]) else {
                        throw fail("unknown type")
                    }
                    types[name] = String(parts[1])
                }
                continue
            }
            guard !line.hasPrefix("#") else { continue }
            let sample = try Self.sample(line).orThrow(fail("bad sample"))
            let family = family(of: sample.name)
            guard let family, family == current else { throw fail("sample outside its family's TYPE") }
            let series =
                sample.name + "|"
                + sample.labels.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: ",")
            guard seenSeries.insert(series).inserted else { throw fail("duplicate series") }
            samples.append(sample)
        }
    }

    /// The family a sample name belongs to (histograms: `_bucket`, `_sum`, `_count`), if declared.
    func family(of name: String) -> String? {
        if types[name] != nil && types[name] != "histogram" { return name }
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if types[base] == "histogram" { return base }
        }
        return nil
    }

    /// The value of the one sample named `name` whose labels include `labels`, summed over the matches (0 when none).
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        samples.filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
            .reduce(0) { $0 + $1.value }
    }

    /// The samples named `name`.
    func samples(_ name: String) -> [Sample] { samples.filter { $0.name == name } }

    private static func sample(_ line: Substring) throws -> Sample? {
        var rest = line[...]
        let nameEnd = rest.firstIndex { $0 == "{" || $0 == " " } ?? rest.endIndex
        let name = rest[..<nameEnd]
        guard isMetricName(name) else { return nil }
        rest = rest[nameEnd...]
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                guard let equals = rest.firstIndex(of: "=") else { return nil }
                let key = rest[..<equals]
                guard isLabelName(key), labels[String(key)] == nil else { return nil }
                rest = rest[rest.index(after: equals)...]
                guard rest.first == "\"" else { return nil }
                rest = rest.dropFirst()
                var raw = ""
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped {
                        raw += "\\" + String(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        raw.append(character)
                    }
                    if rest.isEmpty { return nil }
                }
                guard let value = unescape(Substring(raw), quotes: true) else { return nil }
                labels[String(key)] = value
                if rest.first == "," { rest = rest.dropFirst() } else if rest.first != "}" { return nil }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " " else { return nil }
        let fields = rest.dropFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 1 || fields.count == 2 else { return nil }
        let value: Double
        switch fields[0] {
        case "+Inf": value = .infinity
        case "-Inf": value = -.infinity
        case "NaN": value = .nan
        default:
            guard let parsed = Double(fields[0]) else { return nil }
            value = parsed
        }
        return Sample(name: String(name), labels: labels, value: value)
    }

    private static func unescape(_ text: Substring, quotes: Bool) -> String? {
        var output = ""
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            guard character == "\\" else {
                if character == "\n" || (quotes && character == "\"") { return nil }
                output.append(character)
                continue
            }
            switch iterator.next() {
            case "\\": output += "\\"
            case "n": output += "\n"
            case "\"" where quotes: output += "\""
            default: return nil
            }
        }
        return output
    }

    private static func isMetricName(_ name: Substring) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII,
            first.properties.isAlphabetic || first == "_" || first == ":"
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == ":")
        }
    }

    private static func isLabelName(_ name: Substring) -> Bool {
        !name.contains(":") && isMetricName(name)
    }
}

extension Optional {
    fileprivate func orThrow(_ error: @autoclosure () -> some Error) throws -> Wrapped {
        guard let self else { throw error() }
        return self
    }
}
