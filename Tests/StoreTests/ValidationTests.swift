import Store
import Testing

@Suite struct ValidationTests {
    @Test(arguments: ["acme", "a", "acme-corp", "a1-b2", String(repeating: "a", count: 40)])
    func acceptsValidSlugs(_ text: String) throws {
        #expect(try Slug(text).value == text)
    }

    @Test(arguments: [
        "", "-acme", "acme-", "Acme", "ac_me", "ac me", "acme.corp", String(repeating: "a", count: 41), "ä",
    ])
    func rejectsInvalidSlugs(_ text: String) {
        #expect(throws: StoreError.self) { try Slug(text) }
    }

    @Test func mapsSlugsToDistinctSchemaNames() throws {
        #expect(try Slug("acme-corp").schemaName == "org_acme_corp")
        #expect(try Slug("acme").schemaName == "org_acme")
    }

    @Test func normalizesHostHeaders() {
        #expect(HostName.fromHeader("ACME.Example.com:8443")?.value == "acme.example.com")
        #expect(HostName.fromHeader("acme.example.com.")?.value == "acme.example.com")
        #expect(HostName.fromHeader("acme.localhost")?.value == "acme.localhost")
        for bad in [
            "", "acme.example.com/path", "user@acme.example.com", "acme..com", "[::1]:80", "acme:", "a b",
            "acme.example.com:99999999", "-acme.com",
        ] {
            #expect(HostName.fromHeader(bad) == nil, "\(bad)")
        }
    }

    @Test func refusesPortsInOperatorHostNames() {
        #expect(throws: StoreError.self) { try HostName("acme.example.com:80") }
        #expect(throws: Never.self) { try HostName("Acme.Example.COM") }
    }

    @Test func parsesPlansFlagsAndScopes() throws {
        #expect(try Plan(parsing: "Enterprise") == .enterprise)
        #expect(throws: StoreError.self) { try Plan(parsing: "platinum") }
        #expect(try FeatureFlag(parsing: "api-beta") == .apiBeta)
        #expect(throws: StoreError.self) { try FeatureFlag(parsing: "api_beta") }
        #expect(try TokenScope(parsing: "scim") == .scim)
        #expect(throws: StoreError.self) { try TokenScope(parsing: "admin") }
    }
}

@Suite struct SHA256Tests {
    @Test func matchesTheStandardTestVectors() {
        #expect(SHA256.hex(SHA256.hash("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(SHA256.hash("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(SHA256.hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex(SHA256.hash(String(repeating: "a", count: 1_000_000)))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func comparesDigestsWholly() {
        let a = SHA256.hash("a")
        var b = a
        #expect(SHA256.constantTimeEquals(a, b))
        b[31] ^= 1
        #expect(!SHA256.constantTimeEquals(a, b))
        #expect(!SHA256.constantTimeEquals(a, Array(a.prefix(31))))
    }

    @Test func generatesLongDistinctSecrets() {
        let secrets = (0..<100).map { _ in Secret.generate().value }
        #expect(Set(secrets).count == 100)
        for secret in secrets {
            #expect(secret.hasPrefix("roster_"))
            #expect(secret.count == 7 + 43)  // 43 base62 digits ≥ 256 bits
            #expect(secret.dropFirst(7).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        }
    }
}
