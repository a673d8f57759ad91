import Testing
@testable import Screening

extension ListParsing {
    @Suite struct OFACRemarksTests {
        @Test func itemsSplitOnSemicolonSpaceButNotInsideAQuotedAlias() {
            let items = OFACRemarks.items(of: "DOB 1960; a.k.a. 'ALPHA; BETA'; nationality Iran.")
            #expect(items == ["DOB 1960", "a.k.a. 'ALPHA; BETA'", "nationality Iran."])
        }

        @Test(arguments: [
            ("10 Dec 1948", DateOfBirth(year: 1948, month: 12, day: 10)),
            ("Dec 1948", DateOfBirth(year: 1948, month: 12)),
            ("1938", DateOfBirth(year: 1938)),
            ("circa 1960", DateOfBirth(year: 1960, approximate: true)),
            ("1960 to 1962", DateOfBirth(year: 1960, toYear: 1962)),
            ("01 Jan 1970 to 31 Dec 1972", DateOfBirth(year: 1970, toYear: 1972)),
            ("01 Mar 1960 to 31 Mar 1960", DateOfBirth(year: 1960, month: 3)),
            ("circa 1960-1962", DateOfBirth(year: 1960, toYear: 1962, approximate: true)),
            ("circa 10 Jul 1960", DateOfBirth(year: 1960, month: 7, day: 10, approximate: true)),
        ])
        func datesOfBirthInEveryPublishedForm(spec: String, expected: DateOfBirth) {
            #expect(OFACRemarks.dateOfBirth(spec) == expected)
        }

        @Test(arguments: ["31 Feb 1960", "30 Feb 1960", "29 Feb 1961", "31 Apr 1970", "00 Jan 1970", "32 Jan 1970", "01 Jan 1970 to 31 Jun 1972"])
        func impossibleDaysAreNotDates(spec: String) {
            #expect(OFACRemarks.dateOfBirth(spec) == nil)
        }

        @Test("an ISO date of birth is a year, a month or a day written with exactly four and two digits, and a real day")
        func isoDateOfBirthIsReadStrictly() {
            #expect(DateOfBirth(iso: "1962") == DateOfBirth(year: 1962))
            #expect(DateOfBirth(iso: "1962-07") == DateOfBirth(year: 1962, month: 7))
            #expect(DateOfBirth(iso: "1960-02-29") == DateOfBirth(year: 1960, month: 2, day: 29))
            for text in ["1961-02-29", "1962-00", "1962-13", "1962-07-00", "1962-07-32", "1962-+1", "1962-1", "962", "19620",
                         "1962-", "1962-07-", "-1962", "1962-07-01-01", "1800", "1962 07", "１９６２", ""] {
                #expect(DateOfBirth(iso: text) == nil, "\(text)")
            }
        }

        @Test func leapDayIsADateInALeapYear() {
            #expect(OFACRemarks.dateOfBirth("29 Feb 1960") == DateOfBirth(year: 1960, month: 2, day: 29))
            #expect(OFACRemarks.dateOfBirth("29 Feb 2000") == DateOfBirth(year: 2000, month: 2, day: 29))
        }

        @Test func impossibleDateOfBirthIsReportedAsUnreadable() {
            let remarks = OFACRemarks.parse("DOB 31 Feb 1960; alt. DOB 1961; Gender Male.")
            #expect(remarks.datesOfBirth == [DateOfBirth(year: 1961)])
            #expect(remarks.unreadable == ["DOB 31 Feb 1960"])
        }

        @Test func altDOBItemsAddFurtherDates() {
            let remarks = OFACRemarks.parse("DOB 31 Aug 1960; alt. DOB 31 Aug 1953; POB Al Basuriyah, Lebanon.")
            #expect(remarks.datesOfBirth.map(\.year) == [1960, 1953])
        }

        @Test func unreadableDateOfBirthIsReportedNotGuessed() {
            let remarks = OFACRemarks.parse("DOB sometime in the sixties; Gender Male.")
            #expect(remarks.datesOfBirth.isEmpty)
            #expect(remarks.unreadable == ["DOB sometime in the sixties"])
        }

        @Test func nationalityAndCitizenBecomeISOCodes() {
            let remarks = OFACRemarks.parse("nationality Korea, North; alt. nationality Iran; citizen Burma; citizen Atlantis.")
            #expect(remarks.nationalities == ["KP", "IR", "MM", "Atlantis"])
        }

        @Test func weakAliasesAreQuotedNamesWithTheirKind() {
            let remarks = OFACRemarks.parse("a.k.a. 'BNC'; f.k.a. 'OLD NAME'; n.k.a. 'NEW NAME'.")
            #expect(remarks.aliases == [
                Alias(name: "BNC", strength: .weak, kind: "aka"),
                Alias(name: "OLD NAME", strength: .weak, kind: "fka"),
                Alias(name: "NEW NAME", strength: .weak, kind: "nka"),
            ])
        }

        @Test func quotedAliasMayItselfContainApostrophes() {
            let remarks = OFACRemarks.parse("a.k.a. 'ABU-'UMAR'; a.k.a. 'AL-DARDA', Abu'; a.k.a. ''FOOPIE''; a.k.a. 'MERA'I'.")
            #expect(remarks.aliases.map(\.name) == ["ABU-'UMAR", "AL-DARDA', Abu", "'FOOPIE'", "MERA'I"])
        }

        @Test func aliasesRunTogetherWithoutSemicolonAreSeparated() {
            let remarks = OFACRemarks.parse("a.k.a. 'ONE' a.k.a. 'TWO'.")
            #expect(remarks.aliases.map(\.name) == ["ONE", "TWO"])
        }

        @Test func identifiersTakeValueFirstAndCountryFromTrailingParentheses() {
            let remarks = OFACRemarks.parse(
                "Passport 1084010 (Egypt) issued 2001; alt. Passport RL 1794375 (Lebanon); National ID No. 216040 (Yemen); "
                    + "Cedula No. 6068015 (Colombia); NIT # 800018928-0 (Colombia); SSN 523-33-8386 (United States); "
                    + "Tax ID No. 100036386 (Serbia); Registration Number HRA 738077 (Stuttgart) (Germany); SWIFT/BIC HAVIGB2L; "
                    + "Vessel Registration Identification IMO 7406784; Aircraft Manufacturer's Serial Number (MSN) 1023409321; "
                    + "Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h; Gender Male."
            )
            #expect(remarks.identifiers == [
                Identifier(kind: "Passport", value: "1084010", country: "EG"),
                Identifier(kind: "Passport", value: "RL 1794375", country: "LB"),
                Identifier(kind: "National ID No.", value: "216040", country: "YE"),
                Identifier(kind: "Cedula No.", value: "6068015", country: "CO"),
                Identifier(kind: "NIT #", value: "800018928-0", country: "CO"),
                Identifier(kind: "SSN", value: "523-33-8386", country: "US"),
                Identifier(kind: "Tax ID No.", value: "100036386", country: "RS"),
                Identifier(kind: "Registration Number", value: "HRA 738077 (Stuttgart)", country: "DE"),
                Identifier(kind: "SWIFT/BIC", value: "HAVIGB2L"),
                Identifier(kind: "IMO", value: "7406784"),
                Identifier(kind: "MSN", value: "1023409321"),
                Identifier(kind: "Digital Currency Address - XBT", value: "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"),
            ])
        }

        @Test func itemsWithoutAModelFieldAreIgnored() {
            let remarks = OFACRemarks.parse("POB Gaza, Egypt; Gender Male; Linked To: HIZBALLAH; Organization Established Date 1969.")
            #expect(remarks == OFACRemarks())
        }
    }
}
