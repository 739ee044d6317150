import Foundation
import Synchronization
import TestSupport

/// An organization's SCIM endpoint on one server port: its host name and token.
struct Endpoint {
    let port: Int
    let host: String
    let secret: String

    func client() throws -> TestHTTPClient { try TestHTTPClient(port: port, timeout: 30) }

    func send(
        _ client: TestHTTPClient, _ method: String, _ path: String, _ body: String? = nil,
        headers: [(String, String)] = []
    ) throws -> TestHTTPClient.Response {
        var all = [("Authorization", "Bearer \(secret)"), ("User-Agent", "Okta SCIM Client 1.0.0")]
        if body != nil { all.append(("Content-Type", "application/scim+json")) }
        return try client.request(method, "/api/scim/v2" + path, host: host, headers: all + headers, body: body)
    }

    /// The same organization on another server.
    func on(port: Int) -> Endpoint { Endpoint(port: port, host: host, secret: secret) }
}

/// A provisioning sequence as Okta and Entra send it (look up, create, read, case-insensitive lookup, Entra
/// PATCH, PUT, group create, member add, group lookup, member remove, deactivate, delete), run by one client.
/// Returns one line per step that did not get the expected status.
func provisioningSequence(_ endpoint: Endpoint, client: TestHTTPClient, name: String) -> [String] {
    var failures: [String] = []
    func step(
        _ label: String, _ method: String, _ path: String, _ body: String? = nil, headers: [(String, String)] = [],
        expect: Set<Int>
    ) -> TestHTTPClient.Response? {
        do {
            let response = try endpoint.send(client, method, path, body, headers: headers)
            if !expect.contains(response.status) {
                failures.append("\(label): \(response.status) \(response.text.prefix(200))")
            }
            return response
        } catch {
            failures.append("\(label): \(error)")
            return nil
        }
    }
    let quoted = "%22\(name)%22"
    let lookup = step("lookup", "GET", "/Users?filter=userName%20eq%20\(quoted)", expect: [200])
    if let count = lookup?.object["totalResults"] as? Int, count != 0 { failures.append("lookup found \(count)") }
    let created = step(
        "create", "POST", "/Users",
        #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(name)","#
            + #""name":{"givenName":"Ada","familyName":"Lovelace"},"emails":[{"value":"\#(name)","type":"work","#
            + #""primary":true}],"active":true,"password":"x-Secret-1"}"#, expect: [201])
    guard let id = created?.object["id"] as? String else { return failures + ["create returned no id"] }
    let read = step("read", "GET", "/Users/\(id)", expect: [200])
    let upper = "%22\(name.uppercased())%22"
    let again = step("lookup case-insensitive", "GET", "/Users?filter=userName%20eq%20\(upper)", expect: [200])
    if (again?.object["totalResults"] as? Int) != 1 { failures.append("case-insensitive lookup did not find it") }
    let patch = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":["#
    _ = step(
        "entra patch", "PATCH", "/Users/\(id)",
        patch + #"{"op":"Replace","path":"displayName","value":"Ada L"},"#
            + #"{"op":"Replace","path":"emails[type eq \"work\"].value","value":"\#(name)"}]}"#,
        headers: [("If-Match", read?.header("ETag") ?? "*")], expect: [200])
    _ = step(
        "put", "PUT", "/Users/\(id)",
        #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(name)","#
            + #""displayName":"Ada Lovelace","title":"Countess","active":true}"#, expect: [200])
    let group = step(
        "group create", "POST", "/Groups",
        #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"g-\#(name)","members":[]}"#,
        expect: [201])
    if let groupID = group?.object["id"] as? String {
        _ = step(
            "member add", "PATCH", "/Groups/\(groupID)",
            patch + #"{"op":"Add","path":"members","value":[{"value":"\#(id)"}]}]}"#, expect: [200, 204])
        let found = step(
            "group lookup", "GET",
            "/Groups?filter=displayName%20eq%20%22g-\(name)%22&excludedAttributes=members", expect: [200])
        if (found?.object["totalResults"] as? Int) != 1 { failures.append("group lookup did not find it") }
        _ = step(
            "member remove", "PATCH", "/Groups/\(groupID)",
            patch + #"{"op":"remove","path":"members[value eq \"\#(id)\"]"}]}"#, expect: [200, 204])
        _ = step("group delete", "DELETE", "/Groups/\(groupID)", expect: [204])
    }
    _ = step(
        "deactivate", "PATCH", "/Users/\(id)", patch + #"{"op":"replace","value":{"active":false}}]}"#, expect: [200])
    _ = step("delete", "DELETE", "/Users/\(id)", expect: [204])
    _ = step("gone", "GET", "/Users/\(id)", expect: [404])
    return failures
}

/// Runs `body` on `count` threads at once and waits (at most `timeout` seconds) for all of them.
func concurrently(_ count: Int, timeout: Double = 120, _ body: @escaping @Sendable (Int) -> [String]) -> [String] {
    let failures = Mutex<[String]>([])
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        Thread {
            let found = body(index)
            failures.withLock { $0 += found }
            group.leave()
        }.start()
    }
    if group.wait(timeout: .now() + timeout) == .timedOut { return ["timed out after \(timeout) s"] }
    return failures.withLock { $0 }
}

/// Polls `condition` every 10 ms until it holds or `limit` seconds pass; returns the seconds it took.
func secondsUntil(limit: Double, _ condition: () throws -> Bool) rethrows -> Double? {
    let start = ContinuousClock.now
    while ContinuousClock.now - start < .milliseconds(Int64(limit * 1000)) {
        if try condition() {
            let elapsed = ContinuousClock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
        usleep(10_000)
    }
    return nil
}
