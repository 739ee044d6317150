import Foundation
import Testing

@testable import LocalPostgres

@Suite("Finding the PostgreSQL programs")
struct PostgresBinariesTests {
    @Test func missingBinariesMessageNamesTheAptPackages() throws {
        let error = #expect(throws: LocalPostgresError.self) {
            try PostgresBinaries.locate(searchPath: "/nonexistent/bin", installRoots: ["/nonexistent/postgresql"])
        }
        #expect(error?.kind == .binariesNotFound)
        #expect(
            error?.description
                == "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH or under "
                + "/usr/lib/postgresql/*/bin; install them with: apt-get install postgresql libpq-dev")
        #expect(error?.description.contains("\n") == false)
    }

    @Test func ignoresAFolderWithoutAllThreePrograms() throws {
        try withFolder { root in
            let real = try PostgresBinaries.locate()
            let odd = try makeFolder(root, "odd")
            try link(["initdb", "pg_ctl"], from: real.directory, into: odd)  // No postgres beside them.
            #expect(throws: LocalPostgresError.self) {
                try PostgresBinaries.locate(searchPath: odd, installRoots: [])
            }
        }
    }

    @Test func ignoresProgramsThatResolveToDifferentFolders() throws {
        try withFolder { root in
            let real = try PostgresBinaries.locate()
            let elsewhere = try makeFolder(root, "elsewhere")
            try fakePostgres(in: elsewhere, version: "15.1", programs: ["postgres"])
            let mixed = try makeFolder(root, "mixed")
            try link(["initdb", "pg_ctl"], from: real.directory, into: mixed)
            try link(["postgres"], from: elsewhere, into: mixed)
            #expect(throws: LocalPostgresError.self) {
                try PostgresBinaries.locate(searchPath: mixed, installRoots: [])
            }
        }
    }

    @Test func resolvesLinksOnThePathToTheRealFolder() throws {
        try withFolder { root in
            let real = try PostgresBinaries.locate()
            let linked = try makeFolder(root, "bin")
            try link(["initdb", "pg_ctl", "postgres"], from: real.directory, into: linked)
            let found = try PostgresBinaries.locate(searchPath: "/nonexistent:\(linked)", installRoots: [])
            #expect(found.directory == real.directory)
            #expect(found.majorVersion == real.majorVersion)
        }
    }

    @Test func prefersTheHighestVersion() throws {
        try withFolder { root in
            let installRoot = try makeFolder(root, "postgresql")
            for version in ["9.6", "14", "15"] {
                try fakePostgres(in: makeFolder(installRoot, "\(version)/bin"), version: "\(version).0")
            }
            let fromRoot = try PostgresBinaries.locate(searchPath: "", installRoots: [installRoot])
            #expect(fromRoot.directory == "\(installRoot)/15/bin")
            #expect(fromRoot.majorVersion == 15)

            // A folder on PATH outside the Debian layout: its version comes from `postgres --version`.
            let custom = try makeFolder(root, "custom/bin")
            try fakePostgres(in: custom, version: "16.2")
            let fromPath = try PostgresBinaries.locate(searchPath: custom, installRoots: [installRoot])
            #expect(fromPath.directory == custom)
            #expect(fromPath.majorVersion == 16)
        }
    }

    @Test func readsTheMajorVersionFromVersionOutput() {
        #expect(PostgresBinaries.parseMajorVersion("postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)") == 15)
        #expect(PostgresBinaries.parseMajorVersion("postgres (PostgreSQL) 9.6.24") == 9)
        #expect(PostgresBinaries.parseMajorVersion("something else 15.2") == nil)
    }

    // MARK: Helpers

    private func withFolder(_ body: (String) throws -> Void) throws {
        let root = "/tmp/roster-lpb-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try body(root)
    }

    private func makeFolder(_ parent: String, _ name: String) throws -> String {
        let path = "\(parent)/\(name)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func link(_ names: [String], from source: String, into folder: String) throws {
        for name in names {
            try FileManager.default.createSymbolicLink(
                atPath: "\(folder)/\(name)", withDestinationPath: "\(source)/\(name)")
        }
    }

    /// Shell scripts that answer `--version` like PostgreSQL `version`.
    private func fakePostgres(
        in folder: String, version: String, programs: [String] = ["initdb", "pg_ctl", "postgres"]
    )
        throws
    {
        for name in programs {
            let path = "\(folder)/\(name)"
            let script = "#!/bin/sh\necho '\(name) (PostgreSQL) \(version)'\n"
            try script.write(toFile: path, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
    }
}
