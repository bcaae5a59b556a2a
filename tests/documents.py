"""Documents the tests make for themselves, so `make test` needs nothing from outside the repo.

The pump manual is written like a real one: each page has one topic, so a test can say which
page a question must land on.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

CJK_FONT = "STSong-Light"

PUMP_MANUAL = [
    "P-101 Centrifugal Pump Maintenance Manual. Model CP-80. This manual covers installation, "
    "lubrication, bearing replacement and troubleshooting of the P-101 feed pump.",
    "Bearing replacement. Lock out and tag out the motor before work. Remove the coupling "
    "guard. Pull the old 6205-2RS bearing with a puller. Heat the new bearing to 80 C before "
    "fitting. Tighten the bearing housing bolts to 24 Nm in a cross pattern.",
    "Vibration after bearing change. If the pump vibrates after a bearing change, check shaft "
    "alignment with a dial indicator first: misalignment above 0.05 mm causes vibration. Then "
    "check that the coupling insert is not worn and that the base bolts are tight.",
    "Alarm codes. E-047: motor overtemperature, let the motor cool and check the cooling fan. "
    "E-052: low suction pressure, check the strainer for blockage.",
]

PUMP_MANUAL_ZH = [
    "P-101 离心泵维护手册。本手册介绍安装、润滑、更换轴承和故障排除。",
    "更换轴承后泵振动：首先用百分表检查轴的对中，对中偏差超过 0.05 毫米会引起振动。"
    "然后检查联轴器弹性块是否磨损，底座螺栓是否拧紧。",
]


def write_pdf(path: Path, pages: list[str], cjk: bool = False, keep_lines: bool = False) -> Path:
    """A text PDF with one entry of `pages` per page, wrapped at words to the page width;
    `keep_lines`: each line of an entry is printed on lines of its own (a title block, a
    running header above the text)."""
    if cjk:
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    pdf = canvas.Canvas(str(path))
    font, width = (CJK_FONT, 38) if cjk else ("Helvetica", 90)
    for text in pages:
        pdf.setFont(font, 11)
        y = 760
        lines = [wrapped for line in (text.splitlines() if keep_lines else [text])
                 for wrapped in textwrap.wrap(line, width)]
        for line in lines or [""]:
            pdf.drawString(60, y, line)
            y -= 16
        pdf.showPage()
    pdf.save()
    return path
