"""Load through the load balancer: the portal of `make cluster` (cluster/run.py) with two app
servers against one, and a bounded mixed soak, on this machine in one run.

`make bench` runs it after the single-server figures (bench/run.py); `make bench-balancer` runs
it alone. It starts the whole set on loopback, imports a corpus, then measures through haproxy:

1. cached and uncached pages and the search API, under `wrk`, with both app servers in the
   balancer and then with one (the other stopped, as when a machine is down);
2. a mixed soak of a few minutes: visitors browsing and searching while an editor publishes
   and a bulk import runs, every answer counted; the target is no 5xx.

It prints a table and writes the figures to bench/results/balancer-….json.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

from bench.run import SEARCH_QUERIES, build_corpus, machine, percentiles, wrk

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
# The mixed soak's visitors: threads browsing and searching at once, as wrk's connections do.
BROWSERS = 4
SEARCHERS = 2
# An editor's publish every few seconds, and a bulk import of this many lines at a time.
PUBLISH_EVERY = 3.0
IMPORT_LINES = 100
# How long the balancer's health checks take to take a server out or let it back in (two
# checks two seconds apart, cluster.run.HAPROXY_CONFIG), and a little more.
HEALTH_CHECKS_SECONDS = 7


def get(url):
    """The status of a GET (None when no answer came at all) and how long it took."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = None
    return status, time.perf_counter() - started


def measured_urls(cluster):
    """What the load asks for: a page the cache serves, the same page rendered each time (a
    query parameter no page reads is answered but never stored, home.caching), and search."""
    from resources.models import PracticeExamplePage

    example = PracticeExamplePage.objects.live().order_by("path").first().url
    return {
        "home, cached": f"{cluster.url}/",
        "practice example, cached": f"{cluster.url}{example}",
        "practice example, uncached": f"{cluster.url}{example}?bench=uncached",
        "search API": f"{cluster.url}/api/search/?" + urlencode({"q": SEARCH_QUERIES[0]}),
    }


def settled(seconds=90):
    """Until the import's aftermath is done (the outbox empty) and the machine quieter, so that
    the first configuration measured is not the one that pays for it; the load average then."""
    from search.models import IndexOutboxEntry

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not IndexOutboxEntry.objects.exists() and os.getloadavg()[0] < 1.0:
            break
        time.sleep(2)
    return os.getloadavg()[0]


def under_load(urls, duration):
    figures = {}
    for name, url in urls.items():
        # Cached pages stored, and each gunicorn worker past its first requests.
        wrk(url, 3)
        report = wrk(url, duration)
        figures[name] = {
            "requests_per_second": report["requests_per_second"],
            "p95_ms": report["p95_ms"],
        }
    return figures


def soak(cluster, seconds, workdir):
    """Visitors, an editor and an import at once for `seconds`; every answer counted."""
    from wagtail.models import Page

    from bench.corpus import write
    from resources.models import PracticeExamplePage

    pages = [
        f"{cluster.url}{page.url}"
        for page in Page.objects.live().filter(depth__gt=2).specific().order_by("?")[:300]
    ]
    statuses, latencies, lock = Counter(), [], threading.Lock()
    stop_at = time.monotonic() + seconds
    done = {"published": 0, "imported": 0, "import_failures": 0}
    problems = []

    def count(status, seconds):
        with lock:
            statuses[status] += 1
            latencies.append(seconds)

    def browser(seed):
        rng = random.Random(seed)
        while time.monotonic() < stop_at:
            url = rng.choice(pages)
            # One visit in four with a filter no page reads: rendered, never stored.
            count(*get(url + ("?bench=soak" if rng.random() < 0.25 else "")))

    def searcher(seed):
        rng = random.Random(seed)
        while time.monotonic() < stop_at:
            query = urlencode({"q": rng.choice(SEARCH_QUERIES)})
            path = "/api/search/?" if rng.random() < 0.5 else "/zoeken/?"
            count(*get(f"{cluster.url}{path}{query}"))

    def editor():
        from django.db import connection

        rng = random.Random(7)
        examples = list(PracticeExamplePage.objects.live().values_list("pk", flat=True)[:200])
        try:
            while time.monotonic() < stop_at:
                page = PracticeExamplePage.objects.get(pk=rng.choice(examples))
                page.title = f"{page.title.split(' (')[0]} ({done['published'] + 1})"
                page.save_revision().publish()
                done["published"] += 1
                time.sleep(PUBLISH_EVERY)
        except Exception as error:  # reported with the figures: the soak itself goes on
            problems.append(f"publishing: {type(error).__name__}: {error}")
        finally:
            connection.close()

    def importer():
        # As an editor's bulk import on a worker machine: its own process, the same services.
        round_ = 0
        while time.monotonic() < stop_at - 20:
            round_ += 1
            path = workdir / f"soak-{round_}.jsonl"
            write(path, IMPORT_LINES, seed=1000 + round_)
            result = subprocess.run(
                [sys.executable, "manage.py", "import_content", str(path)],
                env=cluster.env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode == 0:
                done["imported"] += IMPORT_LINES
            else:
                done["import_failures"] += 1
                problems.append(f"import: {result.stderr.strip()[-300:]}")

    threads = [
        *(threading.Thread(target=browser, args=(n,)) for n in range(BROWSERS)),
        *(threading.Thread(target=searcher, args=(n,)) for n in range(SEARCHERS)),
        threading.Thread(target=editor),
        threading.Thread(target=importer),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    server_errors = sum(n for status, n in statuses.items() if status is None or status >= 500)
    return {
        "seconds": seconds,
        "requests": sum(statuses.values()),
        "statuses": {str(status): n for status, n in sorted(statuses.items(), key=str)},
        "server_errors": server_errors,
        "p95_ms": percentiles(latencies)["p95_ms"],
        **done,
        "problems": problems,
    }


def print_report(report):
    print("\nThrough the load balancer (wrk -t2 -c8, requests/s and p95 ms):\n")
    print(f"{'':30} {'two app servers':>22} {'one app server':>22}")
    for name, two in report["two"].items():
        one = report["one"][name]
        print(
            f"{name:30} {two['requests_per_second']:>12.0f}/s {two['p95_ms']:>6.1f} ms"
            f" {one['requests_per_second']:>12.0f}/s {one['p95_ms']:>6.1f} ms"
        )
    soak = report["soak"]
    print(
        f"\nMixed soak, {soak['seconds']} s: {soak['requests']} requests "
        f"({soak['statuses']}), p95 {soak['p95_ms']:.1f} ms; {soak['published']} publishes, "
        f"{soak['imported']} lines imported; 5xx or no answer: {soak['server_errors']}"
        f" ({'met' if soak['server_errors'] == 0 else 'MISSED'})"
    )
    for problem in soak["problems"]:
        print(f"  problem: {problem}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--soak", type=int, default=180, help="seconds of the mixed soak")
    options = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed (Debian package 'wrk').")
    from cluster.run import Cluster

    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-balancer-"))
    report = {"machine": machine(), "pages_requested": options.pages}
    try:
        with Cluster(workdir / "cluster") as cluster:
            os.environ.update(cluster.env)
            import django

            django.setup()
            from resources.importing import import_file
            from resources.management.commands.import_content import (
                CHATTY_LOGGERS,
                quiet_loggers,
            )

            corpus, lines = build_corpus(options.pages, workdir)
            print(f"bench: importing {lines} lines …", file=sys.stderr, flush=True)
            with quiet_loggers(CHATTY_LOGGERS):
                imported = import_file(corpus)
            if not imported.ok:
                raise RuntimeError(f"the corpus did not import: {imported.errors[:5]}")
            urls = measured_urls(cluster)
            report["load_average_before"] = settled()
            print("bench: two app servers …", file=sys.stderr, flush=True)
            report["two"] = under_load(urls, options.duration)
            cluster.processes["app-2"].stop()
            # Until then a request sent to it would be retried on the other, timed twice.
            time.sleep(HEALTH_CHECKS_SECONDS)
            print("bench: one app server …", file=sys.stderr, flush=True)
            report["one"] = under_load(urls, options.duration)
            cluster.start_app_server("app-2")
            time.sleep(HEALTH_CHECKS_SECONDS)
            print(f"bench: mixed soak, {options.soak} s …", file=sys.stderr, flush=True)
            # Wagtail logs every page the editor publishes.
            with quiet_loggers(CHATTY_LOGGERS):
                report["soak"] = soak(cluster, options.soak, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    RESULTS.mkdir(exist_ok=True)
    output = RESULTS / f"balancer-{datetime.now(UTC):%Y%m%d-%H%M%SZ}.json"
    output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print_report(report)
    print(f"\nFigures written to {output}")
    return 0 if report["soak"]["server_errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
