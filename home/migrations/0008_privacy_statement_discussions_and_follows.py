"""The privacy statement of a new portal names the discussions, the follows by email and the
email the portal queues, with their retention periods (docs/privacy.md).

Only while the statement is still the text migration 0005 wrote, before it has a revision: a
portal already running owns its statement, and its editors add these items themselves
(docs/deployment.md, "Statements only the operator can complete").
"""

from django.db import migrations

BEFORE = "<li><b>Zoekopdrachten</b>"
ADDED = (
    "<li><b>Gesprekken in de werkruimte</b>: de tekst en bijlagen van je berichten, met je "
    "account en de tijden, en je meldingen van berichten. Alleen de leden, moderatoren en de "
    "redactie van je leergemeenschap zien ze. Verwijder je een bericht, of doet een moderator "
    "dat, dan wissen we de tekst en bijlagen. Word je gewist, dan blijven je berichten in het "
    "gesprek staan als van een voormalig lid.</li>"
    "<li><b>Volgen per e-mail</b>: je e-mailadres, wat je volgt, hoe vaak je een overzicht "
    "wilt en het IP-adres van je aanmelding. Een aanmelding die je niet bevestigt, wissen we na "
    "<b>een week</b>; het <b>IP-adres na 30 dagen</b>. Elke e-mail heeft een link waarmee je "
    "je met één klik afmeldt.</li>"
    "<li><b>E-mails van het portaal</b> over gesprekken en wat je volgt, bewaren we tot "
    "<b>30 dagen</b> nadat ze verstuurd zijn (of klaargezet, als versturen niet lukte); welke "
    "overzichten je kreeg, <b>60 dagen</b>.</li>"
)


def add_items(apps, schema_editor):
    StandardPage = apps.get_model("home", "StandardPage")
    page = StandardPage.objects.filter(
        slug="privacyverklaring", depth=3, latest_revision__isnull=True
    ).first()
    if page is None:
        return
    blocks = list(page.body.raw_data)
    for block in blocks:
        value = block.get("value")
        if block.get("type") == "paragraph" and isinstance(value, str) and BEFORE in value:
            if "Gesprekken in de werkruimte" in value:
                return
            block["value"] = value.replace(BEFORE, ADDED + BEFORE, 1)
            page.body = blocks
            page.save(update_fields=["body"])
            return


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_queuedemail"),
    ]

    operations = [migrations.RunPython(add_items, migrations.RunPython.noop)]
