import Store
import TariffExclusions

extension ExclusionService {
    /// Who sees a docket's confidential business information: reviewer and admin keys get the reviewer view,
    /// every other key and no key the public view.
    public static func audience(for role: Role?) -> ExclusionAudience {
        (role ?? .screener) >= .reviewer ? .reviewer : .public
    }

    /// `docket` as `role` may see it, now.
    public func view(_ docket: ExclusionDocket, for role: Role?) -> ExclusionView {
        ExclusionView(docket, for: Self.audience(for: role), at: clock())
    }
}
