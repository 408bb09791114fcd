"""Unsent text in the note box survives a reload on the same device.

Streamlit holds a text box's value in the browser until a rerun takes it in, so a reload (or a phone that
drops the page) used to lose a half-written note. A small ``st.components.v2`` component (drafts.js, no
iframe: it runs in the app page) copies the box's text to the browser's ``localStorage`` while it is typed,
and after a reload puts it back in the box of the same block. When the box is empty (sent, or cleared) the
draft is removed, so a saved note never comes back as a copy. The draft stays on the device: it reaches
the server only when the participant saves it. Chosen over a ``beforeunload`` warning because a phone that
reloads a page in the background gives no chance to answer a warning.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit.components.v2 as components

__all__ = ["keep_draft", "storage_key"]

_JS = Path(__file__).with_name("drafts.js")


@cache
def _component():
    return components.component("pps_canvas_draft", js=_JS.read_text(encoding="utf-8"))


def storage_key(participant_id: int) -> str:
    """The ``localStorage`` key of one participant's draft (an id, not the private token)."""
    return f"pps-canvas-concept-{participant_id}"


def keep_draft(participant_id: int, block_id: str, box_label: str) -> None:
    """Keep the draft of the text box labelled ``box_label`` (the walk's note box) for this participant."""
    _component()(
        data={"storage_key": storage_key(participant_id), "block": block_id, "label": box_label},
        key="invullen_concept",
        height="content",
    )
