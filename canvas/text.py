"""Rules for text people type, shared by the store (which refuses it) and the backup check (which refuses it too).

Invisible control characters (everything below a space except tab, line feed and carriage return, and DEL)
are refused everywhere: they do not show, Excel cannot hold them and they are a classic way to hide text.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "BIDI_CONTROLS",
    "CONTROL_CHARS",
    "FSI",
    "NO_CONTROL_CHARS_PATTERN",
    "PDI",
    "WORD_JOINER",
    "has_control_chars",
    "isolate",
    "shortened",
]

_CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
CONTROL_CHARS = re.compile(f"[{_CONTROL_CLASS}]")
# The same rule as a whole-string pattern, for pydantic's ``StringConstraints(pattern=...)``.
NO_CONTROL_CHARS_PATTERN = f"^[^{_CONTROL_CLASS}]*$"


def has_control_chars(text: str) -> bool:
    """Whether ``text`` holds an invisible control character (tab, line feed and carriage return are fine)."""
    return CONTROL_CHARS.search(text) is not None


# -- text shown beside other text -------------------------------------------------------------------------

WORD_JOINER = "\u2060"
FSI = "\u2068"  # FIRST STRONG ISOLATE: the text between it and PDI takes its own direction, alone
PDI = "\u2069"  # POP DIRECTIONAL ISOLATE
_ISOLATE_OPENERS = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI
# Embeddings, overrides, their PDF, the isolates and the marks: what can change the order of what follows.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_RTL_CLASSES = frozenset({"R", "AL", "AN"})
# No character below Hebrew (U+0590) is right-to-left or a direction control (checked over the whole range
# in tests/test_text_stays_text.py): text made only of those, which is nearly all Dutch text, needs no look
# at each character. ``max`` runs in C; the per-character check was most of an Excel export's time.
_FIRST_RTL = "\u0590"


def isolate(text: str) -> str:
    """``text`` wrapped so that it cannot reorder the words beside it (Unicode isolates, the ``<bdi>`` of text).

    Text with no right-to-left letters, Arabic digits or direction controls is returned as it is (it cannot move
    its neighbours). Otherwise FSI ... PDI around it, balanced: every PDI in the text without an opener of its
    own gets an extra FSI in front, and every isolate the text opens is closed at the end, so nothing the writer
    typed can close the wrapper early. The closing PDI also ends any embedding or override (RLO ...) inside.
    """
    if not text or max(text) < _FIRST_RTL:
        return text
    if not any(ch in BIDI_CONTROLS or unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text):
        return text
    depth = unmatched = 0
    for ch in text:
        if ch in _ISOLATE_OPENERS:
            depth += 1
        elif ch == PDI:
            if depth:
                depth -= 1
            else:
                unmatched += 1
    return FSI * (unmatched + 1) + text + PDI * (depth + 1)


def shortened(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters with "…" when longer: for echoing something like a link's ``?code=``."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
