extension AlertStatus {
    /// The status stored for alert `id`; one the schema does not know is an error naming the alert and
    /// the column (never skipped: an alert that silently disappears would change what a party's standing is).
    static func stored(_ raw: String, alert id: Int64) throws(StoreError) -> AlertStatus {
        guard let status = AlertStatus(rawValue: raw) else {
            throw StoreError(.database, "alert \(id): the stored status \"\(raw)\" (alerts.status) is not an alert status")
        }
        return status
    }
}
