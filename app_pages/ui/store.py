"""The store of this server process, opened once, with the demo workshops loaded into an empty database."""

from __future__ import annotations

import streamlit as st

from data.db import database_url
from data.store import Store
from demo import load_demo_with_community

__all__ = ["get_store"]


@st.cache_resource(show_spinner=False)
def _open_store(url: str) -> Store:
    store = Store.open(url)
    if not store.workshops():
        created, coordinator_key = load_demo_with_community(store)
        for code, key in created.items():
            # Printed once, on the server's console: the only way to open a demo workshop as facilitator.
            print(f"Demo-workshop {code}: begeleiderslink /begeleiden?key={key}", flush=True)
        if coordinator_key:
            print(f"Demo-community: coördinatorlink /community?ckey={coordinator_key}", flush=True)
    return store


def get_store() -> Store:
    """The store for the configured database (``DATABASE_URL`` / ``PPS_CANVAS_DB``), opened once per process."""
    return _open_store(database_url())
