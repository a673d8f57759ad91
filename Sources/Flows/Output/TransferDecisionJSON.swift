import Foundation

extension TransferDecision: Encodable {
    enum CodingKeys: String, CodingKey {
        case outcome, rules, steps, agreements, conflicts, date, category, from, to, reasons, notes, upcoming, mechanisms, facts
        case dataVersion = "data_version"
        case dataCompiled = "data_compiled"
        case dataAgeDays = "data_age_days"
        case staleTables = "stale_tables"
        case dateGiven = "date_given"
        case fromJurisdiction = "from_jurisdiction"
        case toJurisdiction = "to_jurisdiction"
        case certifications = "recipient_certified"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(outcome.rawValue, forKey: .outcome)
        try container.encode(category, forKey: .category)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(fromJurisdiction, forKey: .fromJurisdiction)
        try container.encode(toJurisdiction, forKey: .toJurisdiction)
        try container.encode(date.description, forKey: .date)
        try container.encode(dateGiven, forKey: .dateGiven)
        try container.encode(mechanisms, forKey: .mechanisms)
        try container.encode(certifications, forKey: .certifications)
        try container.encode(facts, forKey: .facts)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(rules, forKey: .rules)
        try container.encode(steps, forKey: .steps)
        try container.encode(agreements, forKey: .agreements)
        try container.encode(conflicts, forKey: .conflicts)
        try container.encode(upcoming, forKey: .upcoming)
        try container.encode(notes, forKey: .notes)
        try container.encode(dataVersion, forKey: .dataVersion)
        try container.encode(dataCompiled.description, forKey: .dataCompiled)
        try container.encode(dataAgeDays, forKey: .dataAgeDays)
        try container.encode(staleTables, forKey: .staleTables)
    }

    /// The decision as JSON (the CLI's `--format json`), keys sorted.
    public func jsonData(pretty: Bool = false) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and booleans cannot fail.
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}

extension AppliedRule: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, jurisdiction, iso2, requirement, effective, confidence, source, original, outcome, reason
        case ruleType = "rule_type"
        case legalBasis = "legal_basis"
        case effectiveText = "effective_text"
        case pendingFact = "pending_fact"
        case asPersonal = "as_personal"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(jurisdiction, forKey: .jurisdiction)
        try container.encode(iso2, forKey: .iso2)
        try container.encode(ruleType, forKey: .ruleType)
        try container.encode(requirement, forKey: .requirement)
        try container.encode(legalBasis, forKey: .legalBasis)
        try container.encode(effective?.description, forKey: .effective)
        try container.encode(effectiveText, forKey: .effectiveText)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(source, forKey: .source)
        try container.encode(original, forKey: .original)
        try container.encode(outcome.rawValue, forKey: .outcome)
        try container.encode(reason, forKey: .reason)
        try container.encode(pendingFact, forKey: .pendingFact)
        try container.encode(asPersonal, forKey: .asPersonal)
    }
}

extension RequiredStep: Encodable {
    enum CodingKeys: String, CodingKey {
        case step
        case ruleID = "rule_id"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .step)
        try container.encode(ruleID, forKey: .ruleID)
    }
}

extension AgreementInForce: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, name, localization, exceptions, confidence
        case inForceFor = "in_force_for"
        case dataFlows = "data_flows"
        case sourceCode = "source_code"
        case financialServicesData = "financial_services_data"
        case personalInformation = "personal_information"
        case disputeSettlement = "dispute_settlement"
        case customsDuties = "customs_duties"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(name, forKey: .name)
        var dates: [String: String] = [:]
        for party in inForceFor { dates[party.party] = party.date.description }
        try container.encode(dates, forKey: .inForceFor)
        try container.encode(articles[.dataFlows] ?? "", forKey: .dataFlows)
        try container.encode(articles[.localization] ?? "", forKey: .localization)
        try container.encode(articles[.sourceCode] ?? "", forKey: .sourceCode)
        try container.encode(articles[.financialServicesData] ?? "", forKey: .financialServicesData)
        try container.encode(articles[.personalInformation] ?? "", forKey: .personalInformation)
        try container.encode(articles[.exceptions] ?? "", forKey: .exceptions)
        try container.encode(articles[.disputeSettlement] ?? "", forKey: .disputeSettlement)
        try container.encode(articles[.customsDuties] ?? "", forKey: .customsDuties)
        try container.encode(confidence, forKey: .confidence)
    }
}

extension Conflict: Encodable {
    enum CodingKeys: String, CodingKey {
        case jurisdiction, agreement, discipline, article, assessment, reasons
        case ruleID = "rule_id"
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ruleID, forKey: .ruleID)
        try container.encode(jurisdiction, forKey: .jurisdiction)
        try container.encode(agreementID, forKey: .agreement)
        try container.encode(discipline.rawValue, forKey: .discipline)
        try container.encode(article, forKey: .article)
        try container.encode(assessment.rawValue, forKey: .assessment)
        try container.encode(reasons, forKey: .reasons)
    }
}

extension UpcomingRule: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, jurisdiction, from
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(jurisdiction, forKey: .jurisdiction)
        try container.encode(from.description, forKey: .from)
    }
}
