/// What the name rules make of a fixed set of probe names, as text: part of the index cache's key.
///
/// A snapshot stores names already analysed, with their words' transliteration, consonant-skeleton and
/// romanisation keys. `Lexicon.fingerprint` notices a changed word table; this notices a changed rule: a
/// build that reads any probe differently (another romanisation letter rule, another legal-form phrase,
/// another folding) gets a key of its own, so it never reads keys an earlier build wrote. The probes are
/// chosen to pass through every rule of `Names/`; a rule change that leaves them all as they were still
/// needs `IndexSnapshot.formatVersion` raised by hand.
enum NameRulesFingerprint {
    /// Names written as the lists and queries write them, each meant to exercise some rule.
    static let probes = [
        "NASRALLAH, Hasan", "Mohammed Ali Youssef", "Abd al-Rahman bin Husayn", "Qadhafi Gaddafi Kadafi",
        "Yevgeny Evgeniy Smirnoff Smirnov", "Kusnezow Kuznetsov Zhukov Joukov Dzhugashvili Shcherbakov Tchaikovsky",
        "Hsiao Ksiao Xiao", "Jui Zhui Rui", "Ch'ien Tsien Qian", "Kuan Quan Guan", "Hemu Homu Heng Hong",
        "Kungssu Gongsi Tzu Szu Ssu", "Mingguo Ming-kuo Dongguan Tungkuan", "Chow Zhou Chao Zhao", "Gui Kuei Guei",
        "Vang Wang Van", "Tseng Zeng Tszyun", "Lung-Pao Ho Pei Hebei", "Nguyen Ngo Dinh Diem", "Choo Xu Hsu",
        "Gazprom Bank", "GAZPROMBANK", "JSC ARGUMENT", "Kunlun Trading Co., Ltd.", "PANDA ELEC. GROUP CO., LTD.",
        "OOO Ltd Liability Co", "CLOSED PAO IND CO. GEN TRADE CONSTR.", "BK CO.", "Intl Mfg Hldgs",
        "M/V HORMUZ II", "MT OCEAN STAR 1", "EP-MMW", "UR-82072", "The Company", "Schmidt Schmitt", "O'Brien",
        "St. Petersburg Mt. Ararat", "AL-QAIDA Al Qa'ida", "Bros Ctr Univ", "Mbeki Nkosi", "Phuong Pham", "VAN, Chen", "DU, Wei Le Van Ba",
    ]

    static let text: String = {
        var text = Lexicon.fingerprint
        for probe in probes {
            text += "|\(probe)#"
            for token in NameAnalyzer.analyze(probe).tokens {
                text += "\(token.text)/\(token.role.rawValue)/\(token.canonical)"
                let bytes = Array(token.text.utf8)
                text += "/" + String(decoding: PhoneticKey.skeleton(bytes), as: UTF8.self)
                for key in RomanisationKey.keys(bytes) { text += "/" + String(decoding: key, as: UTF8.self) }
                text += ";"
            }
        }
        return text
    }()
}
