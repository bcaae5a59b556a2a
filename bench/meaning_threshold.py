"""Where a Chinese line and an English span say the same thing: the search model's cosines.

    .venv/bin/python bench/meaning_threshold.py

The answer check keeps a model line written in the other language than its quote when its
values match and the cosine of the two reaches `AnswerSettings.min_meaning`. This prints the
cosine of translations (should pass) and of same-topic sentences that say something else
(should not), so the threshold sits between them. Prints figures; asserts nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kernel.config import AnswerSettings, enforce_offline

# (English span, Chinese line, 1 when the line says what the span says)
PAIRS = [
    ("The fan output of the EBB36 supports 24V at up to 1A.",
     "EBB36 的风扇口支持 24V，最大 1A。", 1),
    ("Copy the firmware binary file to the SD card.", "把固件文件复制到SD卡。", 1),
    ("Tighten the bearing housing bolts to 24 Nm.", "轴承座螺栓拧紧到 24 Nm。", 1),
    ("Hold the BOOT button and press reset to enter DFU mode.",
     "按住BOOT键再按复位进入DFU模式。", 1),
    ("The bootloader offset is 32KiB and the clock reference is 8 MHz.",
     "引导程序偏移选 32KiB，时钟参考选 8 MHz。", 1),
    ("Soft limit alarm. G-code motion target exceeds machine travel.",
     "软限位报警：G代码的运动目标超出了机器行程。", 1),
    ("Tighten the bearing housing bolts to 24 Nm.", "电机额定电流为 24 A。", 0),
    ("Copy the firmware binary file to the SD card.", "SD卡槽位于主板背面。", 0),
    ("The fan output of the EBB36 supports 24V at up to 1A.", "加热棒接口使用24V电源。", 0),
    ("Hold the BOOT button and press reset to enter DFU mode.", "DFU模式会覆盖引导程序。", 0),
    ("Soft limit alarm. G-code motion target exceeds machine travel.",
     "软限位报警会导致主轴停止。", 0),
]


def main() -> None:
    enforce_offline()
    from models.e5_onnx import E5Onnx

    encoder = E5Onnx()
    threshold = AnswerSettings().min_meaning
    same, other = [], []
    for english, chinese, label in PAIRS:
        a, b = np.asarray(encoder.embed([english, chinese]))
        cosine = float(a @ b)
        (same if label else other).append(cosine)
        verdict = "kept" if cosine >= threshold else "rejected"
        print(f"{'same ' if label else 'other'} {cosine:.3f} {verdict:<8} {chinese}")
    print(f"\nthreshold {threshold}: translations {min(same):.3f}-{max(same):.3f}, "
          f"other sentences {min(other):.3f}-{max(other):.3f}; translations kept "
          f"{sum(c >= threshold for c in same)}/{len(same)}, others rejected "
          f"{sum(c < threshold for c in other)}/{len(other)}")


if __name__ == "__main__":
    main()
