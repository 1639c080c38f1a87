"""The one StreamField body block set shared by every page type."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Kop"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Kop 2")), ("h3", _("Kop 3")), ("h4", _("Kop 4"))],
        default="h2",
        help_text=_("Kies niveaus op volgorde; sla er geen over, dat helpt schermlezers."),
    )

    class Meta:
        icon = "title"
        label = _("Kop")
        template = "components/blocks/heading_block.html"
        preview_value = {"text": "Wat we samen leerden", "level": "h2"}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citaat"))
    attribution = blocks.CharBlock(label=_("Bron"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Citaat")
        template = "components/blocks/quote_block.html"
        preview_value = {
            "text": "Je leert het meest van collega's die met dezelfde vraag worstelen.",
            "attribution": "Leraar basisonderwijs",
        }


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Afbeelding"))
    caption = blocks.CharBlock(label=_("Bijschrift"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Afbeelding")
        template = "components/blocks/figure_block.html"


class DocumentListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Kop"), required=False, max_length=120)
    documents = blocks.ListBlock(DocumentChooserBlock(label=_("Document")), label=_("Documenten"))

    class Meta:
        icon = "doc-full"
        label = _("Documentenlijst")
        template = "components/blocks/document_list_block.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titel"), max_length=120)
    text = blocks.TextBlock(label=_("Tekst"), required=False)
    page = blocks.PageChooserBlock(label=_("Pagina"), required=False)
    url = blocks.URLBlock(label=_("Of een externe link"), required=False)
    link_text = blocks.CharBlock(label=_("Linktekst"), max_length=60)

    class Meta:
        icon = "link"
        label = _("Oproep tot actie")
        template = "components/blocks/call_to_action_block.html"
        preview_value = {
            "title": "Sluit je aan",
            "text": "Werk mee aan een leergemeenschap in jouw regio.",
            "url": "https://example.org/",
            "link_text": "Bekijk de leergemeenschappen",
        }

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("url")):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Kies een pagina of vul een link in, niet allebei."))
                }
            )
        return value


class CaptionedEmbedBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("Link naar video of andere media"))
    title = blocks.CharBlock(
        label=_("Titel"),
        max_length=200,
        help_text=_("Beschrijft de inhoud voor wie de media niet kan zien of horen."),
    )

    class Meta:
        icon = "media"
        label = _("Media insluiten")
        template = "components/blocks/embed_block.html"


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Tekst"),
        icon="pilcrow",
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h2", "h3", "h4"],
        template="components/blocks/paragraph_block.html",
        preview_value="<p>Een leergemeenschap begint bij een gedeelde vraag.</p>",
    )
    heading = HeadingBlock()
    quote = QuoteBlock()
    image = FigureBlock()
    documents = DocumentListBlock()
    call_to_action = CallToActionBlock()
    embed = CaptionedEmbedBlock()
