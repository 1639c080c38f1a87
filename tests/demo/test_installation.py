"""The demo app is part of development and test installs only; production never loads it."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent

# What a fresh interpreter under the given settings knows of the demo app once the whole site is
# loaded: the URLconf (the admin's included, which runs the apps' hooks) and every command.
INSPECT_SITE = """
import json, sys
import django
django.setup()
from django.apps import apps
from django.core.management import get_commands
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps({
    "installed": apps.is_installed("demo"),
    "command_app": get_commands().get("load_demo_content"),
    "demo_modules": sorted(name for name in sys.modules if name.split(".")[0] == "demo"),
}))
"""

# The environment `make test` gives the production deploy check.
PRODUCTION_ENVIRON = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "een-lange-geheime-sleutel-alleen-voor-deze-test",
    "ALLOWED_HOSTS": "portal.example.org",
}
DEV_ENVIRON = {"DJANGO_SETTINGS_MODULE": "portal.settings.dev"}


def run(arguments, environ):
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=PROJECT_DIR,
        env={"PATH": os.environ.get("PATH", ""), **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


def inspect_site(environ):
    result = run(["-c", INSPECT_SITE], environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_loads_no_demo_code_and_has_no_demo_command():
    site = inspect_site(PRODUCTION_ENVIRON)

    assert site == {"installed": False, "command_app": None, "demo_modules": []}


def test_production_refuses_to_load_demo_content():
    result = run(["manage.py", "load_demo_content"], PRODUCTION_ENVIRON)

    assert result.returncode != 0
    assert "Unknown command: 'load_demo_content'" in result.stderr


def test_development_has_the_demo_app_and_its_command():
    site = inspect_site(DEV_ENVIRON)

    assert site["installed"] is True
    assert site["command_app"] == "demo"
