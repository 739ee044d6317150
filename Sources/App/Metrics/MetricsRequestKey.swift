/// The labels of a request series, packed into one integer key: cheap to hash and to store.
struct RequestKey: Equatable {
    let org: Int32
    let route: MetricsRoute
    let method: MetricsMethod
    let status: Int

    init(org: Int32, route: MetricsRoute, method: MetricsMethod, status: Int) {
        self.org = org
        self.route = route
        self.method = method
        self.status = min(max(status, 0), 0xFFFF)
    }

    init?(packed: UInt64) {
        guard let route = MetricsRoute(rawValue: UInt8(truncatingIfNeeded: packed >> 24)),
            let method = MetricsMethod(rawValue: UInt8(truncatingIfNeeded: packed >> 16))
        else { return nil }
        self.init(
            org: Int32(truncatingIfNeeded: packed >> 32), route: route, method: method,
            status: Int(packed & 0xFFFF))
    }

    var packed: UInt64 {
        UInt64(UInt32(bitPattern: org)) << 32 | UInt64(route.rawValue) << 24 | UInt64(method.rawValue) << 16
            | UInt64(status)
    }
}
