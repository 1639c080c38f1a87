"""Requests to join a community ("Meld je aan"), handled by the community's moderators."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class MembershipRequestStatus(models.TextChoices):
    PENDING = "pending", _("In behandeling")
    APPROVED = "approved", _("Goedgekeurd")
    DECLINED = "declined", _("Afgewezen")


class MembershipRequest(models.Model):
    community = models.ForeignKey(
        "communities.CommunityPage",
        verbose_name=_("leergemeenschap"),
        on_delete=models.CASCADE,
        related_name="membership_requests",
    )
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"), max_length=254)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    role = models.CharField(
        _("functie"), max_length=200, blank=True, help_text=_("Bijvoorbeeld: leraar groep 7.")
    )
    motivation = models.TextField(_("motivatie"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MembershipRequestStatus.choices,
        default=MembershipRequestStatus.PENDING,
    )
    created_at = models.DateTimeField(_("aangevraagd op"), auto_now_add=True)
    # Kept for the per-address rate limit only.
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="membership_requests",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("behandeld op"), null=True, blank=True)
    decline_reason = models.TextField(_("reden van afwijzing"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        constraints = [
            models.UniqueConstraint(
                "community",
                Lower("email"),
                condition=models.Q(status=MembershipRequestStatus.PENDING),
                name="one_pending_request_per_person_and_community",
            )
        ]
        indexes = [
            models.Index(fields=["email", "created_at"]),
            models.Index(fields=["ip_address", "created_at"]),
        ]

    def __str__(self):
        return f"{self.name} → {self.community.title}"
