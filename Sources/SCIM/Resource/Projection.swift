import Foundation

/// `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) applied to a rendered resource.
///
/// `id` and `schemas` are always returned (`returned: always`); `meta` stays unless excluded or a list of
/// `attributes` leaves it out; names are case-insensitive and may be URN-qualified
/// (`urn:…:enterprise:2.0:User:department`) or name sub-attributes (`name.givenName`).
public struct Projection: Sendable, Hashable {
    enum Mode: Sendable, Hashable {
        case all
        case only([AttributePath])
        case except([AttributePath])
    }

    let mode: Mode

    /// Everything (no parameter given).
    public static let all = Projection(mode: .all)

    /// Parses the two query parameters; giving both is a 400 `invalidSyntax`, a name that is not an
    /// attribute path is a 400 `invalidPath`.
    public init(attributes: String?, excludedAttributes: String?) throws(SCIMError) {
        switch (attributes, excludedAttributes) {
        case (nil, nil): mode = .all
        case (let list?, nil): mode = .only(try Self.paths(list))
        case (nil, let list?): mode = .except(try Self.paths(list))
        case (_?, _?):
            throw SCIMError(
                status: 400, scimType: .invalidSyntax, detail: "give attributes or excludedAttributes, not both")
        }
    }

    private init(mode: Mode) {
        self.mode = mode
    }

    static func paths(_ list: String) throws(SCIMError) -> [AttributePath] {
        var paths: [AttributePath] = []
        for item in list.split(separator: ",") {
            let text = item.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { continue }
            guard paths.count < 200, let path = AttributePath(text) else {
                throw SCIMError(
                    status: 400, scimType: .invalidPath, detail: "'\(text.prefix(100))' is not an attribute")
            }
            paths.append(path)
        }
        return paths
    }

    /// Whether the resource's `name` attribute (top level, or under `container`) is wanted at all.
    public func includes(_ name: String, container: String? = nil) -> Bool {
        switch mode {
        case .all: return true
        case .only(let paths): return paths.contains { Self.matches($0, name: name, container: container) }
        case .except(let paths):
            return !paths.contains { $0.subAttribute == nil && Self.matches($0, name: name, container: container) }
        }
    }

    /// The resource with the projection applied.
    public func apply(to resource: JSONObject) -> JSONObject {
        if case .all = mode { return resource }
        var result = JSONObject()
        for (key, value) in resource {
            if JSONObject.keysEqual(key, "id") || JSONObject.keysEqual(key, "schemas") {
                result[key] = value
            } else if key.lowercased().hasPrefix("urn:"), case .object(let inner) = value {
                let kept = project(inner, container: key)
                if !kept.isEmpty { result[key] = .object(kept) }
            } else if let kept = project(key, value, container: nil) {
                result[key] = kept
            }
        }
        return result
    }

    private func project(_ object: JSONObject, container: String) -> JSONObject {
        var kept = JSONObject()
        for (key, value) in object {
            if let projected = project(key, value, container: container) { kept[key] = projected }
        }
        return kept
    }

    /// One attribute: whole, trimmed to the named sub-attributes, or dropped.
    private func project(_ name: String, _ value: JSONValue, container: String?) -> JSONValue? {
        switch mode {
        case .all:
            return value
        case .only(let paths):
            let named = paths.filter { Self.matches($0, name: name, container: container) }
            if named.isEmpty { return nil }
            if named.contains(where: { $0.subAttribute == nil }) { return value }
            let subs = named.compactMap(\.subAttribute)
            return Self.keeping(subs, in: value)
        case .except(let paths):
            let named = paths.filter { Self.matches($0, name: name, container: container) }
            if named.contains(where: { $0.subAttribute == nil }) { return nil }
            let subs = named.compactMap(\.subAttribute)
            return subs.isEmpty ? value : Self.removing(subs, from: value)
        }
    }

    static func matches(_ path: AttributePath, name: String, container: String?) -> Bool {
        guard JSONObject.keysEqual(path.name, name) else { return false }
        switch (path.schema, container) {
        case (nil, _): return true
        case (let schema?, let container?): return JSONObject.keysEqual(schema, container)
        case (let schema?, nil):
            // Core attributes may be qualified with the core schema URN.
            return schema.lowercased().hasPrefix("urn:ietf:params:scim:schemas:core:")
        }
    }

    static func keeping(_ subs: [String], in value: JSONValue) -> JSONValue? {
        switch value {
        case .object(let object):
            var kept = JSONObject()
            for (key, inner) in object where subs.contains(where: { JSONObject.keysEqual($0, key) }) {
                kept[key] = inner
            }
            return kept.isEmpty ? nil : .object(kept)
        case .array(let elements):
            let kept = elements.compactMap { keeping(subs, in: $0) }
            return kept.isEmpty ? nil : .array(kept)
        default:
            return nil
        }
    }

    static func removing(_ subs: [String], from value: JSONValue) -> JSONValue? {
        switch value {
        case .object(var object):
            for sub in subs { object.removeValue(forKey: sub) }
            return object.isEmpty ? nil : .object(object)
        case .array(let elements):
            return .array(elements.compactMap { removing(subs, from: $0) })
        default:
            return value
        }
    }
}
