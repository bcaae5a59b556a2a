"""Machine-readable reasons: a code, its parameters, and the English sentence they make.

The CLI and the logs print the sentence; the GUI looks the code up and writes the same sentence
in the UI language with the same parameters, so a reworded English text never loses its
translation and no front end parses another's wording. A new reason gets its code and English
text here, and its translation in `desktop/reason_text.py` (a test checks every code has one).
"""

from __future__ import annotations

from dataclasses import dataclass, field

ENGLISH = {
    "unchanged": "unchanged since it was indexed",
    "duplicate": "same content as {twin}, which is already indexed",
    "type_not_read": "'{suffix}' files are not read",
    "reindex_for_model": "indexing again for the current search model",
    "model_cpu": ("the answer model stopped ({signal}): this llama.cpp build uses a CPU "
                  "instruction this computer cannot run. Reinstall with `make llama` (the "
                  "portable build). Ask again to retry."),
    "model_killed": ("the answer model was stopped by the system ({signal}; often: memory ran "
                     "out). Ask again; if it happens again, choose a smaller model file."),
    "model_crashed": ("the answer model crashed ({signal}); {model} may be damaged. Ask again, "
                      "or choose another model file."),
    "model_exited": ("the answer model stopped unexpectedly (exit status {status}). Ask again, "
                     "or choose another model file."),
}


@dataclass(frozen=True)
class Reason:
    """Why something happened, as a code and parameters; `str()` is the English sentence."""

    code: str
    params: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in ENGLISH:
            raise ValueError(f"unknown reason code {self.code!r}: add it to kernel.reasons")

    def __str__(self) -> str:
        return ENGLISH[self.code].format(**self.params)
