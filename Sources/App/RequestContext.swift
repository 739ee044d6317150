import Foundation
import HTTP
import Store

/// What is known about a request as it passes the checks: its id, tenant and public base URL.
struct RequestContext {
    /// 16 random hex characters, returned as `X-Request-Id` and logged.
    let requestID: String
    /// The tenant, once resolved.
    var tenant: Tenant?
    /// `scheme://host[:port]/api/scim/v2` as the client addressed it.
    var baseURL = ""
    /// The worker's metrics (nil for requests answered on the event loop).
    var metrics: MetricsRecorder?
    /// The authenticated principal, once its token is verified.
    var principal: Principal?

    init(request: HTTPRequest) {
        requestID = RequestID.next()
    }

    /// The Host header as a URL authority: lower-case, trailing dot removed, port kept. The header was
    /// validated by `HostName.fromHeader` before this is called, so it holds only DNS characters and a port.
    static func authority(_ header: String) -> String {
        var value = header.lowercased()
        if let colon = value.lastIndex(of: ":") {
            var host = String(value[..<colon])
            if host.hasSuffix(".") { host.removeLast() }
            value = host + value[colon...]
        } else if value.hasSuffix(".") {
            value.removeLast()
        }
        return value
    }
}
