import HTTP
import SCIM

/// `POST /Bulk` (RFC 7644 §3.7): runs a BulkRequest's operations in order through the Users and Groups
/// handlers, each as a request of its own, and answers 200 with a BulkResponse listing each run operation.
///
/// Every operation is its own transaction (the handlers' own): a failed operation leaves earlier ones in
/// place. A failure becomes the operation's `status` and a SCIM error `response` through ``ErrorMapping``.
/// With `failOnErrors`, the run stops after that many failures and the operations not run are not listed
/// (RFC 7644 §3.7.3). Successful operations carry `location` and `version`, not the resource.
struct BulkHandler {
    /// Runs one resolved operation as `request` through the resource handler of `target`.
    typealias Perform = (_ target: BulkTarget, _ request: HTTPRequest) throws -> HTTPResponse

    let request: HTTPRequest
    let context: RequestContext
    let maxOperations: Int
    let maxPayloadSize: Int
    let logger: Logger
    let perform: Perform

    func handle() throws -> HTTPResponse {
        try RosterResponder.allow(request, [.post])
        // RFC 7644 §3.7.4: a payload over maxPayloadSize is a 413. The HTTP layer refuses bodies over its own
        // limit; this covers a smaller configured bulk limit.
        guard request.body.count <= maxPayloadSize else {
            throw SCIMError(
                status: 413, scimType: nil,
                detail: "the request is \(request.body.count) bytes; maxPayloadSize is \(maxPayloadSize)")
        }
        let bulk = try BulkRequest.parse(try SCIMRequest.body(request), maxOperations: maxOperations)
        var references = BulkReferences()
        var results: [JSONValue] = []
        results.reserveCapacity(bulk.operations.count)
        var failures = 0
        for operation in bulk.operations {
            let (entry, failed) = run(operation, references: &references)
            results.append(.object(entry))
            guard failed else { continue }
            failures += 1
            if let limit = bulk.failOnErrors, failures >= limit { break }
        }
        var body = JSONObject()
        body["schemas"] = [.string(BulkRequest.responseSchema)]
        body["Operations"] = .array(results)
        return SCIMResponses.json(.object(body))
    }

    /// Runs one operation; returns its BulkResponse entry and whether it failed.
    private func run(_ operation: BulkRequest.Operation, references: inout BulkReferences) -> (JSONObject, Bool) {
        var entry = JSONObject()
        entry["method"] = .string(operation.method.rawValue)
        if let bulkId = operation.bulkId { entry["bulkId"] = .string(bulkId) }
        var target: BulkTarget?
        let response: HTTPResponse
        do {
            let resolved = try BulkTarget(path: operation.path, method: operation.method, references: references)
            target = resolved
            let data = try operation.data.map(references.resolve)
            response = try perform(resolved, subrequest(operation, target: resolved, data: data))
        } catch {
            response = ErrorMapping.response(for: error, context: context, logger: logger)
        }
        let failed = response.status >= 400
        var location = response.headers.first("Location")
        if location == nil, let target, target.id != nil { location = context.baseURL + target.path }
        if let location, !(failed && operation.method == .post) { entry["location"] = .string(location) }
        if !failed, let version = response.headers.first("ETag") { entry["version"] = .string(version) }
        if !failed, operation.method == .post, let bulkId = operation.bulkId, let location,
            let id = location.split(separator: "/").last
        {
            references.record(bulkId: bulkId, id: String(id))
        }
        entry["status"] = .string(String(response.status))
        if failed {
            let fallback = SCIMError(status: response.status, scimType: nil, detail: "the operation failed").body
            entry["response"] = (try? JSONValue.parse(response.body)) ?? fallback
        }
        return (entry, failed)
    }

    /// The request one operation makes: same client headers, `If-Match` from `version`, `data` as the body.
    private func subrequest(_ operation: BulkRequest.Operation, target: BulkTarget, data: JSONValue?) -> HTTPRequest {
        var headers = HTTPHeaders()
        for name in ["Host", "User-Agent"] {
            if let value = request.headers.first(name) { headers.add(name, value) }
        }
        if let version = operation.version { headers.add("If-Match", version) }
        var body: [UInt8] = []
        if let data, operation.method != .delete {
            headers.add("Content-Type", SCIMResponses.contentType)
            body = data.serialized()
        }
        return HTTPRequest(
            method: operation.method, target: RosterResponder.basePath + target.path, version: request.version,
            headers: headers, body: body, remoteAddress: request.remoteAddress)
    }
}
