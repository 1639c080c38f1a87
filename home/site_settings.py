"""What editors change in the site's chrome: the footer's text, contact details, social links and
the links to the pages every public portal has (privacy, accessibility, contact, colofon)."""

import re

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

# The text the footer has always shown, and a new site's until an editor changes it. Marked,
# not translated, here: stored in Dutch, it is translated when shown (localized_footer_text).
DEFAULT_FOOTER_TEXT = gettext_noop(
    "Het landelijke kennisportaal van leergemeenschappen in onderwijs en cultuureducatie."
)
# How people write a phone number; the link dials its digits alone (phone_uri).
PHONE_NUMBER = RegexValidator(
    r"^\+?[\d\s()-]+$",
    _("Alleen cijfers, spaties, haakjes, streepjes en een + aan het begin."),
)


class SocialLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label=_("Naam"), max_length=40, help_text=_("Zoals de bezoeker het kent: LinkedIn.")
    )
    url = blocks.URLBlock(label=_("Adres"))

    class Meta:
        icon = "link"
        label = _("Link")
        template = "components/blocks/social_link_block.html"
        preview_value = {"label": "LinkedIn", "url": "https://www.linkedin.com/"}


class FooterLinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(label=_("Pagina"))
    label = blocks.CharBlock(
        label=_("Linktekst"),
        required=False,
        max_length=60,
        help_text=_("Leeg laten: de titel van de pagina."),
    )

    class Meta:
        icon = "link"
        label = _("Link naar een pagina")


@register_setting(icon="mail")
class FooterSettings(BaseSiteSetting):
    """The footer of every page of one site. Empty fields leave their line out."""

    footer_text = models.TextField(
        _("tekst"),
        blank=True,
        default=DEFAULT_FOOTER_TEXT,
        help_text=_("Eén of twee zinnen onder de naam van het portaal."),
    )
    postal_address = models.TextField(
        _("postadres"), blank=True, help_text=_("Zoals op een envelop, elke regel apart.")
    )
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(
        _("telefoonnummer"), max_length=30, blank=True, validators=[PHONE_NUMBER]
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())], blank=True, verbose_name=_("sociale media")
    )
    page_links = StreamField(
        [("link", FooterLinkBlock())],
        blank=True,
        verbose_name=_("links naar pagina's"),
        help_text=_(
            "De pagina's die elk publiek portaal heeft: privacyverklaring, "
            "toegankelijkheidsverklaring, contact en colofon. Een pagina die niet gepubliceerd "
            "of niet openbaar is, blijft weg."
        ),
    )

    panels = [
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [FieldPanel("postal_address"), FieldPanel("email"), FieldPanel("phone")],
            heading=_("Contactgegevens"),
        ),
        FieldPanel("social_links"),
        FieldPanel("page_links"),
    ]

    class Meta:
        verbose_name = _("voettekst")
        verbose_name_plural = _("voetteksten")

    @property
    def localized_footer_text(self):
        """The text in the visitor's language when it is the one the portal ships with; an
        editor's own text as written, as the pages' content is."""
        # gettext("") would return the catalogue's header.
        return gettext(self.footer_text) if self.footer_text else ""

    def visible_page_links(self):
        """The linked pages a visitor can open, in the editors' order, each with its link text:
        [{"page": Page, "label": str}]. Read from the stored block data in one query."""
        from .models import not_expired_q  # home.models imports this module at its end

        chosen = [
            (link["value"]["page"], link["value"].get("label", ""))
            for link in self.page_links.raw_data
            if link["type"] == "link" and link["value"].get("page")
        ]
        pages = (
            Page.objects.live()
            .public()
            .filter(not_expired_q())
            .in_bulk([page_id for page_id, _label in chosen])
        )
        return [
            {"page": pages[page_id], "label": label or pages[page_id].title}
            for page_id, label in chosen
            if page_id in pages
        ]

    @property
    def has_contact_details(self):
        return bool(self.postal_address or self.email or self.phone)

    @property
    def phone_uri(self):
        """The number to dial: digits and a leading +, without the (0) that +31 (0)30 leaves
        out when dialled from abroad."""
        return "tel:" + re.sub(r"[^\d+]", "", self.phone.replace("(0)", ""))
