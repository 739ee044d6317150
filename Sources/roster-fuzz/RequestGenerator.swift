/// Makes case `index` of a run: a valid SCIM request from a template, then structural mutations (method,
/// path, query, headers, JSON body), framing mutations and, sometimes, raw byte damage.
struct RequestGenerator {
    static let base = "/api/scim/v2"

    let seed: UInt64
    let target: FuzzTarget
    let documents: DocumentGenerator

    init(seed: UInt64, target: FuzzTarget) {
        self.seed = seed
        self.target = target
        documents = DocumentGenerator(target: target)
    }

    /// Case `index`: the same bytes for the same seed, index and target.
    func make(_ index: Int) -> FuzzCase {
        var rng = SplitMix64(seed: seed, case: index)
        var (kind, spec) = template(&rng)
        let mutator = RequestMutations(target: target, documents: documents)
        // About one in six requests stays valid, so the deep paths see well-formed traffic too.
        if !rng.percent(16) {
            // Mostly one mutation, so most requests get past the early checks and reach the handlers.
            let count = rng.percent(55) ? 1 : rng.percent(65) ? 2 : 3
            for _ in 0..<count { mutator.mutate(&spec, &rng) }
        }
        var bytes = spec.serialize()
        var raw = spec.isRaw || spec.headHasLineBreaks
        if rng.percent(8) {
            ByteMutator.damage(&bytes, &rng)
            raw = true
        }
        let isHead = bytes.starts(with: Array("HEAD ".utf8))
        return FuzzCase(index: index, kind: kind, bytes: bytes, delivery: raw ? .raw : .keepAlive, isHead: isHead)
    }

    /// A valid request of a random kind, with its JSON body already structurally mutated sometimes.
    func template(_ rng: inout SplitMix64) -> (String, RequestSpec) {
        let user = rng.pick(target.userIDs)
        let group = rng.pick(target.groupIDs)
        let roll = rng.below(100)
        let (kind, method, path, body): (String, String, String, FuzzJSON?)
        switch roll {
        case 0..<12: (kind, method, path, body) = ("list-users", "GET", "/Users?" + listQuery(&rng, groups: false), nil)
        case 12..<18:
            (kind, method, path, body) = ("list-groups", "GET", "/Groups?" + listQuery(&rng, groups: true), nil)
        case 18..<22:
            (kind, method, path, body) = ("get-user", "GET", "/Users/\(user)" + projection(&rng), nil)
        case 22..<25:
            (kind, method, path, body) = ("get-group", "GET", "/Groups/\(group)" + projection(&rng), nil)
        case 25..<35: (kind, method, path, body) = ("create-user", "POST", "/Users", documents.user(&rng))
        case 35..<40: (kind, method, path, body) = ("replace-user", "PUT", "/Users/\(user)", documents.user(&rng))
        case 40..<52:
            (kind, method, path, body) = (
                "patch-user", "PATCH", "/Users/\(user)", documents.patch(&rng, forGroup: false)
            )
        case 52..<56: (kind, method, path, body) = ("create-group", "POST", "/Groups", documents.group(&rng))
        case 56..<66:
            (kind, method, path, body) = (
                "patch-group", "PATCH", "/Groups/\(group)", documents.patch(&rng, forGroup: true)
            )
        case 66..<68: (kind, method, path, body) = ("replace-group", "PUT", "/Groups/\(group)", documents.group(&rng))
        case 68..<72:
            let victim =
                rng.percent(70)
                ? "/Users/\(rng.pick(target.disposableUserIDs))" : "/Groups/\(rng.pick(target.disposableGroupIDs))"
            (kind, method, path, body) = ("delete", "DELETE", victim, nil)
        case 72..<80: (kind, method, path, body) = ("bulk", "POST", "/Bulk", documents.bulk(&rng))
        case 80..<88:
            let forGroup = rng.percent(35)
            let where_ = rng.percent(20) ? "/.search" : forGroup ? "/Groups/.search" : "/Users/.search"
            (kind, method, path, body) = ("search", "POST", where_, documents.search(&rng, forGroup: forGroup))
        case 88..<96:
            let paths = [
                "/ServiceProviderConfig", "/Schemas", "/Schemas/\(FuzzCorpus.userSchema)", "/ResourceTypes",
                "/ResourceTypes/User", "/ResourceTypes/Group", "/Me", "", "/", "/Schemas/urn:nope",
            ]
            (kind, method, path, body) = ("discovery", "GET", rng.pick(paths), nil)
        default:
            let absolute = rng.pick(["/healthz", "/readyz", "/", "/api/session", "/api", "/favicon.ico"])
            var spec = RequestSpec(
                method: rng.pick(["GET", "HEAD"]), target: absolute, headers: [("Host", target.host)])
            if rng.percent(50) { spec.headers.append(("Authorization", "Bearer \(target.token)")) }
            return ("infra", spec)
        }
        var headers = [("Host", target.host), ("Authorization", "Bearer \(target.token)")]
        if rng.percent(15) {
            headers.append(("User-Agent", rng.pick(["Okta SCIM Client 1.0.0", "Microsoft.AAD.SCIM/1.0"])))
        }
        if rng.percent(20) {
            headers.append(("Accept", rng.pick(["application/scim+json", "application/json", "*/*"])))
        }
        var spec = RequestSpec(method: method, target: Self.base + path, headers: headers)
        if var document = body {
            if rng.percent(45) {
                for _ in 0..<rng.int(1...3) { document = JSONMutator.mutate(document, &rng) }
            }
            spec.headers.append(("Content-Type", "application/scim+json"))
            spec.body = document.bytes
        }
        return (kind, spec)
    }

    /// `filter`, `startIndex`, `count`, `attributes`, `sortBy`… for a list request.
    func listQuery(_ rng: inout SplitMix64, groups: Bool) -> String {
        var parts: [String] = []
        let filters = groups ? documents.groupFilters : documents.userFilters
        if rng.percent(75) {
            let filter = filters.mutated(&rng)
            parts.append("filter=" + (rng.percent(90) ? Self.encode(filter) : filter))
        }
        if rng.percent(35) {
            parts.append(
                "startIndex=" + rng.pick(["1", "0", "-1", "2", "100", "99999999999999999999", "abc", "", "1.5"]))
        }
        // Mostly small pages: a full page of 200 resources is slow to render in a debug build and adds nothing.
        if rng.percent(80) {
            let count =
                rng.percent(85) ? String(rng.int(0...5)) : rng.pick(["200", "201", "999999999", "-1", "x", "", "1e3"])
            parts.append("count=" + count)
        }
        if rng.percent(25) {
            let attributes = (groups ? FuzzCorpus.groupAttributes : FuzzCorpus.userAttributes)
            let names = (0..<rng.int(1...3)).map { _ in rng.pick(attributes) }.joined(separator: ",")
            parts.append(rng.pick(["attributes=", "excludedAttributes="]) + Self.encode(names))
        }
        if rng.percent(20) {
            parts.append(
                "sortBy=" + Self.encode(rng.pick(groups ? FuzzCorpus.groupAttributes : FuzzCorpus.userAttributes)))
        }
        if rng.percent(15) { parts.append("sortOrder=" + rng.pick(["ascending", "descending", "DESC", "", "%00"])) }
        if rng.percent(5) { parts.append(rng.pick(["filter=", "filter", "&&", "=", "%", "a=%zz", "count=1&count=2"])) }
        return parts.joined(separator: "&")
    }

    func projection(_ rng: inout SplitMix64) -> String {
        guard rng.percent(30) else { return "" }
        let name = rng.percent(50) ? "attributes" : "excludedAttributes"
        return "?\(name)=" + Self.encode(rng.pick(FuzzCorpus.userAttributes + FuzzCorpus.groupAttributes))
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    static func encode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var out = ""
        for byte in text.utf8 {
            let isUnreserved =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if isUnreserved {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return out
    }
}
