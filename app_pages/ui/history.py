"""Back and Forward in the browser between blocks.

Streamlit's frontend pushes a browser history entry whenever the script changes ``st.query_params`` (and
replaces the entry instead while it follows Back or Forward), and on Back/Forward it reruns the page with
the query string of that entry. A page that keeps its block in session state would then ignore the
older ``?blok=`` and write its own block back over it: Back did nothing. ``block_from_history`` tells the
page, on each full run, which block the address now names when that is not the block on screen.
"""

from __future__ import annotations

from collections.abc import Container

import streamlit as st

__all__ = ["block_from_history"]


def block_from_history(on_screen: str, blocks: Container[str], *, none: str | None = None) -> str | None:
    """The block ``?blok=`` names after Back/Forward, if it differs from ``on_screen``; else ``None``.

    ``none``: the value that stands for "no block" (the whole canvas) when the address has no ``blok``;
    without it, an address without ``blok`` changes nothing.
    """
    wanted = st.query_params.get("blok")
    if wanted is None:
        wanted = none
    if wanted is None or wanted == on_screen:
        return None
    if wanted != none and wanted not in blocks:
        return None
    return wanted
