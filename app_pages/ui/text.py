"""User text on a page: made inert for Markdown."""

from __future__ import annotations

import re

__all__ = ["plain"]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&])")


def plain(text: str) -> str:
    """User text made inert for ``st.markdown``: shown exactly as typed, never as markup, HTML or a link."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # Keep line breaks the participant typed.
    return escaped.replace("\n", "  \n")
