"""Text fields that never throw typed text away.

Streamlit's ``max_chars`` cuts a longer paste off in the browser without a word (the box stays empty or
unchanged). So no text widget in the app sets ``max_chars``: the limit stays in the store, and this module
says, under the field, how many characters too long the text is while the text itself stays in the box.
Saving is refused with that same message (the caller checks ``too_long`` before it calls the store), so
nothing is ever cut off or saved in part.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["length_message", "show_length", "too_long"]


def _dutch_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def length_message(text: str | None, limit: int) -> str | None:
    """The Dutch message for a text over ``limit`` characters, or ``None`` when it fits."""
    over = len(text or "") - limit
    if over <= 0:
        return None
    tekens = "teken" if over == 1 else "tekens"
    return f"Je tekst is {_dutch_number(over)} {tekens} te lang (maximaal {_dutch_number(limit)})."


def too_long(key: str, limit: int) -> bool:
    """Whether the text widget ``key`` now holds more than ``limit`` characters."""
    return length_message(st.session_state.get(key), limit) is not None


def show_length(key: str, limit: int) -> bool:
    """Under a field: the too-long message while its text is over ``limit``; ``True`` when it was shown."""
    message = length_message(st.session_state.get(key), limit)
    if message is None:
        return False
    st.error(message)
    return True
