"""Does the question ask for a value, and do the pages state one?

Technicians ask for numbers: a torque, a fuse rating, a temperature range, a gap. The unanswerable
questions that hurt are near misses: the manual covers the board and its fuses, but not the
fuse's rating. Similarity and word overlap say "this page is about fuses" either way, and a small
model then invents a rating. A page can only answer "what current?" if it states a current: a
number with an ampere unit. So when a question asks for a quantity and no retrieved page holds a
value of it, the app says the documents do not contain the answer.

A helper of the refusal gate (`laoshifu.answer.gate`), which refuses such questions before the
model is called, and of span choice, which prefers the sentence that states the value.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from index.tokenize import normalise


@dataclass(frozen=True)
class Quantity:
    name: str
    asked: re.Pattern[str]  # the question names the quantity
    value: re.Pattern[str]  # a page states a value of it
    unit: re.Pattern[str] | None = None  # one of its units, written with no number before it
    # A part asked for by its rating ("the fuse" for its current): the subject too. The heater
    # port's stated current is no fuse's rating.
    part: re.Pattern[str] | None = None

    def names_part(self, word: str) -> bool:
        return self.part is not None and self.part.search(word) is not None


def _quantity(name: str, words: str, units: str, part: str | None = None,
              unit_asks: bool = True, also: str | None = None) -> Quantity:
    """`units`: what follows the number in a stated value ("24 Nm", "5A", "0.05 mm"). A unit
    after a space is a word of its own: the "MS" of "MS3/2 MS2/1" (a driver's mode pins) is
    no millisecond. Run together, a value may go straight on: "45V2.5A". `unit_asks`: a unit
    written alone ("how many mm") asks for the quantity. `also`: another way a page states a
    value of it."""
    either = f"|{also}" if also else ""
    return Quantity(name, re.compile(words),
                    re.compile(rf"\d(?:[\d.,]*\d)?(?:(?:{units})(?![a-z])|\s(?:{units})(?![a-z0-9]))"
                               + either),
                    re.compile(rf"(?<![\w.])(?<![\d.]\s)(?:{units})(?![a-z0-9])")
                    if unit_asks else None,
                    re.compile(part) if part else None)


# What "current" says is now, not amps, when it comes before one of these ("the current
# firmware version", "the current status", a machine's "current feed in units per minute", a
# debugger's "current function").
_NOW_NOUNS = (r"(?:version|release|firmware|status|state|position|mode|location|directory|"
              r"folder|config(?:uration)?|branch|build|revision|document|page|date|time|"
              r"feed(?:rate)?|speed|velocity|tool|line|program|job|layer|coordinate|offset|"
              r"function|routine|subroutine|file|project|process|session|user|window|screen|"
              r"menu|task|command|instruction|step|cycle|loop|selection)s?\b")

# The same with a name between: "the current Marlin release", "the current klipper version".
_NAMED_NOW = r"[a-z][\w.-]*\s+(?:version|release|firmware|build|branch|revision)s?\b"

# "How long can the RS-485 cable be?" asks how far it may reach: "how long" with "be" closing
# the clause. "How long can the UPS be on battery?" goes on after "be", and stays a time. So
# does "how long is the adaptor board?" (or "how long is it? need to fit it in the bay"): a
# thing's length, unless a word of time or of a state that lasts follows in its clause ("how
# long is the delay", "how long is it valid", "how long is the UPS on battery").
_LASTS = (r"(?:delays?|timeouts?|times?|wait|warranty|intervals?|periods?|pauses?|life|lifetime|"
          r"runtime|cycles?|pulses?|duration|warm-?up|heat-?up|cool-?down|boot|start-?up|"
          r"shutdown|countdown|sleep|valid|good|on|off|down|up|open|left|running|charging|"
          r"powered|kept|stored|takes?|lasts?)")
_HOW_LONG_A_THING = (r" (?:(?:can|could|may|might|should|must) (?:[\w-]+ ){1,10}be"
                     r"(?=\s*(?:[?？.,;!]|$))|"
                     rf"(?:is|are) (?!(?:[\w-]+ ){{0,6}}?{_LASTS}\b)"
                     r"(?:the|a|an|this|that|its|my|your|it|they|these|those)\b)")

# "热敏电阻是多大螺纹的六角螺柱" (how big a thread is the thermistor's stud): "多大" before a
# noun of its own asks that noun's size, not the resistance before it. "多大的", "多少欧" still
# ask it.
_OWN_NOUN = r"(?!(?![的呢啊吗欧])[\u4e00-\u9fff])"

# A period: how often, as the time between ("every 5 seconds", "每 2 秒", "10 秒一次"). "每秒"
# alone is a rate of something else ("每秒 10000 步", steps per second), not a period.
_PERIOD = (r"\b(?:every|each|once (?:a|per|every))\s+(?:\d[\d.]*\s*)?"
           r"(?:milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|days?)\b|"
           r"\b\d+\s*times (?:a|per|each) (?:second|minute|hour|day)\b|"
           r"每\s*\d[\d.]*\s*(?:毫秒|秒|分钟|小时|天)|\d[\d.]*\s*(?:毫秒|秒|分钟|小时)\s*一次")

# Inches marked as a parts list prints them: "7/16”", "0.408” OD", "9”x9”x0.04”" (a double
# prime reads as two primes once normalised), not a number in quotes ("设置为“10”"). Stated
# only: a question's closing quote asks for no length.
_INCHES = r"(?<![“\d.,])\d(?:[\d.,]*\d)?\s?(?:”|′′)"
# Feet as the same lists print them: "20AWG wire (black) 9’", "6′ cable"; not a number in single
# quotes ("设置为‘10’"), a decade ("1990’s") or the first prime of inches.
_FEET = r"(?<![‘\d.,])\d(?:[\d.,]*\d)?\s?(?:’|′)(?![\w’′])"

# What a quantity's name is part of when it names a thing, not its value: "the temperature
# sensor interfaces", "几个温度传感器接口" ask which or how many inputs the board has, "the
# current sense resistor" a resistance, "which voltage regulator" a part; a value asked of the
# thing names its quantity again ("温度传感器最高能测多少度", "the regulator's output voltage").
_PART_NAMED = (r"\s+(?:sens(?:e|es|or|ors|ing)|probes?|regulators?|dividers?|converters?|"
               r"detect(?:ion|ors?)|monitor(?:s|ing)?|resistors?|transformers?|relays?)\b")
_SENSING = rf"{_PART_NAMED}|\s+(?:inputs?|interfaces?|ports?|connectors?|channels?|headers?)\b"
_PART_NAMED_ZH = r"传感器|探头|检测|采样|互感器|调节器|比较器"
_SENSING_ZH = rf"{_PART_NAMED_ZH}|接口|输入|采集"
# Inputs counted: "how many voltage inputs" asks how many, not how many volts. Plural only, for
# a current or a voltage: one input's ("the voltage input range") is still a voltage asked.
_COUNTED = rf"{_PART_NAMED}|\s+(?:inputs|outputs|interfaces|ports|connectors|channels|headers)\b"

QUANTITIES = (
    _quantity("torque", r"torque|tightening|how tight|扭矩|力矩|拧紧力",
              r"n\s?[·.*-]?\s?m|kgf?\s?[·.*-]?\s?cm|in\s?[-.]?\s?lbs?|ft\s?[-.]?\s?lbs?|lbf|"
              r"lbs?\s?[-.]?\s?(?:ft|in)|(?:foot|inch)[- ]pounds?|"
              r"牛\s?[·.]?\s?米"),
    # A fuse's rating; "几安" asks for amps, "安装" (install) does not, nor "RAMPS" or "clamps",
    # nor "currently" or the "current" of "the current version" (now, not amps).
    _quantity("current", rf"current(?!ly|\s+{_NOW_NOUNS}|\s+{_NAMED_NOW}|{_COUNTED})|\bamps?\b|"
              rf"amperage|\bfuses?\b|电流(?!{_PART_NAMED_ZH})|"
              r"保险丝|(?:多少|几)(?:毫|微)?安(?![装全])",
              r"m?a|amps?|(?:milli)?amp(?:ere)?s?|(?:毫|微)?安(?:培)?", part=r"\bfuses?\b|保险丝"),
    _quantity("voltage", rf"voltage(?!{_COUNTED})|volts?\b|电压(?!{_PART_NAMED_ZH})|"
              r"(?:多少|几)(?:毫|千)?伏",
              r"[mk]?v(?:dc|ac)?|volts?|伏"),
    # An angle, asked by name: "角度比气门面大多少度" asks degrees of arc, not of heat ("0.5º and
    # 1º"); or as a turn: "每一步转多少度", "步距角". Before the temperature, whose "多少度" it
    # shares. No unit asks for it alone: "how many degrees" is as often the hot end's.
    _quantity("angle", r"\bangles?\b|角度|夹角|干涉角|倾角|锥角|步距角|"
              r"转(?:动|过)?了?(?:多少|几)度",
              r"°(?!\s?[cf])|deg(?:rees?)?(?!\s?[cf])|度", unit_asks=False),
    # "多少度" (how many degrees) is a temperature here; a Chinese manual prints "60度" as often
    # as "60℃". The scale may be written out: "045.0 degrees Celsius" (upsc's reading in the NUT
    # manual), "40 degrees Fahrenheit", "260 摄氏度".
    _quantity("temperature", rf"temperature(?!{_SENSING})|\btemps?\b(?!{_SENSING})|how hot|"
              rf"温度(?!{_SENSING_ZH})|(?:多少|几)度",
              r"°\s?[cf]|℃|℉|deg(?:rees)?\s?(?:celsius|centigrade|fahrenheit|[cf])|摄氏度|华氏度|"
              r"度"),
    _quantity("pressure", r"pressure|压力|气压",
              r"bar|psi|[km]?pa|(?:千|兆)?帕"),
    _quantity("speed", r"\brpm\b|rotational speed|转速",
              r"rpm|r/min|转/分"),
    _quantity("power", r"wattage|power rating|功率|(?:多少|几)(?:毫|千)?瓦",
              r"k?w|watts?|(?:千|毫)?瓦"),
    # Rates are often printed bare: "115200". A CAN bus's "bitrate" is its baud rate
    # ("canbus bitrate 1000000", "CAN 速率").
    Quantity("baud", re.compile(r"baud|\bbit\s?rate|波特率|比特率|can\s?(?:总线)?速率"),
             re.compile(r"\b(?:1200|2400|4800|9600|19200|38400|57600|115200|230400|250000|"
                        r"460800|500000|921600|1000000)\b|\d\s?(?:[km]?bps|baud|[km]?bit/s)")),
    # A delay or a pulse is asked in milliseconds or microseconds as often as a service
    # interval in hours: "how many milliseconds", "多少毫秒", stated "20 ms", "5µs", "10毫秒".
    _quantity("time", rf"how long(?!{_HOW_LONG_A_THING})|how often|interval|warranty|"
              r"service life|lifetime|"
              r"how many (?:years|months|weeks|days|hours|minutes|(?:nano|milli|micro)?seconds)|"
              r"多久|多长时间|周期|间隔|保修|寿命|"
              r"(?:多少|几)(?:个)?(?:飞行)?(?:年|月|天|小时|分钟|秒|纳秒|毫秒|微秒)",
              r"ns|ms|msecs?|[µμu]s|s|secs?|seconds?|(?:nano|milli|micro)seconds?|mins?|minutes?|h|"
              r"hrs?|hours?|days?|weeks?|months?|years?|秒|纳秒|毫秒|微秒|分钟|小时|天|周|个月|月|年"),
    _quantity("length", r"clearance|\bgap\b|thickness|tolerance|diameter|间隙|厚度|公差|直径",
              r"mm|cm|µm|um|in(?:ch(?:es)?)?|毫米|厘米|微米", also=_INCHES),
    # How far a thing reaches, asked as a distance or in a length unit ("in metres", "多少米");
    # "how long" and "多长时间" are the time's, which comes first, and "how far" may be a turn.
    _quantity("distance", rf"distance|\blength\b|\bin (?:metres|meters|feet)\b|多远|距离|"
              rf"how long{_HOW_LONG_A_THING}|"
              r"长度|(?:多少|几)(?:米|公里|千米)|多长",
              r"k?m|[cm]m|metres?|meters?|ft|feet|米|公里|千米|厘米|毫米",
              also=f"{_INCHES}|{_FEET}"),
    # "By weight", "按重量", "重量比" say how a ratio or share is counted ("15 parts of air to 1
    # part of fuel, by weight"), not that a weight is asked.
    _quantity("mass", r"(?<!by )\bweigh(?!t ratio)|how heavy|\bmass\b|(?<!按)重量(?!比)|多重|"
              r"多少(?:克|公斤|千克)",
              r"k?g|grams?|kilograms?|kilos?|lbs?|pounds?|oz|克|千克|公斤"),
    # A memory's size or a battery's charge: "2MB flash", "16 Mbit", "7Ah".
    _quantity("capacity", r"capacity|(?:memory|flash|card|disk|drive|storage) (?:size|space)|"
              r"how much (?:flash|memory|ram|rom)|"
              r"容量|内存大小|存储空间|(?:多大|多少)(?:的)?(?:内存|闪存)|(?:内存|闪存)(?:要|需要)?(?:多大|多少)",
              r"[kmgt]i?b(?:ytes?)?|[kmg]bit|bytes?|字节|m?ah"),
    # How often a thing happens is a frequency too, stated as its period: "polls every 5
    # seconds", "once per minute", "每 2 秒", "10 秒一次", "4 times a second".
    _quantity("frequency", rf"frequency(?!{_PART_NAMED})|\bclock (?:speed|rate)|\b[kmg]?hz\b|"
              r"频率|晶振|主频|"
              r"\bmax(?:imum)? (?:[a-z]+ )?clock\b",
              r"[kmg]?hz|(?:kilo|mega|giga)?hertz|(?:千|兆|吉)?赫兹?", also=_PERIOD),
    # How fast data moves: a download or transfer speed, asked in KB/s or Mbps ("how fast does
    # it download wirelessly, in KB/s"); a serial line's baud rate is the baud's.
    _quantity("data rate", r"(?:download|upload|transfer|data|write|read) (?:speed|rate)|"
              r"\b[kmg]i?b/s\b|\b[kmg]bps\b|下载速度|传输速[度率]|读写速度",
              r"[kmg]i?b/s|[kmg]?bps|[kmg]bit/s|[kmg]?字节/秒"),
    # A part's value: a debounce capacitor's microfarads, a pull-up's or a terminator's ohms;
    # by the part's value, not the word alone: "capacitance afterfiring" is a glossary's term.
    _quantity("capacitance", r"(?:what|which|how much) capacitance|capacitance (?:value|of)|"
              r"capacitor (?:value|size|rating)|how many (?:micro|nano|pico)farads|电容值|容值|"
              rf"(?:多大|多少)(?:的)?电容|电容(?:要|用)?(?:多大|多少){_OWN_NOUN}",
              r"[pnuµμm]f|farads?|(?:pico|nano|micro)farads?|法拉?"),
    _quantity("resistance", r"(?:what|which|how much) resistance|resistance (?:value|of)|"
              r"resistor (?:value|size)|how many ohms|电阻值|阻值|"
              rf"(?:多大|多少)(?:的)?电阻|电阻\s*(?:[a-z][\w-]*\s*)?(?:要|用|是|为|有)?(?:多大|多少){_OWN_NOUN}|"
              r"多少欧",
              r"[kmµ]?[Ωω]|[km]?ohms?|(?:千|兆)?欧姆?|k|r"),  # "上拉电阻为 4.7K", "Rsense：0.11R"
    _quantity("tension", r"\btension\b|张紧力|张力",
              r"n|kgf?|lbf?|hz"),
    # How many times a part lasts: a flash's erase/program cycles, a relay's switching cycles,
    # a battery's charge cycles ("100K cycles", "10万次").
    _quantity("cycles", r"(?:erase|write|program|switching|charge)\W?(?:\w+\W)?cycles|"
              r"\bendurance\b|擦写次数|擦写寿命|充放电次数|开关次数",
              r"(?:[km]|万)?\s?(?:(?:erase|write|program|switching|charge)\s)?cycles|万?次"),
    # A register or bus address ("0x50", "50h", "地址：00"), or a network one ("127.0.0.1", a
    # MAC address: "68:b5:99:f5:89:27" in NUT's device.macaddr row).
    Quantity("address", re.compile(r"\baddress\b|地址"),
             re.compile(r"\b0x[0-9a-f]+\b|\b[0-9a-f]{2}h\b|(?:address|地址)\s?[:：]\s?[0-9a-f]+\b|"
                        r"\b\d{1,3}(?:\.\d{1,3}){3}\b|\b[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}\b")),
)

# The question wants the value itself ("what torque", "多大电流"), not an explanation about it
# ("why does the current drop"). A terse query without a question word is not read as asking
# for a value: on the shop floor it names a symptom as often ("ebb36 hotend temp reads crazy
# with ntc100k, jumper on th0 - pull it?"); read so (session 11), it refused three answerable
# questions of dev2's test half and gained no near miss there (docs/benchmarks.md). Unless it
# names the quantity's unit with no number before it: "frame screw torque nm", "y1 crystal
# mhz" ask in what the answer is measured; a symptom gives its number ("fan at 1.5 a"). Or
# unless it names a field of a spec sheet (`_SPEC_FIELD`): "wch-linke operating temperature",
# "lis2dw i2c address" look a value up as a spec table lists it. Or unless it is short and
# ends by asking for the quantity by name (`_ENDS_ASKING`: "voron a/b belt tension?").
_ASKS_FOR_VALUE = re.compile(
    r"\bwhat\b|\bwhich\b|how (?:much|many|high|low|hot|tight|big|far|often|long|heavy)|"
    r"\brating\b|\brated\b|\bmax(?:imum)?\b|\bmin(?:imum)?\b|\brange\b|\blimit\b|\bspec|"
    r"多少|多大|多高|多久|多长|几|什么|额定|最大|最小|范围|上限|下限")


# Where one sentence of a question ends: the quantity asked is named in the sentence that asks
# ("Hotend temperature reads wrong. What pullup resistor value ...?" asks for no temperature).
_SENTENCE = re.compile(r"(?<=[。？！；])|(?<=[.?!;])\s+")


# "What's that called", "这叫什么": the question asks for a name, and the quantity it names
# ("arcing across the plug gap", "火花塞间隙继续跳火") describes the thing named.
_ASKS_NAME = re.compile(r"\bwhat(?:'s|’s| is| are)? (?:that|this|it|they|these) called\b|"
                        r"叫(?:做)?什么(?:名字)?|什么名字")


# "Which Grbl error code is returned when a startup line exceeds the line length limit?": the
# question asks for a code; the quantity it names ("length") describes the fault.
_ASKS_CODE = re.compile(r"\b(?:which|what)\s+(?:[\w$-]+\s+){0,2}(?:error|alarm|fault|exit)\s+"
                        r"(?:codes?|numbers?|messages?)\b|(?:哪个|什么|哪一个)(?:错误|报警|故障)(?:码|代码|号)")


def asked_quantity(question: str) -> Quantity | None:
    """The quantity whose value the question asks for, if it asks for one: with a word asking
    for a value, in the sentence that names the quantity, or by asking for it in one of its
    units ("多少毫米", "how many mm")."""
    text = _ASKS_NAME.sub(" ", normalise(question))
    if _ASKS_CODE.search(text):
        return None
    either = next((q for q in QUANTITIES if _either_value(q, text)), None)
    if either is not None:
        return either
    if not _ASKS_FOR_VALUE.search(text):
        return _asked_tersely(text)
    asking = [part for part in _SENTENCE.split(text) if _ASKS_FOR_VALUE.search(part)]
    named = (q for q in QUANTITIES if any(q.asked.search(_without_part(q, part))
                                          for part in asking))
    return next(named, None) or next(
        (q for q in QUANTITIES if any(q.asked.search(part) for part in asking)), None) or \
        _asked_in_unit(text)


# "间距是多少毫米", "how many mm", "多少赫兹": a count of a unit asks for the quantity it measures,
# whatever the question calls it. Chinese units of two characters only: one ("次", "度", "米")
# is inside words as often, and the quantities name theirs.
_COUNT_OF = re.compile(r"(?:多少|(?<!哪)几)个?([\u4e00-\u9fff]{2})|\bhow many ([a-zµμω]{2,})\b")


def _asked_in_unit(text: str) -> Quantity | None:
    for match in _COUNT_OF.finditer(text):
        unit = match.group(1) or match.group(2)
        if unit in _NOT_ALONE:
            continue
        found = next((q for q in QUANTITIES if q.unit is not None and q.unit.fullmatch(unit)),
                     None)
        if found is not None:
            return found
    return None


_OR = re.compile(r"\s*(?:or|还是|或者?)\s*")


def _either_value(quantity: Quantity, text: str) -> bool:
    """The question offers two values of the quantity to choose from ("powered at 5V or 24V",
    "是 5V 还是 24V"): it asks which one the page states."""
    values = list(quantity.value.finditer(text))
    return any(_OR.fullmatch(text[a.end():b.start()]) for a, b in itertools.pairwise(values))


def _without_part(quantity: Quantity, text: str) -> str:
    """The text without the part `quantity` is a rating of: a quantity the question names
    itself comes before one it names only by its part ("what temperature rating is the
    thermal fuse" asks for a temperature, not for the fuse's current)."""
    return text if quantity.part is None else quantity.part.sub(" ", text)


# The fields of a spec sheet or parameter table, whose value a query naming one looks up.
_SPEC_FIELD = re.compile(
    r"\b(?:operating|working|ambient|storage) temp(?:erature)?s?\b|"
    r"\b(?:input|supply|logic|operating|rated|output) (?:voltage|current|power)\b|"
    r"\bbaud ?rates?\b|\b(?:i2c|bus|slave|device) address(?:es)?\b|"
    r"\b(?:clock|core|crystal) (?:speed|frequency)\b|\btightening torque\b|"
    r"(?:工作|环境|存储)温度|(?:输入|输出|工作|逻辑|供电)(?:电压|电流)|波特率|i2c ?地址|主频")


# A short query that ends by asking for a quantity by its name: "voron a/b belt tension?",
# "octopus heater voltage?". A longer one names the quantity in passing ("nut var for the low
# transfer voltage?" asks for a variable's name; "can I bridge the fan voltage pins ... to get
# a different voltage?" for a yes or no).
_ENDS_ASKING = re.compile(r"([a-z]+)\s*[?？]\s*$")
_SHORT_QUERY = 5


# Units that are common words, never asked for alone: "in" (a preposition), "us". Units of one
# letter ("a" before "fuse", "h", "s", "m") never are either (`_asked_tersely`).
_NOT_ALONE = frozenset(("in", "us"))


def _asked_tersely(text: str) -> Quantity | None:
    """The quantity a query without a question word asks for, if any: the one a spec field it
    names measures ("operating temperature"), or one it names together with one of its units
    written alone ("torque nm", "crystal mhz"). Only units in Latin letters of two or more: a
    Chinese unit character is inside words ("安" of "安装", install)."""
    field = _SPEC_FIELD.search(text)
    if field is not None:
        return next((q for q in QUANTITIES if q.asked.search(field.group())), None)
    ends = _ENDS_ASKING.search(text)
    if ends is not None and len(text.split()) <= _SHORT_QUERY:
        asked = next((q for q in QUANTITIES if q.asked.fullmatch(ends.group(1))), None)
        if asked is not None:  # "voron a/b belt tension?": the quantity itself is asked
            return asked
    for quantity in QUANTITIES:
        if quantity.unit is None or not quantity.asked.search(text):
            continue
        for match in quantity.unit.finditer(text):
            unit = match.group()
            if unit.isascii() and len(unit) > 1 and unit not in _NOT_ALONE:
                return quantity
    return None


def asks_name(text: str) -> bool:
    """The question asks what a thing is called ("what's that called", "这叫什么")."""
    return bool(_ASKS_NAME.search(normalise(text)))


def asks_for_value(text: str) -> bool:
    """The words ask for a value ("what", "maximum", "多少"), whatever its quantity."""
    return bool(_ASKS_FOR_VALUE.search(normalise(text)))


# Seconds in a unit of time, by how pages and questions write it.
_SECONDS = (
    (r"ns|nanoseconds?|纳秒", 1e-9), (r"[µμu]s|microseconds?|微秒", 1e-6),
    (r"ms|milliseconds?|毫秒", 1e-3), (r"s|secs?|seconds?|秒", 1.0),
    (r"min|mins|minutes?|分钟", 60.0), (r"h|hrs?|hours?|小时", 3600.0),
    (r"days?|天", 86400.0), (r"weeks?|周", 604800.0), (r"months?|个月|月", 2.6e6),
    (r"years?|年", 3.2e7),
)
_ASKED_IN = re.compile(r"how many (\w+)|\bin (\w+)\b|"
                       r"(?:多少|几)个?(纳秒|微秒|毫秒|秒|分钟|小时|天|周|个月|月|年)")
_STATED_IN = re.compile(r"\d\s?([a-zµμ]+|纳秒|微秒|毫秒|秒|分钟|小时|天|周|个月|月|年)|"
                        r"\((\w+)\)\s+\d")
# Two units of time a value may be given in for a question asking in the other: seconds for
# milliseconds, days for a year, not seconds for years.
_SCALE_APART = 1000.0


def _seconds(unit: str) -> float | None:
    return next((seconds for pattern, seconds in _SECONDS if re.fullmatch(pattern, unit)),
                None)


def asked_time_unit(question: str) -> float | None:
    """Seconds in the unit of time the question asks in ("how many years", "多少毫秒"), None
    when it names none."""
    for match in _ASKED_IN.finditer(normalise(question)):
        unit = next(group for group in match.groups() if group)
        seconds = _seconds(unit)
        if seconds is not None:
            return seconds
    return None


def in_asked_scale(asked: float | None, text: str) -> bool:
    """A time the text states is of the scale asked in: a battery's runtime "(seconds) 1080"
    does not say how many years the battery lasts. True when nothing is asked in a unit, or the
    text states no time in a unit of its own."""
    if asked is None:
        return True
    stated = [_seconds(next(group for group in match.groups() if group))
              for match in _STATED_IN.finditer(normalise(text))]
    scales = [seconds for seconds in stated if seconds is not None]
    return not scales or any(
        max(asked, seconds) / min(asked, seconds) <= _SCALE_APART for seconds in scales)


# A table's cell naming the unit in brackets, then the row's value ("Interval to wait before
# shutting down this outlet (seconds) 180", "Temperature threshold high (degrees C) 60").
_BRACKETED = re.compile(r"\(([^()]{1,20})\)\s+\d")


def states_value(quantity: Quantity, text: str) -> bool:
    # Typeset degrees are often the ordinal mark ("15 ºC"), which NFKC turns into an "o", or
    # a ring above ("60˚F" in the FAA glossary), which it turns into a space and a combining ring.
    flat = normalise(text.replace("º", "°").replace("˚", "°"))
    return any(not _in_part_number(flat, match) for match in quantity.value.finditer(flat)) or \
        (quantity.unit is not None and any(
        quantity.unit.fullmatch(match.group(1).strip()) for match in _BRACKETED.finditer(flat))) \
        or _sets_quantity(quantity, flat)


# The words of a setting's or a reading's name: "input.frequency", "run_current", "max-temp".
_NAME_PARTS = re.compile(r"[._-]")


def _sets_quantity(quantity: Quantity, flat: str) -> bool:
    """A setting or a reading named for the quantity is given a bare number: upsc's
    "input.frequency: 50.0" and "ambient.temperature: 25.14" (the NUT manual's sample output), a
    printer configuration's "run_current: 0.800" or "max_temp: 250". The program's name for it
    says what the number is, in the unit the program reads it in."""
    return any(quantity.asked.search(part)
               for match in _SETTING.finditer(flat)
               for part in _NAME_PARTS.split(match.group(1)))


# A setting assigned a bare number in a configuration line ("oscillator=12000000" in
# "dtoverlay=mcp2515-can0,oscillator=12000000,interrupt=25"; "baud: 250000"): the number the
# setting takes, printed without the unit the question asks it in.
_SETTING = re.compile(r"(?<![\w.-])([a-z][\w.-]*)\s?[=:]\s?\d[\d.]*(?![\w.])")


def sets_named(names: frozenset[str], text: str) -> bool:
    """The text assigns a number to a setting one of `names` names (the question's words and
    their renderings: "晶振" renders as "crystal oscillator"), so it states the value asked
    for in the setting's own terms."""
    return any(match.group(1) in names for match in _SETTING.finditer(normalise(text)))


# "MAXPARMAKES 设成多少", "lower max_z_velocity to what number": a setting named as a
# configuration file or the environment writes it (in capitals, or with an underscore), and
# its value asked for without a quantity.
_SETTING_ASKED = re.compile(r"设(?:成|为|置为|置成|到)?多少|填多少|\bto what\b|"
                            r"\bwhat (?:value|number)\b|\bbe set to\b|\bwhat should (?:i|we) set\b")
# Six capitals or more ("NUT", "FAQ" and "EBB36" are names, not settings), or words joined by
# an underscore; not a file's name ("ci_build.sh").
_SETTING_NAME = re.compile(r"(?<![\w$.-])(?:[A-Z]{6,}|[A-Z][A-Z0-9]*_[A-Z0-9_]+|"
                           r"[a-z][a-z0-9]*_[a-z0-9_]+)(?![\w-]|\.\w)")


def asked_settings(question: str) -> list[str]:
    """The settings whose value the question asks for, when it names some and asks what to
    set them to."""
    if not _SETTING_ASKED.search(question.lower()):
        return []
    return [match.group() for match in _SETTING_NAME.finditer(question)]


def gives_setting(setting: str, text: str) -> bool:
    """The text gives the setting a number: "MINSUPPLIES 2", "max_z_velocity: 5", "set
    MAXPARMAKES to 4", on the line that names it."""
    return re.search(rf"(?<![\w$-]){re.escape(setting.lower())}(?![\w-])[^\n\d]{{0,12}}?\d",
                     normalise(text)) is not None


def _in_part_number(text: str, match: re.Match[str]) -> bool:
    """The value is a piece of a part number: a letter before it, and a hyphen or another
    letter or digit after ("3A" of Mouser "653-G3A-210B"), or Latin letters before it that
    are no current's kind ("810S" of the Leadshine servo drive "DCS810S" is no time, "880A"
    of "M880A" no current). "DC12V-24V" still states 24V, "DC24V" and "输入电压12V" their
    volts."""
    start, end = match.start(), match.end()
    if start == 0 or not text[start - 1].isalpha():
        return False
    if end < len(text) and (text[end] == "-" or text[end].isalnum()):
        return True
    prefix = _LATIN_BEFORE.search(text, 0, start)
    return prefix is not None and prefix.group() not in _CURRENT_KINDS


# The Latin letters right before a value, and those that say which current it is.
_LATIN_BEFORE = re.compile(r"(?<![a-z0-9])[a-z]+$")
_CURRENT_KINDS = frozenset({"dc", "ac", "vdc", "vac"})


# "Times listed are in nanoseconds", "all values in mm", "单位：mm", "单位为毫米": a note that the
# values of a table are in one unit, which its rows then leave out.
_LISTED_IN = re.compile(r"(?:\b(?:listed|given|shown|values?|all)\s+(?:are\s+)?in|"
                        r"单位\s*(?:[:：]|为|是))$")


def unit_listed_at(quantity: Quantity, text: str) -> int | None:
    """Where the line starts on which the text first says that the values listed are in a unit
    of `quantity` ("Times listed are in nanoseconds (ns)"): the rows of its table state bare
    numbers ("Pololu DRV8825 ... 1900 1900 650 650 Rising"). None when it says so nowhere: "in
    seconds" in a sentence is no table's unit, nor is one row's own "Battery runtime (seconds)
    1080"."""
    if quantity.unit is None:
        return None
    start = 0
    for line in text.splitlines(keepends=True):
        flat = normalise(line)  # a line at a time: folding may change the text's length
        if any(_LISTED_IN.search(flat[:match.start()].rstrip())
               for match in quantity.unit.finditer(flat)):
            return start
        start += len(line)
    return None
