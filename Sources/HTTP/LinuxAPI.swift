import Glibc

/// The Linux-only functions of glibc this module needs, bound at run time: epoll, eventfd, accept4.
///
/// Swift's Glibc module map does not include `<sys/epoll.h>` or `<sys/eventfd.h>` and hides `accept4`
/// (a `_GNU_SOURCE` declaration), and the `HTTP` target has no C shim, so the functions are looked up once
/// with `dlsym` and called through `@convention(c)` pointers (the C calling convention, nothing
/// undocumented). The constants are the Linux kernel ABI values from those headers.
struct LinuxAPI: Sendable {
    typealias Create1 = @convention(c) (Int32) -> Int32
    typealias Control = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
    typealias Wait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32
    typealias EventFD = @convention(c) (UInt32, Int32) -> Int32
    typealias Accept4 =
        @convention(c) (
            Int32, UnsafeMutablePointer<sockaddr>?, UnsafeMutablePointer<socklen_t>?, Int32
        ) -> Int32

    let create1: Create1
    let control: Control
    let wait: Wait
    let eventfd: EventFD
    let accept4: Accept4

    // <sys/epoll.h>
    static let input: UInt32 = 0x001
    static let output: UInt32 = 0x004
    static let error: UInt32 = 0x008
    static let hangUp: UInt32 = 0x010
    static let readHangUp: UInt32 = 0x2000
    static let edgeTriggered: UInt32 = 1 << 31
    static let add: Int32 = 1
    static let delete: Int32 = 2
    static let modify: Int32 = 3

    /// `struct epoll_event` is packed on x86_64 (12 bytes) and naturally aligned elsewhere (16 bytes).
    #if arch(x86_64)
        static let eventSize = 12
        static let dataOffset = 4
    #else
        static let eventSize = 16
        static let dataOffset = 8
    #endif

    /// The bound functions, looked up on first use.
    static let shared: Result<LinuxAPI, HTTPError> = load()

    private static func load() -> Result<LinuxAPI, HTTPError> {
        let handle = dlopen(nil, RTLD_NOW)
        func symbol<Function>(_ name: String, as type: Function.Type) -> Function? {
            guard let address = dlsym(handle, name) else { return nil }
            return unsafeBitCast(address, to: type)
        }
        guard let create1 = symbol("epoll_create1", as: Create1.self),
            let control = symbol("epoll_ctl", as: Control.self),
            let wait = symbol("epoll_wait", as: Wait.self),
            let eventfd = symbol("eventfd", as: EventFD.self),
            let accept4 = symbol("accept4", as: Accept4.self)
        else {
            return .failure(HTTPError(.systemCall, "epoll, eventfd or accept4 is not available", function: "dlsym"))
        }
        return .success(
            LinuxAPI(create1: create1, control: control, wait: wait, eventfd: eventfd, accept4: accept4))
    }
}
