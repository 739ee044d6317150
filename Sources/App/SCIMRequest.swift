import Foundation
import HTTP
import SCIM
import Store

/// Request-side helpers shared by the resource handlers: body parsing, query parameters, ETags.
enum SCIMRequest {
    /// The request body as a JSON value; 400 `invalidSyntax` for a wrong media type or bad JSON.
    static func body(_ request: HTTPRequest) throws -> JSONValue {
        if let type = request.headers.first("Content-Type") {
            let media = type.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard media == "application/scim+json" || media == "application/json" else {
                throw SCIMError(
                    status: 415, scimType: nil,
                    detail: "send the body as application/scim+json or application/json")
            }
        }
        guard !request.body.isEmpty else {
            throw SCIMError(status: 400, scimType: .invalidSyntax, detail: "the request has no body")
        }
        do {
            return try JSONValue.parse(request.body)
        } catch {
            throw SCIMError(
                status: 400, scimType: .invalidSyntax, detail: "the body is not valid JSON: \(error.description)")
        }
    }

    /// The decoded query parameters (first value wins for repeated names; names compared case-sensitively).
    static func query(_ request: HTTPRequest) -> [String: String] {
        guard let query = request.query, !query.isEmpty else { return [:] }
        var parameters: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let rawName = parts.first, let name = percentDecode(rawName) else { continue }
            let value = parts.count > 1 ? percentDecode(parts[1]) ?? "" : ""
            if parameters[name] == nil { parameters[name] = value }
        }
        return parameters
    }

    /// Percent-decodes `text` (and `+` as space, as form encoding and some clients use); nil for bad escapes
    /// or invalid UTF-8.
    static func percentDecode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: return byte - 48
        case 65...70: return byte - 55
        case 97...102: return byte - 87
        default: return nil
        }
    }

    /// Who writes and how (token, User-Agent, `If-Match`), for the provisioning log and the version check; an
    /// `If-Match` that can match no version is a 412 at once.
    static func writeContext(
        _ request: HTTPRequest, principal: Principal, rewrites: [String], observer: (any StoreObserver)? = nil
    ) throws -> WriteContext {
        var ifMatch: Int64?
        if let tag = request.headers.first("If-Match") {
            guard let version = version(inETag: tag) else { throw UserRepository.preconditionFailed }
            ifMatch = version
        }
        return WriteContext(
            tokenID: principal.tokenID, userAgent: request.headers.first("User-Agent"), rewrites: rewrites,
            ifMatch: ifMatch, observer: observer)
    }

    /// A 1-based `startIndex` (< 1 → 1) and a `count` capped at `max` (negative → 0), RFC 7644 §3.4.2.4.
    static func paging(_ parameters: [String: String], max: Int) throws -> (startIndex: Int, count: Int) {
        var startIndex = 1
        var count = max
        if let text = parameters["startIndex"] {
            guard let value = Int(text) else {
                throw SCIMError(status: 400, scimType: .invalidValue, detail: "startIndex must be an integer")
            }
            startIndex = Swift.max(1, value)
        }
        if let text = parameters["count"] {
            guard let value = Int(text) else {
                throw SCIMError(status: 400, scimType: .invalidValue, detail: "count must be an integer")
            }
            count = Swift.min(Swift.max(0, value), max)
        }
        return (startIndex, count)
    }

    /// The version in an `If-Match` / `If-None-Match` value (`W/"3"`, `"3"`); `nil` for `*`; throws 412
    /// for anything else, which can match no version.
    static func version(inETag value: String) -> Int64?? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if trimmed == "*" { return .some(nil) }
        var text = Substring(trimmed)
        if text.hasPrefix("W/") { text = text.dropFirst(2) }
        guard text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 else { return nil }
        guard let version = Int64(text.dropFirst().dropLast()) else { return nil }
        return .some(version)
    }
}
