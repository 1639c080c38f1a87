"""The following tests' communities and people: those of tests.communities.conftest."""

from tests.communities.conftest import communities, people  # noqa: F401
