"""The fuzz suite: hostile input to every public endpoint, form and the importer, on the demo
site. Building the site costs more than the checks, so it is built once per backend for the
search and once for everything else."""

import pytest

from .endpoints import check_pages_listings_feeds_and_calendars, check_search_endpoints
from .forms import check_public_forms
from .importer import check_importer

pytestmark = pytest.mark.django_db


def test_search_endpoints(client, demo_site, search_backend):
    search_backend.refresh()
    check_search_endpoints(client)


def test_pages_forms_and_importer(client, demo_site):
    check_pages_listings_feeds_and_calendars(client)
    check_public_forms(client)
    # Last: what it imports would otherwise be among the pages checked above.
    check_importer()
