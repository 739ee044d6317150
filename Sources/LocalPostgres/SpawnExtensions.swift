import Foundation

/// glibc's `posix_spawn` extensions that Swift's Glibc module does not import (they need
/// `_GNU_SOURCE`), looked up at run time.
enum SpawnExtensions {
    private typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
    private typealias ChangeDirectory =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc ≥ 2.34).
    private static let closeFrom: CloseFrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
    /// `posix_spawn_file_actions_addchdir_np` (glibc ≥ 2.29).
    private static let changeDirectory: ChangeDirectory? = symbol("posix_spawn_file_actions_addchdir_np")

    /// Closes every descriptor from 3 up in the child: with `addclosefrom_np`, or else one close
    /// action per descriptor open now (glibc ignores those already closed by then).
    static func addCloseFrom3(_ actions: inout posix_spawn_file_actions_t) {
        if let closeFrom, closeFrom(&actions, 3) == 0 { return }
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap({ Int32($0) }) where fd >= 3 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
    }

    /// Makes the child start in `directory`, when the C library can.
    static func addChangeDirectory(_ actions: inout posix_spawn_file_actions_t, _ directory: String) {
        _ = changeDirectory?(&actions, directory)
    }

    private static func symbol<T>(_ name: String) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
        return unsafeBitCast(address, to: T.self)
    }
}
