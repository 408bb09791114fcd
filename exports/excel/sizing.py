"""How tall a row must be to show its wrapped text: Excel and LibreOffice do not work that out on opening."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from functools import cache

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exports.excel.styles import MAX_ROW_HEIGHT


def count_lines(paragraphs: Iterable[str], chars_per_line: int) -> int:
    """How many lines these paragraphs take when wrapped at ``chars_per_line`` (a generous estimate)."""
    total = 0
    for paragraph in paragraphs:
        for line in paragraph.splitlines() or [""]:
            # A line that fits is one line; textwrap only changes the length of a line with tabs in it.
            if len(line) <= chars_per_line and "\t" not in line:
                total += 1
            elif _OTHER_WHITESPACE.search(line):
                total += max(1, len(textwrap.wrap(line, chars_per_line, break_on_hyphens=False)))
            else:
                total += max(1, _wrapped_lines(line, chars_per_line))
    return total


# Whitespace other than the plain space: textwrap treats it specially, so such a line goes to textwrap itself.
_OTHER_WHITESPACE = re.compile(r"[^\S ]")

_SPACES = re.compile("( +)")


@cache
def _long_word(width: int) -> re.Pattern[str]:
    return re.compile(rf"[^ ]{{{width + 1}}}")


@cache
def _line_of_words(width: int) -> re.Pattern[str]:
    return re.compile(rf"[^ ].{{0,{width - 1}}}(?= |$)")


def _wrapped_lines(line: str, width: int) -> int:
    """``len(textwrap.wrap(line, width, break_on_hyphens=False))`` for a line whose only whitespace is spaces.

    The same greedy algorithm as ``textwrap.TextWrapper._wrap_chunks`` (drop whitespace at the line ends,
    break words longer than a line), counting lines instead of building them: textwrap was most of the time
    spent on row heights. A chunk is its length and whether ``chunk.strip() == ""``.
    """
    if "  " not in line and line[0] != " " and line[-1] != " " and not _long_word(width).search(line):
        # Words of at most a line apart by single spaces: each line is the longest run of whole words that
        # fits, which is what this pattern matches, in C.
        return len(_line_of_words(width).findall(line))
    chunks = [(len(c), c[0] == " ") for c in reversed(_SPACES.split(line)) if c]
    lines = 0
    while chunks:
        if chunks[-1][1] and lines:
            del chunks[-1]
        cur_len = 0
        cur_line: list[tuple[int, bool]] = []
        while chunks and cur_len + chunks[-1][0] <= width:
            cur_line.append(chunks.pop())
            cur_len += cur_line[-1][0]
        if chunks and chunks[-1][0] > width:
            size, blank = chunks[-1]
            piece = width - cur_len  # width is at least 1; the piece may be empty, which counts as blank
            cur_line.append((piece, blank or piece == 0))
            chunks[-1] = (size - piece, blank)
        if cur_line and cur_line[-1][1]:
            del cur_line[-1]
        if cur_line:
            lines += 1
    return lines


def fit_rows(ws: Worksheet, first: int, last: int, *, line_height: float = 15.0) -> None:
    """Give rows with wrapped text a height that shows all of it (Excel and LibreOffice do not on opening)."""
    columns = ws.max_column
    chars = {c: chars_per_line(ws.column_dimensions[get_column_letter(c)].width) for c in range(1, columns + 1)}
    for r, cells in enumerate(ws.iter_rows(min_row=first, max_row=last, max_col=columns), start=first):
        lines = 1
        for cell in cells:
            if isinstance(cell.value, str) and cell.value:
                lines = max(lines, count_lines([cell.value], chars[cell.column]))
        ws.row_dimensions[r].height = row_height(lines, line_height)


def chars_per_line(width: float | None) -> int:
    return max(1, int((width or 13) * 1.1))


def row_height(lines: int, line_height: float = 15.0) -> float:
    return min(MAX_ROW_HEIGHT, lines * line_height + 3)
