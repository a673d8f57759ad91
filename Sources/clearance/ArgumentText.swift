import Foundation
import DataFormats

/// Checks every command-line argument before it is parsed, as the API checks every JSON field: the raw bytes
/// must be UTF-8 (Swift would otherwise turn bad bytes into U+FFFD and store a name that was not given), with
/// no control character (`InputText`) and at most `InputText.lineLimit` characters. The values of the
/// free-text options below may hold line breaks and up to `InputText.freeTextLimit` characters.
enum ArgumentText {
    /// Options whose value is free text in words (a reason, a comment, a description, a condition).
    static let freeTextOptions: Set<String> = [
        "--reason", "--reasons", "--text", "--confidential-text", "--confidential-statement", "--consistency-reason",
        "--description", "--condition", "--finding",
    ]

    /// The first argument that cannot be accepted and why (`argument 3 (the value of --reason) …`), or nil.
    static func problem(in arguments: [[UInt8]]) -> String? {
        var previous: String?
        for (position, bytes) in arguments.enumerated() {
            let option = previous.flatMap { freeTextOptions.contains($0) ? $0 : nil }
                ?? bytes.split(separator: UInt8(ascii: "="), maxSplits: 1).first.flatMap { name in
                    let text = String(decoding: name, as: UTF8.self)
                    return freeTextOptions.contains(text) && bytes.count > name.count ? text : nil
                }
            let multiline = option != nil
            let problem = bytes.withUnsafeBufferPointer { InputText.problem(inUTF8: $0, multiline: multiline) }
                ?? String(validating: bytes, as: UTF8.self).flatMap {
                    InputText.problem(in: $0, multiline: multiline, limit: multiline ? InputText.freeTextLimit : InputText.lineLimit)
                }
            if let problem {
                let what = option.map { " (the value of \($0))" } ?? ""
                return "argument \(position + 1)\(what) \(problem)"
            }
            previous = String(decoding: bytes, as: UTF8.self)
        }
        return nil
    }

    /// The process's arguments after the program name, as the bytes the shell passed.
    static var rawArguments: [[UInt8]] {
        (1..<Int(CommandLine.argc)).map { index in
            guard let pointer = CommandLine.unsafeArgv[index] else { return [] }
            return Array(UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer)))
        }
    }
}
