/// The rule for a file path that must stay inside a directory it is relative to (an artefact's path in a manifest).
public enum RelativePath {
    /// Why `path` cannot name a file inside its directory, as a predicate (`is absolute; …`), or nil when it can: it must be non-empty and relative
    /// (no leading `/`), with no `..` or empty component, no backslash, and no control character.
    ///
    /// This is the lexical rule; a caller with the directory at hand also resolves symlinks and checks the result.
    public static func problem(_ path: String) -> String? {
        if path.isEmpty { return "is empty" }
        if path.hasPrefix("/") { return "is absolute; give a path relative to the artefact directory" }
        if path.contains("\\") { return "holds a backslash; separate directories with '/'" }
        if let problem = InputText.problem(in: path, limit: InputText.lineLimit) { return problem.description }
        let components = path.split(separator: "/", omittingEmptySubsequences: false)
        if components.contains("..") { return "has a '..' component, which leaves the artefact directory" }
        if components.contains("") { return "has an empty component ('//' or a trailing '/')" }
        return nil
    }
}
