"""The portal as it runs on several machines, started on this one: `make cluster`.

Two gunicorn app servers behind haproxy, sharing Redis (cache and rate limits), an
S3-compatible bucket (uploads, S3Proxy), a two-node OpenSearch cluster and PostgreSQL, with the
workers beside them, all on loopback and with the production settings. PostgreSQL comes from
the wrapper around this command (scripts/with-postgres), which exports DATABASE_URL;
everything else is started here, in `.tmp/cluster/`, and stopped again on Ctrl-C or when the
tests that drive it (cluster/tests) are done.

    scripts/with-postgres python -m cluster.run
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
APP_SERVERS = ("app-1", "app-2")
SEARCH_NODES = ("search-1", "search-2")
# What runs beside the app servers (docs/deployment.md, "Workers beside the web server").
WORKERS = {
    "search-outbox": ["process_search_outbox", "--loop"],
    "scheduled-publishing": ["run_scheduled_publishing", "--loop"],
    "mail": ["send_queued_mail", "--loop"],
}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(what, check, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} was not ready within {seconds} seconds")


def answers(url, status=200):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == status
    except urllib.error.HTTPError as error:
        return error.code == status
    except OSError:
        return False


def connects(port):
    """Whether something listens on this loopback port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class Process:
    """One program of the set, its output in a log file of its own."""

    def __init__(self, name, argv, env, folder):
        self.name = name
        self.argv = [str(part) for part in argv]
        self.env = env
        self.log = folder / f"{name}.log"
        self.popen = None

    def start(self):
        with open(self.log, "ab") as log:
            self.popen = subprocess.Popen(
                self.argv,
                env=self.env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: Ctrl-C reaches the launcher, which stops the set in
                # order, and a kill reaches a program's children (gunicorn's workers) too.
                start_new_session=True,
            )

    @property
    def running(self):
        return self.popen is not None and self.popen.poll() is None

    def signal(self, number):
        if self.running:
            os.killpg(self.popen.pid, number)

    def kill(self):
        """As a machine fails: at once, with no goodbye."""
        self.signal(signal.SIGKILL)
        self.popen.wait(timeout=30)

    def stop(self, seconds=30):
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.kill()

    def tail(self, lines=30):
        return "".join(self.log.read_text(errors="replace").splitlines(True)[-lines:])


class S3Proxy:
    """The settings of an S3Proxy (scripts/object-storage): an S3-compatible server on a
    loopback port that keeps each bucket as a folder of files.

    Written once, when this is made: started again, it listens on the same port with the same
    credentials and serves the files written before. The program itself runs as a Process of
    its own (`command`), started by Cluster and by the fixtures of tests/cluster.
    """

    bucket = "portal-media"
    identity = "portal"

    def __init__(self, folder):
        self.folder = Path(folder)
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.secret = secrets.token_urlsafe(24)
        self.buckets = self.folder / "buckets"
        # S3Proxy makes a folder of each bucket; the portal's is there before the first upload.
        (self.buckets / self.bucket).mkdir(parents=True, exist_ok=True)
        self.properties = self.folder / "s3proxy.conf"
        self.properties.write_text(
            f"s3proxy.endpoint={self.endpoint}\n"
            "s3proxy.authorization=aws-v2-or-v4\n"
            f"s3proxy.identity={self.identity}\n"
            f"s3proxy.credential={self.secret}\n"
            "jclouds.provider=filesystem\n"
            f"jclouds.filesystem.basedir={self.buckets}\n",
            encoding="utf-8",
        )

    @property
    def env(self):
        """What points the portal at this bucket (portal/settings/base.py)."""
        return {
            "S3_BUCKET": self.bucket,
            "S3_ENDPOINT_URL": self.endpoint,
            "S3_ACCESS_KEY_ID": self.identity,
            "S3_SECRET_ACCESS_KEY": self.secret,
        }

    def command(self):
        java = shutil.which("java")
        if not java:
            raise SystemExit("S3Proxy needs Java 17 or newer (Debian: default-jdk-headless).")
        # The script fetches the jar with Maven the first time; what goes wrong it says itself.
        jar = subprocess.run(
            [ROOT / "scripts" / "object-storage", "jar"],
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        ).stdout.strip()
        return [java, "-jar", jar, "--properties", self.properties]

    def answers(self):
        # An anonymous request gets 403 once S3Proxy listens.
        return answers(f"{self.endpoint}/", status=403)


class Cluster:
    def __init__(self, folder=None):
        if not os.environ.get("DATABASE_URL"):
            raise SystemExit(
                "DATABASE_URL is not set: run this inside scripts/with-postgres "
                "(make cluster does)."
            )
        self.folder = Path(folder or tempfile.mkdtemp(prefix="portal-cluster-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        self.balancer_port = free_port()
        self.url = f"http://127.0.0.1:{self.balancer_port}"
        self.app_ports = {name: free_port() for name in APP_SERVERS}
        self.redis_port = free_port()
        self.search_ports = {name: free_port() for name in SEARCH_NODES}
        transport_ports = [str(free_port()) for _name in SEARCH_NODES]
        self.object_storage = S3Proxy(self.folder / "object-storage")
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BASE_URL": self.url,
            # Plain HTTP on loopback: no TLS in front to redirect to or to mark cookies for.
            "SECURE_SSL_REDIRECT": "false",
            "CACHE_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "SEARCH_BACKEND": "opensearch3",
            "SEARCH_URL": ",".join(self.search_url(name) for name in SEARCH_NODES),
            # Where scripts/search-engine puts the Dutch word list on each node, if there is one.
            "SEARCH_COMPOUND_WORDS": self._compound_words(),
            "STATIC_ROOT": str(self.folder / "static"),
            **self.object_storage.env,
            "EMAIL_URL": "console://",
            # haproxy adds the address it received each request from to X-Forwarded-For
            # (`option forwardfor`): the rate limits count the visitor, not the balancer.
            "TRUSTED_PROXIES": "1",
            # Search by words: the encoder's start would only slow the set's start here.
            "SEMANTIC_SEARCH": "false",
            "PYTHONUNBUFFERED": "1",
        }
        self.search_env = {
            **self.env,
            "SEARCH_CLUSTER_NODES": ",".join(SEARCH_NODES),
            "SEARCH_CLUSTER_TRANSPORT_PORTS": ",".join(transport_ports),
            "SEARCH_JAVA_OPTS": "-Xms512m -Xmx512m",
        }
        self.processes = {}

    # The parts --------------------------------------------------------------------------------

    def add(self, name, argv, env=None):
        process = Process(name, argv, env or self.env, self.folder)
        self.processes[name] = process
        process.start()
        return process

    def manage(self, *arguments):
        command = [PYTHON, "manage.py", *arguments]
        subprocess.run(command, env=self.env, cwd=ROOT, check=True, stdout=sys.stderr)

    def start_redis(self):
        redis = shutil.which("redis-server")
        if not redis:
            raise SystemExit("redis-server is missing (Debian: apt-get install redis-server).")
        self.add(
            "redis",
            [redis, "--port", self.redis_port, "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.folder],
        )  # fmt: skip
        wait_until("Redis", lambda: connects(self.redis_port), 20)

    def start_object_storage(self):
        """S3Proxy on its port, with the bucket's files of before."""
        process = self.add("object-storage", self.object_storage.command())
        wait_until("the object storage (S3Proxy)", self.object_storage.answers, 60)
        return process

    def start_search_node(self, name):
        return self.add(
            name,
            [ROOT / "scripts" / "search-engine", "node", self.search_ports[name],
             self.folder / name],
            {**self.search_env, "SEARCH_NODE_NAME": name},
        )  # fmt: skip

    def start_worker(self, name):
        return self.add(name, [PYTHON, "manage.py", *WORKERS[name]])

    def search_url(self, name):
        return f"http://127.0.0.1:{self.search_ports[name]}"

    def wait_for_search(self, nodes, status, via=SEARCH_NODES[0]):
        """Until the cluster has `nodes` nodes and is `status`, as the node `via` sees it."""
        url = (
            f"{self.search_url(via)}/_cluster/health"
            f"?wait_for_nodes={nodes}&wait_for_status={status}&timeout=1s"
        )
        wait_until(f"the search cluster ({nodes} nodes, {status})", lambda: answers(url), 300)

    def start_app_server(self, name):
        process = self.add(
            name,
            [Path(PYTHON).parent / "gunicorn", "portal.wsgi:application",
             "--bind", f"127.0.0.1:{self.app_ports[name]}", "--workers", "2",
             "--graceful-timeout", "10", "--access-logfile", "-"],
        )  # fmt: skip
        wait_until(name, lambda: answers(f"{self.app_url(name)}/healthz"), 60)
        return process

    def app_url(self, name):
        return f"http://127.0.0.1:{self.app_ports[name]}"

    def start_balancer(self):
        haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
        if not Path(haproxy).exists():
            raise SystemExit("haproxy is missing (Debian: apt-get install haproxy).")
        servers = "\n".join(
            f"    server {name} 127.0.0.1:{port} check" for name, port in self.app_ports.items()
        )
        config = self.folder / "haproxy.cfg"
        config.write_text(
            HAPROXY_CONFIG.format(port=self.balancer_port, servers=servers), encoding="utf-8"
        )
        self.add("balancer", [haproxy, "-f", config, "-db"])
        wait_until("the load balancer", lambda: answers(f"{self.url}/readyz"), 30)

    @staticmethod
    def _compound_words():
        found = subprocess.run(
            [ROOT / "scripts" / "dutch-words"], capture_output=True, check=False
        ).returncode
        return "analysis/nl-words.txt" if found == 0 else ""

    def restart_database(self):
        """PostgreSQL stopped and started again (fast: open connections are cut), as a
        database machine's restart would; the server of scripts/with-postgres."""
        data = Path(os.environ["PGDATA"])
        command = [
            Path(os.environ["POSTGRES_BINDIR"]) / "pg_ctl",
            "-D", data, "-l", data.parent / "restart.log", "-m", "fast", "-w", "restart",
        ]  # fmt: skip
        if os.geteuid() == 0:
            # PostgreSQL runs as its own system user (scripts/with-postgres).
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, cwd=data.parent, check=True, capture_output=True)

    def postgres(self, program, *arguments):
        """One of PostgreSQL's client programs (pg_dump, pg_restore, createdb), of the server's
        own version, against the cluster's server as its superuser."""
        server = urlsplit(os.environ["DATABASE_URL"])
        subprocess.run(
            [Path(os.environ["POSTGRES_BINDIR"]) / program,
             "--host", server.hostname, "--port", str(server.port),
             "--username", server.username, *arguments],
            check=True, capture_output=True,
        )  # fmt: skip

    # The whole --------------------------------------------------------------------------------

    def start(self):
        try:
            self.start_redis()
            for name in SEARCH_NODES:
                self.start_search_node(name)
            self.start_object_storage()
            # Meanwhile, what needs no engine.
            self.manage("migrate", "--no-input")
            self.manage("collectstatic", "--no-input", "--verbosity", "0")
            self.wait_for_search(len(SEARCH_NODES), "green")
            self.manage("ensure_search_index")
            for name in WORKERS:
                self.start_worker(name)
            for name in APP_SERVERS:
                self.start_app_server(name)
            self.start_balancer()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self):
        # The balancer first, the shared services last.
        for process in reversed(list(self.processes.values())):
            process.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


HAPROXY_CONFIG = """\
global
    maxconn 512

defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    # /readyz answers within a few seconds whatever hangs behind it (portal/health.py).
    timeout check 5s
    # A request an app server refuses, or drops unanswered (it died), goes to the other one
    # (but a POST: backend app_servers).
    retries 2
    option redispatch
    retry-on conn-failure empty-response junk-response

frontend portal
    bind 127.0.0.1:{port}
    # The visitor's address for the rate limits: haproxy adds it after whatever
    # X-Forwarded-For the visitor sent, and the app servers, trusting one proxy
    # (TRUSTED_PROXIES=1), read that last entry only.
    option forwardfor
    default_backend app_servers

backend app_servers
    balance roundrobin
    # Never sent twice: the first server may have done it before it died.
    http-request disable-l7-retry if METH_POST
    # Ready means the database answers; a shared service down is "degraded", still 200
    # (portal/health.py), so that no shared failure takes every server out at once.
    option httpchk
    http-check send meth GET uri /readyz ver HTTP/1.1 hdr Host 127.0.0.1
    http-check expect status 200
    default-server inter 2s fall 2 rise 2
{servers}
"""


def main():
    folder = ROOT / ".tmp" / "cluster"
    # A fresh set each time: the search nodes' data would name the last run's ports.
    shutil.rmtree(folder, ignore_errors=True)
    cluster = Cluster(folder)
    # Ctrl-C stops the set in order, also where a shell started this with SIGINT ignored.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with cluster:
        print(
            f"\nThe portal runs on {cluster.url} (two app servers behind haproxy, Redis, "
            f"object storage, two search nodes, PostgreSQL, workers).\n"
            f"Logs: {cluster.folder}. Ctrl-C stops everything.",
            flush=True,
        )
        try:
            while all(process.running for process in cluster.processes.values()):
                time.sleep(1)
            stopped = [name for name, p in cluster.processes.items() if not p.running]
            print(f"Stopped by itself: {', '.join(stopped)}; stopping the rest.", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("\nStopping ...", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
