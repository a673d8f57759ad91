import Store

extension WorkbenchReads {
    /// The store's read of a case's listed entity.
    var caseEntities: any CaseEntityQueries {
        get throws(StoreError) {
            guard let queries = store as? any CaseEntityQueries else { throw StoreError(.unavailable, "this store cannot answer the case page") }
            return queries
        }
    }
}
