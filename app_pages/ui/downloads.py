"""A file that takes a while to make (Excel, poster, slides): made on request, then downloaded.

Why two clicks and not ``st.download_button(data=callable)``, Streamlit's deferred download: in Streamlit 1.67
the file that callable makes on the click belongs to no session, so the next two script runs of *any* session
delete it (``MediaFileManager.execute_deferred`` leaves it unmapped; every run ends in
``remove_orphaned_files``). In a live workshop the boards and phones rerun every second, so the browser's request
for the file often came too late and the download failed ("canceled" in Chromium). Bytes given to the button
belong to this session and stay until its next full run, whatever the other sessions do.

The made file lives in session state with the version it was made from (for example the workshop's change
stamp), so a file made before a change is offered with a word that it is older, never as the current one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from canvas.clock import local, now


@dataclass(frozen=True)
class _Made:
    data: bytes
    version: Hashable
    at: datetime


def _slot(key: str) -> str:
    return f"bestand_{key}"


def file_on_request(
    where: DeltaGenerator,
    *,
    make_label: str,
    download_label: str,
    make: Callable[[], bytes],
    file_name: str,
    mime: str,
    key: str,
    version: Hashable = None,
    icon: str | None = None,
    primary: bool = False,
) -> None:
    """In ``where``: a button that makes the file, then, in its place, the button that downloads it.

    ``key`` names the file in this session (one per kind and variant, e.g. per poster size); ``version`` is what
    the file is made from, compared to tell a stale file.
    """
    # One row: the button, and once made, "Opnieuw maken" and when it was made beside it (wrapping on a phone).
    box = where.container(key=f"bestand-{key}", horizontal=True, vertical_alignment="center", gap="small")
    slot = box.empty()
    remake_key = f"{key}_opnieuw"
    made: _Made | None = st.session_state.get(_slot(key))
    if made is None or st.session_state.get(remake_key):
        if made is None and not slot.button(
            make_label, icon=icon, type="primary" if primary else "secondary", key=f"{key}_maak"
        ):
            return
        with box.spinner(f"{download_label.removeprefix('Download ')} wordt gemaakt…"):
            made = _Made(make(), version, now())
        st.session_state[_slot(key)] = made
    slot.download_button(
        download_label,
        data=made.data,
        file_name=file_name,
        mime=mime,
        icon=icon,
        type="primary" if primary else "secondary",
        key=key,
        # No rerun on the click: nothing on the page changes, and the browser fetches the file right away.
        on_click="ignore",
    )
    box.button("Opnieuw maken", icon=":material/refresh:", type="tertiary", key=remake_key)
    when = f"{local(made.at):%H:%M}"
    if version is not None and made.version != version:
        box.caption(f"Gemaakt om {when}; sindsdien is er iets veranderd. Maak het opnieuw voor de nieuwste stand.")
    else:
        box.caption(f"Gemaakt om {when}.")
