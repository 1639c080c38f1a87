"""The pages every Dutch public portal publishes: a privacy statement, an accessibility statement,
a contact page and a colofon, under the home page and linked from the footer.

Their text is a start the editors make their own: it names no organisation, address or date
that only the organisation running the portal knows, and says where to fill those in. A page
that already exists under the home page with the same slug is linked, not replaced, and nothing
is created on a database without the portal's home page. Undoing the migration leaves the
pages, which editors may have changed since.
"""

import uuid

from django.db import migrations
from django.utils import timezone

# Treebeard's materialised path: four base-36 digits per level.
PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
PATH_STEP = 4


def heading(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}, "id": str(uuid.uuid4())}


def text(html):
    return {"type": "paragraph", "value": html, "id": str(uuid.uuid4())}


PRIVACY = {
    "slug": "privacyverklaring",
    "title": "Privacyverklaring",
    "intro": (
        "Welke persoonsgegevens dit portaal bewaart, waarom, hoe lang, en hoe je ze inziet of "
        "laat wissen."
    ),
    "body": [
        text(
            "<p>Dit portaal maakt de kennis van leergemeenschappen in onderwijs en "
            "cultuureducatie landelijk zichtbaar. Daarvoor bewaren we zo min mogelijk "
            "persoonsgegevens, en niet langer dan nodig. De organisatie die het portaal beheert, "
            "is verantwoordelijk voor die gegevens; haar contactgegevens staan onderaan elke "
            "pagina.</p>"
        ),
        heading("Welke gegevens en waarom"),
        text(
            "<ul>"
            "<li><b>Mensen in leergemeenschappen en in Wie weet wat</b>: naam, organisatie, "
            "functie, e-mailadres, expertise, thema's en sectoren, en of en wanneer iemand "
            "toestemming gaf voor Wie weet wat. Zo laten we zien wie er meedoet. Je e-mailadres "
            "tonen we nooit; het blijft bewaard tot je gegevens gewist worden.</li>"
            "<li><b>Berichten via Wie weet wat</b>: we mailen je bericht door en bewaren het "
            "niet. Wel bewaren we het e-mailadres van de afzender, het tijdstip en het IP-adres, "
            "tegen misbruik, <b>90 dagen</b> lang.</li>"
            "<li><b>Aanmeldingen bij een leergemeenschap</b>: naam, e-mailadres, organisatie, "
            "rol, motivatie en IP-adres, zodat de moderator over je aanmelding kan beslissen. "
            "De aanmelding blijft bewaard als vastlegging van wie is toegelaten; het "
            "<b>IP-adres wissen we na 30 dagen</b>.</li>"
            "<li><b>Kennisvragen</b>: je vraag, de toelichting, je e-mailadres en IP-adres, om "
            "je vraag te beantwoorden en misbruik te beperken. Alleen de redactie ziet je "
            "e-mailadres. Het <b>IP-adres wissen we na 30 dagen</b>, je <b>e-mailadres 180 "
            "dagen na het antwoord of het sluiten van de vraag, en uiterlijk na een jaar</b>. "
            "Publiceren we een vraag met je toestemming, dan zonder je naam en "
            "contactgegevens.</li>"
            "<li><b>Accounts van leden</b>: om in te loggen in de besloten werkruimte van je "
            "leergemeenschap, tot je account wordt verwijderd.</li>"
            "<li><b>Inloggen</b>: van mislukte pogingen de gebruikersnaam, het IP-adres, de "
            "browser en het tijdstip, nooit het wachtwoord, om het raden van wachtwoorden te "
            "stoppen: hooguit <b>een dag</b>. Van geslaagde inlogs hetzelfde, om misbruik van "
            "een account te onderzoeken: <b>30 dagen</b>. Gebruik je tweestapsverificatie, dan "
            "bewaren we de sleutel van je app en je herstelcodes tot je die uitzet.</li>"
            "<li><b>Zoekopdrachten</b> tellen we per dag, zonder wie er zocht. E-mailadressen, "
            "telefoonnummers, rekeningnummers, adressen en andere herkenbare gegevens vervangen "
            "we voordat we een zoekopdracht bewaren.</li>"
            "</ul>"
        ),
        heading("Wat we niet doen"),
        text(
            "<p>We verkopen geen gegevens en delen ze met niemand, behalve met wie ze voor het "
            "portaal verwerkt onder onze verantwoordelijkheid. Het portaal gebruikt geen "
            "cookies om je te volgen en laadt geen profielfoto's van andere diensten. Alleen "
            "een video die in een pagina is ingesloten, komt van de dienst waar hij staat; die "
            "dienst ziet dan dat je hem bekijkt.</p>"
        ),
        heading("Je rechten"),
        text(
            "<p>Je mag altijd zien welke gegevens we van je hebben, ze laten verbeteren of "
            "laten wissen. De redactie stuurt je op verzoek een bestand met alles wat het "
            "portaal over je bewaart, of wist je gegevens. Je toestemming voor Wie weet wat "
            "trek je in met de link onder elk bericht dat je via het portaal krijgt, of via de "
            "redactie. Neem contact op met de redactie; vind je dat we niet goed met je "
            "gegevens omgaan, dan kun je een klacht indienen bij de Autoriteit "
            "Persoonsgegevens.</p>"
        ),
    ],
}

ACCESSIBILITY = {
    "slug": "toegankelijkheidsverklaring",
    "title": "Toegankelijkheidsverklaring",
    "intro": (
        "Iedereen moet dit portaal kunnen gebruiken. Hier lees je hoe toegankelijk het is, hoe "
        "we dat onderzoeken en wat je doet als iets niet werkt."
    ),
    "body": [
        text(
            "<p>De organisatie die dit portaal beheert, streeft ernaar het toegankelijk te maken "
            "in overeenstemming met het Besluit digitale toegankelijkheid overheid. Deze "
            "verklaring volgt het model van de Rijksoverheid en geldt voor de openbare pagina's "
            "van het portaal en de besloten werkruimtes van leergemeenschappen.</p>"
        ),
        heading("Nalevingsstatus"),
        text(
            "<p>Het portaal voldoet gedeeltelijk aan de eisen. Het is gebouwd volgens WCAG 2.1 "
            "op niveau AA en wordt bij elke wijziging automatisch getest (zie onderzoek). Een "
            "volledig onderzoek door een onafhankelijke deskundige tegen alle succescriteria "
            "is nog niet gedaan; de beheerder vult de uitkomst hier aan zodra het er is.</p>"
        ),
        heading("Onderzoek"),
        text(
            "<p>Bij elke wijziging van het portaal openen geautomatiseerde tests de pagina's in "
            "een echte browser (Chromium) en controleren ze met axe-core op de regels van WCAG "
            "2.0 en 2.1, niveaus A en AA. Een wijziging met een ernstige of kritieke bevinding "
            "komt niet online. Zo worden onder meer gecontroleerd: de homepagina, het zoeken met "
            "filters, pagina's van leergemeenschappen, praktijkvoorbeelden, instrumenten, "
            "verhalen en evenementen, het aanmelden bij een leergemeenschap, het stellen van een "
            "kennisvraag, Wie weet wat, de bouwstenenmonitor, de besloten werkruimte en het "
            "inloggen met tweestapsverificatie, ook op een telefoonscherm.</p>"
            "<p>Wat axe niet kan beoordelen, toetsen aparte tests in de browser: de inhoud past "
            "zonder horizontaal scrollen op een scherm van 320 pixels breed, alles wat je met het "
            "toetsenbord bereikt heeft een zichtbare focus, elk formulierveld en elke knop heeft "
            "een naam, een formulier met fouten zet de focus op de samenvatting van de fouten, "
            "en Escape sluit de suggesties van het zoekvak.</p>"
        ),
        heading("Bekende problemen"),
        text(
            "<ul>"
            "<li>De beheeromgeving voor redactie en moderatoren is Wagtail. De teksten en "
            "kleuren die het portaal zelf toevoegt, zijn getest; voor de rest volgen we de "
            "toegankelijkheidsverklaring van Wagtail.</li>"
            "<li>Afbeeldingen, documenten en video's die leergemeenschappen zelf plaatsen, "
            "kunnen een beschrijving of ondertiteling missen. De redactie controleert dit bij "
            "de beoordeling van wat leergemeenschappen insturen.</li>"
            "</ul>"
        ),
        heading("Feedback en contact"),
        text(
            "<p>Loop je tegen een probleem aan, of wil je een pagina of document in een andere "
            "vorm? Neem contact op met de redactie via de contactgegevens onderaan deze pagina. "
            "Je krijgt binnen vijf werkdagen een ontvangstbevestiging en binnen drie weken een "
            "antwoord.</p>"
        ),
        heading("Handhavingsprocedure"),
        text(
            "<p>Ben je niet tevreden over hoe we je verzoek hebben behandeld, dan kun je een "
            "klacht indienen bij de Nationale ombudsman.</p>"
        ),
        heading("Over deze verklaring"),
        text(
            "<p>De beheerder van het portaal vult hier de naam van de organisatie aan, de datum "
            "waarop deze verklaring is opgesteld en vastgesteld, en de plaats van de verklaring "
            "in het register van toegankelijkheidsverklaringen.</p>"
        ),
    ],
}

CONTACT = {
    "slug": "contact",
    "title": "Contact",
    "intro": "Zo bereik je de redactie van het portaal, en zo vind je de juiste mensen voor je vraag.",
    "body": [
        heading("De redactie"),
        text(
            "<p>Voor vragen over het portaal, over je gegevens of over de toegankelijkheid: het "
            "e-mailadres, telefoonnummer en postadres van de redactie staan onderaan elke "
            "pagina.</p>"
        ),
        heading("Een vraag over je vak"),
        text(
            "<p>Heb je een kennisvraag, stel die dan via Kennisvragen: de redactie zoekt er een "
            "leergemeenschap of een deskundige bij. Zoek je iemand met kennis van een thema, kijk "
            "dan in Wie weet wat.</p>"
        ),
        heading("Meedoen met een leergemeenschap"),
        text(
            "<p>Op de pagina van elke leergemeenschap meld je je aan. De moderator van de "
            "leergemeenschap beslist over je aanmelding en laat je per e-mail weten of je "
            "bent toegelaten.</p>"
        ),
    ],
}

COLOFON = {
    "slug": "colofon",
    "title": "Colofon",
    "intro": "Wie dit portaal maken, en waarmee.",
    "body": [
        heading("Het portaal"),
        text(
            "<p>Het landelijke kennisportaal van leergemeenschappen in onderwijs en "
            "cultuureducatie. Leergemeenschappen beschrijven hier zelf hun werk en resultaten; "
            "de redactie beoordeelt wat zij insturen voordat het online komt.</p>"
        ),
        heading("Inhoud"),
        text(
            "<p>Praktijkvoorbeelden en instrumenten zijn van de leergemeenschappen die ze "
            "maakten; verhalen en evenementen van de redactie. Wil je iets overnemen, vraag het "
            "dan aan de redactie.</p>"
        ),
        heading("Techniek"),
        text(
            "<p>Het portaal is gebouwd met open source software: Wagtail en Django, met "
            "PostgreSQL als database en OpenSearch als zoekmachine.</p>"
        ),
    ],
}

PAGES = [PRIVACY, ACCESSIBILITY, CONTACT, COLOFON]


def child_path(parent_path, number):
    digits = ""
    for _ in range(PATH_STEP):
        number, digit = divmod(number, len(PATH_ALPHABET))
        digits = PATH_ALPHABET[digit] + digits
    return parent_path + digits


def create_portal_pages(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    ContentType = apps.get_model("contenttypes", "ContentType")
    StandardPage = apps.get_model("home", "StandardPage")
    HomePage = apps.get_model("home", "HomePage")
    FooterSettings = apps.get_model("home", "FooterSettings")

    site = Site.objects.filter(is_default_site=True).first()
    if site is None or not HomePage.objects.filter(pk=site.root_page_id).exists():
        return
    home = Page.objects.get(pk=site.root_page_id)
    content_type, _created = ContentType.objects.get_or_create(
        app_label="home", model="standardpage"
    )
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    last = children.order_by("-path").values_list("path", flat=True).first()
    number = int(last[-PATH_STEP:], len(PATH_ALPHABET)) if last else 0
    now = timezone.now()

    links = []
    for spec in PAGES:
        page = children.filter(slug=spec["slug"]).first()
        if page is None:
            number += 1
            page = StandardPage.objects.create(
                title=spec["title"],
                draft_title=spec["title"],
                slug=spec["slug"],
                content_type=content_type,
                path=child_path(home.path, number),
                depth=home.depth + 1,
                numchild=0,
                url_path=f"{home.url_path}{spec['slug']}/",
                locale_id=home.locale_id,
                live=True,
                first_published_at=now,
                last_published_at=now,
                intro=spec["intro"],
                body=spec["body"],
            )
        links.append(
            {"type": "link", "value": {"page": page.pk, "label": ""}, "id": str(uuid.uuid4())}
        )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())

    footer, _created = FooterSettings.objects.get_or_create(site=site)
    if not footer.page_links.raw_data:
        footer.page_links = links
        footer.save(update_fields=["page_links"])


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_footer_page_links"),
    ]

    operations = [migrations.RunPython(create_portal_pages, migrations.RunPython.noop)]
