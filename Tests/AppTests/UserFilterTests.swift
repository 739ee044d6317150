import Foundation
import Postgres
import TestSupport
import Testing

/// Filters (RFC 7644 §3.4.2.2) over a fixed set of users, each with its exact expected result, evaluated in SQL.
@Suite(.serialized) struct UserFilterTests {
    static let users: [(String, String)] = [
        (
            "alice",
            #""externalId":"ext-A","name":{"givenName":"Alice","familyName":"Anders"},"title":"Engineer","active":true,"emails":[{"value":"alice@work.example","type":"work","primary":true},{"value":"alice@home.example","type":"home"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","employeeNumber":"100"},"metadata":{"level":3,"costCode":"CC-1","remote":true}"#
        ),
        (
            "bob",
            #""externalId":"ext-B","name":{"givenName":"Bob","familyName":"Brown"},"title":"Designer","active":false,"emails":[{"value":"bob@work.example","type":"work"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Design"},"metadata":{"level":1,"costCode":"CC-2"}"#
        ),
        (
            "carol",
            #""externalId":"ext-C","name":{"givenName":"Carol","familyName":"Clark"},"title":"Engineer","nickName":"Caz","emails":[{"value":"carol@home.example","type":"home"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"R&D","employeeNumber":"300"},"metadata":{"level":5}"#
        ),
        (
            "dave",
            #""name":{"givenName":"Dave","familyName":"d'Arcy"},"title":"100% sure_thing","emails":[{"value":"dave@work.example","type":"work"}]"#
        ),
        ("erin", #""externalId":"EXT-A","name":{"givenName":"Erin","familyName":"Evans"},"active":true"#),
    ]

    @Test func evaluatesEachFilterExactly() throws {
        let server = try TestServer()
        defer { server.stop() }
        let scim = try SCIMSession(server: server)
        let suffix = "@\(scim.slug).test"
        for (name, extra) in Self.users {
            let body =
                #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],"userName":"\#(name)\#(suffix)",\#(extra)}"#
            let response = try scim.send("POST", "/Users", body)
            #expect(response.status == 201, "\(name): \(response.text)")
        }
        let cases: [(String, [String])] = [
            (#"userName eq "alice\#(suffix)""#, ["alice"]),
            (#"userName eq "ALICE\#(suffix.uppercased())""#, ["alice"]),
            (#"USERNAME EQ "alice\#(suffix)""#, ["alice"]),
            (#"userName ne "alice\#(suffix)""#, ["bob", "carol", "dave", "erin"]),
            (#"userName sw "a""#, ["alice"]),
            (#"userName sw "A""#, ["alice"]),
            (#"userName ew "\#(suffix)""#, ["alice", "bob", "carol", "dave", "erin"]),
            (#"userName co "ar""#, ["carol"]),
            (#"userName gt "carol""#, ["carol", "dave", "erin"]),
            (#"userName lt "bob""#, ["alice"]),
            (#"userName ge "dave\#(suffix)""#, ["dave", "erin"]),
            (#"userName le "bob\#(suffix)""#, ["alice", "bob"]),
            (#"externalId eq "ext-A""#, ["alice"]),
            (#"externalId eq "EXT-A""#, ["erin"]),
            (#"externalId pr"#, ["alice", "bob", "carol", "erin"]),
            (#"not (externalId pr)"#, ["dave"]),
            (#"title eq "Engineer""#, ["alice", "carol"]),
            (#"title eq "engineer""#, ["alice", "carol"]),
            (#"title co "%""#, ["dave"]),
            (#"title co "_""#, ["dave"]),
            (#"title sw "100%""#, ["dave"]),
            (#"title pr"#, ["alice", "bob", "carol", "dave"]),
            (#"nickName pr"#, ["carol"]),
            (#"nickName eq null"#, ["alice", "bob", "dave", "erin"]),
            (#"active eq true"#, ["alice", "carol", "dave", "erin"]),
            (#"active eq false"#, ["bob"]),
            (#"active ne true"#, ["bob"]),
            (#"name.familyName eq "Brown""#, ["bob"]),
            (#"name.familyName sw "d'""#, ["dave"]),
            (#"name.givenName co "a""#, ["alice", "carol", "dave"]),
            (#"name.familyName gt "C""#, ["carol", "dave", "erin"]),
            (#"emails eq "bob@work.example""#, ["bob"]),
            (#"emails.value ew "@home.example""#, ["alice", "carol"]),
            (#"emails.type eq "work""#, ["alice", "bob", "dave"]),
            (#"emails[type eq "work"]"#, ["alice", "bob", "dave"]),
            (#"emails[type eq "work" and value co "alice"]"#, ["alice"]),
            (#"emails[type eq "home" or primary eq true]"#, ["alice", "carol"]),
            (#"emails[type eq "home" and primary eq true]"#, []),
            (#"emails[not (type eq "work")]"#, ["alice", "carol"]),
            (#"emails.primary eq true"#, ["alice"]),
            (#"emails pr"#, ["alice", "bob", "carol", "dave"]),
            (#"emails.value pr and not (emails.type eq "work")"#, ["carol"]),
            (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "R&D""#, ["alice", "carol"]),
            (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "r&d""#, ["alice", "carol"]),
            (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber pr"#, ["alice", "carol"]),
            (#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "e""#, ["erin"]),
            (#"metadata.level gt 2"#, ["alice", "carol"]),
            (#"metadata.level eq 1"#, ["bob"]),
            (#"metadata.level le 3"#, ["alice", "bob"]),
            (#"metadata.costCode eq "CC-2""#, ["bob"]),
            (#"metadata.remote eq true"#, ["alice"]),
            (#"metadata.costCode pr"#, ["alice", "bob"]),
            (#"title eq "Engineer" and active eq true"#, ["alice", "carol"]),
            (#"title eq "Engineer" or title eq "Designer""#, ["alice", "bob", "carol"]),
            (#"title eq "Designer" or title eq "Engineer" and name.givenName eq "Carol""#, ["bob", "carol"]),
            (#"(title eq "Designer" or title eq "Engineer") and name.givenName eq "Carol""#, ["carol"]),
            (#"not (title eq "Engineer") and title pr"#, ["bob", "dave"]),
            (#"not (not (userName sw "b"))"#, ["bob"]),
            (#"meta.created gt "2000-01-01T00:00:00Z""#, ["alice", "bob", "carol", "dave", "erin"]),
            (#"meta.lastModified lt "2000-01-01T00:00:00Z""#, []),
            (#"meta.created ge "2000-01-01T00:00:00+02:00" and userName sw "c""#, ["carol"]),
            (#"id eq "not-a-uuid""#, []),
            (#"userName eq "'; DROP TABLE users; --""#, []),
            (#"title co "\"""#, []),
            (#"userName eq "\u0061lice\#(suffix)""#, ["alice"]),
            // More operators, attributes and combinations.
            (#"userName sw "b" or userName sw "c""#, ["bob", "carol"]),
            (#"userName sw "b" and userName sw "c""#, []),
            (#"not (userName sw "a") and not (userName sw "b")"#, ["carol", "dave", "erin"]),
            (#"(userName sw "a" or userName sw "b") and active eq true"#, ["alice"]),
            (#"userName sw "a" or (userName sw "b" and active eq true)"#, ["alice"]),
            (#"userName co "@""#, ["alice", "bob", "carol", "dave", "erin"]),
            (#"userName pr"#, ["alice", "bob", "carol", "dave", "erin"]),
            (#"userName eq null"#, []),
            (#"externalId eq null"#, ["dave"]),
            (#"externalId ne null"#, ["alice", "bob", "carol", "erin"]),
            (#"externalId sw "ext-""#, ["alice", "bob", "carol"]),
            (#"externalId sw "EXT""#, ["erin"]),
            (#"externalId gt "ext-A""#, ["bob", "carol"]),
            (#"externalId ge "ext-A""#, ["alice", "bob", "carol"]),
            (#"externalId lt "ext-B""#, ["alice", "erin"]),
            (#"title ne "Engineer""#, ["bob", "dave", "erin"]),
            (#"title sw "eng""#, ["alice", "carol"]),
            (#"title ew "ER""#, ["alice", "bob", "carol"]),
            (#"title co "sure""#, ["dave"]),
            (#"title gt "E""#, ["alice", "carol"]),
            (#"title lt "E""#, ["bob", "dave"]),
            (#"nickName eq "caz""#, ["carol"]),
            (#"nickName ne "Caz""#, ["alice", "bob", "dave", "erin"]),
            (#"name pr"#, ["alice", "bob", "carol", "dave", "erin"]),
            (#"name.givenName eq "alice""#, ["alice"]),
            (#"name.givenName ew "e""#, ["alice", "dave"]),
            (#"name.familyName co "'""#, ["dave"]),
            (#"name.familyName le "Brown""#, ["alice", "bob"]),
            (#"name.middleName pr"#, []),
            (#"active pr"#, ["alice", "bob", "carol", "dave", "erin"]),
            (#"active eq true and title pr"#, ["alice", "carol", "dave"]),
            (#"emails.value co "work""#, ["alice", "bob", "dave"]),
            (#"emails.value sw "CAROL""#, ["carol"]),
            (#"emails.type eq "home""#, ["alice", "carol"]),
            (#"emails.type ne "work""#, ["alice", "carol"]),
            (#"emails.primary pr"#, ["alice"]),
            (#"emails[type eq "home"].value ew "example""#, ["alice", "carol"]),
            (#"emails[value sw "bob" or value sw "dave"]"#, ["bob", "dave"]),
            (#"emails[type eq "work"] and emails[type eq "home"]"#, ["alice"]),
            (#"not (emails pr)"#, ["erin"]),
            (
                #"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department ne "R&D""#,
                ["bob", "dave", "erin"]
            ),
            (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department sw "des""#, ["bob"]),
            (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department pr"#, ["alice", "bob", "carol"]),
            (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "300""#, ["carol"]),
            (#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber gt "150""#, ["carol"]),
            (#"metadata.level ge 3"#, ["alice", "carol"]),
            (#"metadata.level lt 5"#, ["alice", "bob"]),
            (#"metadata.level ne 1"#, ["alice", "carol", "dave", "erin"]),
            (#"metadata.costCode sw "cc-""#, ["alice", "bob"]),
            (#"metadata.remote pr"#, ["alice"]),
            (#"metadata.missing pr"#, []),
            (#"meta.lastModified ge "2000-01-01T00:00:00.000Z""#, ["alice", "bob", "carol", "dave", "erin"]),
            (#"meta.created lt "2999-12-31T23:59:59-05:00""#, ["alice", "bob", "carol", "dave", "erin"]),
            (#"meta.created pr"#, ["alice", "bob", "carol", "dave", "erin"]),
            (#"id pr"#, ["alice", "bob", "carol", "dave", "erin"]),
            (#"id ne "not-a-uuid""#, ["alice", "bob", "carol", "dave", "erin"]),
            (
                #"userName eq "alice\#(suffix)" or userName eq "bob\#(suffix)" or userName eq "carol\#(suffix)""#,
                ["alice", "bob", "carol"]
            ),
            (#"((((userName sw "a"))))"#, ["alice"]),
            (#"not (not (not (userName sw "a")))"#, ["bob", "carol", "dave", "erin"]),
            // Entra writes a uniqueness lookup as a value path with a sub-attribute comparison.
            (#"emails[type eq "work"].value eq "bob@work.example""#, ["bob"]),
        ]
        for (filter, expected) in cases {
            let encoded = filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let response = try scim.send("GET", "/Users?count=50&filter=\(encoded)")
            #expect(response.status == 200, "\(filter): \(response.text)")
            let names = (response.object["Resources"] as? [[String: Any]] ?? []).compactMap {
                ($0["userName"] as? String)?.components(separatedBy: "@").first
            }
            #expect(names.sorted() == expected, "\(filter)")
            #expect(response.object["totalResults"] as? Int == expected.count, "\(filter)")
        }
        #expect(try scim.count("SELECT count(*) FROM \(ident: scim.schema).users") == Self.users.count)

        let invalid = [
            "userName eq", #"emails[type eq "work""#, #"name.givenName zz "x""#, #"shoeSize eq 3"#,
            #"userName gt true"#, #"active co "t""#, #"meta.created gt "yesterday""#,
            #"meta.created gt "2026-13-45T99:99:99Z""#,
            String(repeating: "(", count: 2000) + #"userName eq "a""#
                + String(repeating: ")", count: 2000), "", #"userName eq "a" and"#, #"emails[value eq "a"] eq "b""#,
        ]
        for filter in invalid {
            let encoded = filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let response = try scim.send("GET", "/Users?filter=\(encoded)")
            #expect(response.status == 400, "\(filter.prefix(60)): \(response.text)")
            #expect(response.object["scimType"] as? String == "invalidFilter", "\(filter.prefix(60)): \(response.text)")
        }
    }

    @Test func sortsAndProjects() throws {
        let server = try TestServer()
        defer { server.stop() }
        let scim = try SCIMSession(server: server)
        for (name, family) in [("x1", "Zeta"), ("x2", "alpha"), ("x3", "Mu")] {
            let body =
                #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(name)@s.test","name":{"familyName":"\#(family)"},"title":"T"}"#
            #expect(try scim.send("POST", "/Users", body).status == 201)
        }
        func names(_ query: String) throws -> [String] {
            let response = try scim.send("GET", "/Users?\(query)")
            #expect(response.status == 200, "\(query): \(response.text)")
            return (response.object["Resources"] as? [[String: Any]] ?? []).compactMap {
                ($0["name"] as? [String: Any])?["familyName"] as? String
            }
        }
        #expect(try names("sortBy=name.familyName") == ["alpha", "Mu", "Zeta"])
        #expect(try names("sortBy=name.familyName&sortOrder=descending") == ["Zeta", "Mu", "alpha"])
        #expect(try scim.send("GET", "/Users?sortBy=emails").status == 400)
        let projected = try scim.send("GET", "/Users?attributes=userName,name.familyName&count=1").object
        let first = try #require((projected["Resources"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["schemas", "id", "userName", "name"])
        let excluded = try scim.send("GET", "/Users?excludedAttributes=name,meta,id&count=1").object
        let item = try #require((excluded["Resources"] as? [[String: Any]])?.first)
        #expect(item["name"] == nil && item["meta"] == nil && item["id"] != nil && item["title"] as? String == "T")
        #expect(try scim.send("GET", "/Users?attributes=a&excludedAttributes=b").status == 400)
    }
}
