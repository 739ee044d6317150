import HTTP
import SCIM
import Store

/// The JSON admin API under `/admin/v1`: one request, routed by its path segments to an
/// `Administration` operation. Inputs are parsed with the same validating types the CLI uses.
struct AdminAPI {
    let request: HTTPRequest
    let admin: Administration

    func handle(_ segments: [String]) throws -> HTTPResponse {
        guard segments.first == "orgs" else { throw AdminError.notFound }
        let rest = Array(segments.dropFirst())
        guard let slugText = rest.first else { return try organizations() }
        let slug = try Slug(slugText)
        switch (rest.count, rest.dropFirst().first) {
        case (1, _):
            try allow([.get, .head])
            let (org, usage) = try admin.organizationWithUsage(slug)
            return AdminResponses.json(AdministrationJSON.organization(org, usage: usage))
        case (2, "plan"):
            try allow([.put])
            let body = try AdminJSONBody(request, fields: ["plan"])
            return organization(try admin.setPlan(slug, try Plan(parsing: try body.string("plan"))))
        case (2, "rate-limit"):
            try allow([.put])
            let body = try AdminJSONBody(request, fields: ["rateLimit"])
            return organization(try admin.setRateLimit(slug, try body.rateLimit("rateLimit")))
        case (_, "hosts"):
            return try hosts(slug, rest.dropFirst(2))
        case (_, "flags"):
            return try flags(slug, rest.dropFirst(2))
        case (_, "tokens"):
            return try tokens(slug, rest.dropFirst(2))
        case (2, "provisioning-log"):
            try allow([.get, .head])
            return try provisioningLog(slug)
        default:
            throw AdminError.notFound
        }
    }

    /// `GET /orgs` lists, `POST /orgs` creates.
    private func organizations() throws -> HTTPResponse {
        try allow([.get, .head, .post])
        if request.method == .post {
            let body = try AdminJSONBody(request, fields: ["slug", "name", "plan", "hosts"])
            let new = try NewOrganization(
                slug: try body.string("slug"), name: try body.string("name"), plan: try body.string("plan"),
                hosts: try body.strings("hosts") ?? [])
            return organization(try admin.createOrganization(new), status: 201)
        }
        let orgs = try admin.listOrganizations()
        return AdminResponses.json(["organizations": .array(orgs.map(AdministrationJSON.organization))])
    }

    /// `POST /orgs/{slug}/hosts {"host"}` adds, `DELETE /orgs/{slug}/hosts/{host}` removes.
    private func hosts(_ slug: Slug, _ rest: ArraySlice<String>) throws -> HTTPResponse {
        switch rest.count {
        case 0:
            try allow([.post])
            let body = try AdminJSONBody(request, fields: ["host"])
            return organization(try admin.addHost(slug, try HostName(try body.string("host"))), status: 201)
        case 1:
            try allow([.delete])
            return organization(try admin.removeHost(slug, try HostName(rest[rest.startIndex])))
        default:
            throw AdminError.notFound
        }
    }

    /// `GET /orgs/{slug}/flags` lists; `PUT` / `DELETE /orgs/{slug}/flags/{flag}` sets / unsets.
    private func flags(_ slug: Slug, _ rest: ArraySlice<String>) throws -> HTTPResponse {
        switch rest.count {
        case 0:
            try allow([.get, .head])
            return AdminResponses.json(["flags": .array(try admin.flags(slug).map(JSONValue.string))])
        case 1:
            try allow([.put, .delete])
            let flag = try FeatureFlag(parsing: rest[rest.startIndex])
            let org = request.method == .put ? try admin.setFlag(slug, flag) : try admin.unsetFlag(slug, flag)
            return AdminResponses.json(["flags": .array(org.flags.map(JSONValue.string))])
        default:
            throw AdminError.notFound
        }
    }

    /// `GET /orgs/{slug}/tokens` lists, `POST` creates (the secret is in this one response only),
    /// `DELETE /orgs/{slug}/tokens/{id}` revokes (the token stays listed, as revoked).
    private func tokens(_ slug: Slug, _ rest: ArraySlice<String>) throws -> HTTPResponse {
        switch rest.count {
        case 0:
            try allow([.get, .head, .post])
            if request.method == .post {
                let body = try AdminJSONBody(request, fields: ["name", "description", "scopes", "expiresInDays"])
                let new = try NewToken(
                    name: try body.string("name"), description: try body.optionalString("description") ?? "",
                    scopes: try body.strings("scopes") ?? [], expiresInDays: try body.integer("expiresInDays"))
                let created = try admin.createToken(slug, new)
                return AdminResponses.json(AdministrationJSON.createdToken(created), status: 201)
            }
            let tokens = try admin.listTokens(slug)
            return AdminResponses.json(["tokens": .array(tokens.map(AdministrationJSON.token))])
        case 1:
            try allow([.delete])
            let id = try Administration.parseTokenID(rest[rest.startIndex])
            return AdminResponses.json(AdministrationJSON.token(try admin.revokeToken(slug, id: id)))
        default:
            throw AdminError.notFound
        }
    }

    /// `GET /orgs/{slug}/provisioning-log?count=N&before=ID`: newest first, keyset-paged.
    private func provisioningLog(_ slug: Slug) throws -> HTTPResponse {
        let query = FormFields(query: request.query ?? "")
        let unknown = query.names.filter { $0 != "count" && $0 != "before" }
        guard unknown.isEmpty else { throw AdminError.invalid("unknown query parameter '\(unknown[0].prefix(40))'") }
        let pageRequest = try LogPageRequest(before: query.first("before"), count: query.first("count"))
        let page = try admin.provisioningLog(slug, pageRequest)
        var body: JSONObject = [
            "entries": .array(page.entries.map(AdministrationJSON.logEntry)),
            "count": .number(JSONNumber(page.entries.count)),
            "nextBefore": page.nextBefore.map { .number(JSONNumber($0)) } ?? .null,
        ]
        body["next"] =
            page.nextBefore.map {
                .string(
                    "\(AdminResponder.apiPath)/orgs/\(slug)/provisioning-log?count=\(pageRequest.count)&before=\($0)")
            } ?? .null
        return AdminResponses.json(.object(body))
    }

    private func organization(_ org: Organization, status: Int = 200) -> HTTPResponse {
        AdminResponses.json(AdministrationJSON.organization(org), status: status)
    }

    private func allow(_ methods: [HTTPMethod]) throws(AdminError) {
        try AdminResponder.allow(request, methods)
    }
}
