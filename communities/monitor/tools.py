"""The tools the monitor suggests per building block, and the tool section that lists them all."""

from collections import defaultdict

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber

from home.sections import section_model

from ..models import BuildingBlock

# How many tools the monitor suggests per building block before linking to all of them.
TOOLS_PER_BLOCK = 3


def tools_by_block(limit=TOOLS_PER_BLOCK):
    """Up to `limit` live, public tools per building block, and how many there are, in one
    query: {block pk: ([tools], total)}."""
    # The tool page type belongs to an app above this one: reach it, and the name of its field
    # that points at the blocks, through the blocks' reverse relation instead of an import.
    tools_relation = BuildingBlock._meta.get_field("tools")
    block_id = f"{tools_relation.field.name}__id"
    partition = {"partition_by": F(block_id)}
    tools = (
        tools_relation.related_model.objects.live()
        .public()
        .annotate(
            block_id=F(block_id),
            rank=Window(RowNumber(), order_by=[F("title").asc(), F("pk").asc()], **partition),
            total=Window(Count("pk"), **partition),
        )
        .filter(block_id__isnull=False, rank__lte=limit)
        .order_by("block_id", "rank")
    )
    found = defaultdict(lambda: ([], 0))
    for tool in tools:
        shown, _total = found[tool.block_id]
        found[tool.block_id] = ([*shown, tool], tool.total)
    return found


def tool_index():
    """The live, public index page of the tool section, found by its section key."""
    return section_model("tools").objects.live().public().first()
