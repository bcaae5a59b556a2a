"""How manuals number their sections, for the rules that tell a section's title from its text.

A numbered title names a topic and says nothing itself ("2.8.4 UPS Shutdowns"), so it never
leads an answer, never heads a table and is never the start of the paragraph under it. Manuals
number chapters "2.8.4" and appendices "K.2.2" ("K.2.2 CentOS 7" in the NUT manual, whose
appendices are a fifth of its pages): both are section numbers. One level alone ("3 Wiring",
"K Packaging") is too often a step, a list item or a value to be read as one here.
"""

import re

# Two or more levels of digits ("4.3.2"), or an appendix letter and one or more levels ("K.2").
SECTION_NUMBER = r"(?:\d+(?:\.\d+)+|[A-Z](?:\.\d+)+)"
# "4.3.2 搭配 RPI-CAN HAT 模块使用", "2.1 Minimum Requirements": a numbered section title of two
# or more levels, however many words it holds ("3.3 V" is a value, not a title); group 1 is
# the number, whose levels are the title's depth.
SECTION_TITLE = re.compile(rf"^\s*({SECTION_NUMBER})\s+(?:[A-Za-z]{{2,}}|[\u4e00-\u9fff])")
# "三、固件更新", "第三章 接线": a Chinese chapter or section, one level deep.
CHINESE_TITLE = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|"
                           r"第[一二三四五六七八九十\d]+[章节部分])")
