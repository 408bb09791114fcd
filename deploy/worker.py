"""``python -m deploy.worker run app.py …``: ``streamlit run``, with Nagle's algorithm off on its connections.

Why this exists. Streamlit's own server (Starlette on uvicorn, since Streamlit moved off Tornado) binds its
listening socket as ``socket.socket(family)``, protocol 0, and asyncio turns Nagle's algorithm off
(``TCP_NODELAY``) only for sockets created with protocol ``IPPROTO_TCP``. So every connection the server
accepts keeps Nagle on. A script run sends one small websocket frame and then the rest of the run's frames;
with Nagle on, those wait until the other side acknowledges the first, and a browser (or nginx in front of
the workers) delays that acknowledgement by 40 ms on Linux. Every click, every fragment rerun, on every page,
arrived 40 ms late: a one-button fragment rerun took 48 ms, with ``TCP_NODELAY`` 7 ms (docs/benchmarks.md).

The fix is one socket option on the listening socket (Linux gives an accepted socket the listener's
``TCP_NODELAY``), set by wrapping Streamlit's ``_bind_socket``. It is a private function, so a Streamlit that
no longer has it gets a warning on the console and runs as before; ``tests/test_serve.py`` fails on such a
Streamlit, so an upgrade cannot lose the fix without anybody noticing. Everything that starts the app uses
this module: ``make run``, ``make serve`` (deploy/serve.py) and the browser tests.
"""

from __future__ import annotations

import logging
import socket
import sys

__all__ = ["main", "nodelay_listening_sockets"]

log = logging.getLogger(__name__)


def nodelay_listening_sockets() -> bool:
    """Make Streamlit's server bind listening sockets with ``TCP_NODELAY``; ``False`` if it cannot."""
    try:
        from streamlit.web.server.starlette import starlette_server
    except ImportError:
        return False
    bind = getattr(starlette_server, "_bind_socket", None)
    if bind is None:
        return False
    if getattr(bind, "pps_canvas_nodelay", False):
        return True

    def bind_with_nodelay(*args, **kwargs) -> socket.socket:
        sock = bind(*args, **kwargs)
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    bind_with_nodelay.pps_canvas_nodelay = True  # type: ignore[attr-defined]
    starlette_server._bind_socket = bind_with_nodelay
    return True


def main(argv: list[str] | None = None) -> int:
    if not nodelay_listening_sockets():
        log.warning("TCP_NODELAY niet gezet: deze Streamlit-versie bindt zijn sockets anders (zie deploy/worker.py)")
    from streamlit.web.cli import main as streamlit_main

    return streamlit_main(args=argv if argv is not None else sys.argv[1:], prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
