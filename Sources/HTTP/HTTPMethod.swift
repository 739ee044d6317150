/// A request method (RFC 9110 §9): any token, compared case-sensitively.
///
/// Common methods have static members (`.get`, `.post`, …); others keep their raw spelling.
public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The method exactly as received, e.g. `GET`.
    public let rawValue: String

    /// Wraps a method name. The parser only produces names made of token characters.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// `GET`
    public static let get = HTTPMethod(rawValue: "GET")
    /// `HEAD`: answered like `GET`; the server drops the body and keeps the headers.
    public static let head = HTTPMethod(rawValue: "HEAD")
    /// `POST`
    public static let post = HTTPMethod(rawValue: "POST")
    /// `PUT`
    public static let put = HTTPMethod(rawValue: "PUT")
    /// `PATCH`
    public static let patch = HTTPMethod(rawValue: "PATCH")
    /// `DELETE`
    public static let delete = HTTPMethod(rawValue: "DELETE")
    /// `OPTIONS`: the only method that may use the `*` request target.
    public static let options = HTTPMethod(rawValue: "OPTIONS")

    /// The raw method name.
    public var description: String { rawValue }
}
