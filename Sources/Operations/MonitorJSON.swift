import Foundation

/// Registry records (devices, landmarks, measurements) as the CLI prints them: JSON with sorted snake_case keys,
/// the same names as the API's (`public_key`, `end_user_party_id`, `check_in_interval_seconds`).
public enum MonitorJSON {
    /// `value` as one line of JSON.
    public static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
