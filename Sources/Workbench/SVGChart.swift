import Foundation

/// Charts drawn on the server as SVG (no script, no external file; colours as presentation attributes, which the
/// page's content security policy allows). Each chart has a title and a description for assistive technology,
/// and the page shows the same figures in a table beside it.
enum SVGChart {
    /// One part of a bar.
    struct Segment {
        var label: String
        var value: Double
    }

    /// Colours with at least 3:1 contrast against white, told apart by their labels too.
    static let palette = ["#0b5cad", "#a4161a", "#1a6b2f", "#7a4a00", "#5b2a86", "#00606b", "#8a1c5c", "#3d4a57"]

    /// One horizontal bar of `segments` side by side, each as wide as its share of the sum, with a legend.
    static func stacked(_ segments: [Segment], title: String, description: String, id: String) -> String {
        let width = 640.0
        let total = segments.map(\.value).reduce(0, +)
        var x = 0.0
        var bars = ""
        var legend = ""
        for (index, segment) in segments.enumerated() {
            let colour = palette[index % palette.count]
            let share = total > 0 ? segment.value / total * width : 0
            bars += ##"<rect x="\##(format(x))" y="0" width="\##(format(share))" height="36" fill="\##(colour)"><title>\##(escape(segment.label))</title></rect>"##
            x += share
            let row = Double(index) * 22 + 50
            legend += ##"<rect x="0" y="\##(format(row))" width="14" height="14" fill="\##(colour)"></rect>"##
            legend += ##"<text x="22" y="\##(format(row + 12))" font-size="13" fill="#1b1f24">\##(escape(segment.label))</text>"##
        }
        let height = Double(segments.count) * 22 + 56
        return svg(width: width, height: height, title: title, description: description, id: id, body: bars + legend)
    }

    /// Horizontal bars, one per label, each with one or two values (the second drawn below the first, lighter).
    static func bars(_ rows: [(label: String, first: Double, second: Double?)], legend: (String, String?), title: String, description: String, id: String) -> String {
        let labelWidth = 230.0
        let barWidth = 400.0
        let largest = rows.flatMap { [$0.first, $0.second ?? 0] }.max() ?? 0
        let rowHeight = rows.contains { $0.second != nil } ? 34.0 : 22.0
        var body = ##"<rect x="0" y="2" width="12" height="12" fill="\##(palette[0])"></rect><text x="18" y="13" font-size="13" fill="#1b1f24">\##(escape(legend.0))</text>"##
        if let second = legend.1 {
            body += ##"<rect x="260" y="2" width="12" height="12" fill="\##(palette[2])"></rect><text x="278" y="13" font-size="13" fill="#1b1f24">\##(escape(second))</text>"##
        }
        for (index, row) in rows.enumerated() {
            let y = 24 + Double(index) * rowHeight
            body += ##"<text x="0" y="\##(format(y + 12))" font-size="13" fill="#1b1f24">\##(escape(String(row.label.prefix(32))))</text>"##
            let first = largest > 0 ? row.first / largest * barWidth : 0
            body += ##"<rect x="\##(format(labelWidth))" y="\##(format(y + 2))" width="\##(format(first))" height="12" fill="\##(palette[0])"></rect>"##
            if let value = row.second {
                let second = largest > 0 ? value / largest * barWidth : 0
                body += ##"<rect x="\##(format(labelWidth))" y="\##(format(y + 16))" width="\##(format(second))" height="12" fill="\##(palette[2])"></rect>"##
            }
        }
        return svg(width: labelWidth + barWidth + 10, height: 30 + Double(rows.count) * rowHeight, title: title, description: description, id: id, body: body)
    }

    private static func svg(width: Double, height: Double, title: String, description: String, id: String, body: String) -> String {
        ##"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(format(width)) \##(format(height))" width="100%" role="img" aria-labelledby="\##(id)-title \##(id)-desc"><title id="\##(id)-title">\##(escape(title))</title><desc id="\##(id)-desc">\##(escape(description))</desc>\##(body)</svg>"##
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    /// `text` safe inside SVG text and attributes.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }
}
