"""One cluster (cluster.run) for the whole session, driven over HTTP as a visitor would, with
this process as one more machine of the set: Django here has the app servers' settings, so a
publish from here is a publish on the shared database, cache and storage."""

import os

import django

import pytest

from cluster.run import Cluster


@pytest.fixture(scope="session")
def cluster(tmp_path_factory):
    with Cluster(tmp_path_factory.mktemp("cluster")) as running:
        os.environ.update(running.env)
        django.setup()
        yield running
