/// How each stored value is laid out in an index snapshot. Change `IndexSnapshot.formatVersion`
/// with any change here.
extension Entity: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(id)
        writer.write(source)
        writer.write(programs)
        writer.write(type.rawValue)
        writer.write(name)
        writer.write(aliases)
        writer.write(datesOfBirth)
        writer.write(nationalities)
        writer.write(addresses)
        writer.write(identifiers)
        writer.write(remarks)
        writer.write(listing != nil)
        if let listing {
            writer.write(listing.licenseRequirement)
            writer.write(listing.licensePolicy)
            writer.write(listing.federalRegisterNotice)
            writer.write(listing.startDate)
        }
    }

    init(from reader: inout BinaryReader) throws(SnapshotError) {
        let id = try reader.readString()
        let source = try reader.readString()
        let programs = try reader.readStrings()
        let typeText = try reader.readString()
        guard let type = EntityType(rawValue: typeText) else { throw .damaged("unknown entity type \(typeText)") }
        self.init(
            id: id, source: source, programs: programs, type: type, name: try reader.readString(),
            aliases: try reader.read([Alias].self), datesOfBirth: try reader.read([DateOfBirth].self),
            nationalities: try reader.readStrings(), addresses: try reader.read([Address].self),
            identifiers: try reader.read([Identifier].self), remarks: try reader.readOptionalString(),
            listing: try reader.readBool()
                ? ListingTerms(
                    licenseRequirement: try reader.readOptionalString(), licensePolicy: try reader.readOptionalString(),
                    federalRegisterNotice: try reader.readOptionalString(), startDate: try reader.readOptionalString())
                : nil)
    }
}

extension Alias: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(name)
        writer.write(strength == .weak)
        writer.write(kind)
    }

    init(from reader: inout BinaryReader) throws(SnapshotError) {
        self.init(name: try reader.readString(), strength: try reader.readBool() ? .weak : .strong, kind: try reader.readString())
    }
}

extension DateOfBirth: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(year)
        writer.write(month)
        writer.write(day)
        writer.write(toYear)
        writer.write(approximate)
    }

    init(from reader: inout BinaryReader) throws(SnapshotError) {
        self.init(
            year: try reader.readInt(), month: try reader.readOptionalInt(), day: try reader.readOptionalInt(),
            toYear: try reader.readOptionalInt(), approximate: try reader.readBool())
    }
}

extension Address: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(street)
        writer.write(city)
        writer.write(region)
        writer.write(postalCode)
        writer.write(country)
    }

    init(from reader: inout BinaryReader) throws(SnapshotError) {
        self.init(
            street: try reader.readOptionalString(), city: try reader.readOptionalString(),
            region: try reader.readOptionalString(), postalCode: try reader.readOptionalString(),
            country: try reader.readOptionalString())
    }
}

extension Identifier: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(kind)
        writer.write(value)
        writer.write(country)
    }

    init(from reader: inout BinaryReader) throws(SnapshotError) {
        self.init(kind: try reader.readString(), value: try reader.readString(), country: try reader.readOptionalString())
    }
}

extension ListMetadata: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(source)
        writer.write(name)
        writer.write(published)
        writer.write(sha256)
        writer.write(partial)
    }

    init(from reader: inout BinaryReader) throws(SnapshotError) {
        self.init(
            source: try reader.readString(), name: try reader.readString(), published: try reader.readOptionalString(),
            sha256: try reader.readString(), partial: try reader.readOptionalString())
    }
}

extension ParseIssue: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(file)
        writer.write(line)
        writer.write(field)
        writer.write(message)
    }

    init(from reader: inout BinaryReader) throws(SnapshotError) {
        self.init(
            file: try reader.readString(), line: try reader.readInt(), field: try reader.readOptionalString(),
            message: try reader.readString())
    }
}

extension IndexedName: BinaryCodable {
    func write(to writer: inout BinaryWriter) {
        writer.write(Int(entity))
        writer.write(Int(list))
        writer.write(personLike)
        writer.write(kind.rawValue)
        writer.write(label)
        writer.write(text)
        writer.writeRaw(tokens)
        writer.writeRaw(joined)
        writer.write(legalForms)
    }

    init(from reader: inout BinaryReader) throws(SnapshotError) {
        guard let entity = Int32(exactly: try reader.readInt()), let list = Int16(exactly: try reader.readInt()) else {
            throw .damaged("a name's entity or list number is out of range")
        }
        let personLike = try reader.readBool()
        let kindText = try reader.readString()
        guard let kind = NameKind(rawValue: kindText) else { throw .damaged("unknown name kind \(kindText)") }
        self.init(
            entity: entity, list: list, personLike: personLike, kind: kind, label: try reader.readOptionalString(), text: try reader.readString(),
            tokens: try reader.readRaw(Int32.self), joined: try reader.readRaw(Int32.self), legalForms: try reader.readStrings())
    }
}
