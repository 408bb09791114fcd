"""PPS Canvas: the Sociale Innovatie Business Model Canvas for public-private partnerships, in Streamlit.

Start with ``make run``. This file only sets the page up and lists the pages; each page is a script in
``pages/``.
"""

import streamlit as st

from pages._shared import get_store

st.set_page_config(page_title="PPS Canvas", page_icon="🧩", layout="wide")

# Open the database (and load the demo workshops into an empty one) before any page runs.
get_store()

navigation = st.navigation(
    {
        "Deelnemers": [
            # participant pages
            st.Page("pages/deelnemen.py", title="Deelnemen", icon="👋", url_path="deelnemen", default=True),
            st.Page("pages/invullen.py", title="Invullen", icon="✏️", url_path="invullen"),
        ],
        "Begeleider": [
            st.Page("pages/canvas.py", title="Canvas", icon="🧩", url_path="canvas"),
            # facilitator pages
            st.Page("pages/begeleiden.py", title="Begeleiden", icon="🎛️", url_path="begeleiden"),
            st.Page("pages/perspectieven.py", title="Perspectieven", icon="🔀", url_path="perspectieven"),
        ],
        "Projectleider": [
            # export page
            st.Page("pages/exporteren.py", title="Exporteren", icon="📤", url_path="exporteren"),
        ],
    }
)
navigation.run()
