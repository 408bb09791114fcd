"""Rules for text people type, shared by the store (which refuses it) and the backup check (which refuses it too).

Invisible control characters (everything below a space except tab, line feed and carriage return, and DEL)
are refused everywhere: they do not show, Excel cannot hold them and they are a classic way to hide text.
"""

from __future__ import annotations

import re

__all__ = ["CONTROL_CHARS", "NO_CONTROL_CHARS_PATTERN", "has_control_chars"]

_CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
CONTROL_CHARS = re.compile(f"[{_CONTROL_CLASS}]")
# The same rule as a whole-string pattern, for pydantic's ``StringConstraints(pattern=...)``.
NO_CONTROL_CHARS_PATTERN = f"^[^{_CONTROL_CLASS}]*$"


def has_control_chars(text: str) -> bool:
    """Whether ``text`` holds an invisible control character (tab, line feed and carriage return are fine)."""
    return CONTROL_CHARS.search(text) is not None
