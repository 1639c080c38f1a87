"""Forms of the knowledge exchange: asking a question, and the triage steps in the admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList

from communities.models import CommunityPage, CommunityStatus, Person
from home.abuse import CleanTextForm, HoneypotForm
from home.models import Sector, Theme
from search.analysis import URL_PATTERN

from .models import KnowledgeQuestion

# More links than this in one question is what spam looks like, not a question.
MAX_LINKS_IN_QUESTION = 3


class AskForm(HoneypotForm, forms.ModelForm):
    """The public "Stel je vraag" form; checked first, stored only when sent (see views)."""

    themes = forms.ModelMultipleChoiceField(
        Theme.objects.order_by("name"),
        label=_("Thema's"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies de thema's waar je vraag over gaat; zo vinden we de juiste mensen."),
    )
    sector = forms.ModelChoiceField(
        Sector.objects.order_by("name"),
        label=_("Sector"),
        required=False,
        empty_label=_("Geen of weet ik niet"),
    )

    class Meta:
        model = KnowledgeQuestion
        fields = ["title", "context", "sector", "themes", "email", "consent_to_publish"]
        labels = {
            "title": _("Je vraag"),
            "context": _("Toelichting"),
            "email": _("E-mailadres voor het antwoord"),
            "consent_to_publish": _("Mijn vraag en het antwoord mogen op het portaal komen"),
        }
        help_texts = {
            "title": _("In één zin, bijvoorbeeld: Hoe houden we onze leergemeenschap levend?"),
            "email": _("We sturen het antwoord hierheen. Alleen de redactie ziet je adres."),
            "consent_to_publish": _(
                "Dan zetten we je vraag en het antwoord op het portaal, zodat anderen er ook "
                "iets aan hebben: zonder je naam, e-mailadres of organisatie, en pas nadat de "
                "redactie de tekst heeft nagelezen. Zonder toestemming krijg jij het antwoord "
                "en publiceren we niets."
            ),
        }
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": 200}),
            "context": forms.Textarea(attrs={"rows": 6, "maxlength": 4000}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 10:
            raise forms.ValidationError(_("Beschrijf je vraag in minstens tien tekens."))
        return title

    def clean_context(self):
        context = self.cleaned_data["context"].strip()
        if len(URL_PATTERN.findall(context)) > MAX_LINKS_IN_QUESTION:
            raise forms.ValidationError(
                _("Zet er hooguit %(count)s links in.") % {"count": MAX_LINKS_IN_QUESTION}
            )
        return context

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class AssignForm(forms.Form):
    """Hand a question to a community or to an expert who agreed to be asked."""

    community = forms.ModelChoiceField(
        queryset=None,
        label=_("Leergemeenschap"),
        required=False,
        help_text=_("De moderatoren krijgen de vraag en kunnen hem in het beheer beantwoorden."),
    )
    expert = forms.ModelChoiceField(
        queryset=None,
        label=_("Expert"),
        required=False,
        help_text=_(
            "Alleen mensen die in 'Wie weet wat' staan. De expert krijgt de vraag per e-mail, "
            "zonder het e-mailadres van de vraagsteller, en antwoordt aan jou."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = (
            CommunityPage.objects.live()
            .exclude(status=CommunityStatus.CONCLUDED)
            .order_by("title")
        )
        self.fields["expert"].queryset = (
            Person.objects.filter(consent_to_contact=True)
            .exclude(email="")
            .select_related("organisation")
            .order_by("name")
        )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("community") and not data.get("expert"):
            raise forms.ValidationError(_("Kies een leergemeenschap of een expert."))
        return data


class CloseForm(CleanTextForm):
    message = forms.CharField(
        label=_("Bericht aan de vraagsteller (niet verplicht)"),
        help_text=_("Alleen met een bericht krijgt de vraagsteller een e-mail."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


# The answer and the existing knowledge it points to, edited with Wagtail's own panels: the
# page chooser and the list of links that can be added to and reordered.
answer_panel = ObjectList(
    [
        FieldPanel(
            "answer",
            heading=_("Antwoord"),
            help_text=_(
                "Gaat per e-mail naar de vraagsteller, met de verwijzingen hieronder als links."
            ),
            # Comments belong to the page editor; here they would go nowhere.
            disable_comments=True,
        ),
        InlinePanel("answer_links", heading=_("Verwijzingen naar bestaande kennis")),
    ]
).bind_to_model(KnowledgeQuestion)
