import ArgumentParser
import Foundation
import Operations
import Store

/// `clearance monitor sweep`: locates devices with records newer than their latest verdict, then opens an overdue
/// alert (and revokes) for each device silent past its check-in interval plus the grace.
struct MonitorSweep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Store the verdicts still awaited and act on overdue devices (what `clearance serve` does on its timer).",
        discussion: """
            Prints how many verdicts were stored, then one line per device found overdue (each opens a monitor.overdue \
            alert and revokes the device's authorisations, audited; a device with its overdue alert open is not acted on again).

            Example:
              clearance monitor sweep --monitor-overdue-grace 900
            """)

    @OptionGroup var database: DatabaseOption
    @OptionGroup var monitor: MonitorOptions

    func run() async throws {
        try await MonitorCLI.run(database) { service in
            let verdicts = try MonitorVerdicts(monitor: service, settings: try await monitor.settings(registry: service))
            print("verdicts stored: \(try await verdicts.catchUp(actor: DatabaseOption.actor))")
            for device in try await verdicts.sweepOverdue(actor: DatabaseOption.actor) { print("overdue: \(device)") }
        }
    }
}

/// `clearance monitor status`: the fleet view.
struct MonitorStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Print the fleet: per device its latest verdict, region, countries and last check-in; then the counts.",
        discussion: """
            --format json prints one JSON object: devices (a page in id order), next (the cursor of the next page, absent \
            on the last) and counts (devices, by_verdict, by_country). --format text prints one line per device and the counts.

            Examples:
              clearance monitor status --status violation
              clearance monitor status --format json --limit 100 --after gpu-0042
            """)

    @Option(help: "Only devices whose latest verdict is this: \(MonitorService.fleetStatuses.joined(separator: ", ")).")
    var status: String?
    @Option(help: "The last device id of the page before.") var after: String = ""
    @Option(help: "At most this many devices (1 to 1000).") var limit: Int = 100
    @Option(help: "text or json.") var format: String = "text"
    @OptionGroup var database: DatabaseOption

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json, got '\(format)'") }
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be 1 to 1000, got \(limit)") }
    }

    func run() async throws {
        try await MonitorCLI.run(database) { service in
            let page = try await service.fleet(status: status, after: after, limit: limit)
            let counts = try await service.fleetCounts()
            if format == "json" {
                print(try MonitorJSON.encode(FleetPage(page: page, counts: counts)))
                return
            }
            for entry in page.entries {
                guard let latest = entry.latest else {
                    print("\(entry.device.id)  unlocated  licensed \(entry.device.country)")
                    continue
                }
                print(
                    "\(entry.device.id)  \(latest.likely)  licensed \(entry.device.country)  countries \(latest.possibleCountries.joined(separator: ","))  "
                        + "last check-in \(latest.lastCheckIn)")
            }
            if let next = page.next { print("next page: --after \(next)") }
            print("devices: \(counts.devices)")
            print("by verdict: " + counts.byVerdict.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            print("by country: " + counts.byCountry.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
    }
}

/// `clearance monitor report`: one notification report per device found in violation.
struct MonitorReport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a notification report per violation: device, licence, licensed location, region and countries, first detection, signed evidence.",
        discussion: """
            --format json prints one JSON object per line (one per device); --format text a readable block per device.

            Examples:
              clearance monitor report
              clearance monitor report --device gpu-0042 --format text
            """)

    @Option(help: "Only this device.") var device: String?
    @Option(help: "json or text.") var format: String = "json"
    @OptionGroup var database: DatabaseOption

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be json or text, got '\(format)'") }
    }

    func run() async throws {
        try await MonitorCLI.run(database) { service in
            let reports = try await service.violationReports(device: device)
            for report in reports { print(format == "json" ? try MonitorJSON.encode(report) : report.text + "\n") }
            if reports.isEmpty && format == "text" { print("no violations") }
        }
    }
}

/// The fleet page as `clearance monitor status --format json` prints it.
struct FleetPage: Encodable {
    let devices: [Device]
    let next: String?
    let counts: Counts

    struct Device: Encodable {
        let device: DeviceRecord
        let latest: VerdictRow?
    }

    /// Counts as sorted lists (dictionary keys would be rewritten by the snake_case key strategy).
    struct Counts: Encodable {
        let devices: Int
        let byVerdict: [VerdictCount]
        let byCountry: [CountryCount]
    }

    struct VerdictCount: Encodable {
        let verdict: String
        let devices: Int
    }

    struct CountryCount: Encodable {
        let country: String
        let devices: Int
    }

    init(page: (entries: [FleetEntry], next: String?), counts: FleetCounts) {
        devices = page.entries.map { Device(device: $0.device, latest: $0.latest) }
        next = page.next
        self.counts = Counts(
            devices: counts.devices, byVerdict: counts.byVerdict.sorted { $0.key < $1.key }.map { VerdictCount(verdict: $0.key, devices: $0.value) },
            byCountry: counts.byCountry.sorted { $0.key < $1.key }.map { CountryCount(country: $0.key, devices: $0.value) })
    }
}
