import Audit
import Foundation
import Testing

/// The key-encryption key: where it is read from, what is refused, and sealing under it.
@Suite struct KeyEncryptionKeyTests {
    static func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-kek-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ bytes: Data, mode: Int, in folder: String) -> String {
        let path = folder + "/kek"
        _ = FileManager.default.createFile(atPath: path, contents: bytes, attributes: [.posixPermissions: mode])
        return path
    }

    static let bytes = Data((0..<32).map { UInt8($0) })

    @Test("a named key file of 32 bytes, owner-only, is used")
    func namedFileIsUsed() throws {
        let path = Self.write(Self.bytes, mode: 0o600, in: try Self.folder())
        let key = try KeyEncryptionKey.load(environment: ["CLEARANCE_KEK_FILE": path], announce: { Issue.record("announced \($0)") })
        #expect(key.path == path)
    }

    @Test("a named key file that is missing is refused by name and never created")
    func missingNamedFileIsRefused() throws {
        let path = try Self.folder() + "/absent"
        #expect {
            _ = try KeyEncryptionKey.load(environment: ["CLEARANCE_KEK_FILE": path, "HOME": "/nonexistent"])
        } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("does not exist")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a key file that is not exactly 32 bytes is refused by name")
    func wrongSizeIsRefused() throws {
        for count in [0, 31, 33, 64] {
            let path = Self.write(Data(repeating: 7, count: count), mode: 0o600, in: try Self.folder())
            #expect {
                _ = try KeyEncryptionKey.load(environment: ["CLEARANCE_KEK_FILE": path])
            } throws: { error in
                "\(error)".contains(path) && "\(error)".contains("\(count) bytes")
            }
        }
    }

    @Test("a key file readable by group or others is refused by name")
    func looseModeIsRefused() throws {
        for mode in [0o640, 0o604, 0o644, 0o660] {
            let path = Self.write(Self.bytes, mode: mode, in: try Self.folder())
            #expect {
                _ = try KeyEncryptionKey.load(environment: ["CLEARANCE_KEK_FILE": path])
            } throws: { error in
                "\(error)".contains(path) && "\(error)".contains("group or others")
            }
        }
    }

    @Test("without CLEARANCE_KEK_FILE the default file is created once, 32 bytes, mode 0600, and said so once")
    func defaultFileIsCreatedOnce() throws {
        let config = try Self.folder()
        var announcements: [String] = []
        let first = try KeyEncryptionKey.load(environment: ["XDG_CONFIG_HOME": config]) { announcements.append($0) }
        let second = try KeyEncryptionKey.load(environment: ["XDG_CONFIG_HOME": config]) { announcements.append($0) }
        let path = config + "/clearance/kek"
        #expect(first.path == path && second.path == path)
        #expect(announcements.count == 1)
        #expect(announcements.first?.contains(path) == true)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect((attributes[.size] as? Int) == 32)
        let sealed = try first.seal(Data("secret".utf8), context: "c")
        #expect(try second.open(sealed, context: "c", keyID: "k") == Data("secret".utf8), "the second load read the same key")
    }

    @Test("the default file is under ~/.config/clearance when XDG_CONFIG_HOME is unset")
    func defaultPathUnderHome() throws {
        #expect(try KeyEncryptionKey.defaultPath(["HOME": "/home/ops"]) == "/home/ops/.config/clearance/kek")
        #expect(try KeyEncryptionKey.defaultPath(["HOME": "/home/ops", "XDG_CONFIG_HOME": "/etc/xdg"]) == "/etc/xdg/clearance/kek")
    }

    @Test("a sealed key holds no clear bytes and opens only under the same key and context")
    func sealing() throws {
        let kek = try KeyEncryptionKey(bytes: Self.bytes, path: "a")
        let other = try KeyEncryptionKey(bytes: Data(repeating: 9, count: 32), path: "b")
        let secret = Data((100..<132).map { UInt8($0) })
        let sealed = try kek.seal(secret, context: "release key rk_1")
        #expect(KeyEncryptionKey.isSealed(sealed))
        #expect(!sealed.contains(secret.base64EncodedString()))
        #expect(try kek.open(sealed, context: "release key rk_1", keyID: "rk_1") == secret)
        #expect(throws: KeyEncryptionKeyError.wrongKey(keyID: "rk_1", path: "b")) {
            _ = try other.open(sealed, context: "release key rk_1", keyID: "rk_1")
        }
        #expect(throws: KeyEncryptionKeyError.wrongKey(keyID: "rk_2", path: "a")) {
            _ = try kek.open(sealed, context: "release key rk_2", keyID: "rk_2")
        }
        #expect("\(KeyEncryptionKeyError.wrongKey(keyID: "rk_1", path: "b"))".contains("wrong key-encryption key?"))
    }
}
