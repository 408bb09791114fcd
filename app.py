"""PPS Canvas: the Sociale Innovatie Business Model Canvas for public-private partnerships, in Streamlit.

Start with ``make run``. This file sets the page up, adds the stylesheet and runs the page the browser asked
for; the pages are scripts in ``app_pages/`` (listed in ``app_pages.ui.links.PAGES``), their shared helpers are in
``app_pages/ui/``.

The pages' folder is not called ``pages/`` on purpose: Streamlit treats a folder of that name next to the
entry script as a "pages directory" app until ``st.navigation`` has run once (``PagesManager`` in
``streamlit/runtime/pages_manager.py``; the ``st.navigation`` docs: "As soon as any session of your app
executes the st.navigation command, your app will ignore the pages/ directory"). On a fresh server the
first deep link (``/begeleiden?key=...``) would then run outside this navigation.
"""

import streamlit as st

from app_pages.ui.links import PAGES
from app_pages.ui.store import get_store
from app_pages.ui.style import inject_style


def run() -> None:
    """Set the page up, open the store, and run the page the browser asked for, with the stylesheet."""
    st.set_page_config(page_title="PPS Canvas", page_icon="🧩", layout="wide")
    # Open the database (and load the demo workshops into an empty one) before any page runs.
    get_store()
    sections: dict[str, list[st.Page]] = {}
    projector: list[st.Page] = []
    for spec in PAGES:
        page = st.Page(spec.script, title=spec.title, icon=spec.icon, url_path=spec.url_path, default=spec is PAGES[0])
        sections.setdefault(spec.section, []).append(page)
        if spec.projector:
            projector.append(page)
    current = st.navigation(sections)
    if any(current is p for p in projector):
        # A projector page: the whole width for the board, the page list out of the way (it opens with ☰).
        st.set_page_config(initial_sidebar_state="collapsed")
    inject_style()
    current.run()


run()
