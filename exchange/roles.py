"""The rights on knowledge questions the exchange adds to the groups of communities.roles."""

from communities.roles import register_model_permissions


def register():
    register_model_permissions(
        # The editors triage every question.
        editors=[
            ("exchange", f"{action}_knowledgequestion")
            for action in ("add", "change", "delete", "view")
        ],
        # Moderators only those assigned to their own communities (questions_visible_to).
        moderators=[
            ("exchange", "view_knowledgequestion"),
            ("exchange", "change_knowledgequestion"),
        ],
    )
