/// Whether a word is written in Hanyu Pinyin: a run of the language's syllables (the standard
/// inventory of about 400, tone marks already folded away).
///
/// Another romanisation of a Chinese name (Wade-Giles "Hsiao", Palladius "Siao") rarely reads as
/// pinyin, while two pinyin words with the same loose sound key ("Zhang" / "Cheng", "Wen" / "Wan")
/// are two different syllables, so two names: a query written in pinyin meets a listed pinyin word
/// only when both read alike once `blurred` (`QueryPlan`).
enum PinyinSyllables {
    /// Whether `word` splits wholly into pinyin syllables. With `apostropheFree`, no syllable after the
    /// first may begin with a vowel: pinyin writes an apostrophe there (Xi'an), so a Chinese name spelt
    /// without one splits so, while many a Western word splits only with one (Ma-ri-a).
    static func isPinyin(_ word: [UInt8], apostropheFree: Bool = false) -> Bool {
        guard !word.isEmpty, word.count <= 24 else { return false }
        // reachable[i]: the first i letters split into syllables.
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: word.count + 1) { reachable in
            reachable.initialize(repeating: false)
            reachable[0] = true
            for end in 1...word.count {
                for length in 1...min(6, end) where reachable[end - length] {
                    let start = end - length
                    if apostropheFree, start > 0, word[start] == a || word[start] == e || word[start] == o { continue }
                    if syllables.contains(word[start..<end]) {
                        reachable[end] = true
                        break
                    }
                }
            }
            return reachable[word.count]
        }
    }

    /// `word` as Wade-Giles and Palladius blur pinyin: aspirated and plain initials alike (b / p, d / t,
    /// g / k, z / c, and zh, ch, j, q all "ch"), -ng as -n, -ong as -un, -ien as -ian, s before i and a vowel
    /// as x (Palladius Sian for Xian). Two pinyin words
    /// with the same blurred spelling may be one name written by another system in letters that happen
    /// to be pinyin too (Chang for Zhang, Minfu for Mingfu); two that differ are two names.
    /// With `qAsK`, q is read k, as Arabic and some Western spellings of Chinese names do (Quan / Kuan).
    static func blurred(_ word: [UInt8], qAsK: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(word.count)
        var index = 0
        while index < word.count {
            let byte = word[index], next = index + 1 < word.count ? word[index + 1] : 0
            let afterNext = index + 2 < word.count ? word[index + 2] : 0
            switch byte {
            case z, c, j, q:
                if (byte == z || byte == c) && next == h {
                    index += 1
                    out.append(hushing)
                } else {
                    out.append(byte == q && qAsK ? k : byte == j || byte == q ? hushing : hissing)
                }
            case s where next == i && (afterNext == a || afterNext == e || afterNext == o || afterNext == u):
                out.append(x)  // Palladius "sia", "sio", "siu" is pinyin xia, xio, xiu (pinyin would write si'a)
            case b: out.append(p)
            case d: out.append(t)
            case g: if index == 0 || word[index - 1] != n { out.append(k) }  // -ng is -n; the g of "mingguo" after it is an initial
            case o where next == n && afterNext == g: out.append(u)
            case e where out.last == i && next == n: out.append(a)
            default: out.append(byte)
            }
            index += 1
        }
        return out
    }

    private static let a = UInt8(ascii: "a"), b = UInt8(ascii: "b"), c = UInt8(ascii: "c"), d = UInt8(ascii: "d")
    private static let e = UInt8(ascii: "e"), g = UInt8(ascii: "g"), h = UInt8(ascii: "h"), i = UInt8(ascii: "i")
    private static let j = UInt8(ascii: "j"), k = UInt8(ascii: "k"), n = UInt8(ascii: "n"), o = UInt8(ascii: "o")
    private static let p = UInt8(ascii: "p"), q = UInt8(ascii: "q"), s = UInt8(ascii: "s"), t = UInt8(ascii: "t")
    private static let u = UInt8(ascii: "u"), x = UInt8(ascii: "x")
    private static let z = UInt8(ascii: "z")
    /// Stand-ins (not letters) for the sound classes: zh, ch, j, q; and z, c.
    private static let hushing = UInt8(ascii: "C"), hissing = UInt8(ascii: "Z")

    private static let syllables: Set<ArraySlice<UInt8>> = Set(inventory.split(separator: " ").map { ArraySlice(Array($0.utf8)) })

    /// The syllables of Hanyu Pinyin without tones (ü written v).
    private static let inventory = """
        a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao ce cen ceng \
        cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui chun chuo ci cong cou cu \
        cuan cui cun cuo da dai dan dang dao de dei den deng di dia dian diao die ding diu dong dou du duan dui dun duo e \
        ei en eng er fa fan fang fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan \
        guang gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo ji jia jian \
        jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken keng kong kou ku kua kuai kuan \
        kuang kui kun kuo la lai lan lang lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun \
        luo lv lve ma mai man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei \
        nen neng ni nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve o ou pa pai pan pang pao pei pen peng pi \
        pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu quan que qun ran rang rao re ren \
        reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen seng sha shai shan shang shao she shei shen \
        sheng shi shou shu shua shuai shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te \
        teng ti tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao \
        xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang \
        zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui \
        zhun zhuo zi zong zou zu zuan zui zun zuo
        """
}
