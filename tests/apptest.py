"""Helpers for AppTest-based page tests."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parents[1] / "app.py"


def run_app(page: str | None = None, **query: str) -> AppTest:
    """Run the whole app (navigation included), optionally on ``page`` (its url path), with query params."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    if page:
        at.switch_page(f"app_pages/{page}.py")
    return at.run()


def page_text(at: AppTest) -> str:
    """All markdown, captions and messages on the page, with markdown escapes removed."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for e in (*at.error, *at.warning, *at.info, *at.success)]
    return "\n".join(str(p) for p in parts).replace("\\", "")
