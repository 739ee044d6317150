import Foundation

/// Tallies of a run and how failures are printed.
struct FuzzTally: Sendable {
    var statuses: [Int: Int] = [:]
    var kinds: [String: Int] = [:]
    var cleanCloses = 0
    var silentCloses = 0
    var bytesSent = 0
    var bytesReceived = 0
    var raw = 0
    /// `HEAD` requests answered with an error body (rejected before the method was known).
    var headErrorBodies = 0
    /// Time spent per kind, and the slowest cases.
    var seconds: [String: Double] = [:]
    var slowest: [(index: Int, seconds: Double)] = []

    mutating func add(_ other: FuzzTally) {
        statuses.merge(other.statuses, uniquingKeysWith: +)
        kinds.merge(other.kinds, uniquingKeysWith: +)
        cleanCloses += other.cleanCloses
        silentCloses += other.silentCloses
        bytesSent += other.bytesSent
        bytesReceived += other.bytesReceived
        raw += other.raw
        headErrorBodies += other.headErrorBodies
        seconds.merge(other.seconds, uniquingKeysWith: +)
        slowest = Array((slowest + other.slowest).sorted { $0.seconds > $1.seconds }.prefix(5))
    }
}

/// A failed case, with everything needed to reproduce it.
struct FuzzFailure: Sendable {
    let fuzzCase: FuzzCase
    let reason: String
    let response: [UInt8]

    /// The failure as printed: reason, exact request bytes (escaped), the reply, and the replay command.
    func describe(seed: UInt64) -> String {
        let bytes = fuzzCase.bytes
        let shown = bytes.count <= 16_384 ? Escape.bytes(bytes) : Escape.bytes(Array(bytes.prefix(16_384))) + "…"
        var text = """
            FAILURE in case \(fuzzCase.index) (\(fuzzCase.kind), \(fuzzCase.delivery == .raw ? "raw, half-closed connection" : "kept-alive connection")): \(reason)
              request (\(bytes.count) bytes): \(shown)
              reply (\(response.count) bytes): \(Escape.bytes(Array(response.prefix(2_000))))
              replay: swift run roster-fuzz --seed \(seed) --replay \(fuzzCase.index)
            """
        if let file = save(seed: seed) { text += "\n  request bytes saved to \(file)" }
        return text
    }

    private func save(seed: UInt64) -> String? {
        let folder = ".build/roster-fuzz-failures"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = "\(folder)/seed-\(seed)-case-\(fuzzCase.index).bin"
        return FileManager.default.createFile(atPath: path, contents: Data(fuzzCase.bytes)) ? path : nil
    }
}

/// Bytes as a quoted string: printable ASCII as is, `\r \n \t \\ \"`, everything else `\xNN`.
enum Escape {
    static func bytes(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789abcdef")
        var out = "\""
        for byte in bytes {
            switch byte {
            case 0x0D: out += "\\r"
            case 0x0A: out += "\\n"
            case 0x09: out += "\\t"
            case 0x5C: out += "\\\\"
            case 0x22: out += "\\\""
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(byte))
            default: out += "\\x" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return out + "\""
    }
}
