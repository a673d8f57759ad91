import Foundation

/// Timings and their statistics, as every bench reports them.
enum Measure {
    /// The process's peak resident memory (`VmHWM`), in MB; 0 where /proc is not there to read.
    static func peakMemoryMB() -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }

    /// Seconds elapsed since `start`.
    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    /// The median of `values` (in any order).
    static func median(_ values: [Double]) -> Double { percentile(values.sorted(), 0.5) }

    /// The `p` quantile (0 to 1) of `sorted`, by the nearest rank below; 0 for no values.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }
}
