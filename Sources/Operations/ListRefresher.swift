import AsyncHTTPClient
import Audit
import Foundation
import Metrics
import Screening
import Store

extension ComplianceService {
    /// Refreshes lists from their publishers (or a mirror, or a local folder): for each source, fetches its files
    /// (conditionally, with the ETag / Last-Modified remembered from the last fetch), checks them (a whole file, not a
    /// web page, readable in the source's format, at least `sanityFloor` of the active version's entities) and
    /// imports a new version through `importList` exactly as `clearance lists import` does (diff, removal limit,
    /// re-screening, audit). Every attempt is recorded in the store's refresh state and audited as `lists.refresh`
    /// (imported, unchanged, or refused with its reason); a refusal leaves the active version untouched.
    ///
    /// One refresh runs at a time across every process sharing the store: this one waits up to `lockWait` for the
    /// store's refresh lock. A source that fails is refused and the others go on.
    /// - Throws: `ListRefreshError` (no refresh state in this store, an unknown source, the lock not had in time),
    ///   `StoreError`.
    public func refreshLists(_ downloads: ListDownloads, options: ListRefreshOptions, actor: String, client: HTTPClient = .shared)
        async throws -> [ListRefreshOutcome]
    {
        guard let refreshes = store as? any ListRefreshStore else { throw ListRefreshError("this store keeps no list refresh state") }
        let chosen: [ListDownloads.Source]
        if let names = options.sources {
            chosen = try names.map { name in
                guard let source = downloads.sources.first(where: { $0.source == name }) else {
                    throw ListRefreshError("unknown source \(name); known: \(downloads.sources.map(\.source).joined(separator: ", "))")
                }
                return source
            }
        } else {
            chosen = downloads.sources.filter(\.bundled)
        }
        let holder = "\(Self.workerName()):\(UUID().uuidString.prefix(8))"
        try await lockRefresh(refreshes, holder: holder, options: options)
        var outcomes: [ListRefreshOutcome] = []
        do {
            let fetcher = ListFetcher(client: client, options: options)
            for source in chosen {
                outcomes.append(try await refresh(source, fetcher: fetcher, refreshes: refreshes, options: options, actor: actor))
                _ = try await refreshes.acquireListRefreshLock(holder: holder, at: StoreClock.milliseconds(), expiresAt: expiry(options))
            }
        } catch {
            try? await refreshes.releaseListRefreshLock(holder: holder)
            throw error
        }
        try await refreshes.releaseListRefreshLock(holder: holder)
        freshnessBoard.invalidate()
        return outcomes
    }

    private func expiry(_ options: ListRefreshOptions) -> Int64 {
        StoreClock.milliseconds() + Int64(options.lockLease / .milliseconds(1))
    }

    private func lockRefresh(_ refreshes: any ListRefreshStore, holder: String, options: ListRefreshOptions) async throws {
        let deadline = ContinuousClock.now + options.lockWait
        while try await !refreshes.acquireListRefreshLock(holder: holder, at: StoreClock.milliseconds(), expiresAt: expiry(options)) {
            guard ContinuousClock.now < deadline else {
                throw ListRefreshError("another list refresh held the store's refresh lock for more than \(options.lockWait.components.seconds) s")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    /// One source's attempt, recorded and audited whatever its outcome.
    private func refresh(
        _ source: ListDownloads.Source, fetcher: ListFetcher, refreshes: any ListRefreshStore, options: ListRefreshOptions, actor: String
    ) async throws -> ListRefreshOutcome {
        let previous = try await refreshes.listRefreshStates().first { $0.source == source.source } ?? ListRefreshState(source: source.source)
        let active = try await store.activeListVersions().first { $0.source == source.source }
        var state = previous
        state.lastAttemptAt = StoreClock.milliseconds()
        let outcome: ListRefreshOutcome
        var origin = "\(source.source)"
        do {
            let files = try addresses(source, options: options)
            origin = "\(source.source) from \(files["primary"]?.absoluteString ?? "?")"
            let fetched = try await fetchAndImport(source, files: files, active: active, previous: previous, fetcher: fetcher, options: options, actor: actor)
            outcome = fetched.outcome
            if let validators = fetched.validators {
                state.etag = validators.etag
                state.lastModified = validators.lastModified
            }
            state.lastSuccessAt = state.lastAttemptAt
            state.lastError = nil
        } catch let error as StoreError {
            state.lastOutcome = ListRefreshOutcome.Result.refused.rawValue
            state.lastError = error.message
            try? await refreshes.recordListRefresh(state, audit: refreshAudit(actor: actor, origin: origin, result: "refused: \(error.message)"))
            throw error
        } catch {
            outcome = ListRefreshOutcome(source: source.source, result: .refused, reason: "\(error)")
            state.lastError = "\(error)"
        }
        state.lastOutcome = outcome.result.rawValue
        let summary: String
        switch outcome.result {
        case .imported:
            let report = outcome.report
            summary = "imported version \(report?.versionID ?? 0): \(report?.entities ?? 0) entities; \(report?.added ?? 0) added, "
                + "\(report?.changed ?? 0) changed, \(report?.removed ?? 0) removed"
        case .unchanged: summary = "unchanged: \(outcome.reason ?? "")"
        case .refused: summary = "refused: \(outcome.reason ?? ""); the active version is kept"
        }
        try await refreshes.recordListRefresh(state, audit: refreshAudit(actor: actor, origin: origin, result: "\(source.source): \(summary)"))
        Counter(label: "clearance_list_refresh_attempts_total", dimensions: [("source", source.source), ("result", outcome.result.rawValue)])
            .increment()
        if let success = state.lastSuccessAt {
            Gauge(label: "clearance_list_refresh_last_success_seconds", dimensions: [("source", source.source)]).record(Double(success) / 1_000)
        }
        return outcome
    }

    private func refreshAudit(actor: String, origin: String, result: String) -> AuditDraft {
        AuditDraft(actor: actor, action: "lists.refresh", input: Data(origin.utf8), result: result, versions: listVersions)
    }

    /// Each file's address by role, from the origin the options name.
    private func addresses(_ source: ListDownloads.Source, options: ListRefreshOptions) throws -> [String: URL] {
        switch options.origin {
        case .publishers:
            if let override = options.addresses[source.source] { return ["primary": override] }
            guard source.download["primary"] != nil else {
                throw ListRefreshError("the manifest gives no download address for \(source.source); give one with --url \(source.source)=URL")
            }
            return source.download
        case .mirror(let base), .directory(let base):
            guard source.files["primary"] != nil else {
                throw ListRefreshError("the manifest names no file for \(source.source) (it is not bundled): refresh it from its publisher")
            }
            return source.files.mapValues { base.appendingPathComponent($0) }
        }
    }

    private struct Fetched {
        var outcome: ListRefreshOutcome
        var validators: (etag: String?, lastModified: String?)?
    }

    private func fetchAndImport(
        _ source: ListDownloads.Source, files: [String: URL], active: ListVersionRecord?, previous: ListRefreshState, fetcher: ListFetcher,
        options: ListRefreshOptions, actor: String
    ) async throws -> Fetched {
        guard let primaryURL = files["primary"] else { throw ListRefreshError("\(source.source): no primary file") }
        let conditional = active != nil
        let primary = try await fetcher.fetch(
            primaryURL, etag: conditional ? previous.etag : nil, lastModified: conditional ? previous.lastModified : nil)
        let validators = (etag: primary.etag, lastModified: primary.lastModified)
        if primary.notModified {
            return Fetched(
                outcome: ListRefreshOutcome(source: source.source, result: .unchanged, reason: "not modified since the last fetch (304)"),
                validators: (previous.etag, previous.lastModified))
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-refresh-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // Each file at its path in the lists folder, so a folder laid out like it is read as the bundle is.
        var written: [String: URL] = [:]
        for (role, url) in files.sorted(by: { $0.key < $1.key }) {
            let data = role == "primary" ? primary.data : try await fetcher.fetch(url).data
            let file = directory.appendingPathComponent(source.files[role] ?? "\(role)-file")
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: file)
            written[role] = file
        }
        guard let primaryFile = written["primary"] else { throw ListRefreshError("\(source.source): no primary file") }
        let parsed: ParsedList
        do {
            if let entry = source.entry, entry.older != nil, written["older"] != nil {
                // The primary file and the older one its manifest entry combines with it: reading the primary
                // alone would drop what the older file adds (the UK list's aliases and details).
                parsed = try ListLoader.loadList(entry: entry, directory: directory)
            } else {
                parsed = try parseList(
                    source: source.source, primary: primaryFile, addresses: written["addresses"], aliases: written["aliases"],
                    comments: written["comments"])
            }
        } catch {
            throw ListRefreshError("\(primaryURL.absoluteString): \(error)")
        }
        if let active, active.sha256 == parsed.metadata.sha256 {
            return Fetched(
                outcome: ListRefreshOutcome(source: source.source, result: .unchanged, reason: "the same content as the active version"),
                validators: validators)
        }
        let count = Set(parsed.entities.map(\.id)).count
        if let active, Double(count) < options.sanityFloor * Double(active.entityCount) {
            throw ListRefreshError(
                "\(primaryURL.absoluteString): \(count) entities, fewer than \(Int((options.sanityFloor * 100).rounded()))% of the active "
                    + "version's \(active.entityCount) (the sanity floor): a half-empty file is not imported")
        }
        let report = try await importList(parsed, actor: actor, work: options.rescreen)
        return Fetched(outcome: ListRefreshOutcome(source: source.source, result: .imported, report: report), validators: validators)
    }
}
