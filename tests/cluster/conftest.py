"""Real services for the tests of what app servers share, each on free loopback ports: Debian's
redis-server for the cache, S3Proxy for the object storage and a cluster of OpenSearch nodes.
They are started as `make cluster` starts them (cluster.run), with its helpers."""

import json
import os
import shutil
import subprocess
import urllib.request

import pytest

from cluster.run import ROOT, Process, S3Proxy, connects, free_port, wait_until


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
        wait_until("redis-server", lambda: connects(self.port), 10)

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


class ObjectStore(S3Proxy):
    """S3Proxy (scripts/object-storage) with the settings `make cluster` gives it, in a process
    of its own that a test may stop and start again: the bucket keeps its files."""

    def __init__(self, folder):
        super().__init__(folder)
        self.process = None

    def start(self):
        self.process = Process("s3proxy", self.command(), os.environ, self.folder)
        self.process.start()
        wait_until("S3Proxy", self.answers, 60)

    def stop(self):
        if self.process is not None:
            self.process.stop(seconds=20)
            self.process = None

    def objects(self):
        """The names in the bucket, read from S3Proxy's folder."""
        top = self.buckets / self.bucket
        return {str(path.relative_to(top)) for path in top.rglob("*") if path.is_file()}


@pytest.fixture(scope="module")
def object_store(tmp_path_factory):
    """One S3Proxy for the module's tests (the JVM takes a few seconds to start), stopped when
    they are done; tests that stop it start it again."""
    store = ObjectStore(tmp_path_factory.mktemp("s3proxy"))
    store.start()
    try:
        yield store
    finally:
        store.stop()


class SearchCluster:
    """OpenSearch nodes in processes of their own forming one cluster on loopback
    (scripts/search-engine node), so that a test can kill one and start it again."""

    def __init__(self, folder, size=2):
        self.folder = folder
        self.names = [f"node-{number}" for number in range(1, size + 1)]
        self.http_ports = {name: free_port() for name in self.names}
        transport_ports = [str(free_port()) for _name in self.names]
        self.environment = {
            **os.environ,
            "SEARCH_CLUSTER_NODES": ",".join(self.names),
            "SEARCH_CLUSTER_TRANSPORT_PORTS": ",".join(transport_ports),
            # Few indices here, unlike the test run's own node.
            "SEARCH_JAVA_OPTS": "-Xms512m -Xmx512m",
        }
        self.processes = {}

    def url(self, name):
        return f"http://127.0.0.1:{self.http_ports[name]}"

    @property
    def urls(self):
        return [self.url(name) for name in self.names]

    def start(self, name):
        with open(self.folder / f"{name}.log", "ab") as log:
            self.processes[name] = subprocess.Popen(
                [
                    ROOT / "scripts" / "search-engine",
                    "node",
                    str(self.http_ports[name]),
                    str(self.folder / name),
                ],
                env={**self.environment, "SEARCH_NODE_NAME": name},
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill(self, name):
        """As a machine fails: no goodbye to the other nodes."""
        process = self.processes.pop(name)
        process.kill()
        process.wait(timeout=30)

    def stop(self):
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            process.wait(timeout=60)
        self.processes = {}

    def get(self, path, name=None):
        with urllib.request.urlopen(f"{self.url(name or self.names[0])}{path}", timeout=130) as r:
            return json.load(r)

    def wait_for(self, nodes, status, via=None):
        """The cluster's health once `nodes` nodes have joined and it is `status`, asked of
        the node `via`."""
        health = self.get(
            f"/_cluster/health?wait_for_nodes={nodes}&wait_for_status={status}"
            "&wait_for_no_relocating_shards=true&timeout=120s",
            via,
        )
        assert not health["timed_out"], health
        return health

    def manager(self):
        return self.get("/_cat/cluster_manager?format=json")[0]["node"]


@pytest.fixture(scope="module")
def search_cluster(tmp_path_factory):
    """Stopped when the module's tests are done: two idle nodes would take memory and some of
    the processor from the rest of the run."""
    cluster = SearchCluster(tmp_path_factory.mktemp("search-cluster"))
    for name in cluster.names:
        cluster.start(name)
    try:
        first = cluster.http_ports[cluster.names[0]]
        wait_until("the first search node", lambda: connects(first), 180)
        cluster.wait_for(len(cluster.names), "green")
        yield cluster
    finally:
        cluster.stop()
