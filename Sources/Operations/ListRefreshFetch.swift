import AsyncHTTPClient
import Foundation
import NIOCore

/// A file a refresh fetched: its bytes and the validators to send next time, or `notModified` (a 304).
struct FetchedListFile: Sendable {
    var data = Data()
    var notModified = false
    var etag: String?
    var lastModified: String?
}

/// Why a download is refused; `description` names the address and the problem.
struct ListFetchRefused: Error, Sendable, CustomStringConvertible {
    var description: String
}

/// Fetches list files over HTTP (conditional requests, size limit, deadline, bounded retries with backoff on server
/// errors and time-outs) or from a local folder, and refuses what is not a whole list file.
struct ListFetcher: Sendable {
    let client: HTTPClient
    let options: ListRefreshOptions

    /// A failure worth trying again: a 5xx answer, a time-out, a server that cannot be reached.
    private struct Retryable: Error {
        var reason: String
    }

    /// The file at `url` (an `http(s)` address or a local file); with `etag` / `lastModified`, asked conditionally.
    func fetch(_ url: URL, etag: String? = nil, lastModified: String? = nil) async throws(ListFetchRefused) -> FetchedListFile {
        guard !url.isFileURL else { return try local(url) }
        var attempt = 1
        var wait = options.backoff
        while true {
            do {
                return try await within(options.timeout) { try await once(url, etag: etag, lastModified: lastModified) }
            } catch let refused as ListFetchRefused {
                throw refused
            } catch let failure as Retryable {
                guard attempt < max(1, options.attempts) else {
                    throw ListFetchRefused(description: "\(url.absoluteString): \(failure.reason) (\(attempt) attempt\(attempt == 1 ? "" : "s"))")
                }
            } catch {
                throw ListFetchRefused(description: "\(url.absoluteString): \(error)")
            }
            try? await Task.sleep(for: wait)
            wait *= 2
            attempt += 1
        }
    }

    private func local(_ url: URL) throws(ListFetchRefused) -> FetchedListFile {
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? nil
        guard let size else { throw ListFetchRefused(description: "\(url.path): no such file") }
        guard size <= options.maximumBytes else {
            throw ListFetchRefused(description: "\(url.path): \(size) bytes, more than the \(options.maximumBytes)-byte limit")
        }
        do {
            return FetchedListFile(data: try Data(contentsOf: url))
        } catch {
            throw ListFetchRefused(description: "\(url.path): cannot be read: \(error.localizedDescription)")
        }
    }

    private func once(_ url: URL, etag: String?, lastModified: String?) async throws -> FetchedListFile {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.headers.add(name: "User-Agent", value: "Clearance list refresh")
        if let etag { request.headers.add(name: "If-None-Match", value: etag) }
        if let lastModified { request.headers.add(name: "If-Modified-Since", value: lastModified) }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .milliseconds(Int64(options.timeout / .milliseconds(1))))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw Retryable(reason: "no answer (\(error))")
        }
        let status = response.status.code
        var file = FetchedListFile(etag: response.headers.first(name: "ETag"), lastModified: response.headers.first(name: "Last-Modified"))
        if status == 304 && (etag != nil || lastModified != nil) {
            file.notModified = true
            return file
        }
        if status >= 500 { throw Retryable(reason: "the server answered \(status) \(response.status.reasonPhrase)") }
        guard status == 200 else {
            throw ListFetchRefused(description: "\(url.absoluteString): the server answered \(status) \(response.status.reasonPhrase), not the file")
        }
        let type = response.headers.first(name: "Content-Type")?.lowercased() ?? ""
        if type.contains("text/html") || type.contains("xhtml") {
            throw ListFetchRefused(description: "\(url.absoluteString): the server sent a web page (Content-Type \(type)), not a list file")
        }
        let declared = response.headers.first(name: "Content-Length").flatMap { Int($0) }
        if let declared, declared > options.maximumBytes {
            throw ListFetchRefused(
                description: "\(url.absoluteString): \(declared) bytes announced, more than the \(options.maximumBytes)-byte limit")
        }
        var buffer = ByteBuffer()
        do {
            for try await chunk in response.body {
                guard buffer.readableBytes + chunk.readableBytes <= options.maximumBytes else {
                    throw ListFetchRefused(description: "\(url.absoluteString): more than the \(options.maximumBytes)-byte limit")
                }
                buffer.writeImmutableBuffer(chunk)
            }
        } catch let refused as ListFetchRefused {
            throw refused
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw ListFetchRefused(
                description: "\(url.absoluteString): the download was cut off after \(buffer.readableBytes) bytes (\(error))")
        }
        if let declared, declared != buffer.readableBytes {
            throw ListFetchRefused(
                description: "\(url.absoluteString): the download was cut off: \(buffer.readableBytes) of the \(declared) bytes announced")
        }
        file.data = Data(buffer.readableBytesView)
        if Self.looksLikeHTML(file.data) {
            throw ListFetchRefused(description: "\(url.absoluteString): the server sent a web page, not a list file")
        }
        return file
    }

    /// Whether the bytes begin (after white space) as an HTML document: an error or sign-in page served with a 200.
    static func looksLikeHTML(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(512), as: UTF8.self).drop { $0.isWhitespace || $0 == "\u{FEFF}" }.lowercased()
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html")
    }

    /// `body`'s result, or `Retryable` once `limit` has passed (the body is then cancelled).
    private func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw Retryable(reason: "no complete answer within \(limit.components.seconds) s")
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw Retryable(reason: "no answer") }
            return first
        }
    }
}
