/// A parsed command line: positional words, `--option value` pairs (repeatable) and `--flag` switches.
///
/// Parsing is strict: an option this command does not know, a missing value, or an extra positional word
/// is a usage error (exit 64).
struct Arguments {
    private(set) var positionals: [String] = []
    private var options: [String: [String]] = [:]
    private var switches: Set<String> = []

    /// Parses `words` given the option names that take a value and the switch names (without `--`).
    init(_ words: [String], options valueOptions: Set<String>, switches knownSwitches: Set<String>) throws {
        var index = 0
        var onlyPositionals = false
        while index < words.count {
            let word = words[index]
            index += 1
            if onlyPositionals || !word.hasPrefix("--") || word == "-" {
                if word.hasPrefix("-") && word.count > 1 && !onlyPositionals && word != "-" {
                    throw UsageError("unknown option '\(word.prefix(40))'")
                }
                positionals.append(word)
                continue
            }
            if word == "--" {
                onlyPositionals = true
                continue
            }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if knownSwitches.contains(name) {
                guard inlineValue == nil else { throw UsageError("option '--\(name)' takes no value") }
                switches.insert(name)
            } else if valueOptions.contains(name) {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < words.count else { throw UsageError("option '--\(name)' needs a value") }
                    value = words[index]
                    index += 1
                }
                options[name, default: []].append(value)
            } else {
                throw UsageError("unknown option '--\(name.prefix(40))'")
            }
        }
    }

    /// Whether `--name` was given.
    func has(_ name: String) -> Bool { switches.contains(name) }

    /// Every value of a repeatable option, in order.
    func values(_ name: String) -> [String] { options[name] ?? [] }

    /// The value of a single option, if given; given twice is a usage error.
    func value(_ name: String) throws -> String? {
        let all = values(name)
        guard all.count <= 1 else { throw UsageError("option '--\(name)' is given more than once") }
        return all.first
    }

    /// The value of a required option.
    func required(_ name: String) throws -> String {
        guard let value = try value(name) else { throw UsageError("missing required option '--\(name)'") }
        return value
    }

    /// Exactly `names.count` positional words, named for the error message.
    func positionals(_ names: String...) throws -> [String] {
        if positionals.count < names.count {
            throw UsageError("missing \(names[positionals.count])")
        }
        if positionals.count > names.count {
            throw UsageError("unexpected argument '\(positionals[names.count].prefix(40))'")
        }
        return positionals
    }
}

/// A command-line mistake: reported as one line, exit status 64 (EX_USAGE).
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
