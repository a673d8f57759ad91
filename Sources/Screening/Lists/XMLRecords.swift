import Foundation

/// One XML element as read by `XMLRecords`: name, attributes, trimmed text and children, with its line.
final class XMLNode {
    let name: String
    let attributes: [String: String]
    let line: Int
    fileprivate(set) var text = ""
    fileprivate(set) var children: [XMLNode] = []

    init(name: String, attributes: [String: String], line: Int) {
        self.name = name
        self.attributes = attributes
        self.line = line
    }

    /// The first child named `name`.
    func child(_ name: some StringProtocol) -> XMLNode? {
        children.first { $0.name == name }
    }

    /// Every child named `name`, in document order.
    func children(_ name: some StringProtocol) -> [XMLNode] {
        children.filter { $0.name == name }
    }

    /// The node at a `/`-separated path of first children, e.g. `generalInfo/entityType`.
    func at(_ path: String) -> XMLNode? {
        var node: XMLNode? = self
        for part in path.split(separator: "/") {
            node = node?.child(part)
        }
        return node
    }

    /// The text at `path` (see `at`), nil when the element is missing or empty.
    func text(_ path: String) -> String? {
        at(path)?.text.nilIfEmpty
    }

    /// Every node reached by a `/`-separated path, taking all children at each step.
    func all(_ path: String) -> [XMLNode] {
        var nodes = [self]
        for part in path.split(separator: "/") {
            nodes = nodes.flatMap { $0.children(part) }
        }
        return nodes
    }
}

/// A streaming read of an XML list file into whole records: each element whose name is in `records`
/// (and that is not inside another record) is collected with its subtree and handed to `record` when it
/// closes; everything between records is never held. The root element's name and attributes go to `root`.
/// Names are local (a prefix is dropped).
///
/// The file is checked first (`XMLScan.read`: UTF-8 text, well-formed), so a damaged or cut-off
/// document is refused naming its line, and no record of it is kept.
final class XMLRecords: XMLScanHandler {
    private let records: Set<String>
    private let rootHandler: (String, [String: String]) -> Void
    private let recordHandler: (XMLNode) -> Void
    private var stack: [XMLNode] = []
    private var depth = 0
    private var text = ""

    private init(records: Set<String>, root: @escaping (String, [String: String]) -> Void, record: @escaping (XMLNode) -> Void) {
        self.records = records
        self.rootHandler = root
        self.recordHandler = record
    }

    /// Reads `file`, calling `root` once for the root element and `record` for each record, in document order.
    static func read(
        _ file: ListFile, records: Set<String>,
        root: @escaping (_ name: String, _ attributes: [String: String]) -> Void,
        record: @escaping (XMLNode) -> Void
    ) throws(ListLoadError) {
        try XMLScan.read(file, into: XMLRecords(records: records, root: root, record: record))
    }

    var wantsText: Bool { !stack.isEmpty }

    func start(_ name: String, _ tag: XMLScan.Tag) {
        depth += 1
        if depth == 1 { rootHandler(name, tag.attributes) }
        if !stack.isEmpty || records.contains(name) {
            if let parent = stack.last, !text.isEmpty { parent.text += text }
            stack.append(XMLNode(name: name, attributes: tag.attributes, line: tag.line))
        }
        text = ""
    }

    func text(_ string: String) {
        text += string
    }

    func end(_ name: String) {
        depth -= 1
        guard let node = stack.popLast() else { return }
        node.text = (node.text + text).trimmedText
        text = ""
        if let parent = stack.last {
            parent.children.append(node)
        } else {
            recordHandler(node)
        }
    }
}
