"""The app's pages and links to them: the page table app.py builds its navigation from, absolute links for
another device, and QR codes of those links."""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import segno
import streamlit as st

__all__ = [
    "APP_PAGE_PATHS",
    "DEFAULT_PAGE_PATH",
    "DEELNEMEN_PAGE",
    "INVULLEN_PAGE",
    "PAGES",
    "PageSpec",
    "app_url",
    "qr_png",
]


@dataclass(frozen=True)
class PageSpec:
    """One page of the app: its script (relative to app.py), its place in the navigation, its address."""

    script: str
    title: str
    icon: str
    url_path: str
    section: str
    # A projector page: the page list starts folded away (it opens with ☰), the board gets the width.
    projector: bool = False


DEELNEMEN_PAGE = "app_pages/deelnemen.py"
INVULLEN_PAGE = "app_pages/invullen.py"

PAGES: tuple[PageSpec, ...] = (
    PageSpec(DEELNEMEN_PAGE, "Deelnemen", "👋", "deelnemen", "Deelnemers"),
    PageSpec(INVULLEN_PAGE, "Invullen", "✏️", "invullen", "Deelnemers"),
    PageSpec("app_pages/lessen.py", "Lessen", "🧭", "lessen", "Deelnemers"),
    PageSpec("app_pages/factoren.py", "Factoren", "⚖️", "factoren", "Deelnemers"),
    PageSpec("app_pages/canvas.py", "Canvas", "🧩", "canvas", "Begeleider", projector=True),
    PageSpec("app_pages/begeleiden.py", "Begeleiden", "🎛️", "begeleiden", "Begeleider"),
    PageSpec("app_pages/perspectieven.py", "Perspectieven", "🔀", "perspectieven", "Begeleider", projector=True),
    PageSpec("app_pages/synthese.py", "Synthese", "🧶", "synthese", "Begeleider"),
    PageSpec("app_pages/verloop.py", "Verloop", "📈", "verloop", "Begeleider", projector=True),
    PageSpec("app_pages/monitoring.py", "Monitoring", "🔎", "monitoring", "Begeleider"),
    PageSpec("app_pages/interview.py", "Interview", "🎙️", "interview", "Begeleider"),
    PageSpec("app_pages/exporteren.py", "Exporteren", "📤", "exporteren", "Projectleider"),
    PageSpec("app_pages/community.py", "Community", "🌐", "community", "Community"),
    PageSpec(
        "app_pages/community_perspectieven.py",
        "Community-perspectieven",
        "🔀",
        "community_perspectieven",
        "Community",
        projector=True,
    ),  # fmt: skip
    PageSpec("app_pages/blok_naast_blok.py", "Blok naast blok", "🧱", "blok_naast_blok", "Community"),
    PageSpec("app_pages/lessenbibliotheek.py", "Lessenbibliotheek", "📚", "lessenbibliotheek", "Community"),
)

# The url paths of the app's pages, stripped from the browser's address to find the app's base.
APP_PAGE_PATHS = frozenset(p.url_path for p in PAGES)
# st.navigation serves its default page at the app's root only: "/deelnemen" would be "page not found".
DEFAULT_PAGE_PATH = PAGES[0].url_path


def app_url(url_path: str, **params: str) -> str:
    """An absolute link to a page of this app (for a link that works on another device), else a relative one.

    ``st.context.url`` is the address the browser opened, without its query; its last path segment is a page
    of this app (or nothing on the default page), and what comes before it is where the app is served.
    """
    query = urlencode(params)
    if url_path == DEFAULT_PAGE_PATH:
        url_path = ""
    target = f"{url_path}?{query}" if query else (url_path or ".")
    try:
        address = st.context.url
    except Exception:  # no browser session (bare mode): fall back to a relative link
        address = None
    if not address:
        return target
    parts = urlsplit(address)
    segments = [s for s in parts.path.split("/") if s]
    if segments and segments[-1] in APP_PAGE_PATHS:
        segments.pop()
    path = "/" + "/".join([*segments, url_path]) if url_path else "/" + "/".join(segments)
    if not url_path and segments:
        path += "/"
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """A QR code of ``url`` as PNG bytes (made locally with segno: no internet needed)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
