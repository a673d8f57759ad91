#!/usr/bin/env python3
"""Write Sources/Screening/Names/CantoneseSurnames.swift: Hong Kong spellings of Chinese surnames.

A Chinese surname reaches the lists in Mandarin pinyin (WANG, HUANG, ZHANG) or, for people of Hong
Kong and Macau, in the Cantonese spelling of the same character (WONG, CHEUNG). Cantonese readings
follow from no rule of the Mandarin romanisations, so no sound key can join them; the character can.
For each surname character below (the most common surnames of China's 2019 household register, with
the surnames common in Hong Kong) this script takes:

- its usual Mandarin reading from pypinyin and its usual Cantonese reading in Jyutping from
  ToJyutping (the Jyutping of the Linguistic Society of Hong Kong); for the few characters read
  otherwise as a surname (曾 zeng, not ceng; 区 ou / au1, not qu / keoi1), the surname's readings
  as well (SURNAME_READINGS);
- the spellings Hong Kong's government romanisation gives that reading (the letter rules below:
  z and c as ch or ts, s as s or sh, j as y, oeng as eung, eoi as ui, and so on).

Neither dictionary nor the letter rules are shared with the evaluation (eval/romanisation.py writes
its surname pairs by hand from the Hong Kong spellings of the most common character).

    python3 -m venv /tmp/cantonese && /tmp/cantonese/bin/pip install ToJyutping==3.2.0 pypinyin==0.55.0
    /tmp/cantonese/bin/python scripts/cantonese_surnames.py > Sources/Screening/Names/CantoneseSurnames.swift
"""

import re
import sys

import ToJyutping
from pypinyin import Style, pinyin

# The 100 most common surnames of China's 2019 household register, in order, then the next hundred
# or so, then surnames common in Hong Kong and Macau that rank lower on the mainland.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任"
    "卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔"
    "向常汤康易乔赖文施洪辛柯庄樊葛齐牛殷颜倪温季俞章鲁伍申尤毕聂焦柳邢岳梅管祝左涂谷祁时舒耿牟卜詹关"
    "苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍翁隋甘景单包司柏宁柴冉岑麦区简巫邝冼招骆蓝卓翟车连米池阮"
    "邬尚晏解应房傅符"
)

# Characters whose reading as a surname is not their usual one: (pinyin, Jyutping).
SURNAME_READINGS = {
    "曾": ("zeng", "zang1"), "单": ("shan", "sin6"), "解": ("xie", "haai6"), "区": ("ou", "au1"),
    "查": ("zha", "caa4"), "盛": ("sheng", "sing6"), "覃": ("qin", "cam4"), "翟": ("zhai", "zaak6"),
    "柏": ("bai", "paak3"), "缪": ("miao", "miu6"), "肖": ("xiao", "siu1"),
}

# ToJyutping's reading of a simplified character that stands for two traditional ones, where the surname
# is the other: 宁 is the surname 寧 (ning4), not 貯 (cyu5).
JYUTPING_FIXES = {"宁": "ning4"}

INITIALS = ("gw", "kw", "ng", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "w", "z", "c", "s", "j")

# Jyutping initial -> its spellings in Hong Kong's government romanisation.
INITIAL_SPELLINGS = {
    "b": ["p"], "p": ["p"], "m": ["m"], "f": ["f"], "d": ["t"], "t": ["t"], "n": ["n"], "l": ["l"],
    "g": ["k"], "k": ["k"], "ng": ["ng"], "h": ["h"], "gw": ["kw"], "kw": ["kw"], "w": ["w"],
    "z": ["ch", "ts"], "c": ["ch", "ts"], "s": ["s", "sh"], "j": ["y"], "": [""],
}

# Jyutping final -> its spellings.
FINAL_SPELLINGS = {
    "aa": ["a"], "aai": ["ai"], "aau": ["au"], "aam": ["am"], "aan": ["an"], "aang": ["ang"],
    "aap": ["ap"], "aat": ["at"], "aak": ["ak"],
    "ai": ["ai"], "au": ["au", "ow"], "am": ["am", "um"], "an": ["an"], "ang": ["ang"], "ap": ["ap"],
    "at": ["at"], "ak": ["ak"],
    "e": ["e"], "ei": ["ei", "ee"], "eng": ["eng"], "ek": ["ek"],
    "i": ["i", "ee"], "iu": ["iu"], "im": ["im"], "in": ["in"], "ing": ["ing"], "ip": ["ip"], "it": ["it"],
    "ik": ["ik"],
    "o": ["o", "or", "aw"], "oi": ["oi", "oy"], "ou": ["o", "ou"], "on": ["on"], "ong": ["ong"], "ot": ["ot"],
    "ok": ["ok"],
    "u": ["u", "oo"], "ui": ["ui", "ooi"], "un": ["un", "oon"], "ung": ["ung"], "ut": ["ut"], "uk": ["uk"],
    "oe": ["oe"], "oeng": ["eung"], "oek": ["euk"],
    "eoi": ["ui", "eui"], "eon": ["un", "eun"], "eot": ["ut"],
    "yu": ["u", "ue"], "yun": ["uen", "un"], "yut": ["uet", "ut"],
    "m": ["m"], "ng": ["ng"],
}

# Stopwords of the engine are dropped before matching; a spelling equal to one would never be looked up.
STOPWORDS = {"the", "of", "and", "for", "de", "del", "der", "des", "du", "la", "le", "an", "al", "el", "et", "von", "van"}


def spellings(jyutping):
    """Hong Kong spellings of one Jyutping syllable (tone digit dropped)."""
    syllable = re.sub(r"\d$", "", jyutping)
    initial = next((i for i in INITIALS if syllable.startswith(i) and syllable[len(i):] in FINAL_SPELLINGS), "")
    final = syllable[len(initial):]
    if final not in FINAL_SPELLINGS:
        raise SystemExit(f"cantonese_surnames.py: no spelling for the Jyutping final of {jyutping!r}")
    result = []
    for head in INITIAL_SPELLINGS[initial]:
        for tail in FINAL_SPELLINGS[final]:
            if initial in ("s", "z", "c") and final == "i":
                tail = "ze" if head in ("s", "ts") else "i"  # 施 si1 -> SZE, 子 zi2 -> TSZE or CHI
            result.append(head + tail)
    return list(dict.fromkeys(result))


def main():
    readings = {}  # Cantonese spelling -> pinyin readings
    for character in dict.fromkeys(SURNAMES):
        jyutping = JYUTPING_FIXES.get(character) or ToJyutping.get_jyutping_list(character)[0][1]
        usual = (pinyin(character, style=Style.NORMAL)[0][0], jyutping)
        if usual[1] is None or not (usual[0].isascii() and usual[0].isalpha()):
            raise SystemExit(f"cantonese_surnames.py: no reading of {character}")
        for mandarin, cantonese in [usual] + ([SURNAME_READINGS[character]] if character in SURNAME_READINGS else []):
            for spelling in spellings(cantonese):
                if len(spelling) < 2 or spelling in STOPWORDS or spelling == mandarin:
                    continue
                readings.setdefault(spelling, set()).add(mandarin)
    out = sys.stdout
    out.write("// Generated by scripts/cantonese_surnames.py from pypinyin 0.55.0 and ToJyutping 3.2.0; do not edit.\n\n")
    out.write("/// Hong Kong (Cantonese) spellings of Chinese surnames and the pinyin of the same characters.\n")
    out.write("///\n")
    out.write("/// WONG is 王 (wang) or 黄 (huang), CHEUNG is 张 (zhang), NG is 吴 (wu): readings no letter rule\n")
    out.write("/// joins. Built from each surname character's Mandarin readings (pypinyin) and its Cantonese reading\n")
    out.write("/// (ToJyutping, Jyutping) spelt as Hong Kong's government romanisation spells it; see the script.\n")
    out.write("enum CantoneseSurnames {\n")
    out.write("    /// Cantonese spelling -> the pinyin of the characters it spells.\n")
    out.write("    static let pinyin: [String: [String]] = [\n")
    for spelling in sorted(readings):
        values = ", ".join(f'"{r}"' for r in sorted(readings[spelling]))
        out.write(f'        "{spelling}": [{values}],\n')
    out.write("    ]\n\n")
    out.write("    /// Pinyin -> the Cantonese spellings of the same characters.\n")
    out.write("    static let cantonese: [String: [String]] = {\n")
    out.write("        var table: [String: [String]] = [:]\n")
    out.write("        for (spelling, readings) in pinyin.sorted(by: { $0.key < $1.key }) {\n")
    out.write("            for reading in readings { table[reading, default: []].append(spelling) }\n")
    out.write("        }\n")
    out.write("        return table\n")
    out.write("    }()\n")
    out.write("}\n")


if __name__ == "__main__":
    main()
