"""The benchmark's side-by-side run with the reference site: what it measures against what, and
that a broken reference stops it at once, with a message, instead of losing a run."""

import argparse
import json
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bench import run

# Serves every path with the status given as its first argument, on the port given last, as
# a reference site's serve command does.
STATUS_SERVER = """
import http.server, sys
status = int(sys.argv[1])
class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(status)
        self.send_header("Location", "https://127.0.0.1/")
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[-1])), Handler).serve_forever()
"""


def options(**given):
    defaults = {"reference": None, "reference_serve": None, "reference_paths": None}
    return argparse.Namespace(**{**defaults, **given})


def wrk_figures(requests_per_second):
    return {"requests_per_second": requests_per_second}


def test_paths_file_names_an_unknown_page():
    with pytest.raises(ValueError, match="'blog /blog/'"):
        run.reference_paths("home /\nblog /blog/\narticle /blog/icelandic-baking/\n")


def test_paths_file_without_an_article_is_refused():
    with pytest.raises(ValueError, match="no 'article' line"):
        run.reference_paths("home /\n")


def test_paths_file_with_comments_and_blank_lines():
    paths = run.reference_paths("# bakerydemo\nhome /\n\narticle  /blog/icelandic-baking/\n")

    assert paths == {"home": "/", "article": "/blog/icelandic-baking/"}


def test_each_target_page_is_a_multiple_of_the_reference_article():
    pages = {
        name: {"off": wrk_figures(figure), "on": wrk_figures(4000)}
        for name, figure in [
            ("home", 120),
            ("community", 90),
            ("practice example", 150),
            ("tool", 180),
            ("listing", 80),
            ("search page", 25),
        ]
    }

    ratios = run.reference_ratios(pages, wrk_figures(60))

    assert list(ratios) == ["practice example", "tool", "community", "home"]
    assert ratios["tool"] == {"portal": 180, "reference article": 60, "ratio": 3.0}
    assert ratios["community"]["ratio"] == 1.5


def test_results_file_is_named_in_utc():
    amsterdam = datetime(2026, 12, 5, 23, 30, 15, tzinfo=ZoneInfo("Europe/Amsterdam"))

    assert run.results_path(amsterdam).name == "bench-20261205-223015Z.json"


def test_reference_checkout_without_serve_script_points_to_the_setup(tmp_path, capsys):
    with pytest.raises(SystemExit):
        run.reference_site(options(reference=tmp_path), argparse.ArgumentParser())

    assert "scripts/reference-site" in capsys.readouterr().err


def test_paths_file_alone_is_refused(tmp_path, capsys):
    paths = tmp_path / "paths.txt"
    paths.write_text("article /blog/\n")

    with pytest.raises(SystemExit):
        run.reference_site(options(reference_paths=paths), argparse.ArgumentParser())

    assert "--reference-paths needs" in capsys.readouterr().err


def test_prepared_checkout_serves_bakerydemos_pages(tmp_path):
    serve = tmp_path / "serve.sh"
    serve.write_text("#!/bin/sh\n")
    serve.chmod(0o755)

    site = run.reference_site(options(reference=tmp_path), argparse.ArgumentParser())

    assert site.command == [str(serve)]
    assert site.cwd == tmp_path
    assert site.paths == run.REFERENCE_PATHS


def test_reference_gets_none_of_the_portals_settings(monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    monkeypatch.setenv("DATABASE_URL", "postgres://127.0.0.1/bench")
    monkeypatch.setenv("PATH", "/usr/bin:/bin")

    environment = run.clean_environment()

    assert environment["PATH"] == "/usr/bin:/bin"
    assert "DJANGO_SETTINGS_MODULE" not in environment
    assert "DATABASE_URL" not in environment


def test_reference_answering_a_redirect_stops_the_check_and_the_server(tmp_path):
    site = run.ReferenceSite(
        command=[sys.executable, "-c", STATUS_SERVER, "301"],
        cwd=tmp_path,
        paths=dict(run.REFERENCE_PATHS),
        commit=None,
    )
    server = run.reference_server(site)

    with pytest.raises(RuntimeError, match="HTTP 301"), server:
        pass

    assert server.process.poll() is not None


def test_reference_page_that_is_missing_is_named(tmp_path):
    # Only the home page answers: the article is reported by name and path.
    only_home = STATUS_SERVER.replace(
        "self.send_response(status)",
        "self.send_response(200 if self.path == '/' else status)",
    )
    site = run.ReferenceSite(
        command=[sys.executable, "-c", only_home, "404"],
        cwd=tmp_path,
        paths={"home": "/", "article": "/blog/gone/"},
        commit=None,
    )

    with pytest.raises(RuntimeError, match=r"article page /blog/gone/: .*HTTP 404"):
        run.check_reference(site)


def test_reference_that_stops_while_starting_says_so(tmp_path):
    site = run.ReferenceSite(
        command=[sys.executable, "-c", "import sys; sys.exit(1)"],
        cwd=tmp_path,
        paths=dict(run.REFERENCE_PATHS),
        commit=None,
    )

    with pytest.raises(RuntimeError, match="stopped while starting"):
        run.check_reference(site)


def test_a_run_stopped_late_keeps_what_it_measured_and_says_why(tmp_path, capsys):
    output = tmp_path / "results" / "bench.json"
    report = {"setup": {"pages": 100_000}, "search": {"api, OpenSearch": {"p95_ms": 40.0}}}

    run.keep_stopped_run(output, report, TimeoutError("the database server stopped answering"))

    kept = json.loads(output.read_text())
    assert kept["search"] == {"api, OpenSearch": {"p95_ms": 40.0}}
    assert kept["stopped_by"] == "TimeoutError: the database server stopped answering"
    assert "end" in kept["load_average"]
    assert str(output) in capsys.readouterr().err
