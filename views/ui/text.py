"""User text on a page: made inert for Markdown, and the few texts several pages build the same way."""

from __future__ import annotations

import re

from canvas.model import Workshop

__all__ = ["plain", "workshop_heading"]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&])")


def plain(text: str) -> str:
    """User text made inert for ``st.markdown``: shown exactly as typed, never as markup, HTML or a link."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # Keep line breaks the participant typed.
    return escaped.replace("\n", "  \n")


def workshop_heading(workshop: Workshop) -> str:
    """ "PPS · titel", as every page heads a workshop (plain text: pass it through ``plain()``)."""
    # TODO(merge): Workshop.heading: the domain should own this; it is built here, once, until it does.
    return f"{workshop.pps_name} · {workshop.title}"
