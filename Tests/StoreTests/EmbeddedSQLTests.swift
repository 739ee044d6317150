import Foundation
import Testing

/// Every file under `sql/` is listed in `Package.swift`'s `sqlFiles` (so it is compiled into the binary),
/// and every listed file exists.
@Suite struct EmbeddedSQLTests {
    @Test func packageManifestListsEverySQLFile() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let files = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("sql").path)
            .filter { $0.hasSuffix(".sql") }.sorted()
        let listed = manifest.split(separator: "\n").compactMap { line -> String? in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("\""), trimmed.hasSuffix(".sql\",") else { return nil }
            return String(trimmed.dropFirst().dropLast(2))
        }.sorted()
        #expect(!files.isEmpty)
        #expect(listed == files, "Package.swift's sqlFiles and sql/ differ")
    }
}
