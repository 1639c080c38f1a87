"""The rights on reuse reports that resources adds to the groups of communities.roles."""

from communities.roles import register_model_permissions


def register():
    register_model_permissions(
        # The editors moderate every report's note.
        editors=[
            ("resources", f"{action}_reusereport") for action in ("change", "delete", "view")
        ],
        # Moderators those on their own communities' results (reuse.reports_visible_to).
        moderators=[("resources", "view_reusereport"), ("resources", "change_reusereport")],
    )
