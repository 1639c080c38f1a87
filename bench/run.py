"""The portal's benchmark: build a corpus, then measure indexing, search and page serving.

Run it through `make bench` (see bench/README.md), which provides a throwaway PostgreSQL and a
throwaway OpenSearch node. It prints a table and writes the same figures to a JSON file.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"
WORKERS = 2
SEARCH_QUERIES = [
    "lesbezoek",
    "feedbackgesprek",
    "startende leraren",
    "werkdruk",
    "ouderbetrokkenheid",
    "burgerschap",
    "taalontwikkeling",
    "rekenen",
    "cultuureducatie",
    "erfgoed",
    "muziekles",
    "beeldende vorming",
    "loopbaangesprek",
    "functiedifferentiatie",
    "zij-instroom",
    "inclusief onderwijs",
    "passend onderwijs",
    "sociale veiligheid",
    "pesten",
    "digitale geletterdheid",
    "formatief evalueren",
    "onderzoekend leren",
    "bibliotheek",
    "brede school",
    "bso",
    "stagebegeleiding",
    "beroepspraktijkvorming",
    "lerarenregister",
    "bekwaamheidsdossier",
    "teamontwikkeling",
    "gesprekskaart",
    "kijkwijzer",
    "lector hogeschool",
    "eigenaarschap leerlingen",
    "ouders en wijk",
    "kleine scholen",
    "schoolbestuur",
    "vmbo",
    "mbo",
    "pabo",
    "primair onderwijs",
    "voortgezet onderwijs",
    "culturele instellingen",
    "resultaten",
    "aanpak",
    "samen leren",
    "praktijkvoorbeeld",
    "instrument",
    "leergemeenschap",
    "werkt niet bestaand woord",
]


# --- Environment and servers ---


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def portal_environment(workdir, **overrides):
    """Production settings on loopback, with everything that would be secret made up here."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Plain HTTP on loopback: no redirect to HTTPS.
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "CACHE_URL": f"file://{workdir / 'cache'}",
        "SEARCH_INDEX_PREFIX": "bench_",
        "LOG_LEVEL": "WARNING",
    }
    environment.update(overrides)
    return environment


class Server:
    """gunicorn with the portal, as production runs it, on a port of its own."""

    def __init__(self, name, environment, command=None):
        self.name = name
        self.port = free_port()
        self.environment = environment
        self.command = command or [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--log-level",
            "warning",
        ]
        self.process = None

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.process = subprocess.Popen(
            self.command, cwd=ROOT, env=self.environment, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name}: the server stopped while starting")
            try:
                http_request(self.base_url + "/", timeout=5)
                return self
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"{self.name}: no answer within 60 s")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def worker_peak_memory_mb(self):
        """The highest resident memory each worker reached (VmHWM), in MB."""
        peaks = []
        for pid in child_pids(self.process.pid):
            status = Path(f"/proc/{pid}/status").read_text()
            match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                peaks.append(int(match.group(1)) / 1024)
        return peaks


def child_pids(parent):
    """The processes whose parent is `parent`: gunicorn's workers under their master."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            children.append(int(stat.parent.name))
    return children


def http_request(url, json_body=None, timeout=30):
    """GET `url`, or POST `json_body` to it; the response body, or an error unless HTTP 200."""
    parts = urlsplit(url)
    method = "GET" if json_body is None else "POST"
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request(
            method,
            parts.path + (f"?{parts.query}" if parts.query else ""),
            body=json_body,
            headers={"Content-Type": "application/json"} if json_body is not None else {},
        )
        response = connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"{method} {url}: HTTP {response.status}: {data[:200]!r}")
        return data
    finally:
        connection.close()


# --- Measurements ---


def percentiles(seconds):
    ordered = sorted(seconds)

    def at(fraction):
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] * 1000

    return {"p50_ms": at(0.50), "p95_ms": at(0.95), "p99_ms": at(0.99)}


def measure_latency(send, requests, concurrency):
    """Send every request `concurrency` at a time; latency percentiles and throughput."""

    def timed(request):
        started = time.perf_counter()
        send(request)
        return time.perf_counter() - started

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        latencies = list(pool.map(timed, requests))
    elapsed = time.perf_counter() - started
    return {
        **percentiles(latencies),
        "per_second": len(requests) / elapsed,
        "count": len(requests),
    }


def wrk(url, duration, connections=8, threads=2):
    """Requests per second and latency percentiles from wrk, bounded in time."""
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(WRK_SCRIPT),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    report = json.loads(line[len("BENCH ") :])
    if report["non_2xx"] or report["errors"]:
        raise RuntimeError(f"wrk {url}: {report['non_2xx']} non-2xx, {report['errors']} errors")
    return report


def at_both_concurrencies(send, requests):
    """Latency at concurrency 1 (three passes over the requests) and 8 (eight passes)."""
    return {
        str(concurrency): measure_latency(
            send, requests * (3 if concurrency == 1 else 8), concurrency
        )
        for concurrency in (1, 8)
    }


def measure_api(report, label, api_requests, base_url):
    """/api/search/ on one server, without and with facet filters."""
    report["search"][label] = at_both_concurrencies(http_request, api_requests(base_url, False))
    report["search"][f"{label} + facets"] = at_both_concurrencies(
        http_request, api_requests(base_url, True)
    )


def build_corpus(pages, workdir):
    from bench.corpus import write

    path = workdir / "corpus.jsonl"
    lines = write(path, pages)
    return path, lines


def import_corpus(path):
    from resources.importing import import_file

    started = time.perf_counter()
    result = import_file(path)
    elapsed = time.perf_counter() - started
    if not result.ok:
        raise RuntimeError(f"import failed: {result.errors[:5]}")
    return elapsed


def reindex():
    import io

    from django.core.management import call_command

    from wagtail.search.backends import get_search_backend

    started = time.perf_counter()
    call_command("update_index", backend_name="default", stdout=io.StringIO())
    elapsed = time.perf_counter() - started
    backend = get_search_backend()
    backend.es.indices.refresh(index=f"{backend.index_prefix}*")
    documents = backend.es.count(index=f"{backend.index_prefix}*")["count"]
    return {"documents": documents, "seconds": elapsed, "per_second": documents / elapsed}


def engine_bodies():
    """The exact _search requests the portal sends for each query, one per tier before typos
    (search.query.exact_tiers): (url path, JSON body)."""
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from search.query import engine_request, exact_tiers

    backend = get_search_backend()
    requests = []
    tiers = [tier for text in SEARCH_QUERIES for tier in exact_tiers(text, inside_words=True)]
    for tier in tiers:
        body, params = engine_request(backend.search(tier.query, Page.objects.live()))
        index = params.pop("index")
        # As the engine's client sends them: the body as JSON, the rest as URL parameters.
        query = urlencode(
            {
                key: json.dumps(value) if isinstance(value, bool) else value
                for key, value in params.items()
            }
        )
        requests.append((f"/{quote(index)}/_search?{query}", json.dumps(body)))
    return requests


def queries_per_page(urls):
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    counts = {}
    with override_settings(PAGE_CACHE_SECONDS=0):
        client = Client()
        for name, url in urls.items():
            client.get(url)  # as after any change: the site structure is stored first
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url}: HTTP {response.status_code}")
            counts[name] = len(queries)
    return counts


def page_urls():
    from communities.models import CommunityPage
    from resources.models import PracticeExamplePage

    community = CommunityPage.objects.live().order_by("path").first()
    example = PracticeExamplePage.objects.live().order_by("path").first()
    return {
        "home": "/",
        "community": community.url,
        "practice example": example.url,
        "listing": "/leergemeenschappen/",
        "search page": "/zoeken/?" + urlencode({"q": "lesbezoek"}),
    }


def facet_filter():
    """A type and a theme that the queries find, for the 'with facets' runs."""
    from home.models import Theme

    theme = Theme.objects.order_by("name").first()
    return {"type": "practice_example", "theme": theme.slug}


# --- Report ---


def table(widths, rows):
    return [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]


def print_table(report):
    setup, reindexed = report["setup"], report["reindex"]
    if setup.get("reused"):
        corpus = f"Corpus: {setup['pages']} pages already in the database (not imported this run)"
    else:
        corpus = (
            f"Corpus: {setup['pages']} pages from {setup['lines']} imported lines in "
            f"{setup['import_seconds']:.0f} s ({setup['import_per_second']:.1f} lines/s)"
        )
    out = [
        corpus,
        f"Reindex: {reindexed['documents']} documents in {reindexed['seconds']:.1f} s "
        f"({reindexed['per_second']:.0f} documents/s)",
        "",
        f"Search, {len(SEARCH_QUERIES)} queries (latency in ms):",
    ]
    rows = [("", "conc.", "p50", "p95", "p99", "req/s")]
    for name, runs in report["search"].items():
        for concurrency, figures in runs.items():
            rows.append(
                (
                    name,
                    concurrency,
                    f"{figures['p50_ms']:.1f}",
                    f"{figures['p95_ms']:.1f}",
                    f"{figures['p99_ms']:.1f}",
                    f"{figures['per_second']:.0f}",
                )
            )
    out += table([28, 6, 8, 8, 8, 8], rows)
    out += [
        "",
        f"Pages: gunicorn, {WORKERS} sync workers, wrk with 8 connections (latency in ms):",
    ]
    rows = [("page", "caching", "req/s", "p50", "p95", "p99", "queries")]
    for page, runs in report["pages"].items():
        for mode, figures in runs.items():
            rows.append(
                (
                    page,
                    mode,
                    f"{figures['requests_per_second']:.0f}",
                    f"{figures['p50_ms']:.1f}",
                    f"{figures['p95_ms']:.1f}",
                    f"{figures['p99_ms']:.1f}",
                    report["queries"][page] if mode == "off" else "",
                )
            )
    out += table([18, 8, 8, 8, 8, 8, 8], rows)
    if report.get("reference"):
        out += ["", "The reference site beside it, same load, uncached (requests/s):"]
        rows = [("pages", "reference", "portal", "ratio")]
        for pages, figures in report["reference"].items():
            rows.append(
                (
                    pages,
                    f"{figures['reference']:.0f}",
                    f"{figures['portal']:.0f}",
                    f"{figures['ratio']:.1f}x",
                )
            )
        out += table([28, 10, 8, 8], rows)
    peaks = ", ".join(
        f"{name} {max(values):.0f}" for name, values in report["memory_mb"].items() if values
    )
    out += ["", f"Peak memory per worker (MB, VmHWM): {peaks}", "", "Targets:"]
    for name, (met, detail) in report["targets"].items():
        out.append(f"  [{'met' if met else 'MISSED'}] {name}: {detail}")
    print("\n".join(out))


def targets(report):
    search = report["search"]
    api_engine = search["api, OpenSearch"]["1"]["p95_ms"]
    api_database = search["api, database"]["1"]["p95_ms"]
    raw = search["engine _search (floor)"]["1"]["p95_ms"]
    # The search page is never stored (every search is logged and its results are live), so it
    # does not count towards the cached-pages target; the table still shows it.
    cached = [
        runs["on"]["requests_per_second"]
        for page, runs in report["pages"].items()
        if page != "search page"
    ]
    result = {
        "at most 15 queries per uncached page": (
            max(report["queries"].values()) <= 15,
            f"highest {max(report['queries'].values())}",
        ),
        "reindex at least 500 documents/s": (
            report["reindex"]["per_second"] >= 500,
            f"{report['reindex']['per_second']:.0f}/s",
        ),
        "/api/search/ p95 at most 2x the raw engine p95": (
            api_engine <= 2 * raw,
            f"{api_engine:.1f} ms against {raw:.1f} ms ({api_engine / raw:.1f}x)",
        ),
        "/api/search/ p95 under 50 ms at concurrency 1": (api_engine < 50, f"{api_engine:.1f} ms"),
        "OpenSearch p95 below the database backend's": (
            api_engine < api_database,
            f"{api_engine:.1f} ms against {api_database:.1f} ms",
        ),
        "cached anonymous pages at least 1,000 requests/s": (
            min(cached) >= 1000,
            f"lowest {min(cached):.0f}/s over the {len(cached)} cacheable pages",
        ),
    }
    if report.get("reference"):
        ratios = [figures["ratio"] for figures in report["reference"].values()]
        result["uncached pages at least 3x the reference site"] = (
            min(ratios) >= 3,
            ", ".join(
                f"{page} {figures['ratio']:.1f}x" for page, figures in report["reference"].items()
            ),
        )
    return result


# --- Main ---


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20000, help="corpus size (default 20000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/results/…)")
    parser.add_argument(
        "--reference-serve",
        help="command that serves the reference site on the port given as its last argument",
    )
    parser.add_argument(
        "--reference-paths",
        type=Path,
        help="file of 'name path' lines: the reference pages to compare with (home, article)",
    )
    parser.add_argument(
        "--reuse-corpus",
        action="store_true",
        help="keep the pages already in DATABASE_URL, if any, instead of importing a corpus",
    )
    options = parser.parse_args(argv)
    for needed in ("DATABASE_URL", "SEARCH_URL"):
        if not os.environ.get(needed):
            parser.error(f"{needed} is not set: run the benchmark through `make bench`.")
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian package 'wrk').")

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    # This process imports and counts queries under the same settings the servers run with.
    os.environ.update(portal_environment(workdir))
    import django

    django.setup()
    from django.core.management import call_command

    from wagtail.models import Page

    report = {"machine": machine(), "pages_requested": options.pages}
    try:
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        if options.reuse_corpus and Page.objects.filter(depth__gt=3).exists():
            report["setup"] = {"pages": Page.objects.count(), "reused": True}
        else:
            corpus, lines = build_corpus(options.pages, workdir)
            print(f"bench: importing {lines} lines …", file=sys.stderr, flush=True)
            seconds = import_corpus(corpus)
            report["setup"] = {
                "pages": Page.objects.count(),
                "lines": lines,
                "import_seconds": seconds,
                "import_per_second": lines / seconds,
            }
        print("bench: reindexing …", file=sys.stderr, flush=True)
        report["reindex"] = reindex()

        urls = page_urls()
        report["queries"] = queries_per_page(urls)
        facets = facet_filter()
        bodies = engine_bodies()
        engine_url = os.environ["SEARCH_URL"].rstrip("/")

        def api_requests(base_url, with_facets):
            extra = facets if with_facets else {}
            return [
                f"{base_url}/api/search/?" + urlencode({"q": text, **extra})
                for text in SEARCH_QUERIES
            ]

        report["search"], report["pages"], report["memory_mb"] = {}, {}, {}
        print("bench: measuring search …", file=sys.stderr, flush=True)
        report["search"]["engine _search (floor)"] = at_both_concurrencies(
            lambda request: http_request(engine_url + request[0], request[1]), bodies
        )
        with Server("opensearch", portal_environment(workdir, PAGE_CACHE_SECONDS="0")) as engine:
            http_request(engine.base_url + "/")
            measure_api(report, "api, OpenSearch", api_requests, engine.base_url)
            print("bench: measuring pages, caching off …", file=sys.stderr, flush=True)
            for name, path in urls.items():
                http_request(engine.base_url + path)
                report["pages"][name] = {"off": wrk(engine.base_url + path, options.duration)}
            report["memory_mb"]["caching off"] = engine.worker_peak_memory_mb()
        database = portal_environment(workdir, PAGE_CACHE_SECONDS="0", SEARCH_BACKEND="database")
        with Server("database", database) as server:
            measure_api(report, "api, database", api_requests, server.base_url)
        print("bench: measuring pages, caching on …", file=sys.stderr, flush=True)
        with Server("cached", portal_environment(workdir, PAGE_CACHE_SECONDS="300")) as cached:
            for name, path in urls.items():
                http_request(cached.base_url + path)
                report["pages"][name]["on"] = wrk(cached.base_url + path, options.duration)
            report["memory_mb"]["caching on"] = cached.worker_peak_memory_mb()
        if options.reference_serve and options.reference_paths:
            report["reference"] = measure_reference(options, report)
        report["targets"] = targets(report)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    output = options.output or ROOT / "bench" / "results" / time.strftime(
        "bench-%Y%m%d-%H%M%S.json"
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, default=str))
    print_table(report)
    print(f"\nFigures written to {output}")


def measure_reference(options, report):
    """The reference site under the same load, against the portal's comparable pages."""
    paths = dict(
        line.split(None, 1)
        for line in options.reference_paths.read_text().splitlines()
        if line.strip()
    )
    comparable = {"home": "home", "article": "practice example"}
    figures = {}
    port = free_port()
    command = [*options.reference_serve.split(), str(port)]
    reference = Server("reference", dict(os.environ), command=command)
    reference.port = port
    with reference:
        for name, path in paths.items():
            ours = comparable.get(name.strip())
            if ours is None:
                continue
            http_request(reference.base_url + path.strip())
            theirs = wrk(reference.base_url + path.strip(), options.duration)
            portal = report["pages"][ours]["off"]["requests_per_second"]
            figures[f"{name.strip()} / {ours}"] = {
                "reference": theirs["requests_per_second"],
                "portal": portal,
                "ratio": portal / theirs["requests_per_second"],
            }
        report["memory_mb"]["reference"] = reference.worker_peak_memory_mb()
    return figures


def machine():
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown",
    )
    memory = next(
        (
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": memory,
        "python": sys.version.split()[0],
    }


if __name__ == "__main__":
    main()
