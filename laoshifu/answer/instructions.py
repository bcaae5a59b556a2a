"""Lines that tell the reader what to do, and the depth of the section titles around them.

Not every procedure is numbered. The NUT manual writes "Installing from source" as
sub-sections of imperatives and commands ("Create at least one system user and a group ...",
"Configure the source tree for your system.", "./configure --with-user=ups --with-group=nut",
"make", "Install the files to a system level directory:", "make install"), over two pages;
its NSS section is bullets ("• Create the certificate database : certutil -N -d cert_db") and
configuration lines ("CERTPATH /usr/local/ups/etc/cert_db"). Between them stand explanations
and notes that say what a step does, not what to do. An instruction is told by its first word:
a verb in the imperative (after "Then", "Just", "Also" or a list's bullet), in English or
Chinese, or a command or configuration line as the manual prints them.
"""

from __future__ import annotations

import re

from laoshifu.answer.section_numbers import CHINESE_TITLE, SECTION_TITLE

# Verbs a manual's imperative opens with. A verb that is as often a noun opening a sentence
# ("Power is supplied by ...", "Type-C port") is left out.
_VERBS = frozenset([
    "add", "adjust", "allow", "apply", "attach", "be", "build", "burn", "change", "check",
    "choose", "click", "close", "compile", "configure", "connect", "copy", "create", "define",
    "delete", "disable", "disconnect", "download", "drag", "edit", "enable", "enter", "ensure",
    "extract", "fill", "find", "flash", "follow", "generate", "go", "hold", "import", "insert",
    "install", "keep", "launch", "load", "locate", "log", "make", "mount", "move", "navigate",
    "open", "place", "plug", "press", "put", "reboot", "recompile", "reinstall", "remove",
    "rename", "repeat", "replace", "reset", "restart", "run", "save", "select", "set", "slide",
    "specify", "start", "stop", "switch", "tell", "tighten", "turn", "uninstall", "unplug",
    "update", "upgrade", "upload", "use", "verify", "wait", "wire", "write"
])
# Words before the verb that keep a sentence imperative ("Then install everything as usual.",
# "Just copy the database directory ...", "Also tell which is the certificate ...").
_LEAD_INS = frozenset([
    "then", "next", "now", "finally", "first", "also", "just", "please", "simply"
])
# A Chinese imperative's opening verb ("点击下载", "将跳线帽插到 BOOT0", "请确认 ...").
_CHINESE_VERB = re.compile(
    r"^(?:请|然后|再|先|最后|接着)?(?:点击|单击|双击|打开|选择|勾选|输入|连接|接上|插入|插上|拔掉|拔下|断开|安装|"
    r"下载|运行|执行|设置|修改|将|把|使用|用|按下|按住|按|确认|确保|等待|重新|复制|编辑|进入|启动|关闭|"
    r"填写|保存|烧录|刷写|编译|更新|检查|拧紧|拧|取下|移除|删除|创建|添加|配置)")
# A clause before the imperative that says when or what for ("To do so, use the -t argument:
# upsdrvctl -t shutdown", "Once the UPS is up at 100% charge, disconnect the power."). A
# condition ("If you need any other switches for configure, add them here.") or an option of a
# list ("• to build and install SNMP drivers, add --with-snmp") is no step of the procedure.
_CLAUSE = re.compile(r"^(?:To|When|After|Before|Once)\b[^,;:.]{0,80},\s*")
# A list's bullet or a circled or bracketed number before the line's first word.
_BULLET = re.compile(r"^\s*(?:[•·▪◦●*–-]|[①-⑳]|[(（]\d{1,2}[)）]|\d{1,2}[)）])\s*")
# A shell command as manuals print it: a prompt, a path, or a lower-case program name with its
# arguments ("./configure --with-user=ups", "make install", "mv cert_db /usr/local/ups/etc/").
_COMMAND = re.compile(r"^(?:[$#>]\s*)?(?:\.{0,2}/|~/|[a-z][\w.+-]*(?:\s|$))")
# A configuration line: a directive in capitals and its value ("CERTPATH
# /usr/local/ups/etc/cert_db", "NOTIFYFLAG ONBATT SYSLOG+EXEC", "MAXAGE = 15").
_DIRECTIVE = re.compile(r"^[A-Z][A-Z0-9_]{2,}(?:\s*=\s*|\s+)\S")
_ENDS_SENTENCE = ".。!！?？"
# A section title and its depth: "5.1.2 Build and install" is three deep, "## Uninstall" two,
# "三、固件更新" and "第三章 接线" one.
_MARKDOWN = re.compile(r"^(#{1,6})\s+\S")
# The most words of a sub-heading naming a task in the imperative, which ends no sentence.
_HEADING_WORDS = 8
# A title is short; a line this long under a number is a sentence or an item.
_TITLE_CHARACTERS = 80


def is_instruction(text: str) -> bool:
    """Whether the line tells the reader to do something: an imperative sentence, a command
    or a configuration line. An explanation ("This will build the NUT client and server
    programs") or a note says what a step does, not what to do."""
    flat = " ".join(text.split())
    if not flat:
        return False
    if _is_command(" ".join(text.strip().split("\n")[0].split())):
        return True  # a command, though the sentence after it was read as its tail
    bare = _BULLET.sub("", flat)
    clause = _CLAUSE.match(bare)
    if clause:
        bare = bare[clause.end():]
        bare = bare[:1].upper() + bare[1:]
    if _CHINESE_VERB.match(bare):
        return True
    tokens = bare.split()
    if not bare[:1].isupper() or len(tokens) < 2 or bare.isupper():
        return False  # a caption in capitals ("GENERATE A SERVER CERTIFICATE FOR UPSD:")
    if flat[-1] not in _ENDS_SENTENCE and not re.search("[:：]", flat) and bare == flat and \
            len(tokens) <= _HEADING_WORDS:
        return False  # a sub-heading naming a task ("Install the client-side certificate")
    tokens = _after_lead_ins(tokens)
    opening = " ".join(tokens[:3]).lower()
    return tokens[0].lower() in _VERBS and opening != "keep in mind"  # "Plug-in", "Sets": none


def opens_with_verb(text: str) -> bool:
    """Whether the line's first word (after a lead-in such as "Then") is a verb a manual's
    imperative opens with, in English or Chinese, however short the line: "Power on" is a
    step, "WCH-LinkE upgrade firmware" the name of a file."""
    bare = _BULLET.sub("", " ".join(text.split()))
    if _CHINESE_VERB.match(bare):
        return True
    tokens = _after_lead_ins(bare.split())
    return bool(tokens) and tokens[0].strip(",").lower() in _VERBS


def _after_lead_ins(tokens: list[str]) -> list[str]:
    """The line's words from the first that is no lead-in ("Then", "First,"), keeping one."""
    while len(tokens) > 1 and tokens[0].strip(",").lower() in _LEAD_INS:
        tokens = tokens[1:]
    return tokens


def _is_command(flat: str) -> bool:
    """A shell command or a configuration line: no sentence, and no caption in capitals."""
    if flat[-1] in _ENDS_SENTENCE or flat[-1] in ":：" or re.search(r"[\u4e00-\u9fff]", flat):
        return False
    directive = _DIRECTIVE.match(flat)
    if directive:
        value = flat[directive.end() - 1:]
        return not value[0].islower() or any(ch.isdigit() or ch in "/@=" for ch in value)
    return bool(_COMMAND.match(flat)) and len(flat.split()) <= 12


def title_depth(text: str, markdown: bool = False) -> int | None:
    """The depth of a section title ("5.1 Installing from source": 2), None for a line that
    is no title. A line opening with "#" is a title in a `markdown` file only: in a PDF it is
    a shell prompt or a comment ("# upsdrvctl -u nutdev start")."""
    flat = " ".join(text.split())
    if len(flat) > _TITLE_CHARACTERS:
        return None
    heading = _MARKDOWN.match(flat)
    if heading and markdown:
        return len(heading.group(1))
    numbered = SECTION_TITLE.match(flat)
    if numbered and flat[-1] not in _ENDS_SENTENCE:
        return numbered.group(1).count(".") + 1
    if CHINESE_TITLE.match(flat) and flat[-1] not in _ENDS_SENTENCE:
        return 1
    return None
