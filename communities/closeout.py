"""Concluding a community: the close-out step in the editor and the harvest it leaves behind."""

from django.utils import timezone
from django.utils.translation import gettext as _

from home.models import BasePageForm

from .visibility import may_see_page


class CommunityPageForm(BasePageForm):
    """The community editor, which turns setting the status to "afgerond" into a close-out.

    Whoever concludes a community says what came of its goal and picks its harvest from the
    community's own published practice examples and tools. A moderator then submits it to the
    results review like any change; the editors' approval publishes the conclusion.
    """

    def clean(self):
        cleaned_data = super().clean()
        from .models import CommunityStatus

        if cleaned_data.get("status") != CommunityStatus.CONCLUDED:
            return cleaned_data
        if not (cleaned_data.get("goal_outcome") or "").strip():
            self.add_error(
                "goal_outcome",
                _("Beschrijf wat er van het doel is terechtgekomen voordat je afrondt."),
            )
        if not cleaned_data.get("concluded_on"):
            cleaned_data["concluded_on"] = timezone.localdate()
        self._clean_harvest()
        return cleaned_data

    def _clean_harvest(self):
        formset = self.formsets.get("harvest")
        if formset is None or not formset.is_valid():
            return
        chosen = [
            form.cleaned_data["result"]
            for form in formset.forms
            if form.cleaned_data.get("result") and not form.cleaned_data.get("DELETE")
        ]
        results = self.instance.harvestable_results() if self.instance.pk else []
        allowed = {page.pk for page in results}
        for page in chosen:
            if page.pk in allowed:
                continue
            if self.for_user is None or may_see_page(self.for_user, page):
                self.add_error(
                    None,
                    _(
                        "“%(title)s” kan niet bij de oogst: alleen gepubliceerde "
                        "praktijkvoorbeelden en instrumenten van deze leergemeenschap horen "
                        "erbij. Laat een concept eerst beoordelen."
                    )
                    % {"title": page.title},
                )
            else:
                # Any page id can be sent; one the user may not see is not named.
                self.add_error(
                    None,
                    _(
                        "Alleen gepubliceerde praktijkvoorbeelden en instrumenten van deze "
                        "leergemeenschap horen bij de oogst."
                    ),
                )
        if allowed and not chosen:
            self.add_error(
                None,
                _(
                    "Kies bij 'Oogst' welke praktijkvoorbeelden en instrumenten overblijven "
                    "als de leergemeenschap is afgerond."
                ),
            )
        if len({page.pk for page in chosen}) < len(chosen):
            self.add_error(None, _("Een pagina staat twee keer in de oogst."))


def harvested_pages_below(pages):
    """The pages in a published harvest among `pages` and everything below them.

    A harvest counts once the community is live and concluded: those pages stay in the
    knowledge base.
    """
    from django.db.models import Q

    from wagtail.models import Page

    from .models import CommunityStatus, HarvestItem

    harvested = HarvestItem.objects.filter(
        page__live=True, page__status=CommunityStatus.CONCLUDED
    ).values("result_id")
    below = Q()
    for page in pages:
        below |= Q(path__startswith=page.path)
    return list(Page.objects.filter(below, pk__in=harvested).order_by("path"))
