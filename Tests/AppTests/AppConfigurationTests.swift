import App
import Testing

/// `AppConfiguration.fromEnvironment`: the bulk limits, their defaults and their bounds.
@Suite struct AppConfigurationTests {
    @Test func defaultsBulkLimitsToOneThousandOperationsAndTheHTTPBodyLimit() throws {
        let configuration = try AppConfiguration.fromEnvironment([:])
        #expect(configuration.bulkMaxOperations == 1_000)
        #expect(configuration.bulkMaxPayloadSize == nil)
        #expect(configuration.effectiveBulkMaxPayloadSize == 1_048_576)
    }

    @Test func readsBulkLimitsAndCapsThePayloadAtTheHTTPBodyLimit() throws {
        let smaller = try AppConfiguration.fromEnvironment([
            "ROSTER_SCIM_BULK_MAX_OPERATIONS": "50", "ROSTER_SCIM_BULK_MAX_PAYLOAD_SIZE": "4096",
        ])
        #expect(smaller.bulkMaxOperations == 50)
        #expect(smaller.effectiveBulkMaxPayloadSize == 4096)
        let larger = try AppConfiguration.fromEnvironment([
            "ROSTER_SCIM_BULK_MAX_PAYLOAD_SIZE": "10000000", "ROSTER_HTTP_MAX_BODY_BYTES": "2000000",
        ])
        #expect(larger.effectiveBulkMaxPayloadSize == 2_000_000)
    }

    @Test(arguments: [
        ("ROSTER_SCIM_BULK_MAX_OPERATIONS", "0"), ("ROSTER_SCIM_BULK_MAX_OPERATIONS", "many"),
        ("ROSTER_SCIM_BULK_MAX_PAYLOAD_SIZE", "-1"), ("ROSTER_SCIM_BULK_MAX_PAYLOAD_SIZE", "1MB"),
    ])
    func refusesBadBulkLimits(name: String, value: String) {
        #expect(throws: ConfigurationError.self) { try AppConfiguration.fromEnvironment([name: value]) }
    }
}
