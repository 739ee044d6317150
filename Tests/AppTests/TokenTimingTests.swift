import Foundation
import TestSupport
import Testing

/// A wrong token is refused in the same time whether its first byte or all but its last byte are right: the
/// presented token is hashed (SHA-256) and looked up by hash, and the stored hash is compared in constant time,
/// so nothing about the secret's prefix shows in the timing. Measured over thousands of interleaved requests.
@Suite struct TokenTimingTests {
    static let rounds = 1_500

    /// `secret` with byte `index` replaced by a random other base62 character: a different token every time,
    /// like the random ones, so no kind profits from repeating the same lookup.
    static func replacing(_ secret: String, at index: Int) -> String {
        var bytes = Array(secret.utf8)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
        bytes[index] = alphabet.filter { $0 != bytes[index] }.randomElement() ?? UInt8(ascii: "a")
        return String(decoding: bytes, as: UTF8.self)
    }

    static func randomToken(length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<length).map { _ in alphabet.randomElement() ?? "a" })
    }

    /// The mean of the middle 80 % (10 % trimmed at each end).
    static func trimmedMean(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let cut = sorted.count / 10
        let middle = sorted[cut..<(sorted.count - cut)]
        return middle.reduce(0, +) / Double(middle.count)
    }

    @Test func refusesNearMissTokensInTheSameTimeAsRandomOnes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let org = try server.makeOrganization()
        // Safe: makeOrganization creates a token by default.
        let secret = org.secret!
        let client = try server.client()
        // Two control groups of random tokens of the same length: their difference is the noise floor.
        let kinds: [(String, () -> String)] = [
            ("first byte wrong", { Self.replacing(secret, at: 0) }),
            ("all but the last byte right", { Self.replacing(secret, at: secret.utf8.count - 1) }),
            ("random A", { Self.randomToken(length: secret.utf8.count) }),
            ("random B", { Self.randomToken(length: secret.utf8.count) }),
        ]
        func send(_ token: String, expecting status: Int = 401) throws -> Double {
            let started = DispatchTime.now().uptimeNanoseconds
            let response = try client.request(
                "GET", "/api/scim/v2/ServiceProviderConfig", host: org.host,
                headers: [("Authorization", "Bearer \(token)")])
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1_000
            #expect(response.status == status)
            return elapsed
        }
        for _ in 0..<200 { _ = try send(Self.randomToken(length: secret.utf8.count)) }
        var samples = [String: [Double]]()
        // Per round, each kind's time minus "random A"'s in the same round: a burst of load on the shared
        // machine slows a whole round, and the paired differences cancel it.
        var differences = [String: [Double]]()
        for round in 0..<Self.rounds {
            var times = [String: Double]()
            for offset in 0..<kinds.count {
                let (name, token) = kinds[(round + offset) % kinds.count]
                times[name] = try send(token())
                samples[name, default: []].append(times[name] ?? 0)
            }
            for (name, time) in times where name != "random A" {
                differences[name, default: []].append(time - (times["random A"] ?? 0))
            }
        }
        _ = try send(secret, expecting: 200)

        let medians = samples.mapValues { $0.sorted()[$0.count / 2] }
        let trimmed = samples.mapValues(Self.trimmedMean)
        let shifts = differences.mapValues { $0.sorted()[$0.count / 2] }
        let control = medians["random A"] ?? 0
        // The bound: three times the median shift between the two identical control groups, and at least 5 %
        // of the control median. A real leak (hashing a prefix, a lookup by prefix, comparing byte by byte
        // with an early exit over HTTP-visible work) shows as a constant shift of one kind in every round.
        let noise = abs(shifts["random B"] ?? 0)
        let bound = max(3 * noise, 0.05 * control)
        for name in ["first byte wrong", "all but the last byte right"] {
            let shift = shifts[name] ?? 0
            #expect(
                abs(shift) <= bound, "median shift of \(name) against random tokens: \(shift) µs (bound \(bound) µs)")
        }
        let line = kinds.map { name, _ in
            String(
                format: "%@ %.0f/%.0f µs, shift %+.1f µs", name, medians[name] ?? 0, trimmed[name] ?? 0,
                shifts[name] ?? 0)
        }
        print("token timing over \(Self.rounds) rounds (median/trimmed mean): \(line.joined(separator: ", "))")
    }
}
