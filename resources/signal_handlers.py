"""Keep a result's community link in step with the page tree when editors move pages."""

from django.dispatch import receiver

from wagtail.signals import post_page_move

from communities.models import CommunityPage

from .models import PracticeExamplePage, ToolPage


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
