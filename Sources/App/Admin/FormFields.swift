import Foundation

/// `application/x-www-form-urlencoded` fields (a POSTed form or a query string), decoded, in order.
/// At most ``maxFields`` are read; `+` is a space; malformed escapes leave the text as sent.
struct FormFields {
    /// The decoded name-value pairs, repeated names kept.
    let pairs: [(name: String, value: String)]

    /// The most fields read; the rest are ignored.
    static let maxFields = 100

    /// Parses `text` such as `a=1&b=x+y&scope=scim`.
    init(query text: String) {
        var pairs: [(String, String)] = []
        for part in text.split(separator: "&", omittingEmptySubsequences: true).prefix(Self.maxFields) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(pieces[0])
            let value = pieces.count > 1 ? Self.decode(pieces[1]) : ""
            pairs.append((name, value))
        }
        self.pairs = pairs
    }

    /// Parses a form body.
    init(body: [UInt8]) {
        self.init(query: String(decoding: body, as: UTF8.self))
    }

    /// The field names in order.
    var names: [String] { pairs.map(\.name) }

    /// The first value of `name`.
    func first(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value of `name`.
    func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
