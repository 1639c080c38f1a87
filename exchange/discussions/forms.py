"""The forms of the discussions: what a member types, checked before anything is stored."""

import os

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from home.abuse import CleanTextForm

from .models import REPORT_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH

TEXT_HELP = _(
    "Opmaak: een lege regel begint een nieuwe alinea, **vet**, *schuin*, een lijst begint na "
    "een lege regel met regels die met - beginnen, en een link schrijf je als "
    "[tekst](https://…) of <https://…>. Noem iemand met @ en de naam, bijvoorbeeld "
    "@jan-de-vries: die krijgt dan een e-mail."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to DISCUSSION_ATTACHMENTS files of the document types the portal takes, each at most
    DISCUSSION_ATTACHMENT_MAX_SIZE."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [upload for upload in (data or []) if upload]
        if len(files) > settings.DISCUSSION_ATTACHMENTS:
            raise forms.ValidationError(
                _("Voeg hoogstens %(count)s bijlagen toe.")
                % {"count": settings.DISCUSSION_ATTACHMENTS}
            )
        extensions = settings.WAGTAILDOCS_EXTENSIONS
        for upload in files:
            extension = os.path.splitext(upload.name)[1].lstrip(".").lower()
            if extension not in extensions:
                raise forms.ValidationError(
                    _("%(name)s: dit soort bestand kan niet. Kan wel: %(extensions)s.")
                    % {"name": upload.name, "extensions": ", ".join(extensions)}
                )
            if upload.size > settings.DISCUSSION_ATTACHMENT_MAX_SIZE:
                raise forms.ValidationError(
                    _("%(name)s is te groot; het mag hoogstens %(size)s zijn.")
                    % {
                        "name": upload.name,
                        "size": filesizeformat(settings.DISCUSSION_ATTACHMENT_MAX_SIZE),
                    }
                )
        return files


def _attachments_field():
    return AttachmentsField(
        label=_("Bijlagen"),
        required=False,
        help_text=_(
            "Alleen de leden, moderatoren en de redactie kunnen ze openen. Hoogstens "
            "%(count)s bestanden."
        )
        % {"count": settings.DISCUSSION_ATTACHMENTS},
    )


def _text_field(label):
    return forms.CharField(
        label=label, max_length=TEXT_MAX_LENGTH, widget=forms.Textarea, help_text=TEXT_HELP
    )


class DiscussionForm(CleanTextForm):
    title = forms.CharField(label=_("Onderwerp"), max_length=TITLE_MAX_LENGTH)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"] = _text_field(_("Je bericht"))
        self.fields["attachments"] = _attachments_field()


class PostForm(CleanTextForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"] = _text_field(_("Je reactie"))
        self.fields["attachments"] = _attachments_field()


class EditForm(CleanTextForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"] = _text_field(_("Je bericht"))


class ReportForm(CleanTextForm):
    reason = forms.CharField(
        label=_("Wat is er mis met dit bericht?"),
        max_length=REPORT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Alleen de moderatoren van de leergemeenschap lezen dit."),
    )


class ConfirmForm(forms.Form):
    """Nothing to fill in: the POST is the confirmation."""


class MoveForm(forms.Form):
    def __init__(self, *args, discussions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"] = forms.ModelChoiceField(
            label=_("Naar het gesprek"), queryset=discussions, empty_label=None
        )


class PostChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, post):
        author = post.author.get_full_name() if post.author else _("Voormalig lid")
        excerpt = post.text if len(post.text) <= 120 else f"{post.text[:119].rstrip()}…"
        return f"{author}: {excerpt}"


class DraftForm(forms.Form):
    def __init__(self, *args, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posts"] = PostChoiceField(
            label=_("Berichten om mee te beginnen"),
            queryset=posts,
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "Hun tekst komt in de aanpak van het concept, hun schrijvers bij de betrokkenen. "
                "Je bewerkt het daarna en stuurt het door naar de redactie."
            ),
        )
