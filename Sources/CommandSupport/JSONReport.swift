import Foundation

/// The JSON documents the command-line tools print: pretty, keys sorted, slashes unescaped.
public enum JSONReport {
    /// `value` as a JSON document for people and scripts to read.
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
