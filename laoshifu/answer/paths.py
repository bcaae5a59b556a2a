"""A question asking where a file or program is, and the lines that say: a path.

"Where is openocd.exe located?" shares its words best with the step that names the file ("save
it to the location of the openocd.exe file"); the line that answers is a note further down
("(2) openocd.exe file location: MounRiver\\MounRiver_Studio\\toolchain\\OpenOCD\\bin"). What
the question asks for is a folder, so a line printing a path holds what is asked, as a line
with a current holds what a question asking "how many amps" asks for.
"""

from __future__ import annotations

import re

# A folder asked by name: "which folder", "what directory", "file location", 哪个目录, 什么路径.
_ASKS_FOLDER = re.compile(r"(?i:\b(?:which|what) (?:folder|directory|dir|path)\b|"
                          r"\bfile (?:location|path)\b)|(?:哪个|什么)(?:目录|文件夹|路径)|"
                          r"(?:目录|路径|文件夹)在哪")
# "where is X located / installed / saved", "where's X", 放在哪, 安装在哪: a folder when X is a
# file or a program, not a button or a fuse.
_ASKS_WHERE = re.compile(r"(?i:\bwhere(?:'s| (?:is|are|do|does|can|should)\b))|在哪|位置")
_FILE = re.compile(r"(?i:\b[\w-]+\.(?:exe|cfg|conf|ini|bin|hex|txt|sh|py|dll|inf|json|yaml|log)\b|"
                   r"\b(?:file|files|folder|directory|program|executable|driver|drivers|script)\b)|"
                   r"文件|目录|程序|驱动|脚本")
# A path of two folders or more, Windows' or a Unix one ("C:\WCH\Drv", "toolchain\OpenOCD\bin",
# "/etc/nut/", "~/klipper/scripts").
_PATH = re.compile(r"(?:[A-Za-z]:)?(?:[\w.-]+\\){2,}[\w.-]*|(?:~|\.)?/(?:[\w.-]+/)+[\w.-]*")


def asks_location(question: str) -> bool:
    """Whether the question asks where a file, program or folder is."""
    return _ASKS_FOLDER.search(question) is not None or (
        _ASKS_WHERE.search(question) is not None and _FILE.search(question) is not None)


def holds_path(text: str) -> bool:
    """Whether the text prints a path of two folders or more."""
    return _PATH.search(text) is not None
