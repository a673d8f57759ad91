/// Which exclusion requests a docket read covers.
public enum ExclusionDocketScope: Sendable, Hashable {
    /// The request with this id.
    case id(String)
    /// The requests on an HTS-10 (its 10-digit key).
    case hts10(String)
    /// The decided requests on an HTS-10 (its 10-digit key).
    case decided(hts10: String)
    /// Every request.
    case all
}
