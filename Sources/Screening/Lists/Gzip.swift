import Foundation
import ZIPFoundation

/// Reads a gzip file (RFC 1952, one member) with the inflater the zip reader uses (ZIPFoundation),
/// so a list published or kept gzipped (trade.gov's CSL `consolidated.csv.gz`) is read as its content.
///
/// The header is checked, the content's CRC-32 and length are checked against the trailer, and
/// content past `ZipMember.maxBytes` is refused: a damaged, cut-off or hostile file is refused
/// naming the file, never read in part.
enum Gzip {
    /// Whether `data` starts with gzip's magic bytes and the deflate method.
    static func isGzip(_ data: Data) -> Bool {
        data.starts(with: [0x1F, 0x8B, 0x08])
    }

    /// `files` with the primary file inflated when it is gzip (its path unchanged, so issues name the file as the user knows it).
    static func inflatingPrimary(of files: OFACLegacyCSV.Files) throws(ListLoadError) -> OFACLegacyCSV.Files {
        guard isGzip(files.primary.data) else { return files }
        var result = files
        result.primary = ListFile(path: files.primary.path, data: try inflate(files.primary))
        return result
    }

    /// The content of the gzip file `file`.
    static func inflate(_ file: ListFile) throws(ListLoadError) -> Data {
        let bytes = Array(file.data)
        let start = try contentStart(bytes, file: file)
        guard bytes.count >= start + 8 else {
            throw .malformedFile(file: file.path, line: nil, detail: "gzip file cut off: \(bytes.count) bytes, too few for its header and trailer")
        }
        var content = Data()
        let (crc, failure) = run(bytes[start..<(bytes.count - 8)]) { chunk in
            guard content.count + chunk.count <= ZipMember.maxBytes else { throw Stop.tooLarge }
            content.append(chunk)
        }
        switch failure {
        case nil: break
        case .tooLarge?:
            throw .malformedFile(file: file.path, line: nil, detail: "gzip content inflates to more than the \(ZipMember.maxBytes) bytes accepted")
        case .cutOff?:
            throw .malformedFile(file: file.path, line: nil, detail: "gzip file cut off: its compressed data ends before the end of the stream")
        case .enough?, .damaged?:
            throw .malformedFile(file: file.path, line: nil, detail: "damaged gzip file: its compressed data cannot be inflated")
        }
        let trailer = bytes.suffix(8).map(UInt32.init)
        let statedCRC = trailer[0] | trailer[1] << 8 | trailer[2] << 16 | trailer[3] << 24
        let statedSize = trailer[4] | trailer[5] << 8 | trailer[6] << 16 | trailer[7] << 24
        guard crc == statedCRC, UInt32(truncatingIfNeeded: content.count) == statedSize else {
            throw .malformedFile(file: file.path, line: nil, detail: "damaged or cut-off gzip file: the content's checksum or length differs from the trailer's (or it holds more than one member)")
        }
        return content
    }

    /// The first bytes of the content (up to `count`), for recognising the format; nil when the file cannot be inflated that far.
    static func head(of data: Data, count: Int = 4_096) -> Data? {
        let bytes = Array(data)
        guard let start = try? contentStart(bytes, file: ListFile(path: "", data: Data())), bytes.count > start else { return nil }
        var content = Data()
        let (_, failure) = run(bytes[start...]) { chunk in
            content.append(chunk)
            if content.count >= count { throw Stop.enough }
        }
        switch failure {
        case nil, .enough?: return content.prefix(count)
        default: return nil
        }
    }

    private enum Stop: Error {
        case tooLarge, cutOff, enough, damaged
    }

    /// Inflates raw deflate `input`, handing the output to `consumer`; the CRC-32 of the output and why it stopped early.
    private static func run(_ input: ArraySlice<UInt8>, consumer: (Data) throws -> Void) -> (CRC32, Stop?) {
        let chunk = 1 << 16
        let data = Data(input)
        do {
            let crc = try Data.decompress(size: Int64(data.count), bufferSize: chunk, skipCRC32: false, provider: { position, size in
                // The Linux inflater always hands zlib `size` bytes: pad the last chunk, and stop
                // (rather than loop for ever) once the input is used up without the stream ending.
                guard position < data.count else { throw Stop.cutOff }
                let end = min(data.count, Int(position) + size)
                var piece = data.subdata(in: Int(position)..<end)
                if piece.count < size { piece.append(Data(count: size - piece.count)) }
                return piece
            }, consumer: consumer)
            return (crc, nil)
        } catch let stop as Stop {
            return (0, stop)
        } catch {
            return (0, .damaged)
        }
    }

    /// The offset where the deflate data starts, after the header and its optional fields.
    private static func contentStart(_ bytes: [UInt8], file: ListFile) throws(ListLoadError) -> Int {
        func cut() -> ListLoadError {
            .malformedFile(file: file.path, line: nil, detail: "gzip file cut off inside its header")
        }
        guard bytes.count >= 10, bytes[0] == 0x1F, bytes[1] == 0x8B, bytes[2] == 0x08 else {
            throw .malformedFile(file: file.path, line: nil, detail: "not a gzip file (deflate method)")
        }
        let flags = bytes[3]
        guard flags & 0xE0 == 0 else {
            throw .malformedFile(file: file.path, line: nil, detail: "gzip header sets reserved flags")
        }
        var index = 10
        if flags & 0x04 != 0 {
            guard bytes.count >= index + 2 else { throw cut() }
            index += 2 + (Int(bytes[index]) | Int(bytes[index + 1]) << 8)
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {
            guard let zero = bytes[min(index, bytes.count)...].firstIndex(of: 0) else { throw cut() }
            index = zero + 1
        }
        if flags & 0x02 != 0 { index += 2 }
        guard index <= bytes.count else { throw cut() }
        return index
    }
}
