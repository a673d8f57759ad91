import Foundation
import Hummingbird
import Operations
import Store

/// The home page: what needs attention.
extension Workbench {
    func addHomeRoutes(to router: Router<WorkbenchContext>) {
        router.get("/") { _, context in
            let session = try require(.screener, context)
            let summary = try await reads.home()
            var values: [String: Any] = [
                "lists": summary.lists.map { list in
                    [
                        "source": list.version.source, "name": list.version.name, "published": list.version.published ?? "—",
                        "imported": Self.time(list.version.importedAt), "age": list.ageDays, "stale": list.stale,
                        "entities": list.version.entityCount, "sha": String(list.version.sha256.prefix(12)),
                    ] as [String: Any]
                },
                "staleDays": summary.staleAfterDays,
                "revocations": summary.revocations.map {
                    ["authorization": $0.authorizationID, "reason": $0.reason, "at": Self.time($0.revokedAt)]
                },
            ]
            // What the API shows an analyst only (authorisations, the audit chain, cases) is shown to analysts only.
            if session.user.role >= .analyst {
                values["headSequence"] = summary.auditHead?.sequence ?? 0
                values["checkpoint"] = summary.lastCheckpoint.map { ["sequence": $0.sequence, "signed": Self.time($0.signedAt), "key": $0.keyID] }
                values["hasCheckpoint"] = summary.lastCheckpoint != nil
                values["denials"] = summary.denials.map {
                    ["id": $0.id, "subject": $0.subject, "item": $0.item, "destination": $0.destination, "at": Self.time($0.createdAt)]
                }
                let sources = Array(Set(summary.openAlerts.map(\.source))).sorted()
                values["buckets"] = summary.bucketLabels.map { ["label": $0] }
                values["alertRows"] = sources.map { source in
                    [
                        "source": source,
                        "cells": summary.bucketLabels.indices.map { bucket in
                            ["count": OpenAlertCountText.text(summary.openAlerts.filter { $0.source == source && $0.bucket == bucket })]
                        },
                        "total": OpenAlertCountText.text(summary.openAlerts.filter { $0.source == source }),
                    ] as [String: Any]
                }
                values["openTotal"] = OpenAlertCountText.text(summary.openAlerts)
                values["showAlerts"] = true
            }
            return try renderer.page("home", title: "Home", values, context: context)
        }
    }

    /// A time as the pages show it: UTC, to the minute.
    static func time(_ milliseconds: Int64) -> String {
        UTCTime.minute(milliseconds)
    }
}
