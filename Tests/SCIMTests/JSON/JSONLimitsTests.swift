import Testing

@testable import SCIM

@Suite struct JSONLimitsTests {
    private func kind(_ text: String, _ limits: JSONLimits) -> JSONParseError.Kind? {
        do {
            _ = try JSONValue.parse(text, limits: limits)
            return nil
        } catch {
            return error.kind
        }
    }

    @Test func rejectsNestingBeyondMaxDepth() {
        let limits = JSONLimits(maxDepth: 3)
        #expect(kind("[[[1]]]", limits) == nil)
        #expect(kind("[[[[1]]]]", limits) == .tooDeep)
        #expect(kind(#"{"a":{"b":{"c":{}}}}"#, limits) == .tooDeep)
    }

    @Test func failsFastOnDeepNestingBomb() {
        let bomb = String(repeating: "[", count: 100_000)
        let started = ContinuousClock.now
        #expect(kind(bomb, .default) == .tooDeep)
        #expect(kind(String(repeating: "{\"a\":", count: 100_000), .default) == .tooDeep)
        #expect(ContinuousClock.now - started < .seconds(1))
    }

    @Test func capsConfiguredDepthAtCeiling() {
        let limits = JSONLimits(maxDepth: 1_000_000)
        let bomb = String(repeating: "[", count: 200_000)
        #expect(kind(bomb, limits) == .tooDeep)
        let deep =
            String(repeating: "[", count: JSONLimits.depthCeiling)
            + String(repeating: "]", count: JSONLimits.depthCeiling)
        #expect(kind(deep, limits) == nil)
    }

    @Test func acceptsDefaultDepth() {
        let text = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(kind(text, .default) == nil)
        let deeper = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(kind(deeper, .default) == .tooDeep)
    }

    @Test func rejectsInputBeyondMaxBytes() {
        #expect(kind("[1,2,3]", JSONLimits(maxBytes: 7)) == nil)
        #expect(kind("[1,2,3] ", JSONLimits(maxBytes: 7)) == .tooLarge)
    }

    @Test func rejectsStringsBeyondMaxStringBytes() {
        let limits = JSONLimits(maxStringBytes: 4)
        #expect(kind(#""abcd""#, limits) == nil)
        #expect(kind(#""abcde""#, limits) == .stringTooLong)
        #expect(kind(#""ab\ncde""#, limits) == .stringTooLong)
        #expect(kind(#""éé""#, limits) == nil)
        #expect(kind(#""ééé""#, limits) == .stringTooLong)
        #expect(kind(#"{"abcde":1}"#, limits) == .stringTooLong)
        #expect(kind("123456", limits) == .stringTooLong)
    }

    @Test func rejectsContainersBeyondMaxMembers() {
        let limits = JSONLimits(maxMembers: 3)
        #expect(kind("[1,2,3]", limits) == nil)
        #expect(kind("[1,2,3,4]", limits) == .tooManyMembers)
        #expect(kind(#"{"a":1,"b":2,"c":3}"#, limits) == nil)
        #expect(kind(#"{"a":1,"b":2,"c":3,"d":4}"#, limits) == .tooManyMembers)
    }
}
