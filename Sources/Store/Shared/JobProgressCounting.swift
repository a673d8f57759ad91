extension JobProgress {
    /// Adds one row of `Statements.progress`: the chunks in `status`, and for the done ones what they screened.
    mutating func count(status: String, chunks: Int64, parties: Int64, alerts: Int64) {
        switch status {
        case "pending": pending = Int(chunks)
        case "running": running = Int(chunks)
        default:
            done = Int(chunks)
            self.parties = Int(parties)
            self.alerts = Int(alerts)
        }
    }
}
