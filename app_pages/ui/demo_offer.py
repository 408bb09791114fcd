"""De eerste minuut: on Deelnemen, a way into a filled-in demo workshop without a code.

Only the demo workshops of ``demo/workshops.json`` are offered, and only while everything in them is
revealed; the links open the public board and table (``?code=``), which never show a hidden note, so no
other workshop is ever exposed here.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.links import PAGES
from canvas.model import Workshop
from data.store import Store
from demo import demo_cases

__all__ = ["demo_offer", "demo_workshops"]

_CANVAS = next(p.script for p in PAGES if p.url_path == "canvas")
_PERSPECTIVES = next(p.script for p in PAGES if p.url_path == "perspectieven")


def demo_workshops(store: Store) -> list[Workshop]:
    """The demo workshops in this database whose notes are all visible, in the order of the demo file."""
    codes = [case["code"] for case in demo_cases()]
    found = {w.code: w for w in store.workshops() if w.code in codes and w.revealed_all}
    return [found[c] for c in codes if c in found]


def demo_offer(store: Store) -> None:
    """A box "Bekijk een voorbeeld": per demo workshop a link to its filled board and its Perspectieven."""
    demos = demo_workshops(store)
    if not demos:
        return
    with st.container(border=True, key="deelnemen_voorbeeld"):
        st.markdown("**👀 Nog geen code? Bekijk een ingevuld voorbeeld**")
        st.caption("Vier echte praktijkcases, helemaal ingevuld. Alleen bekijken: er verandert niets.")
        for workshop in demos:
            with st.container(
                horizontal=True,
                gap="small",
                wrap=False,
                vertical_alignment="center",
                key=f"deelnemen_demo_{workshop.code}",
            ):
                st.page_link(
                    _CANVAS,
                    label=f"**{workshop.pps_name}**",
                    icon="🧩",
                    query_params={"code": workshop.code},
                    help=f"Het ingevulde canvas van {workshop.heading}",
                    width="stretch",
                )
                st.page_link(
                    _PERSPECTIVES,
                    label="Perspectieven",
                    icon="🔀",
                    query_params={"code": workshop.code},
                    help=f"De Perspectieven-tabel van {workshop.heading}",
                )
