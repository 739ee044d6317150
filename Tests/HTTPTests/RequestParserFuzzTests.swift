import Testing

@testable import HTTP

/// Random and mutated input: the parser must never trap, and must always end in a request, an error or
/// a request for more bytes.
@Suite struct RequestParserFuzzTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let seeds: [[UInt8]] = [
        "GET /a?b=c HTTP/1.1\r\nHost: h\r\nX: y\r\n\r\n",
        "POST /u HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello",
        "POST /u HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3;e=1\r\nabc\r\n0\r\nT: v\r\n\r\n",
        "PUT /u HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok",
    ].map { Array($0.utf8) }

    @Test func survivesRandomBytes() {
        var random = Generator(state: 42)
        let alphabet: [UInt8] =
            Array("GET POST/ HTTP/1.1\r\n:Host;0123456789abcdefABCDEF-chunked\t ".utf8) + [0, 0x7F, 0xFF]
        for _ in 0..<3000 {
            let length = Int.random(in: 0..<200, using: &random)
            let input = (0..<length).map { _ in alphabet.randomElement(using: &random) ?? 0 }
            let chunk = Int.random(in: 1...16, using: &random)
            let limits = RequestParser.Limits(
                maxHeadBytes: 128, maxHeaderCount: 4, maxBodyBytes: 16, maxChunkLineBytes: 8)
            _ = parseEvents(input, chunkSize: chunk, limits: limits)
        }
    }

    @Test func survivesMutatedRequests() {
        var random = Generator(state: 7)
        for _ in 0..<4000 {
            guard var input = Self.seeds.randomElement(using: &random) else { continue }
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0...input.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0 where position < input.count: input[position] = UInt8.random(in: 0...255, using: &random)
                case 1: input.insert(UInt8.random(in: 0...255, using: &random), at: position)
                default: if position < input.count { input.remove(at: position) }
                }
            }
            // `continueExpected` depends on whether body bytes came with the head; ignore it.
            let whole = parseEvents(input).filter { $0 != .continueExpected }
            let split = parseEvents(input, chunkSize: Int.random(in: 1...8, using: &random))
                .filter { $0 != .continueExpected }
            #expect(whole == split, "split input must parse the same: \(input)")
        }
    }
}
