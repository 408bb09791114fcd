"""PPS Canvas: the Sociale Innovatie Business Model Canvas for public-private partnerships, in Streamlit.

Start with ``make run``. This file only sets the page up and lists the pages; each page is a script in
``pages/``.
"""

import streamlit as st

from pages._shared import app_run, get_store


def run() -> None:
    """Set the page up, open the store, and run the page the browser asked for."""
    st.set_page_config(page_title="PPS Canvas", page_icon="🧩", layout="wide")
    # Open the database (and load the demo workshops into an empty one) before any page runs.
    get_store()
    navigation = st.navigation(
        {
            "Deelnemers": [
                st.Page("pages/deelnemen.py", title="Deelnemen", icon="👋", url_path="deelnemen", default=True),
                st.Page("pages/invullen.py", title="Invullen", icon="✏️", url_path="invullen"),
            ],
            "Begeleider": [
                st.Page("pages/canvas.py", title="Canvas", icon="🧩", url_path="canvas"),
                st.Page("pages/begeleiden.py", title="Begeleiden", icon="🎛️", url_path="begeleiden"),
                st.Page("pages/perspectieven.py", title="Perspectieven", icon="🔀", url_path="perspectieven"),
                st.Page("pages/synthese.py", title="Synthese", icon="🧶", url_path="synthese"),
            ],
            "Projectleider": [
                st.Page("pages/exporteren.py", title="Exporteren", icon="📤", url_path="exporteren"),
            ],
        }
    )
    with app_run():
        navigation.run()


if __name__ == "__main__":  # Streamlit runs the entry point as __main__; pages/_shared.py may import run().
    run()
