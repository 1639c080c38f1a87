"""Members' preferences for their communities' discussions, follows by email, and the record
of every digest sent."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATELY = "direct", _("Meteen, bij elk nieuw bericht")
    DAILY = "dagelijks", _("Eén keer per dag, in een overzicht")
    WEEKLY = "wekelijks", _("Eén keer per week, in een overzicht")
    NEVER = "nooit", _("Niet")


# What a member of a community hears of its discussions until they choose.
DEFAULT_FREQUENCY = Frequency.DAILY
# The periods of a digest, and of a follow (which has no "at once" and no "never").
DIGEST_FREQUENCIES = (Frequency.DAILY, Frequency.WEEKLY)


class DiscussionPreference(models.Model):
    """How a member hears of new discussions and posts in one community; without a row,
    DEFAULT_FREQUENCY."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="discussion_preferences"
    )
    community = models.ForeignKey(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(
        _("berichten over gesprekken"),
        max_length=10,
        choices=Frequency.choices,
        default=DEFAULT_FREQUENCY,
    )
    # An email when someone mentions them or replies to their post, whatever the frequency.
    personal = models.BooleanField(
        _("als iemand je noemt of op je bericht reageert"), default=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community"], name="one_preference_per_community"
            )
        ]
        verbose_name = _("voorkeur voor gesprekken")
        verbose_name_plural = _("voorkeuren voor gesprekken")


def new_token():
    return secrets.token_urlsafe(32)


class FollowTarget(models.TextChoices):
    COMMUNITY = "leergemeenschap", _("een leergemeenschap")
    THEME = "thema", _("een thema")
    AGENDA = "agenda", _("de agenda")


class Follow(models.Model):
    """Someone follows a community, a theme or the agenda by email: what is newly published
    there reaches them in a digest. A visitor's follow counts from the confirmation link on."""

    email = models.EmailField(_("e-mailadres"), max_length=254)
    target = models.CharField(_("volgt"), max_length=20, choices=FollowTarget.choices)
    community = models.ForeignKey(
        "communities.CommunityPage",
        verbose_name=_("leergemeenschap"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    theme = models.ForeignKey(
        "home.Theme",
        verbose_name=_("thema"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    frequency = models.CharField(
        _("hoe vaak"),
        max_length=10,
        choices=[
            (value, label) for value, label in Frequency.choices if value in DIGEST_FREQUENCIES
        ],
        default=Frequency.WEEKLY,
    )
    # "leergemeenschap:<id>", "thema:<id>" or "agenda": one follow per address and subject, the
    # same on every database (a unique constraint over the nullable keys would not be).
    subject_key = models.CharField(max_length=40, editable=False)
    # Confirms the follow and identifies it in links; never shown to anyone but the follower.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("aangemeld op"), default=timezone.now)
    # When the last confirmation link went out: another only an hour later, however often the
    # form is sent for this address.
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    # For the per-address rate limit only; blanked by the daily purge.
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["email", "subject_key"], name="one_follow_per_address_and_subject"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(target="leergemeenschap", community__isnull=False, theme__isnull=True)
                    | models.Q(target="thema", theme__isnull=False, community__isnull=True)
                    | models.Q(target="agenda", theme__isnull=True, community__isnull=True)
                ),
                name="follow_names_its_subject",
            ),
        ]
        verbose_name = _("volger")
        verbose_name_plural = _("volgers")

    def __str__(self):
        return f"{self.email} → {self.subject_name}"

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        self.subject_key = subject_key(self.target, self.community_id, self.theme_id)
        super().save(*args, **kwargs)

    @property
    def subject_name(self):
        if self.target == FollowTarget.COMMUNITY:
            return self.community.title
        if self.target == FollowTarget.THEME:
            return str(self.theme)
        return str(_("de agenda"))


def subject_key(target, community_id=None, theme_id=None):
    if target == FollowTarget.COMMUNITY:
        return f"{target}:{community_id}"
    if target == FollowTarget.THEME:
        return f"{target}:{theme_id}"
    return target


class DigestSent(models.Model):
    """That `email` got (or has queued) its digest for `period`: at most one per address and
    period, however often `send_digests` runs or wherever it stopped."""

    email = models.EmailField(max_length=254)
    # "dagelijks:2026-12-07" or "wekelijks:2026-W49".
    period = models.CharField(max_length=30)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["email", "period"], name="one_digest_per_period")
        ]
