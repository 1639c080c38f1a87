"""The fuzz suite's Hypothesis profile and its demo site (the inputs are in strategies.py).

Each test loads the demo content once and then sends many generated requests, so the budget
is set in examples per endpoint (`FUZZ_EXAMPLES`), not in time. In CI the examples are
derived from the test's name (derandomised), so a run can be repeated exactly; locally each run
explores new inputs. An input that ever made the portal fail is kept as a regular test in
test_found_examples.py.
"""

import io
import os

from django.core.management import call_command

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "portal",
    # One request can take a while on a cold engine; time is bounded by the example count.
    deadline=None,
    # The demo site is built once per test (a pytest fixture), not once per example.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=bool(os.environ.get("CI")),
    # Nothing is written next to the checkout; a failure prints the input that caused it.
    database=None,
    print_blob=True,
)
settings.load_profile("portal")


@pytest.fixture
def demo_site(db):
    call_command("load_demo_content", stdout=io.StringIO())
