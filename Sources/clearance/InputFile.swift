import ArgumentParser
import Foundation
import DataFormats

/// The `--input` file of a batch command, or standard input for `-`.
enum InputFile {
    /// The size of the chunks batch commands read and process at a time.
    static let chunkSize = 1 << 20

    static func open(_ path: String) throws -> FileHandle {
        if path == "-" { return FileHandle.standardInput }
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw ValidationError("cannot read --input \(path): no such file or no permission")
        }
        return file
    }
}

extension CSVReader {
    /// The records `chunk` of the file at `path` completes; a field that is not UTF-8 or holds a control
    /// character is a usage error naming the file, line and column.
    mutating func feed(_ chunk: Data, path: String) throws -> [CSVRecord] {
        do {
            return try feed(chunk)
        } catch {
            throw ValidationError("\(path): \(error)")
        }
    }

    /// The records left at the end of the file at `path`, checked as `feed(_:path:)` checks them.
    mutating func finish(path: String) throws -> [CSVRecord] {
        do {
            return try finish()
        } catch {
            throw ValidationError("\(path): \(error)")
        }
    }
}
