import Foundation

/// A folder that holds the PostgreSQL server programs `initdb`, `pg_ctl` and `postgres` together.
public struct PostgresBinaries: Sendable, Equatable {
    /// The folder (symbolic links resolved) that holds the programs.
    public let directory: String
    /// The major version (`15`), when known.
    public let majorVersion: Int?

    /// Path of `initdb`.
    public var initdb: String { path(of: "initdb") }
    /// Path of `pg_ctl`.
    public var pgCtl: String { path(of: "pg_ctl") }
    /// Path of `postgres`.
    public var postgres: String { path(of: "postgres") }
    /// Path of `psql` in the same folder, if it is there.
    public var psql: String? { tool(named: "psql") }

    /// Uses the programs in `directory` as they are, without checking them.
    public init(directory: String, majorVersion: Int? = nil) {
        self.directory = directory
        self.majorVersion = majorVersion
    }

    /// The path of another program of the same installation (`psql`, `pg_isready`), if present.
    public func tool(named name: String) -> String? {
        let candidate = path(of: name)
        return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
    }

    private func path(of name: String) -> String {
        (directory as NSString).appendingPathComponent(name)
    }
}

extension PostgresBinaries {
    /// The programs a folder must hold to count as an installation.
    static let requiredPrograms = ["initdb", "pg_ctl", "postgres"]

    /// Finds the best installation: every folder of `searchPath` (a `PATH`-style list) and every
    /// `<root>/<version>/bin` under `installRoots` is a candidate; a candidate counts only if it holds
    /// `initdb`, `pg_ctl` and `postgres` that resolve (through symbolic links) to one folder. The
    /// highest major version wins; on a tie, the earlier candidate (PATH first).
    ///
    /// - Parameters:
    ///   - searchPath: a colon-separated folder list; the process's `PATH` by default.
    ///   - installRoots: folders holding one folder per major version (Debian's layout).
    /// - Throws: `LocalPostgresError` of kind `.binariesNotFound`, whose description names the apt
    ///   packages to install.
    public static func locate(
        searchPath: String? = ProcessInfo.processInfo.environment["PATH"],
        installRoots: [String] = ["/usr/lib/postgresql"]
    ) throws(LocalPostgresError) -> PostgresBinaries {
        var candidates: [String] = []
        for folder in (searchPath ?? "").split(separator: ":") where folder.hasPrefix("/") {
            candidates.append(String(folder))
        }
        for root in installRoots {
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            // Highest version first, numerically ("10" after "9").
            let sorted = versions.sorted { versionKey($0).lexicographicallyPrecedes(versionKey($1)) }.reversed()
            for version in sorted {
                candidates.append(
                    ((root as NSString).appendingPathComponent(version) as NSString)
                        .appendingPathComponent("bin"))
            }
        }
        var best: PostgresBinaries?
        var seen = Set<String>()
        for folder in candidates {
            guard let directory = installationDirectory(in: folder), seen.insert(directory).inserted else {
                continue
            }
            guard let version = majorVersion(ofInstallationIn: directory) else { continue }
            if let current = best, (current.majorVersion ?? 0) >= version { continue }
            best = PostgresBinaries(directory: directory, majorVersion: version)
        }
        guard let best else {
            throw LocalPostgresError(.binariesNotFound, LocalPostgresError.binariesNotFoundMessage)
        }
        return best
    }

    /// The folder the three required programs of `folder` really live in, if they all exist and
    /// resolve to the same folder (odd copies or partial links elsewhere do not count).
    static func installationDirectory(in folder: String) -> String? {
        var resolvedFolders = Set<String>()
        for name in requiredPrograms {
            let path = (folder as NSString).appendingPathComponent(name)
            guard FileManager.default.isExecutableFile(atPath: path) else { return nil }
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            resolvedFolders.insert((resolved as NSString).deletingLastPathComponent)
        }
        return resolvedFolders.count == 1 ? resolvedFolders.first : nil
    }

    /// The major version of the installation in `directory`: from Debian's `.../<major>/bin` layout
    /// when it matches, otherwise from `postgres --version`. `nil` when the program does not answer
    /// like PostgreSQL.
    static func majorVersion(ofInstallationIn directory: String) -> Int? {
        let parts = directory.split(separator: "/")
        if parts.count >= 3, parts[parts.count - 1] == "bin", parts[parts.count - 3] == "postgresql",
            let major = Int(parts[parts.count - 2])
        {
            return major
        }
        let probe = Subprocess(
            executable: (directory as NSString).appendingPathComponent("postgres"), arguments: ["--version"])
        guard let result = try? probe.run(), result.succeeded else { return nil }
        return parseMajorVersion(result.stdout)
    }

    /// Reads the major version from `postgres (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)`.
    static func parseMajorVersion(_ versionLine: String) -> Int? {
        guard let range = versionLine.range(of: "(PostgreSQL) ") else { return nil }
        let digits = versionLine[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }

    private static func versionKey(_ name: String) -> [Int] {
        name.split(separator: ".").map { Int($0) ?? -1 }
    }
}
