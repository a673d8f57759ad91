/// Spelling variants that romanisation produces for the same name.
///
/// Arabic, Persian and Russian names reach lists in many Latin spellings (Mohammed, Muhammad,
/// Mohamed; Yevgeny, Evgeniy). Each variant maps to one canonical key, and a few suffix rules
/// (-off → -ov, -iy → -y) cover the regular cases.
enum Transliteration {
    /// The canonical key for `word`: its variant group's name, else the word with regular suffixes folded.
    static func canonical(_ word: String) -> String {
        if let key = variants[word] { return key }
        return foldSuffix(word)
    }

    private static func foldSuffix(_ word: String) -> String {
        guard word.utf8.count >= 5 else { return word }
        for (suffix, replacement) in suffixRules where word.hasSuffix(suffix) {
            let stem = word.dropLast(suffix.count)
            let folded = String(stem) + replacement
            return variants[folded] ?? folded
        }
        return word
    }

    /// The variant and suffix tables as text, for `Lexicon.fingerprint`.
    static var tableDescription: String {
        variants.sorted { $0.key < $1.key }.map { "V\($0.key)=\($0.value);" }.joined()
            + suffixRules.map { "R\($0.0)=\($0.1);" }.joined()
    }

    /// Regular endings: Russian -off/-eff (French/German romanisation), -iy/-ii/-yi/-ij, -yev/-iev.
    private static let suffixRules: [(String, String)] = [
        ("off", "ov"), ("eff", "ev"), ("iev", "yev"), ("ieva", "yeva"), ("iy", "y"), ("ii", "y"), ("yi", "y"),
        ("ij", "y"), ("ei", "ey"), ("ai", "ay"), ("ow", "ov"), ("owa", "ova"), ("wicz", "vich"), ("witsch", "vich"),
    ]

    private static let variants: [String: String] = {
        let groups: [[String]] = [
            ["muhammad", "mohammed", "mohammad", "mohamed", "mohamad", "muhammed", "muhamad", "mohamud", "mohummad",
             "mukhammad", "mukhammed", "mokhammed", "mahomed", "mohd", "muhamed", "mouhamed", "mouhammad", "muhamet",
             "mohammod", "muhammet", "mhmd"],
            ["ahmad", "ahmed", "achmed", "akhmed", "ahmet", "akhmad", "ehmed"],
            ["mahmud", "mahmoud", "mahmood", "makhmud", "mehmood"],
            ["mustafa", "mostafa", "moustafa", "mustapha", "mostapha", "moustapha"],
            ["yusuf", "youssef", "yousef", "yousuf", "yusef", "yousif", "yussuf", "youcef", "jusuf", "yosef"],
            ["husayn", "hussein", "husain", "hussain", "hossein", "husein", "hosein", "houssein", "hussien", "husseyn"],
            ["hasan", "hassan", "hasen", "hassen", "hasam"],
            ["husayni", "husseini", "hosseini", "husaini", "hussaini"],
            ["umar", "omar", "omer", "oumar", "umer"],
            ["uthman", "othman", "osman", "usman", "othmane", "outhman"],
            ["abdullah", "abdallah", "abdulla", "abdalla", "abdellah"],
            ["abd", "abdul", "abdel", "abdoul", "abdal", "abdu", "abdil"],
            ["jafar", "jaafar", "jafaar", "dzhafar", "djafar", "jaffar"],
            ["qasim", "kassem", "qassem", "kasim", "qasem", "kasem", "qassim", "kassim", "ghasem"],
            ["khalid", "khaled", "halid", "chalid"],
            ["said", "saeed", "sayed", "sayyid", "syed", "sayid", "saiid", "seyed", "seyyed", "sayyed"],
            ["rahman", "rehman", "rahmon", "rakhman"],
            ["ibrahim", "ebrahim", "ibragim", "ibrahem", "ibraheem", "ebraheem"],
            ["yaqub", "yakub", "yacoub", "yaqoob", "yakoub", "yaakub", "yagub"],
            ["hamid", "hamed", "hameed"],
            ["rashid", "rashed", "rasheed", "rachid", "rashit"],
            ["salih", "saleh", "salekh"],
            ["abu", "abou", "abo"],
            ["usama", "osama", "ousama", "oussama"],
            ["nasrallah", "nasrullah", "nasrollah", "nasralla"],
            ["abbas", "abas"],
            ["habib", "habeeb"],
            ["majid", "majed", "maged", "magid"],
            ["aziz", "azeez"],
            ["karim", "kareem", "karimi"],
            ["jamal", "gamal", "djamal", "dzhamal"],
            ["mahdi", "mehdi", "mehdy"],
            ["reza", "riza", "raza", "rida", "ridha"],
            ["ali", "aly"],
            ["faisal", "faysal", "feisal", "faycal"],
            ["hezbollah", "hizballah", "hizbullah", "hizbollah"],
            ["qaida", "qaeda", "kaida", "qaidah"],
            ["yevgeny", "evgeny", "evgeniy", "yevgeniy", "evgenii", "yevgenii", "jevgenij", "eugeny", "evgeni", "yevgeni"],
            ["aleksandr", "alexander", "aleksander", "alexandr", "oleksandr", "alexandre", "aliaksandr", "alyaksandr"],
            ["aleksey", "alexey", "alexei", "aleksei", "oleksiy", "oleksii", "aleksej", "alexej"],
            ["sergey", "sergei", "serguei", "sergiy", "serhiy", "serhii", "sergej"],
            ["yury", "yuri", "yuriy", "iouri", "jurij", "yurii", "iurii", "youri"],
            ["dmitry", "dmitri", "dmitriy", "dmitrii", "dmytro", "dimitri"],
            ["andrey", "andrei", "andrii", "andriy", "andrej"],
            ["nikolay", "nikolai", "mykola", "nicolai", "nikolaj"],
            ["mikhail", "michail", "mikhael", "mykhailo", "michael"],
            ["vladimir", "wladimir", "volodymyr", "uladzimir"],
            ["viktor", "victor"],
            ["yekaterina", "ekaterina", "katerina", "yekaterina"],
            ["yelena", "elena", "jelena", "olena"],
            ["tatyana", "tatiana", "tetiana", "tatjana"],
            ["natalya", "natalia", "nataliya", "natalja"],
            ["yulia", "yuliya", "julia", "iuliia", "yuliia"],
            ["maksim", "maxim", "maksym"],
            ["pyotr", "petr", "piotr", "petro", "peter"],
            ["fyodor", "fedor", "fiodor", "theodor"],
            ["igor", "ihor"],
            ["oleg", "oleh"],
            ["grigory", "grigoriy", "grigori", "hryhoriy"],
            ["anatoly", "anatoliy", "anatolii", "anatoli"],
            ["vasily", "vasiliy", "vasilii", "vassily", "vasyl"],
            ["gennady", "gennadiy", "gennadii", "hennadiy"],
            ["arkady", "arkadiy", "arkadii"],
            ["valery", "valeriy", "valerii", "valeri"],
            ["joseph", "josef", "jose", "giuseppe"],
            ["ivan", "iwan"],
        ]
        var table: [String: String] = [:]
        for group in groups {
            for spelling in group { table[spelling] = group[0] }
        }
        return table
    }()
}
