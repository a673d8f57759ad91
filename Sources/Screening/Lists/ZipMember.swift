import Foundation
import ZIPFoundation

/// Reads one member of a zip archive held in memory (an ODS or xlsx spreadsheet, OFAC's `CONS_ENHANCED.ZIP`).
///
/// The archive is read from a temporary copy of the bytes: ZIPFoundation's in-memory archive traps
/// (a range with its bounds reversed) when a damaged zip points past its end, while reading a file
/// there simply comes up short and is reported. The CRC is checked, and a member that would
/// inflate past `maxBytes` is refused rather than read into memory (a small zip can inflate to gigabytes).
enum ZipMember {
    /// The largest member read (the bundled ODS's `content.xml` is 7 MB, OFAC's enhanced XML 3 MB, SDN's about 100 MB).
    static let maxBytes = 256 << 20

    /// Whether `data` starts like a zip archive (a local file header).
    static func isZip(_ data: Data) -> Bool {
        data.starts(with: [0x50, 0x4B, 0x03, 0x04])
    }

    /// The bytes of the first member `choose` accepts (members in archive order), or nil when none does.
    ///
    /// - Parameter what: how the member is named in errors, e.g. `content.xml`.
    static func extract(
        from file: ListFile, what: String, choose: (String) -> Bool
    ) throws(ListLoadError) -> (name: String, data: Data)? {
        try extract(from: file) { archive throws(ListLoadError) in
            guard let entry = archive.first(where: { $0.type == .file && choose($0.path) }) else { return nil }
            return (entry.path, try read(entry, of: archive, file: file, what: what))
        }
    }

    /// The bytes of every member `choose` accepts, by name (one temporary copy of the archive for all).
    static func extractAll(from file: ListFile, choose: (String) -> Bool) throws(ListLoadError) -> [String: Data] {
        try extract(from: file) { archive throws(ListLoadError) in
            var members: [String: Data] = [:]
            for entry in archive where entry.type == .file && choose(entry.path) && members[entry.path] == nil {
                members[entry.path] = try read(entry, of: archive, file: file, what: entry.path)
            }
            return members
        }
    }

    /// The sum of the members' stated uncompressed sizes (nil when the archive cannot be read).
    static func inflatedBytes(_ file: ListFile) -> Int? {
        try? extract(from: file) { archive in archive.reduce(0) { $0 + Int($1.uncompressedSize) } }
    }

    /// Opens a temporary copy of `file` as an archive and runs `body` on it.
    private static func extract<Result>(
        from file: ListFile, _ body: (Archive) throws(ListLoadError) -> Result
    ) throws(ListLoadError) -> Result {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-zip-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: copy) }
        do {
            try file.data.write(to: copy)
        } catch {
            throw .unreadableFile(path: copy.path, detail: "cannot write a temporary copy of \(file.path): \(error.localizedDescription)")
        }
        let archive: Archive
        do {
            archive = try Archive(url: copy, accessMode: .read)
        } catch {
            throw .malformedFile(file: file.path, line: nil, detail: "not a readable zip file: \(error)")
        }
        return try body(archive)
    }

    /// One member's bytes, its CRC checked, refused past `maxBytes`.
    private static func read(_ entry: Entry, of archive: Archive, file: ListFile, what: String) throws(ListLoadError) -> Data {
        guard entry.uncompressedSize <= maxBytes else {
            throw .malformedFile(file: file.path, line: nil, detail: "\(what) would inflate to \(entry.uncompressedSize) bytes, more than the \(maxBytes) accepted")
        }
        var content = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard content.count + chunk.count <= maxBytes else {
                    throw ListLoadError.malformedFile(file: file.path, line: nil, detail: "\(what) inflates to more than the \(maxBytes) bytes accepted")
                }
                content.append(chunk)
            }
        } catch let error as ListLoadError {
            throw error
        } catch {
            throw .malformedFile(file: file.path, line: nil, detail: "not a readable zip file: \(error)")
        }
        return content
    }
}
