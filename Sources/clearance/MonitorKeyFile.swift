import ArgumentParser
import Crypto
import Foundation
import Monitor

/// The private-key files of landmarks and agents: one line, the raw 32-byte Ed25519 private key (its seed) in
/// base64. Like ssh, a key file that its group or others can read or write is refused.
enum MonitorKeyFile {
    /// Reads the key in `path`, refusing a file open to group or others, or one that is not a raw Ed25519 key.
    static func read(_ path: String) throws -> Curve25519.Signing.PrivateKey {
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw ValidationError("key file \(path) cannot be read: \(error.localizedDescription)")
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        guard mode & 0o077 == 0 else {
            throw ValidationError(
                "key file \(path) is readable or writable by group or others (mode \(String(mode, radix: 8))): it is refused; run chmod 600 \(path)")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("key file \(path) cannot be read") }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: text), raw.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: raw) else {
            throw ValidationError("key file \(path):1 is not a raw 32-byte Ed25519 private key in base64 (write one with `keygen --out`)")
        }
        return key
    }

    /// Writes a new key to `path` with mode 0600 (refusing to overwrite a file) and returns it.
    static func generate(_ path: String) throws -> Curve25519.Signing.PrivateKey {
        let key = Curve25519.Signing.PrivateKey()
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw ValidationError("key file \(path) cannot be created: \(String(cString: strerror(errno))) (an existing key is never overwritten)")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data((key.rawRepresentation.base64EncodedString() + "\n").utf8))
        try handle.synchronize()
        return key
    }

    /// The public key of `key` as `devices add` and `landmarks add` take it: raw 32 bytes, base64.
    static func publicBase64(_ key: Curve25519.Signing.PrivateKey) -> String { key.publicKey.rawRepresentation.base64EncodedString() }
}

/// `… keygen --out K`: a new Ed25519 key for a device or a landmark.
struct MonitorKeygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keygen",
        abstract: "Write a new Ed25519 private key (mode 0600) and print its public key (base64) for registration.",
        discussion: """
            The file holds one line: the raw 32-byte private key in base64. It is never overwritten.
            Example:
              clearance agent keygen --out gpu-0042.key > gpu-0042.pub.b64
            """)

    @Option(help: ArgumentHelp("The key file to create.", valueName: "K")) var out: String

    func run() throws {
        print(MonitorKeyFile.publicBase64(try MonitorKeyFile.generate(out)))
    }
}

extension MonitorKeyFile {
    /// The secret (an API key) in `path`, trimmed; refused like a key file when group or others can read it.
    static func secret(_ path: String) throws -> String {
        let attributes: [FileAttributeKey: Any]
        do { attributes = try FileManager.default.attributesOfItem(atPath: path) } catch {
            throw ValidationError("API key file \(path) cannot be read: \(error.localizedDescription)")
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o777
        guard mode & 0o077 == 0 else {
            throw ValidationError("API key file \(path) is readable or writable by group or others (mode \(String(mode, radix: 8))); run chmod 600 \(path)")
        }
        let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, !text.contains(where: { $0.isWhitespace }) else { throw ValidationError("API key file \(path) does not hold one key") }
        return text
    }
}
