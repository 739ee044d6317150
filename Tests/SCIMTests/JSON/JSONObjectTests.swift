import Testing

@testable import SCIM

@Suite struct JSONObjectTests {
    @Test func getsSetsAndRemovesCaseInsensitively() {
        var object: JSONObject = ["userName": "a", "active": true]
        #expect(object["USERNAME"] == "a")
        object["UserName"] = "b"
        #expect(object.keys == ["UserName", "active"])
        #expect(object["username"] == "b")
        object["ACTIVE"] = nil
        #expect(object.keys == ["UserName"])
        object["new"] = 1
        #expect(object.keys == ["UserName", "new"])
        #expect(object.removeValue(forKey: "NEW") == 1)
        #expect(object.removeValue(forKey: "new") == nil)
        #expect(object.contains("username"))
        #expect(!object.contains("user"))
        #expect(object.storedKey(for: "USERNAME") == "UserName")
    }

    @Test func foldsOnlyASCIICase() {
        let object: JSONObject = ["straße": 1, "É": 2]
        #expect(object["STRAßE"] == 1)
        #expect(object["é"] == nil)
    }

    @Test func iteratesMembersInOrder() {
        let object: JSONObject = ["b": 1, "a": 2]
        #expect(object.map(\.key) == ["b", "a"])
        #expect(object.values == [1, 2])
        #expect(object.count == 2)
        #expect(object[0].key == "b")
        var seen: [String] = []
        for (key, _) in object { seen.append(key) }
        #expect(seen == ["b", "a"])
    }

    @Test func equalityIgnoresOrderAndKeyCase() {
        let lhs: JSONObject = ["a": 1, "B": [true]]
        let rhs: JSONObject = ["b": [true], "A": 1]
        #expect(lhs == rhs)
        #expect(lhs.hashValue == rhs.hashValue)
        #expect(lhs != ["a": 1, "b": [false]])
        #expect(lhs != ["a": 1])
        #expect(lhs != ["a": 1, "c": [true]])
    }

    @Test func keepsLastValueForRepeatedLiteralKeys() {
        let object = JSONObject([(key: "a", value: 1), (key: "A", value: 2)])
        #expect(object.count == 1)
        #expect(object["a"] == 2)
    }

    @Test func exposesTypedAccessors() {
        let value: JSONValue = ["s": "x", "b": true, "n": 3, "a": [1], "o": ["k": nil]]
        #expect(value["s"]?.stringValue == "x")
        #expect(value["b"]?.boolValue == true)
        #expect(value["n"]?.numberValue?.intValue == 3)
        #expect(value["a"]?.arrayValue == [1])
        #expect(value["o"]?.objectValue?["k"]?.isNull == true)
        #expect(value["s"]?.boolValue == nil)
        #expect(value["n"]?.stringValue == nil)
        #expect(JSONValue.string("x")["k"] == nil)
        #expect(value["o"]?.typeName == "object")
    }
}
