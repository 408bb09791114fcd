"""The app's pages (thin Streamlit scripts) and, in ``app_pages.ui``, what they share.

Not called ``pages/``: a folder of that name next to ``app.py`` makes Streamlit treat a fresh server as a
"pages directory" app until ``st.navigation`` has run once (``streamlit/runtime/pages_manager.py``), so
the first deep link such as ``/begeleiden?key=...`` ran the page file on its own, outside the app.
"""
