import Foundation

/// Reads the server log that `pg_ctl -l` appends to.
enum ServerLog {
    /// The log's size in bytes (0 when missing), to read only what a later start writes.
    static func size(of path: String) -> UInt64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.size] as? NSNumber)?.uint64Value ?? 0
    }

    /// The last `lines` lines written after byte `offset`.
    static func tail(of path: String, from offset: UInt64 = 0, lines: Int = 20) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else { return "" }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd() else { return "" }
        let text = String(decoding: data, as: UTF8.self)
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    /// Whether the log says the server could not bind its port (another program took it).
    static func reportsPortInUse(_ text: String) -> Bool {
        text.contains("Address already in use") || text.contains("could not create any TCP/IP sockets")
            || text.contains("could not bind IPv4 address")
    }
}
