"""``python -m deploy.worker run app.py …``: ``streamlit run``, with Nagle's algorithm off on its connections and
no click lost to a script run that Streamlit already replaced (``guard_superseded_script_runs``).

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

__all__ = ["guard_superseded_script_runs", "main", "nodelay_listening_sockets"]

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


def guard_superseded_script_runs() -> bool:
    """Let a script run that Streamlit has already replaced leave the session's widget state alone.

    Why this exists: the lost clicks of a live room (tests/test_browser_no_lost_click.py). With
    ``runner.fastReruns`` (Streamlit's default), a click that arrives while a script run is going stops that
    ScriptRunner and starts a new one at once, in a second thread. The old run stops at its next yield point
    and then skips its clean-up. But a run that is already past its last yield point (a fragment run ending:
    the timer, the live watcher, the progress table, every 1–4 s) does not stop: it finishes, and its clean-up
    (``SessionState.on_script_finished``) resets every button's trigger, after the new thread had set the
    click's. The new run then read ``st.form_submit_button(...)`` as not pressed. Each ScriptRunner wraps the
    session's state in a SafeSessionState with a lock of its own, so nothing orders the two threads. A
    rerun log (``python -m deploy.rerun_log``) of a lost "Opslaan" showed exactly that order.

    The fix: the old run's clean-up checks, under the lock of its own request queue (the lock Streamlit's
    ``request_stop`` takes), whether it was told to stop; if so the new run owns the state and the clean-up
    is skipped, as Streamlit already does for a run that stopped at a yield point (the new run resets old
    triggers itself before it applies the click). Either the clean-up runs before the stop (and so before
    the new thread starts) or not at all.

    Not ``runner.fastReruns = false``: that keeps one thread per session, but then a click preempts a
    fragment run inside the same thread and the browser, under load, got a delta for a fragment path it no
    longer had ("Cannot set a node at a delta path"), went blank and disconnected (measured: 1 of 3 runs of
    the stress test). The wrapped functions are private, so a Streamlit without them gets a warning on the
    console and runs as before; tests/test_browser_no_lost_click.py fails on such a Streamlit.
    """
    try:
        from streamlit.runtime.scriptrunner_utils.script_requests import ScriptRequestType
        from streamlit.runtime.state.safe_session_state import SafeSessionState
    except ImportError:
        return False
    finished = getattr(SafeSessionState, "on_script_finished", None)
    if finished is None:
        return False
    if getattr(finished, "pps_canvas_guard", False):
        return True

    def on_script_finished(self, widget_ids_this_run, *args, **kwargs):
        # The yield callback is the ScriptRunner's bound method: the runner whose run this is.
        runner = getattr(object.__getattribute__(self, "_yield_callback"), "__self__", None)
        requests = getattr(runner, "_requests", None)
        lock = getattr(requests, "_lock", None)
        if lock is None:
            return finished(self, widget_ids_this_run, *args, **kwargs)
        with lock:
            if getattr(requests, "_state", None) == ScriptRequestType.STOP:
                return None  # replaced by a newer run, which owns the widget state now
            return finished(self, widget_ids_this_run, *args, **kwargs)

    on_script_finished.pps_canvas_guard = True  # type: ignore[attr-defined]
    SafeSessionState.on_script_finished = on_script_finished
    return True


def main(argv: list[str] | None = None) -> int:
    if not nodelay_listening_sockets():
        log.warning("TCP_NODELAY niet gezet: deze Streamlit-versie bindt zijn sockets anders (zie deploy/worker.py)")
    if not guard_superseded_script_runs():
        log.warning("Klikken kunnen verloren gaan: deze Streamlit-versie ruimt scriptruns anders op (deploy/worker.py)")
    from streamlit.web.cli import main as streamlit_main

    return streamlit_main(args=argv if argv is not None else sys.argv[1:], prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
