"""``deploy.worker`` with a slow end to every fragment run: fault injection for tests/test_browser_no_lost_click.py.

On a loaded server a fragment run can take a while between its last yield point and its clean-up; a click that
arrives then is the one that got lost (deploy.worker.guard_superseded_script_runs). This widens that while to
``SLOW_TAIL_SECONDS``, so the stress test hits it on many of its clicks instead of about one in a hundred. With
``PPS_TEST_WITHOUT_CLICK_GUARD=1`` it starts the server without the guard, to show the same clicks get lost.
"""

from __future__ import annotations

import os
import sys
import time

from streamlit.runtime.scriptrunner import script_runner

from deploy import worker

SLOW_TAIL_SECONDS = 0.1


def _slow_tail() -> None:
    finished = script_runner.ScriptRunner._on_script_finished

    def on_script_finished(self, ctx, event, premature_stop, run_descriptor):
        if ctx.fragment_ids_this_run and not premature_stop:
            time.sleep(SLOW_TAIL_SECONDS)
        return finished(self, ctx, event, premature_stop, run_descriptor)

    script_runner.ScriptRunner._on_script_finished = on_script_finished


def main() -> int:
    _slow_tail()
    if os.environ.get("PPS_TEST_WITHOUT_CLICK_GUARD") == "1":
        from streamlit.web.cli import main as streamlit_main

        worker.nodelay_listening_sockets()
        return streamlit_main(args=sys.argv[1:], prog_name="streamlit")
    return worker.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
