import ArgumentParser
import Foundation

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
