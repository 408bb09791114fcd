"""The app's look: one stylesheet file (style.css) plus the role colours from the registry, injected once.

The stylesheet is static text: the file and CSS custom properties generated from
``stakeholders.roles.ROLES``. No user text ever reaches it (tests/test_hostile_pages.py checks the calls).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import streamlit as st

from canvas.compare import Change
from stakeholders.roles import ROLES

__all__ = [
    "BOARD_MIN_FONT_PX",
    "CHANGE_COLOURS",
    "FOCUS_FONT_PX",
    "STYLESHEET",
    "change_properties",
    "inject_style",
    "role_properties",
]

# The smallest type on the projector board, in CSS pixels at 1280×720 (style.css; the browser test
# measures it): readable from the back of a room. Notes in focus mode are larger still.
BOARD_MIN_FONT_PX = 17
FOCUS_FONT_PX = 21

_CSS_FILE = Path(__file__).with_name("style.css")

# Change badges (Verloop, Vorige keer): background and text colour per change. A text label and an icon say
# what changed, the colour only supports them. Text on these backgrounds has a contrast of at least 7:1
# (checked with the WCAG formula in tests/test_rounds_pages.py).
CHANGE_COLOURS: dict[Change, tuple[str, str]] = {
    Change.NIEUW: ("#DDF3E4", "#0B4F1F"),
    Change.VERDWENEN: ("#FBE3E3", "#7A1414"),
    Change.GEBLEVEN: ("#E7ECF3", "#1F2A3A"),
}


def role_properties() -> str:
    """``--role-colour`` and ``--role-text`` on every container keyed by a role (note, badge, table entry)."""
    rules = []
    for role, info in ROLES.items():
        selectors = ", ".join(
            f'[class*="st-key-{prefix}{role.value}{end}"]'
            for prefix, end in (
                ("note-", "-"),
                ("badge-", ""),
                ("persp_entry_", "_"),
                ("ovnote_", "_"),
                ("cpersp_group_", "_"),
            )
        )
        rules.append(f"{selectors} {{ --role-colour: {info.colour}; --role-text: {info.text_colour}; }}")
    return "\n".join(rules)


def change_properties() -> str:
    """``--change-bg`` and ``--change-text`` on every change badge (style.css draws the badge with them)."""
    return "\n".join(
        f'[class*="st-key-change-{change.value}-"] {{ --change-bg: {bg}; --change-text: {fg}; }}'
        for change, (bg, fg) in CHANGE_COLOURS.items()
    )


@cache
def _stylesheet() -> str:
    sizes = f":root {{ --board-min-font: {BOARD_MIN_FONT_PX}px; --focus-font: {FOCUS_FONT_PX}px; }}"
    css = f"{sizes}\n{role_properties()}\n{change_properties()}\n{_CSS_FILE.read_text(encoding='utf-8')}"
    # st.html sanitises what it shows: a style element whose text looks like it holds a tag is dropped whole.
    if "<" in css:
        raise ValueError("style.css may not contain '<': st.html would drop the whole stylesheet")
    return f"<style>\n{css}\n</style>"


# Read once per process: the file and the registry do not change while the server runs.
STYLESHEET = _stylesheet()


def inject_style() -> None:
    """Add the app's stylesheet to this script run (app.py, before the page runs)."""
    st.html(STYLESHEET)
