import Crypto
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The key-encryption key (KEK): 32 random bytes kept outside the store, under which every private
/// signing key (release tokens, audit checkpoints) is sealed at rest with AES-GCM.
///
/// It lives in the Audit module because both the service (which signs tokens and checkpoints) and the
/// command line (which loads it and signs checkpoints after a command) need it, and Audit is the one
/// module below both that already has swift-crypto.
///
/// Where it comes from (`load`): `CLEARANCE_KEK_FILE` names a file holding exactly 32 bytes, readable
/// by its owner only; such a file is never created. Without the variable, the file is
/// `$XDG_CONFIG_HOME/clearance/kek` (default `~/.config/clearance/kek`), created with 32 random bytes
/// and mode 0600 when it does not exist yet (said once on standard error), so a fresh machine works.
public struct KeyEncryptionKey: Sendable {
    private let key: SymmetricKey
    /// The file the key was read from (named in errors).
    public let path: String

    /// The prefix of a sealed key's stored text: `kek1:` then base64 of nonce, ciphertext and tag.
    public static let sealedPrefix = "kek1:"

    /// A KEK from its 32 bytes (tests; `load` reads the file).
    public init(bytes: Data, path: String) throws(KeyEncryptionKeyError) {
        guard bytes.count == 32 else { throw .unusable(path: path, problem: "holds \(bytes.count) bytes, not exactly 32") }
        self.key = SymmetricKey(data: bytes)
        self.path = path
    }

    /// Seals `secret` (a private key) as stored text; `context` (e.g. the key's purpose and id) is
    /// authenticated, so a sealed key moved to another row does not open there.
    public func seal(_ secret: Data, context: String) throws(KeyEncryptionKeyError) -> String {
        do {
            let box = try AES.GCM.seal(secret, using: key, authenticating: Data(context.utf8))
            guard let combined = box.combined else { throw KeyEncryptionKeyError.unusable(path: path, problem: "AES-GCM gave no sealed box") }
            return Self.sealedPrefix + combined.base64EncodedString()
        } catch let error as KeyEncryptionKeyError {
            throw error
        } catch {
            throw .unusable(path: path, problem: "sealing failed: \(error)")
        }
    }

    /// Opens text `seal` made for `context`; `keyID` names the key in the error when it does not open.
    public func open(_ sealed: String, context: String, keyID: String) throws(KeyEncryptionKeyError) -> Data {
        guard Self.isSealed(sealed), let combined = Data(base64Encoded: String(sealed.dropFirst(Self.sealedPrefix.count))) else {
            throw .notSealed(keyID: keyID)
        }
        do {
            return try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: key, authenticating: Data(context.utf8))
        } catch {
            throw .wrongKey(keyID: keyID, path: path)
        }
    }

    /// Whether stored key text is sealed (rather than a clear base64 key from before sealing).
    public static func isSealed(_ stored: String) -> Bool { stored.hasPrefix(sealedPrefix) }

    /// Loads the KEK as described on the type, reading `environment` for `CLEARANCE_KEK_FILE`,
    /// `XDG_CONFIG_HOME` and `HOME`; `announce` is told when a default key file was created.
    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        announce: (String) -> Void = { FileHandle.standardError.write(Data(("clearance: " + $0 + "\n").utf8)) }
    ) throws(KeyEncryptionKeyError) -> KeyEncryptionKey {
        if let named = environment["CLEARANCE_KEK_FILE"], !named.isEmpty {
            return try read(named)
        }
        let path = try defaultPath(environment)
        if !FileManager.default.fileExists(atPath: path) {
            if try create(path) {
                announce("created the key-encryption key \(path) (32 random bytes, mode 0600); keep it safe and back it up, "
                    + "the signing keys in the store cannot be used without it (set CLEARANCE_KEK_FILE to use another file)")
            }
        }
        return try read(path)
    }

    /// `$XDG_CONFIG_HOME/clearance/kek`, or `~/.config/clearance/kek`.
    public static func defaultPath(_ environment: [String: String]) throws(KeyEncryptionKeyError) -> String {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return config + "/clearance/kek"
        }
        guard let home = environment["HOME"], !home.isEmpty else {
            throw .unusable(path: "~/.config/clearance/kek", problem: "has no home folder to live in (HOME is not set); set CLEARANCE_KEK_FILE")
        }
        return home + "/.config/clearance/kek"
    }

    /// Reads and checks a key file: a regular file of exactly 32 bytes that neither group nor others can read.
    static func read(_ path: String) throws(KeyEncryptionKeyError) -> KeyEncryptionKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .unusable(path: path, problem: "does not exist or cannot be read (\(String(cString: strerror(errno))))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .unusable(path: path, problem: "is not a regular file") }
        guard info.st_mode & 0o077 == 0 else {
            throw .unusable(
                path: path, problem: "is readable by group or others (mode \(String(info.st_mode & 0o777, radix: 8))); chmod 600 it")
        }
        guard let bytes = FileManager.default.contents(atPath: path) else { throw .unusable(path: path, problem: "cannot be read") }
        return try KeyEncryptionKey(bytes: bytes, path: path)
    }

    /// Creates the default key file with 32 random bytes, mode 0600, atomically: written beside it, then
    /// linked into place, so a concurrent process never reads half a key and two never both create one.
    /// Returns false when another process created it first.
    private static func create(_ path: String) throws(KeyEncryptionKeyError) -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .unusable(path: path, problem: "cannot be created: its folder cannot be made (\(error.localizedDescription))")
        }
        let temporary = directory + "/.kek-\(UUID().uuidString)"
        let descriptor = createExclusively(temporary)
        guard descriptor >= 0 else { throw .unusable(path: path, problem: "cannot be created (\(String(cString: strerror(errno))))") }
        defer { unlink(temporary) }
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor)
        close(descriptor)
        guard written == 32, synced == 0 else { throw .unusable(path: path, problem: "cannot be written") }
        if link(temporary, path) == 0 { return true }
        if errno == EEXIST { return false }
        throw .unusable(path: path, problem: "cannot be created (\(String(cString: strerror(errno))))")
    }
}

extension KeyEncryptionKey {
    /// Loads the KEK on first use and keeps it for the process (a failed load is retried next time), so a
    /// process that never signs never needs one, and one that does reads the file once.
    public final class Provider: Sendable {
        private let cached = Mutex<KeyEncryptionKey?>(nil)
        private let loader: @Sendable () throws(KeyEncryptionKeyError) -> KeyEncryptionKey

        /// The process's KEK as `KeyEncryptionKey.load()` finds it from the environment.
        public static let environment = Provider { () throws(KeyEncryptionKeyError) in try KeyEncryptionKey.load() }

        /// A provider that loads with `loader` when first asked.
        public init(_ loader: @escaping @Sendable () throws(KeyEncryptionKeyError) -> KeyEncryptionKey) {
            self.loader = loader
        }

        /// A provider of a KEK already in hand (tests).
        public convenience init(key: KeyEncryptionKey) {
            self.init { () throws(KeyEncryptionKeyError) in key }
        }

        /// The KEK, loading it the first time; signing refuses to run when this throws.
        public func key() throws(KeyEncryptionKeyError) -> KeyEncryptionKey {
            if let key = cached.withLock({ $0 }) { return key }
            let key = try loader()
            cached.withLock { $0 = key }
            return key
        }
    }
}

/// Why a key-encryption key or a sealed key cannot be used; each names the file or the key.
public enum KeyEncryptionKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The KEK file is missing, the wrong size, too widely readable, or cannot be made.
    case unusable(path: String, problem: String)
    /// A sealed key does not open under this KEK.
    case wrongKey(keyID: String, path: String)
    /// Stored key text that should be sealed is not.
    case notSealed(keyID: String)

    public var description: String {
        switch self {
        case .unusable(let path, let problem):
            "the key-encryption key file \(path) \(problem); signing needs a usable key-encryption key (CLEARANCE_KEK_FILE)"
        case .wrongKey(let keyID, let path):
            "signing key \(keyID) does not decrypt under the key-encryption key \(path) (wrong key-encryption key?)"
        case .notSealed(let keyID):
            "signing key \(keyID) is not stored sealed under a key-encryption key"
        }
    }
}

/// `open(2)` of a new file, mode 0600, failing if it exists (at file scope, where `open` is the POSIX call).
private func createExclusively(_ path: String) -> Int32 {
    open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
}
