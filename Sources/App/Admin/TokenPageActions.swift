import Foundation
import HTTP
import Store

/// What the token page does once the viewer is authenticated (and a POST's form token checked): reads
/// and writes through `Administration`, renders with ``TokenPageHTML``.
struct TokenPageActions {
    let request: HTTPRequest
    let admin: Administration
    /// The form token every form on the rendered page carries (empty for bearer-token viewers).
    let formToken: String

    /// `GET /admin/orgs`: every organization, linking to its tokens.
    func organizations() throws -> HTTPResponse {
        TokenPageHTML.page(TokenPageHTML.organizations(try admin.listOrganizations(), formToken: formToken))
    }

    /// `GET /admin/orgs/{slug}/tokens`: the organization's tokens and the form to create one.
    func tokens(_ slug: Slug, notice: String? = nil, error: String? = nil, status: Int = 200) throws -> HTTPResponse {
        let org = try admin.organization(slug)
        let tokens = try admin.listTokens(slug)
        let body = TokenPageHTML.tokens(
            org: org, tokens: tokens, formToken: formToken, notice: notice, error: error)
        return TokenPageHTML.page(body, status: status)
    }

    /// `POST /admin/orgs/{slug}/tokens`: creates a token and shows its secret, this once. A refused
    /// creation shows the list again with the reason.
    func create(_ slug: Slug) throws -> HTTPResponse {
        let form = FormFields(body: request.body)
        let days: Int?
        switch form.first("expires") ?? "" {
        case "", "never": days = nil
        case let text: days = Int(text) ?? -1
        }
        do {
            let new = try NewToken(
                name: form.first("name") ?? "", description: form.first("description") ?? "",
                scopes: form.all("scope"), expiresInDays: days)
            let created = try admin.createToken(slug, new)
            let org = try admin.organization(slug)
            return TokenPageHTML.page(TokenPageHTML.created(org: org, created: created), status: 201)
        } catch {
            // The reason goes back to the form; other failures (unknown organization, database) propagate.
            switch error {
            case .invalid(let message): return try tokens(slug, error: message, status: 400)
            case .refused(let message): return try tokens(slug, error: message, status: 409)
            default: throw error
            }
        }
    }

    /// `POST /admin/orgs/{slug}/tokens/{id}/revoke`: revokes, then back to the list.
    func revoke(_ slug: Slug, id: UUID) throws -> HTTPResponse {
        let token = try admin.revokeToken(slug, id: id)
        return try tokens(slug, notice: "Token “\(token.name)” is revoked. Clients using it are refused from now on.")
    }
}
