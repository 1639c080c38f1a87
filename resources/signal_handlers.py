"""Keep a result's community link in step with the page tree when editors move pages, and the
stored pages in step with the moderators' decisions on reuse notes."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.signals import post_page_move

from communities.models import CommunityPage
from home.caching import content_changed

from .models import PracticeExamplePage, ReuseReport, ToolPage


@receiver(post_page_move)
def follow_community_after_move(sender, instance, parent_page_after, **kwargs):
    # Wagtail's move saves a plain Page, so CommunityResultMixin.save() never sees it.
    community = CommunityPage.objects.ancestor_of(parent_page_after, inclusive=True).first()
    if community is None:
        # Moved out of a community: a hand-picked link stays as the editor left it.
        return
    for model in (PracticeExamplePage, ToolPage):
        model.objects.descendant_of(instance, inclusive=True).exclude(community=community).update(
            community=community
        )


@receiver(post_save, sender=ReuseReport)
def show_moderated_notes(sender, instance, created, raw=False, **kwargs):
    """An approved note shows, a rejected report stops counting, from the next request on, as
    a publication does. A new report does not: the stored pages show its count once they
    expire (PAGE_CACHE_SECONDS), and its sender, who has the cookie, sees it at once."""
    if not created and not raw:
        content_changed()
