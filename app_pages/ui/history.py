"""Back and Forward in the browser between blocks.

Streamlit's frontend pushes a browser history entry whenever the script changes ``st.query_params`` (and
replaces the entry instead while it follows Back or Forward), and on Back/Forward it reruns the page with
the query string of that entry. A page that keeps its block in session state would then ignore the older
``?blok=`` and write its own block back over it: Back did nothing. So a page writes its block into the
address with ``put_block`` (which remembers what it wrote), and on each full run asks ``block_from_history``
whether the address now names another block than the one it wrote: then the person went Back or Forward.
"""

from __future__ import annotations

from collections.abc import Container

import streamlit as st

__all__ = ["block_from_history", "put_block"]


def _address(none: str | None) -> str | None:
    return st.query_params.get("blok", none)


def block_from_history(written_key: str, blocks: Container[str], *, none: str | None = None) -> str | None:
    """The block ``?blok=`` names after Back/Forward, else ``None`` (also when the page wrote that address).

    ``none``: what stands for "no block" (the whole canvas) when the address has no ``blok``; without it, an
    address without ``blok`` changes nothing. ``written_key``: the session key ``put_block`` writes to.
    """
    if written_key not in st.session_state:
        return None
    wanted = _address(none)
    if wanted is None or wanted == st.session_state[written_key]:
        return None
    if wanted != none and wanted not in blocks:
        return None
    st.session_state[written_key] = wanted
    return wanted


def put_block(block_id: str, written_key: str, *, none: str | None = None) -> None:
    """Show ``block_id`` in the address (``none``: no ``blok`` at all); each change is a history entry."""
    st.session_state[written_key] = block_id
    if block_id == none:
        st.query_params.pop("blok", None)
    elif _address(none) != block_id:
        st.query_params["blok"] = block_id
