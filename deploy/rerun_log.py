"""Run the app with every rerun request and every script run written to a log: the tool that found the lost clicks.

    RERUN_LOG=/tmp/reruns.log .venv/bin/python -m deploy.rerun_log run app.py --server.port 8501

Each line: a monotonic time, the thread, and one of
- ``REQ``  a rerun request from a browser (``frag=`` the fragment it asks for, or ``-`` for the whole page;
  ``trig=`` the buttons pressed in it),
- ``STOP`` Streamlit stops a session's running script to start a new one (``runner.fastReruns``),
- ``RUN`` / ``WILL`` / ``FIN`` a script run starts, applies the browser's widget states (and runs callbacks),
  and finishes (``premature=`` whether it stopped at a yield point).
A click is lost when a ``FIN ... premature= False`` of an older run comes after the ``WILL`` of the run that
carries the click (``docs/benchmarks.md``, "Verloren klikken"). It wraps private Streamlit functions, so it is
a diagnostic tool, never part of ``make run`` or ``make serve``; on a Streamlit without them it stops at start.
It sits in ``deploy/`` beside ``deploy.worker``, which it starts: the one room besides the pages that may
import Streamlit.
"""

from __future__ import annotations

import os
import sys
import threading
import time


def _install(log_path: str) -> None:
    from streamlit.runtime import app_session
    from streamlit.runtime.scriptrunner import script_runner
    from streamlit.runtime.state import session_state

    out = open(log_path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - open for the life of the server
    lock = threading.Lock()

    def log(*parts: object) -> None:
        with lock:
            out.write(f"{time.monotonic():.3f} {threading.current_thread().name} {' '.join(map(str, parts))}\n")

    def pressed(states) -> list[str]:
        widgets = states.widgets if states is not None else []
        return [
            w.id.rsplit("-", 1)[-1] for w in widgets if w.WhichOneof("value") == "trigger_value" and w.trigger_value
        ]

    request_rerun = app_session.AppSession.request_rerun

    def logged_request_rerun(self, client_state):
        if client_state:
            log(
                "REQ",
                self.id[:6],
                f"frag={client_state.fragment_id[-12:] or '-'}",
                "trig=",
                pressed(client_state.widget_states),
            )
        return request_rerun(self, client_state)

    run_script = script_runner.ScriptRunner._run_script

    def logged_run_script(self, rerun_data):
        log("RUN", self._session_id[:6], "queue=", [f[-12:] for f in rerun_data.fragment_id_queue])
        return run_script(self, rerun_data)

    request_stop = script_runner.ScriptRunner.request_stop

    def logged_request_stop(self):
        log("STOP", self._session_id[:6])
        return request_stop(self)

    will_rerun = session_state.SessionState.on_script_will_rerun

    def logged_will_rerun(self, states, *args, **kwargs):
        log("WILL", "trig=", pressed(states))
        return will_rerun(self, states, *args, **kwargs)

    finished = script_runner.ScriptRunner._on_script_finished

    def logged_finished(self, ctx, event, premature_stop, run_descriptor):
        log("FIN", self._session_id[:6], event.name, "premature=", premature_stop)
        return finished(self, ctx, event, premature_stop, run_descriptor)

    app_session.AppSession.request_rerun = logged_request_rerun
    script_runner.ScriptRunner._run_script = logged_run_script
    script_runner.ScriptRunner.request_stop = logged_request_stop
    session_state.SessionState.on_script_will_rerun = logged_will_rerun
    script_runner.ScriptRunner._on_script_finished = logged_finished


def main() -> int:
    log_path = os.environ.get("RERUN_LOG")
    if not log_path:
        print("Zet RERUN_LOG op het pad van het logbestand.", file=sys.stderr)
        return 2
    _install(log_path)
    from deploy.worker import main as worker_main

    return worker_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
