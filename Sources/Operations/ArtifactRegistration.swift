import Determination
import Foundation
import Store
import DataFormats

/// An artefact as a user (or a gate's manifest) gives it; `path` is the gate's and is checked, not stored.
public struct ArtifactDraft: Sendable, Hashable {
    public var id: String
    public var eccn: String
    public var description: String?
    public var path: String?

    public init(id: String, eccn: String, description: String? = nil, path: String? = nil) {
        self.id = id
        self.eccn = eccn
        self.description = description
        self.path = path
    }
}

extension ComplianceService {
    /// Checks and registers 1 to 10000 artefacts: ids of 1 to 200 letters, digits, '.', '_' or '-', an ECCN (not ITAR)
    /// each, and a path that stays inside the artefact directory; nothing is stored when one is refused.
    /// - Throws: `InvalidInput` naming the artefact's field (`artifacts[2].eccn`), `StoreError`.
    public func registerArtifacts(_ drafts: [ArtifactDraft], actor: String, input: Data) async throws -> [ArtifactRecord] {
        guard !drafts.isEmpty, drafts.count <= 10_000 else {
            throw InvalidInput("artifacts", "\"artifacts\" must hold 1 to 10000 artefacts")
        }
        var records: [ArtifactRecord] = []
        for (index, draft) in drafts.enumerated() {
            let at = "artifacts[\(index)]"
            guard !draft.id.isEmpty, draft.id.count <= 200, draft.id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
                throw InvalidInput("\(at).id", "\"\(at).id\" must be 1 to 200 letters, digits, '.', '_' or '-'")
            }
            guard let classification = ItemClassification(draft.eccn), classification.kind != .itar else {
                throw InvalidInput("\(at).eccn", "\"\(at).eccn\" must be an ECCN such as 5D002 or EAR99")
            }
            if let path = draft.path, let problem = RelativePath.problem(path) {
                throw InvalidInput("\(at).path", "\"\(at).path\" \(problem); it must be a relative path inside the artefact directory")
            }
            records.append(ArtifactRecord(id: draft.id, eccn: draft.eccn, description: draft.description))
        }
        try await registerArtifacts(records, actor: actor, input: input)
        return records
    }
}
