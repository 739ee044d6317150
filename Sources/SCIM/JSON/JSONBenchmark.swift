/// A microbenchmark of the JSON parser and serializer on a typical ~1 KB SCIM user, for the team's
/// benchmark tool. Not a test: it measures, it does not assert.
public enum JSONBenchmark {
    /// Timings per operation, in microseconds.
    public struct Result: Sendable, Hashable {
        /// Mean time to parse ``JSONBenchmark/sampleUser`` once.
        public var parseMicros: Double
        /// Mean time to serialize the parsed user once.
        public var serializeMicros: Double
        /// Size of the sample in bytes.
        public var sampleBytes: Int
        /// Iterations timed (after a warm-up of a tenth as many).
        public var iterations: Int
        /// A value derived from every iteration's output, so the work cannot be optimised away.
        public var checksum: Int
    }

    /// Parses and serializes ``sampleUser`` `iterations` times each and reports the mean per operation.
    public static func run(iterations: Int = 20_000) -> Result {
        let iterations = max(1, iterations)
        let bytes = sampleUser
        var checksum = 0
        let clock = ContinuousClock()
        var parsed: JSONValue = .null
        for _ in 0..<max(1, iterations / 10) {
            parsed = (try? JSONValue.parse(bytes)) ?? .null
            checksum &+= parsed.serialized().count
        }
        let parseTime = clock.measure {
            for _ in 0..<iterations {
                if let value = try? JSONValue.parse(bytes), case .object(let object) = value {
                    checksum &+= object.count
                }
            }
        }
        var buffer: [UInt8] = []
        let serializeTime = clock.measure {
            for _ in 0..<iterations {
                buffer = parsed.serialized()
                checksum &+= buffer.count
            }
        }
        return Result(
            parseMicros: micros(parseTime) / Double(iterations),
            serializeMicros: micros(serializeTime) / Double(iterations),
            sampleBytes: bytes.count,
            iterations: iterations,
            checksum: checksum
        )
    }

    private static func micros(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1_000_000 + Double(attoseconds) / 1_000_000_000_000
    }

    /// A typical SCIM user as Okta or Entra would POST it, with meta and groups as returned (~1 KB).
    public static let sampleUser: [UInt8] = Array(
        """
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User",\
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],\
        "id":"2819c223-7f76-453a-919d-413861904646","externalId":"00u1abcd2EFGH3ijk4x7",\
        "userName":"barbara.jensen@example.com","active":true,\
        "name":{"formatted":"Ms. Barbara J Jensen, III","familyName":"Jensen","givenName":"Barbara"},\
        "displayName":"Babs Jensen","title":"Tour Guide","locale":"en-US","timezone":"America/Los_Angeles",\
        "emails":[{"value":"barbara.jensen@example.com","type":"work","primary":true},\
        {"value":"babs@jensen.org","type":"home"}],\
        "phoneNumbers":[{"value":"+1 555-555-5555","type":"work"}],\
        "groups":[{"value":"e9e30dba-f08f-4109-8486-d5c6a331660a","display":"Tour Guides"}],\
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"701984",\
        "department":"Tour Operations","manager":{"value":"26118915-6090-4610-87e4-49d8ca9f808d"}},\
        "meta":{"resourceType":"User","created":"2024-01-23T04:56:22Z","lastModified":"2024-05-13T04:42:34Z",\
        "version":"W/\\"3694e05e9dff591\\"",\
        "location":"https://acme.example.com/api/scim/v2/Users/2819c223-7f76-453a-919d-413861904646"}}
        """.utf8)
}
