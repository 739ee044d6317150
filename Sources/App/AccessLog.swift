import Foundation
import Glibc
import SCIM

/// Structured log lines (one JSON object a line) on standard output: the access log and error reports.
///
/// Never given the `Authorization` header, a token or a request body. A value, passed to what logs.
public struct Logger: Sendable {
    /// Where finished lines go (standard output by default; tests capture them).
    let sink: @Sendable ([UInt8]) -> Void

    /// A logger writing each line with one `write(2)` to standard output.
    public static let standardOutput = Logger { bytes in
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }

    /// A logger that hands lines to `sink`.
    public init(sink: @escaping @Sendable ([UInt8]) -> Void) {
        self.sink = sink
    }

    /// Writes one line built from `fields` (kept in order), with `time` first.
    public func log(_ fields: [(String, JSONValue)]) {
        var object = JSONObject()
        object["time"] = .string(SCIMDateTime.string(from: Date()))
        for (key, value) in fields { object[key] = value }
        var bytes = JSONValue.object(object).serialized()
        bytes.append(UInt8(ascii: "\n"))
        sink(bytes)
    }

    /// Writes one access-log line, the same fields as ``log(_:)`` would, built straight into bytes (this
    /// runs for every request; the generic path through `JSONObject` cost 4% of a `GET`).
    public func access(
        requestID: String, tenant: String?, method: String, path: String, status: Int, durationMicros: Int64,
        bytes: Int
    ) {
        var line: [UInt8] = []
        line.reserveCapacity(160 + path.utf8.count)
        line.append(contentsOf: #"{"time":""#.utf8)
        line.append(contentsOf: SCIMDateTime.string(from: Date()).utf8)
        line.append(contentsOf: #"","request.id":"#.utf8)
        JSONValue.serialize(string: requestID, into: &line)
        line.append(contentsOf: #","tenant":"#.utf8)
        if let tenant { JSONValue.serialize(string: tenant, into: &line) } else { line.append(contentsOf: "null".utf8) }
        line.append(contentsOf: #","method":"#.utf8)
        JSONValue.serialize(string: method, into: &line)
        line.append(contentsOf: #","path":"#.utf8)
        JSONValue.serialize(string: path, into: &line)
        line.append(contentsOf: #","status":\#(status),"duration_ms":"#.utf8)
        let fraction = String(durationMicros % 1000)
        line.append(contentsOf: "\(durationMicros / 1000).".utf8)
        line.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 3 - fraction.utf8.count))
        line.append(contentsOf: fraction.utf8)
        line.append(contentsOf: #","bytes":\#(bytes)}"#.utf8)
        line.append(UInt8(ascii: "\n"))
        sink(line)
    }

    /// Logs an error report; `detail` is the `debugDescription`, which clients never see.
    public func error(_ message: String, detail: String, requestID: String? = nil, tenant: String? = nil) {
        var fields: [(String, JSONValue)] = [("level", "error"), ("message", .string(message))]
        if let requestID { fields.append(("request.id", .string(requestID))) }
        if let tenant { fields.append(("tenant", .string(tenant))) }
        fields.append(("detail", .string(detail)))
        log(fields)
    }

    /// Logs a notice (startup, shutdown).
    public func info(_ message: String, _ extra: [(String, JSONValue)] = []) {
        log([("level", "info"), ("message", .string(message))] + extra)
    }
}
