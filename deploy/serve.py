"""``make serve``: N Streamlit processes behind Debian's nginx on one port, stopped together.

Each worker is ``streamlit run app.py`` (through ``deploy.worker``, which turns Nagle's algorithm off) on
127.0.0.1 and its own port; nginx (``deploy/nginx.conf.template``, filled in for N and the ports) listens on
``--port`` with sticky sessions and websocket upgrade. nginx runs as a foreground child with its pid file, logs
and temp folders in a run folder (a temporary folder unless ``--run-dir`` is given): nothing is written to
/etc or /var. Ctrl-C or SIGTERM stops nginx and every worker; so does one of them dying (then the exit status
is not 0). Workers also get SIGTERM from the kernel if this launcher itself is killed (``PR_SET_PDEATHSIG``),
so none is ever left behind.

The database is whatever ``make run`` uses (``DATABASE_URL`` or the SQLite file ``PPS_CANVAS_DB``): several
processes share one SQLite file in WAL mode, or one PostgreSQL database. The schema is brought up to date
(and the demo workshops loaded into an empty database) once, here, before any worker starts.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
NGINX_CANDIDATES = ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")
_PR_SET_PDEATHSIG = 1


def render_config(*, listen: str, worker_ports: Sequence[int], run_dir: Path) -> str:
    """The nginx configuration for these workers: the template with its @@…@@ fields filled in.

    Plain replacement rather than a template engine: nginx's own ``$variables`` stay untouched, and a field
    left unfilled is an error instead of a silently broken file.
    """
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=3 fail_timeout=10s;" for p in worker_ports)
    text = TEMPLATE.read_text(encoding="utf-8")
    for field, value in {
        "@@RUN_DIR@@": str(run_dir),
        "@@LISTEN@@": listen,
        "@@UPSTREAM_SERVERS@@": servers,
    }.items():
        text = text.replace(field, value)
    if re.search(r"@@[A-Z_]+@@", text):
        raise ValueError("deploy/nginx.conf.template has a field serve.py does not fill in")
    return text


def find_nginx() -> str:
    found = shutil.which("nginx") or next((c for c in NGINX_CANDIDATES if os.access(c, os.X_OK)), None)
    if not found:
        raise SystemExit("nginx is niet geïnstalleerd. Installeer het met: sudo apt-get install nginx")
    return found


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask the kernel to send this child SIGTERM when the launcher goes away, however it goes."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _prepare_database() -> None:
    """Migrate once and load the demo workshops into an empty database, before the workers race for it."""
    sys.path.insert(0, str(ROOT))
    from data.db import database_url
    from data.store import Store
    from demo import load_demo_with_community

    store = Store.open(database_url())
    if not store.workshops():
        created, coordinator_key = load_demo_with_community(store)
        for code, key in created.items():
            print(f"Demo-workshop {code}: begeleiderslink /begeleiden?key={key}", flush=True)
        if coordinator_key:
            print(f"Demo-community: coördinatorlink /community?ckey={coordinator_key}", flush=True)
    store.engine.dispose()


def streamlit_command(port: int) -> list[str]:
    """One app process on 127.0.0.1:``port``, headless, no usage statistics (also what the browser tests start).

    ``deploy.worker`` is ``streamlit run`` with Nagle's algorithm off on the connections (its docstring: 40 ms
    less on every click).
    """
    return [
        sys.executable,
        "-m",
        "deploy.worker",
        "run",
        str(ROOT / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]


class Launcher:
    """The processes of one ``make serve``: the workers, then nginx; stopped in the reverse order."""

    def __init__(self, *, workers: int, port: int, address: str, first_worker_port: int, run_dir: Path) -> None:
        self.port = port
        self.address = address
        self.worker_ports = [first_worker_port + i for i in range(workers)]
        self.run_dir = run_dir
        self.workers: list[subprocess.Popen] = []
        self.nginx: subprocess.Popen | None = None

    def start(self, *, timeout: float = 120) -> None:
        for n, port in enumerate(self.worker_ports, start=1):
            log = open(self.run_dir / f"worker-{n}.log", "wb")  # noqa: SIM115 - the child keeps it open
            self.workers.append(
                subprocess.Popen(
                    streamlit_command(port),
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    preexec_fn=_die_with_parent,
                )
            )
            log.close()
        deadline = time.monotonic() + timeout
        for n, port in enumerate(self.worker_ports, start=1):
            while not _healthy(f"http://127.0.0.1:{port}"):
                self.check_alive()
                if time.monotonic() > deadline:
                    raise RuntimeError(f"werker {n} (poort {port}) start niet; zie {self.run_dir}/worker-{n}.log")
                time.sleep(0.2)

        conf = self.run_dir / "nginx.conf"
        listen = f"{self.address}:{self.port}" if self.address else str(self.port)
        conf.write_text(render_config(listen=listen, worker_ports=self.worker_ports, run_dir=self.run_dir))
        nginx = find_nginx()
        command = [nginx, "-p", str(self.run_dir), "-e", str(self.run_dir / "error.log"), "-c", str(conf)]
        subprocess.run([*command, "-t", "-q"], check=True, stdin=subprocess.DEVNULL)
        self.nginx = subprocess.Popen(
            [*command, "-g", "daemon off;"], stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent
        )
        host = "127.0.0.1" if self.address in ("", "0.0.0.0") else self.address
        while not _healthy(f"http://{host}:{self.port}"):
            self.check_alive()
            if time.monotonic() > deadline:
                raise RuntimeError(f"nginx antwoordt niet op poort {self.port}; zie {self.run_dir}/error.log")
            time.sleep(0.1)

    @property
    def processes(self) -> list[subprocess.Popen]:
        return [*self.workers, *([self.nginx] if self.nginx else [])]

    def check_alive(self) -> None:
        for process in self.processes:
            if process.poll() is not None:
                raise RuntimeError(f"proces {process.pid} ({process.args[0]}) stopte onverwacht")

    def stop(self, grace: float = 10) -> None:
        """nginx first (no new requests), then the workers; whatever does not stop in time is killed."""
        for group in ([self.nginx] if self.nginx else [], self.workers):
            for process in group:
                if process.poll() is None:
                    # SIGQUIT is nginx's graceful stop; open websockets would hold it for a day, so SIGTERM.
                    process.terminate()
            deadline = time.monotonic() + grace
            for process in group:
                try:
                    process.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="PPS Canvas: meerdere Streamlit-processen achter nginx")
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS") or os.cpu_count() or 1))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8501))
    parser.add_argument("--address", default="0.0.0.0", help="waar nginx luistert (standaard: alle adressen)")
    parser.add_argument("--first-worker-port", type=int, help="poort van de eerste werker (standaard: --port + 1)")
    parser.add_argument("--run-dir", type=Path, help="map voor nginx.conf, pid, logs en tijdelijke bestanden")
    parser.add_argument("--print-config", action="store_true", help="druk alleen de nginx-configuratie af")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers moet minstens 1 zijn")
    first = args.first_worker_port or args.port + 1

    if args.print_config:
        run_dir = args.run_dir or Path("/srv/pps-canvas/nginx")
        listen = f"{args.address}:{args.port}" if args.address else str(args.port)
        ports = [first + i for i in range(args.workers)]
        print(render_config(listen=listen, worker_ports=ports, run_dir=run_dir.resolve()), end="")
        return 0

    find_nginx()
    own_run_dir = args.run_dir is None
    run_dir = Path(tempfile.mkdtemp(prefix="pps-serve-")) if own_run_dir else args.run_dir.resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    # Readable for nginx's worker processes: started as root, nginx runs them as an unprivileged user.
    run_dir.chmod(0o755)
    _prepare_database()

    launcher = Launcher(
        workers=args.workers, port=args.port, address=args.address, first_worker_port=first, run_dir=run_dir
    )

    def on_signal(signum: int, _frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    status = 0
    try:
        launcher.start()
        shown = "localhost" if args.address in ("", "0.0.0.0") else args.address
        print(
            f"PPS Canvas draait op http://{shown}:{args.port} met {args.workers} werker(s) achter nginx "
            f"(werkers op poort {', '.join(map(str, launcher.worker_ports))}; logs in {run_dir}). "
            "Stoppen: Ctrl-C.",
            flush=True,
        )
        while True:
            launcher.check_alive()
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    except (RuntimeError, ValueError, OSError, subprocess.CalledProcessError) as error:
        print(f"make serve stopt: {error}", file=sys.stderr, flush=True)
        status = 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        launcher.stop()
        if own_run_dir and status == 0:
            shutil.rmtree(run_dir, ignore_errors=True)
    print("PPS Canvas gestopt; alle processen zijn beëindigd.", flush=True)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
