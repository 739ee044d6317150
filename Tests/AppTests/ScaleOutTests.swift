import App
import Foundation
import Postgres
import Store
import TestSupport
import Testing

/// Two stateless Roster servers (in-process, each with its own workers, caches and change listener) on one
/// PostgreSQL database: what is written through one is read through the other, ETags stay one sequence when
/// PATCHes alternate between them, and a change made through one server's database (a revoked token, a plan
/// change, a removed host) reaches the other's caches within a bound well under the caches' own expiry
/// (tokens 5 s, tenants 10 s), so it is the LISTEN/NOTIFY invalidation that is measured.
@Suite struct ScaleOutTests {
    /// Invalidation must arrive faster than the caches expire by themselves.
    static let invalidationBound = 2.0

    @Test func writesThroughOneServerAreReadThroughTheOther() throws {
        let url = try TestDatabase.createMigrated(prefix: "scale")
        let a = try TestServer(databaseURL: url)
        let b = try TestServer(databaseURL: url)
        defer {
            a.stop()
            b.stop()
        }
        let org = try a.makeOrganization()
        let onA = Endpoint(port: a.port, host: org.host, secret: try #require(org.secret))
        let onB = onA.on(port: b.port)
        let clientA = try onA.client()
        let clientB = try onB.client()

        var ids: [String] = []
        for index in 0..<10 {
            let response = try onA.send(
                clientA, "POST", "/Users",
                #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"u\#(index)@example.com"}"#)
            #expect(response.status == 201)
            ids.append(try #require(response.object["id"] as? String))
        }
        for (index, id) in ids.enumerated() {
            let viaB = try onB.send(clientB, "GET", "/Users/\(id)")
            #expect(viaB.status == 200)
            #expect(viaB.object["userName"] as? String == "u\(index)@example.com")
        }
        let list = try onB.send(clientB, "GET", "/Users?filter=userName%20sw%20%22u%22")
        #expect(list.object["totalResults"] as? Int == 10)

        // PATCHes alternate between the servers, each with the ETag the previous one returned.
        var etag = try #require(try onB.send(clientB, "GET", "/Users/\(ids[0])").header("ETag"))
        for round in 1...20 {
            let (endpoint, client) = round.isMultiple(of: 2) ? (onA, clientA) : (onB, clientB)
            let response = try endpoint.send(
                client, "PATCH", "/Users/\(ids[0])",
                #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"#
                    + #""Operations":[{"op":"replace","path":"title","value":"t\#(round)"}]}"#,
                headers: [("If-Match", etag)])
            #expect(response.status == 200, "round \(round)")
            let next = try #require(response.header("ETag"))
            #expect(next == "W/\"\(round + 1)\"", "round \(round)")
            etag = next
        }
        // The ETag the other server hands out is the same, and a stale one is refused on either.
        #expect(try onA.send(clientA, "GET", "/Users/\(ids[0])").header("ETag") == etag)
        #expect(try onB.send(clientB, "GET", "/Users/\(ids[0])").header("ETag") == etag)
        let stale = try onA.send(
            clientA, "PATCH", "/Users/\(ids[0])",
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"#
                + #""Operations":[{"op":"replace","path":"title","value":"late"}]}"#,
            headers: [("If-Match", "W/\"20\"")])
        #expect(stale.status == 412)

        // Realistic sequences through both at once.
        let failures = concurrently(8) { index in
            let endpoint = index.isMultiple(of: 2) ? onA : onB
            guard let client = try? endpoint.client() else { return ["connect"] }
            return provisioningSequence(endpoint, client: client, name: "seq\(index)@example.com")
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func aRevokedTokenIsRefusedByTheOtherServerWithinTheBound() throws {
        let url = try TestDatabase.createMigrated(prefix: "scale")
        let a = try TestServer(databaseURL: url)
        let b = try TestServer(databaseURL: url)
        defer {
            a.stop()
            b.stop()
        }
        let org = try a.makeOrganization()
        let onB = Endpoint(port: b.port, host: org.host, secret: try #require(org.secret))
        let client = try onB.client()
        // Warm B's caches (tenant and verified token).
        #expect(try onB.send(client, "GET", "/Users").status == 200)
        #expect(try onB.send(client, "GET", "/Users").status == 200)

        let plane = ControlPlane(connection: a.connection)
        let token = try #require(try plane.listTokens(Slug(org.slug)).first)
        _ = try plane.revokeToken(Slug(org.slug), id: token.id)
        let revoked = try secondsUntil(limit: 10) { try onB.send(client, "GET", "/Users").status == 401 }
        let seconds = try #require(revoked, "server B still accepted the revoked token after 10 s")
        print("ScaleOutTests: token revocation reached server B after \(Int(seconds * 1000)) ms")
        #expect(seconds < Self.invalidationBound)
    }

    @Test func planAndHostChangesReachTheOtherServerWithinTheBound() throws {
        let url = try TestDatabase.createMigrated(prefix: "scale")
        let a = try TestServer(databaseURL: url)
        let b = try TestServer(databaseURL: url)
        defer {
            a.stop()
            b.stop()
        }
        let org = try a.makeOrganization()
        let onB = Endpoint(port: b.port, host: org.host, secret: try #require(org.secret))
        let client = try onB.client()
        #expect(try onB.send(client, "GET", "/Users").status == 200)

        let plane = ControlPlane(connection: a.connection)
        _ = try plane.setPlan(Slug(org.slug), .team)
        let gated = try secondsUntil(limit: 15) { try onB.send(client, "GET", "/Users").status == 403 }
        let planSeconds = try #require(gated, "server B still served SCIM after the plan change")
        #expect(planSeconds < Self.invalidationBound)

        _ = try plane.setPlan(Slug(org.slug), .enterprise)
        #expect(try secondsUntil(limit: 15) { try onB.send(client, "GET", "/Users").status == 200 } != nil)
        _ = try plane.removeHost(Slug(org.slug), HostName(org.host))
        let unknown = try secondsUntil(limit: 15) { try onB.send(client, "GET", "/Users").status == 404 }
        let hostSeconds = try #require(unknown, "server B still served the removed host")
        print(
            "ScaleOutTests: plan change reached server B after \(Int(planSeconds * 1000)) ms, "
                + "host removal after \(Int(hostSeconds * 1000)) ms")
        #expect(hostSeconds < Self.invalidationBound)
        #expect(a.server.listener.deliversNotifications == true)
        #expect(b.server.listener.deliversNotifications == true)
    }

    @Test func aDirectURLTurnsPreparedStatementsOffUnlessAskedFor() throws {
        let pooled = try AppConfiguration.fromEnvironment(["DATABASE_DIRECT_URL": "host=db dbname=roster"])
        #expect(pooled.preparedStatements == 0)
        #expect(pooled.directDatabaseURL == "host=db dbname=roster")
        let asked = try AppConfiguration.fromEnvironment([
            "DATABASE_DIRECT_URL": "host=db dbname=roster", "ROSTER_DB_PREPARED_STATEMENTS": "64",
        ])
        #expect(asked.preparedStatements == 64)
        #expect(try AppConfiguration.fromEnvironment([:]).preparedStatements == 256)
    }
}
