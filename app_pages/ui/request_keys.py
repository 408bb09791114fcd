"""Request keys of writes (``data.receipts``): made before a write is sent, kept until it is acknowledged.

A write whose reply was lost, or that met a database that was away, is sent again with the same key and is
stored once. The key belongs to what is sent: the same write sent again (same payload) keeps its key; a
changed text is another write and gets a new one, so a retry can never return an earlier, different write.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable
from typing import TypeVar

import streamlit as st

from data.checks import new_secret
from data.store import StoreError, StoreUnavailable

__all__ = ["acknowledged", "last_known", "pending", "request_key", "send"]

T = TypeVar("T")


def _slot(write: str) -> str:
    return f"request_key_{write}"


def request_key(write: str, *payload: Hashable, secret: bool = False) -> str:
    """The request key of ``write`` (a name per form or button) carrying ``payload``.

    ``secret``: the key is a participant's private token (``join``), so 192 random bits like every token.
    """
    kept = st.session_state.get(_slot(write))
    if kept is not None and kept[0] == payload:
        return kept[1]
    key = new_secret() if secret else str(uuid.uuid4())
    st.session_state[_slot(write)] = (payload, key)
    return key


def send(write: str, payload: tuple[Hashable, ...], call: Callable[[str], T], *, secret: bool = False) -> T:
    """``call(key)`` with the request key of ``write``; the key is kept only while the database is away.

    Any answer of the store (the write, or a refusal in Dutch) ends the write; ``StoreUnavailable`` keeps its
    key, so pressing the button again with the same input sends the same write.
    """
    key = request_key(write, *payload, secret=secret)
    try:
        result = call(key)
    except StoreUnavailable:
        raise
    except StoreError:
        acknowledged(write)
        raise
    acknowledged(write)
    return result


def pending(write: str) -> tuple[tuple[Hashable, ...], str] | None:
    """The payload and key of ``write`` not yet acknowledged, if any."""
    return st.session_state.get(_slot(write))


def acknowledged(write: str) -> None:
    """The store answered: the next ``write`` is a new one."""
    st.session_state.pop(_slot(write), None)


def last_known(name: str, read: Callable[[], T]) -> T:
    """``read()``, remembered in this session; while the database is away, the value read last (if any).

    So a page keeps drawing (its text boxes with what was typed) through a database restart.
    """
    slot = f"last_known_{name}"
    try:
        value = read()
    except StoreUnavailable:
        if slot in st.session_state:
            return st.session_state[slot]
        raise
    st.session_state[slot] = value
    return value
