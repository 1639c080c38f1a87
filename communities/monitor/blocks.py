"""The building blocks every part of the monitor goes through, read from the cache."""

from home.caching import cached

from ..models import BuildingBlock


def building_blocks():
    """The eight building blocks, stored until content changes (home.caching)."""
    return cached("building-blocks", lambda: list(BuildingBlock.objects.all()))
