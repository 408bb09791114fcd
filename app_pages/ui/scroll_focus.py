"""Scrolling cells a keyboard can reach (WCAG 2.1.1; axe: ``scrollable-region-focusable``).

A full cell of the Perspectieven table scrolls (``st.container(height=...)``), and Streamlit gives a container
no ``tabindex``, so someone without a mouse could not read the rest of it. A small ``st.components.v2``
component (scroll_focus.js, no iframe: it runs in the app page, like drafts.js) gives each cell that really
scrolls ``tabindex="0"``, ``role="region"`` and a name, and keeps doing so when Streamlit redraws the table.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path

import streamlit.components.v2 as components

__all__ = ["focusable_scrolling"]

_JS = Path(__file__).with_name("scroll_focus.js")


@cache
def _component():
    return components.component("pps_canvas_scroll_focus", js=_JS.read_text(encoding="utf-8"))


def focusable_scrolling(labels: Mapping[str, str], *, key: str) -> None:
    """Make the containers with these Streamlit keys focusable while they scroll; ``labels``: key → name."""
    _component()(data={"labels": dict(labels)}, key=key, height="content")
