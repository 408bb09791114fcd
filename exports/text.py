"""Participants' text made ready for a PDF page: every character drawable, Arabic joined, right-to-left ordered.

ReportLab draws a string glyph by glyph in the order given; its own right-to-left support needs ``rlbidi``,
which is not on PyPI. So this module does what a word processor would: it replaces characters the font lacks
(emoji, mostly) by their Unicode name in brackets, joins Arabic letters with ``arabic-reshaper``, wraps the
logical text into lines that fit, and only then puts each line in visual order with ``python-bidi`` (the
Unicode bidirectional algorithm). Nothing here draws.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import arabic_reshaper
from bidi import get_display

__all__ = ["Line", "drawable", "is_rtl", "wrap"]

_RTL = {"R", "AL"}
# Emoji modifiers and joiners that only change how the emoji before them looks: dropped with it.
_INVISIBLE = {0x200D, 0x20E3, *range(0xFE00, 0xFE10), *range(0x1F3FB, 0x1F400), *range(0xE0020, 0xE0080)}


@dataclass(frozen=True)
class Line:
    """One line to draw: in visual order (left to right as it appears), and whether it reads right to left."""

    text: str
    rtl: bool
    indent: float = 0.0


def drawable(text: str, has_glyph: Callable[[int], bool]) -> str:
    """The text with every character the font lacks replaced, so nothing shows as an empty box.

    A missing character becomes its Unicode name in brackets (``🏭`` → ``[factory]``); a flag's two regional
    letters become the letters (``🇳🇱`` → ``[NL]``). Tabs and other control characters become spaces.
    """
    out: list[str] = []
    flag: list[str] = []
    for ch in text:
        cp = ord(ch)
        if 0x1F1E6 <= cp <= 0x1F1FF:
            flag.append(chr(cp - 0x1F1E6 + ord("A")))
            continue
        if flag:
            out.append(f"[{''.join(flag)}]")
            flag = []
        if ch == "\n":
            out.append(ch)
        elif unicodedata.category(ch) == "Cc":
            out.append(" ")
        elif cp in _INVISIBLE or (unicodedata.category(ch) == "Cf" and not has_glyph(cp)):
            continue
        elif has_glyph(cp):
            out.append(ch)
        else:
            name = unicodedata.name(ch, "") or f"U+{cp:04X}"
            out.append(f"[{name.lower()}]")
    if flag:
        out.append(f"[{''.join(flag)}]")
    return "".join(out)


def is_rtl(paragraph: str) -> bool:
    """Whether a paragraph reads right to left: its first letter with a strong direction is Hebrew or Arabic."""
    for ch in paragraph:
        kind = unicodedata.bidirectional(ch)
        if kind in _RTL:
            return True
        if kind == "L":
            return False
    return False


@cache
def _reshaper() -> arabic_reshaper.ArabicReshaper:
    # Keep harakat (vowel marks) and the lam-alef ligatures, which DejaVu Sans has.
    return arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False, "support_ligatures": True})


def wrap(
    text: str,
    width: float,
    measure: Callable[[str], float],
    has_glyph: Callable[[int], bool],
    first_indent: float = 0.0,
) -> list[Line]:
    """The text as lines no wider than ``width`` (the first ``first_indent`` narrower), in visual order.

    Words longer than a line are broken between characters, never dropped. Line breaks typed by the writer are
    kept; runs of spaces become one.
    """
    out: list[Line] = []
    for paragraph in drawable(text, has_glyph).split("\n"):
        has_rtl = any(unicodedata.bidirectional(ch) in _RTL for ch in paragraph)
        rtl = is_rtl(paragraph)
        logical = paragraph
        if any(unicodedata.bidirectional(ch) == "AL" for ch in paragraph):
            shaped = _reshaper().reshape(paragraph)
            # Use the joined forms only where the font has every one of them.
            if all(has_glyph(ord(ch)) for ch in shaped if not ch.isspace()):
                logical = shaped
        for piece in _greedy(logical, width, measure, first_indent if not out else 0.0):
            visual = get_display(piece, base_dir="R" if rtl else "L") if has_rtl else piece
            out.append(Line(visual, rtl, first_indent if not out else 0.0))
    # A note that ends in empty lines should not take room for them.
    while len(out) > 1 and not out[-1].text.strip():
        out.pop()
    return out


def _greedy(text: str, width: float, measure: Callable[[str], float], first_indent: float) -> list[str]:
    lines: list[str] = []
    current = ""
    room = width - first_indent
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= room:
            current = candidate
            continue
        if current:
            lines.append(current)
            current, room = "", width
        # A word wider than a whole line is broken between characters.
        while measure(word) > room:
            cut = _longest_prefix(word, room, measure)
            if cut == 0 and room < width:
                lines.append("")
                room = width
                continue
            cut = max(cut, 1)
            lines.append(word[:cut])
            word, room = word[cut:], width
        current = word
        if lines:
            room = width
    lines.append(current)
    return lines


def _longest_prefix(word: str, room: float, measure: Callable[[str], float]) -> int:
    lo, hi = 0, len(word)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(word[:mid]) <= room:
            lo = mid
        else:
            hi = mid - 1
    return lo
