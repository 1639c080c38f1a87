"""Real services for the tests of what app servers share: Debian's redis-server for the cache,
and S3Proxy for the object storage, each on a free loopback port."""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, name, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{name} did not start within {seconds} seconds")


class RedisServer:
    def __init__(self, folder):
        self.binary = shutil.which("redis-server")
        assert self.binary, "redis-server is missing (Debian: apt-get install redis-server)"
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, "redis-server", seconds=10)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class ObjectStore:
    """S3Proxy (scripts/object-storage): an S3-compatible server keeping buckets in a folder."""

    bucket = "portal-media"
    identity = "portal"
    secret = "portal-test-secret"

    def __init__(self, folder):
        root = Path(__file__).resolve().parents[2]
        self.jar = subprocess.run(
            [root / "scripts" / "object-storage", "jar"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        self.java = shutil.which("java")
        assert self.java, "S3Proxy needs Java 17 or newer (Debian: default-jdk-headless)"
        self.folder = folder
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.process = None
        (folder / "buckets" / self.bucket).mkdir(parents=True)
        (folder / "s3proxy.conf").write_text(
            f"s3proxy.endpoint={self.endpoint}\n"
            "s3proxy.authorization=aws-v2-or-v4\n"
            f"s3proxy.identity={self.identity}\n"
            f"s3proxy.credential={self.secret}\n"
            "jclouds.provider=filesystem\n"
            f"jclouds.filesystem.basedir={folder / 'buckets'}\n"
        )

    def start(self):
        self.process = subprocess.Popen(
            [self.java, "-jar", self.jar, "--properties", str(self.folder / "s3proxy.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port, "S3Proxy", seconds=60)

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=20)
            self.process = None

    def objects(self):
        """The names in the bucket, read from S3Proxy's folder."""
        top = self.folder / "buckets" / self.bucket
        return {str(path.relative_to(top)) for path in top.rglob("*") if path.is_file()}


@pytest.fixture(scope="session")
def object_store(tmp_path_factory):
    """One S3Proxy for the session (the JVM takes a few seconds to start); tests that stop it
    start it again."""
    store = ObjectStore(tmp_path_factory.mktemp("s3proxy"))
    store.start()
    try:
        yield store
    finally:
        store.stop()
