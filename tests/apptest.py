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


def make_and_download(
    at: AppTest, downloads: dict[str, tuple[bytes, str | None]], make_label: str, download_label: str
) -> tuple[bytes, str]:
    """Click the button that makes a file, then return what the download button in its place carries."""
    assert download_label not in labels(at, "download_button"), f"{download_label!r} is there before it was made"
    next(b for b in at.button if b.label == make_label).click().run()
    assert not at.exception, at.exception
    button = next(b for b in at.get("download_button") if b.proto.label == download_label)
    data, name = downloads[button.proto.url]
    assert name is not None
    return data, name


def labels(at: AppTest, kind: str = "button") -> list[str]:
    """The labels of every element of ``kind`` on the page (``button``, ``download_button``)."""
    if kind == "button":
        return [b.label for b in at.button]
    return [b.proto.label for b in at.get(kind)]
