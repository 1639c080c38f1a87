"""Helpers for the search tests."""

import socket


def closed_port():
    """A port on this machine where nothing listens: a real, unreachable engine."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
