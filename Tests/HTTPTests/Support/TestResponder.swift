import Dispatch
import Foundation
import Glibc
import HTTP

/// A gate a handler waits at until the test opens it.
final class Gate: Sendable {
    private let semaphore = DispatchSemaphore(value: 0)

    func wait() { semaphore.wait() }

    func open(times: Int = 1) {
        for _ in 0..<times { semaphore.signal() }
    }
}

/// Per-worker state of ``TestResponder``: remembers the thread that created it.
final class WorkerInfo {
    let index: Int
    let thread: Thread
    var served = 0

    init(index: Int) {
        self.index = index
        self.thread = Thread.current
    }
}

/// `count` bytes in 64 KiB blocks of one value each (block n holds n % 256): quick to build in a debug
/// build, and any lost, repeated or reordered block shows.
func blockPattern(count: Int) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    var block = 0
    while bytes.count < count {
        bytes.append(
            contentsOf: [UInt8](repeating: UInt8(truncatingIfNeeded: block), count: min(65536, count - bytes.count)))
        block += 1
    }
    return bytes
}

/// Whether two byte arrays are equal (memcmp: fast in a debug build).
func sameBytes(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    guard lhs.count == rhs.count else { return false }
    return lhs.withUnsafeBytes { left in
        rhs.withUnsafeBytes { right in
            guard let a = left.baseAddress, let b = right.baseAddress else { return true }
            return memcmp(a, b, left.count) == 0
        }
    }
}

/// The responder the server tests use; routes by path.
///
/// - `/hello`: `hello`
/// - `/echo`: the body back, with `X-Method`, `X-Target`, `X-Query`, `X-Body-Length`, `X-Keep-Alive`
/// - `/slow?ms=N`: sleeps N ms, then `slow done`
/// - `/block`: waits at `gate`, then `released`
/// - `/evil`: a header value with CRLF taken from the `X-Inject` request header (or a default)
/// - `/worker`: which worker answered, and whether it is the thread that made the state
/// - `/close`: asks the server to close with `Connection: close`
/// - `/big?n=N`: N bytes of ``blockPattern(count:)``
struct TestResponder: HTTPResponder {
    let gate = Gate()

    func makeWorkerState(workerIndex: Int) -> WorkerInfo {
        WorkerInfo(index: workerIndex)
    }

    func respond(to request: HTTPRequest, state: WorkerInfo) -> HTTPResponse {
        state.served += 1
        switch request.path {
        case "/hello":
            return .text("hello")
        case "/echo":
            var headers: HTTPHeaders = [
                "X-Method": request.method.rawValue, "X-Target": request.target, "X-Query": request.query ?? "-",
                "X-Body-Length": String(request.body.count), "X-Keep-Alive": String(request.isKeepAlive),
                "X-Remote": request.remoteAddress,
            ]
            headers.add("Content-Type", "application/octet-stream")
            return HTTPResponse(status: 200, headers: headers, body: request.body)
        case "/slow":
            let milliseconds = request.query.flatMap { Int($0.dropFirst(3)) } ?? 500
            usleep(UInt32(milliseconds * 1000))
            return .text("slow done")
        case "/block":
            gate.wait()
            return .text("released")
        case "/evil":
            let injected = request.headers.first("X-Inject") ?? "ok\r\nX-Evil: 1"
            return HTTPResponse(status: 200, headers: ["X-Test": injected, "Bad Name": "x"], body: "evil")
        case "/worker":
            let sameThread = state.thread == Thread.current
            return .text("worker=\(state.index) sameThread=\(sameThread) served=\(state.served)")
        case "/big":
            let count = request.query.flatMap { Int($0.dropFirst(2)) } ?? 1_000_000
            return HTTPResponse(body: blockPattern(count: count))
        case "/close":
            return HTTPResponse(status: 200, headers: ["Connection": "close"], body: "bye")
        default:
            return .text("not found", status: 404)
        }
    }
}
