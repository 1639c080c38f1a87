"""The demo portal's texts as data: taxonomy, people, communities and everything they publish.

All people and organisations are fictional. Pages are keyed by slug within their parent and
everything else by name or title, so the loader can find and update them on every run. Dates of
stories and events are offsets from today, so the demo never looks stale.
"""

# ruff: noqa: E501 -- prose reads better unwrapped than split into string fragments.

import datetime
from html import escape

from communities.models import CommunityForm, CommunityRoleType, CommunityStatus, MeetingFormat
from resources.models import ReuseStatus, ToolPhase


def rich(*paragraphs):
    """Rich text: one <p> per paragraph."""
    return "".join(f"<p>{escape(text, quote=False)}</p>" for text in paragraphs)


def bullets(*items):
    return "<ul>" + "".join(f"<li>{escape(item, quote=False)}</li>" for item in items) + "</ul>"


def text_block(*paragraphs, items=()):
    value = rich(*paragraphs) + (bullets(*items) if items else "")
    return {"type": "paragraph", "value": value}


def heading_block(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def quote_block(text, attribution=""):
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def post(author, days_ago, time, text, replies=(), report=None):
    """A discussion post by the demo login `author`, written `days_ago` days ago at `time`
    ("HH:MM"). `replies` are the posts under it (one level deep); `report` is a member's report
    of it to the moderators, left open: {"reporter": username, "days_ago", "time", "reason"}."""
    return {
        "author": author,
        "days_ago": days_ago,
        "time": time,
        "text": text,
        "replies": list(replies),
        "report": report,
    }


def call_to_action_block(title, text, link_text, section):
    """A call to action pointing at a section page; the loader resolves the section to a page."""
    return {
        "type": "call_to_action",
        "value": {
            "title": title,
            "text": text,
            "page": section,
            "url": "",
            "link_text": link_text,
        },
    }


# Taxonomy ---------------------------------------------------------------------------------------

THEMES = [
    (
        "Loopbaanperspectief",
        "Doorgroeimogelijkheden, functiedifferentiatie en loopbaanpaden voor leraren en onderwijsondersteuners.",
    ),
    (
        "Beroepsregistratie en lerarenregister",
        "Professionele registratie, het bekwaamheidsdossier en de wettelijke kaders rond het leraarschap.",
    ),
    (
        "Sociale veiligheid",
        "Een veilig klimaat voor leerlingen en medewerkers: voorkomen, signaleren en samen handelen.",
    ),
    (
        "Buitenschoolse opvang",
        "Samenwerking tussen school en kinderopvang, van een doorgaande lijn tot een integraal kindcentrum.",
    ),
    (
        "Cultuureducatie met kwaliteit",
        "Cultuuronderwijs dat aansluit bij het curriculum van de school en bij de culturele omgeving.",
    ),
    (
        "Digitale geletterdheid",
        "ICT-basisvaardigheden, mediawijsheid, informatievaardigheden en computational thinking.",
    ),
    (
        "Burgerschap",
        "Democratische waarden, maatschappelijke betrokkenheid en de burgerschapsopdracht van scholen.",
    ),
    (
        "Inclusief onderwijs",
        "Onderwijs waarin iedere leerling en student meedoet, ongeacht achtergrond of ondersteuningsbehoefte.",
    ),
    (
        "Praktijkgericht onderzoek",
        "Onderzoek dat begint bij vragen uit de beroepspraktijk, vaak samen met een lectoraat.",
    ),
    (
        "Publiek-private samenwerking",
        "Onderwijs en bedrijfsleven die samen opleiden, innoveren en kennis delen.",
    ),
    ("Erfgoededucatie", "Leren over en met het erfgoed uit de eigen omgeving."),
    (
        "Leergemeenschappen ontwikkelen",
        "Hoe je een leergemeenschap opzet, levend houdt, opschaalt en evalueert.",
    ),
]

# (name, abbreviation, description)
SECTORS = [
    (
        "Primair onderwijs",
        "po",
        "Basisonderwijs, speciaal basisonderwijs en integrale kindcentra.",
    ),
    ("Voortgezet onderwijs", "vo", "Vmbo, havo en vwo."),
    ("Middelbaar beroepsonderwijs", "mbo", "Beroepsopleidingen en de beroepspraktijkvorming."),
    ("Hoger beroepsonderwijs", "hbo", "Hogescholen, lerarenopleidingen en lectoraten."),
    ("Cultuureducatie", "", "Kunst-, cultuur- en erfgoededucatie binnen en buiten de school."),
]

REGIONS = [
    "Landelijk",
    "Groningen",
    "Fryslân",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
]

# The terms' English names, for the English site (TaxonomyTerm.name_en), by Dutch name.
ENGLISH_NAMES = {
    "Loopbaanperspectief": "Career prospects",
    "Beroepsregistratie en lerarenregister": "Professional registration and teacher register",
    "Sociale veiligheid": "Social safety",
    "Buitenschoolse opvang": "Out-of-school care",
    "Cultuureducatie met kwaliteit": "Quality in cultural education",
    "Digitale geletterdheid": "Digital literacy",
    "Burgerschap": "Citizenship",
    "Inclusief onderwijs": "Inclusive education",
    "Praktijkgericht onderzoek": "Practice-based research",
    "Publiek-private samenwerking": "Public-private partnership",
    "Erfgoededucatie": "Heritage education",
    "Leergemeenschappen ontwikkelen": "Developing learning communities",
    "Primair onderwijs": "Primary education",
    "Voortgezet onderwijs": "Secondary education",
    "Middelbaar beroepsonderwijs": "Secondary vocational education",
    "Hoger beroepsonderwijs": "Higher professional education",
    "Cultuureducatie": "Cultural education",
    "Landelijk": "National",
    "Groningen": "Groningen",
    "Fryslân": "Friesland",
    "Drenthe": "Drenthe",
    "Overijssel": "Overijssel",
    "Flevoland": "Flevoland",
    "Gelderland": "Gelderland",
    "Utrecht": "Utrecht",
    "Noord-Holland": "North Holland",
    "Zuid-Holland": "South Holland",
    "Zeeland": "Zeeland",
    "Noord-Brabant": "North Brabant",
    "Limburg": "Limburg",
}

# (name, region)
ORGANISATIONS = [
    ("Stichting Arbeidsmarkt Primair Onderwijs", "Landelijk"),
    ("Bureau Kennis & Koers", "Utrecht"),
    ("IKC De Sterrenwachter", "Noord-Holland"),
    ("Basisschool Het Kompas", "Utrecht"),
    ("Lerarenopleiding Hogeschool Domstad", "Utrecht"),
    ("OBS De Wilgenhoek", "Gelderland"),
    ("Scholengroep Veluwe-IJssel", "Gelderland"),
    ("Kindcentrum De Boomgaard", "Noord-Brabant"),
    ("Kinderopvang Bont & Blauw", "Noord-Brabant"),
    ("Cultuurnetwerk Twente", "Overijssel"),
    ("Kunstlab Hengelo", "Overijssel"),
    ("Hogeschool Oost-Nederland", "Overijssel"),
    ("OBS De Esch", "Overijssel"),
    ("Westland Lyceum", "Zuid-Holland"),
    ("Stedelijk College Delft", "Zuid-Holland"),
    ("ROC Eemland", "Utrecht"),
    ("Hogeschool Wadden", "Groningen"),
    ("Techniekhuis Parkstad", "Limburg"),
    ("Vakschool Zuid-Limburg", "Limburg"),
    ("Hogeschool Maasland", "Limburg"),
    ("Netwerk Leergemeenschappen mbo-hbo", "Landelijk"),
    ("Erfgoedhuis Zeeland", "Zeeland"),
    ("Scheldemond College", "Zeeland"),
]

PEOPLE = [
    {
        "name": "Sanne de Vries",
        "organisation": "Bureau Kennis & Koers",
        "job_title": "Onderwerpbeheerder loopbaanperspectief",
        "email": "sanne.devries@example.org",
        "expertise": "Begeleidt leergemeenschappen van leraren en schoolleiders; weet veel van loopbaanbeleid en functiedifferentiatie in het po.",
        "themes": ["Loopbaanperspectief", "Leergemeenschappen ontwikkelen"],
        "sectors": ["po"],
        "consent_to_contact": True,
    },
    {
        "name": "Mohamed El Amrani",
        "organisation": "Stichting Arbeidsmarkt Primair Onderwijs",
        "job_title": "Programmamanager kennisgemeenschappen",
        "email": "m.elamrani@example.org",
        "expertise": "Zette de pilot met digitale kennisgemeenschappen in het primair onderwijs op en verbindt sectorpartners.",
        "themes": ["Loopbaanperspectief", "Beroepsregistratie en lerarenregister"],
        "sectors": ["po"],
        "consent_to_contact": True,
    },
    {
        "name": "Ingrid Bakker",
        "organisation": "IKC De Sterrenwachter",
        "job_title": "Leerkracht groep 7 en bouwcoördinator",
        "email": "ingrid.bakker@example.org",
        "expertise": "Ervaring met loopbaangesprekken in een team en met het combineren van lesgeven en coördineren.",
        "themes": ["Loopbaanperspectief"],
        "sectors": ["po"],
        "consent_to_contact": False,
    },
    {
        "name": "Peter Jansen",
        "organisation": "Basisschool Het Kompas",
        "job_title": "Schoolleider",
        "email": "p.jansen@example.org",
        "expertise": "Strategisch personeelsbeleid op schoolniveau; werkt met een bekwaamheidsdossier in het hele team.",
        "themes": ["Beroepsregistratie en lerarenregister", "Loopbaanperspectief"],
        "sectors": ["po"],
        "consent_to_contact": True,
    },
    {
        "name": "Joost Hendriks",
        "organisation": "Lerarenopleiding Hogeschool Domstad",
        "job_title": "Docent-onderzoeker hrm in het onderwijs",
        "email": "joost.hendriks@example.org",
        "expertise": "Onderzoekt professionele ontwikkeling en loopbanen van leraren; kan helpen bij het opzetten van kleine praktijkonderzoeken.",
        "themes": ["Loopbaanperspectief", "Praktijkgericht onderzoek"],
        "sectors": ["po", "hbo"],
        "consent_to_contact": True,
    },
    {
        "name": "Femke Visser",
        "organisation": "Bureau Kennis & Koers",
        "job_title": "Onderwerpbeheerder beroepsregistratie",
        "email": "femke.visser@example.org",
        "expertise": "Kent de wet- en regelgeving rond het leraarschap en begeleidt groepen die daar samen mee aan de slag gaan.",
        "themes": ["Beroepsregistratie en lerarenregister"],
        "sectors": ["po"],
        "consent_to_contact": True,
    },
    {
        "name": "Mirjam Postma",
        "organisation": "Lerarenopleiding Hogeschool Domstad",
        "job_title": "Lector professionele leergemeenschappen",
        "email": "mirjam.postma@example.org",
        "expertise": "Doet onderzoek naar wat leergemeenschappen opleveren en schreef mee aan de position paper van de werkgroep Kennisbasis.",
        "themes": ["Leergemeenschappen ontwikkelen", "Praktijkgericht onderzoek", "Burgerschap"],
        "sectors": ["hbo"],
        "consent_to_contact": True,
    },
    {
        "name": "Annelies Mulder",
        "organisation": "Scholengroep Veluwe-IJssel",
        "job_title": "Coördinator sociale veiligheid",
        "email": "annelies.mulder@example.org",
        "expertise": "Schrijft en evalueert veiligheidsplannen samen met leerlingen, ouders en team.",
        "themes": ["Sociale veiligheid"],
        "sectors": ["vo"],
        "consent_to_contact": True,
    },
    {
        "name": "Rik van den Berg",
        "organisation": "OBS De Wilgenhoek",
        "job_title": "Intern begeleider",
        "email": "rik.vandenberg@example.org",
        "expertise": "Werkt aan een doorgaande lijn tegen pesten van de basisschool naar het voortgezet onderwijs.",
        "themes": ["Sociale veiligheid", "Inclusief onderwijs"],
        "sectors": ["po", "vo"],
        "consent_to_contact": False,
    },
    {
        "name": "Yasmina Bouzid",
        "organisation": "Scholengroep Veluwe-IJssel",
        "job_title": "Docent maatschappijleer en vertrouwenspersoon",
        "email": "y.bouzid@example.org",
        "expertise": "Verbindt scholen, wijkteams en jongerenwerk rond veiligheid in en om de school.",
        "themes": ["Sociale veiligheid", "Burgerschap"],
        "sectors": ["vo"],
        "consent_to_contact": True,
    },
    {
        "name": "Hanneke Smit",
        "organisation": "Kindcentrum De Boomgaard",
        "job_title": "Directeur kindcentrum",
        "email": "hanneke.smit@example.org",
        "expertise": "Bracht een basisschool en een kinderopvangorganisatie samen in één kindcentrum met één team.",
        "themes": ["Buitenschoolse opvang"],
        "sectors": ["po"],
        "consent_to_contact": True,
    },
    {
        "name": "Bas Willems",
        "organisation": "Kinderopvang Bont & Blauw",
        "job_title": "Pedagogisch beleidsmedewerker",
        "email": "bas.willems@example.org",
        "expertise": "Pedagogisch beleid voor buitenschoolse opvang en het afstemmen van dagritmes met de school.",
        "themes": ["Buitenschoolse opvang"],
        "sectors": ["po"],
        "consent_to_contact": False,
    },
    {
        "name": "Eva Timmermans",
        "organisation": "Bureau Kennis & Koers",
        "job_title": "Onderwerpbeheerder onderwijs en opvang",
        "email": "eva.timmermans@example.org",
        "expertise": "Begeleidt samenwerkingen tussen onderwijs en kinderopvang en zorgt dat hun kennis ook buiten de regio terechtkomt.",
        "themes": ["Buitenschoolse opvang", "Leergemeenschappen ontwikkelen"],
        "sectors": ["po"],
        "consent_to_contact": True,
    },
    {
        "name": "Lotte Kuipers",
        "organisation": "Cultuurnetwerk Twente",
        "job_title": "Adviseur cultuureducatie",
        "email": "lotte.kuipers@example.org",
        "expertise": "Kennisregisseur voor cultuureducatie in de regio: verbindt scholen, culturele instellingen en de hogeschool.",
        "themes": ["Cultuureducatie met kwaliteit", "Leergemeenschappen ontwikkelen"],
        "sectors": ["Cultuureducatie", "po"],
        "consent_to_contact": True,
    },
    {
        "name": "Daan Oosterhuis",
        "organisation": "Kunstlab Hengelo",
        "job_title": "Artistiek leider",
        "email": "daan.oosterhuis@example.org",
        "expertise": "Ontwerpt met kunstenaars en leerkrachten projecten waarin leerlingen onderzoekend en maakgericht werken.",
        "themes": ["Cultuureducatie met kwaliteit"],
        "sectors": ["Cultuureducatie"],
        "consent_to_contact": True,
    },
    {
        "name": "Marieke Brouwer",
        "organisation": "Hogeschool Oost-Nederland",
        "job_title": "Lector cultuureducatie",
        "email": "marieke.brouwer@example.org",
        "expertise": "Onderzoekt de kwaliteit van cultuuronderwijs en hoe scholen en culturele partners van elkaar leren.",
        "themes": ["Cultuureducatie met kwaliteit", "Praktijkgericht onderzoek"],
        "sectors": ["Cultuureducatie", "hbo"],
        "consent_to_contact": True,
    },
    {
        "name": "Gijs Nijhuis",
        "organisation": "Hogeschool Oost-Nederland",
        "job_title": "Docent-onderzoeker kunsteducatie",
        "email": "gijs.nijhuis@example.org",
        "expertise": "Legt vast wat het leernetwerk leert, zodat anderen het kunnen gebruiken; schrijft mee aan vakpublicaties.",
        "themes": ["Cultuureducatie met kwaliteit", "Leergemeenschappen ontwikkelen"],
        "sectors": ["Cultuureducatie", "hbo"],
        "consent_to_contact": False,
    },
    {
        "name": "Esra Yilmaz",
        "organisation": "OBS De Esch",
        "job_title": "Leerkracht en cultuurcoördinator",
        "email": "esra.yilmaz@example.org",
        "expertise": "Maakte met het team een cultuurplan dat aansluit bij de wereldoriëntatie van de school.",
        "themes": ["Cultuureducatie met kwaliteit"],
        "sectors": ["po", "Cultuureducatie"],
        "consent_to_contact": True,
    },
    {
        "name": "Thomas de Graaf",
        "organisation": "Westland Lyceum",
        "job_title": "Docent informatica",
        "email": "thomas.degraaf@example.org",
        "expertise": "Ontwikkelt lessen digitale geletterdheid voor de onderbouw en begeleidt collega's die ermee starten.",
        "themes": ["Digitale geletterdheid"],
        "sectors": ["vo"],
        "consent_to_contact": True,
    },
    {
        "name": "Nadia Rachidi",
        "organisation": "Stedelijk College Delft",
        "job_title": "Mediacoach",
        "email": "nadia.rachidi@example.org",
        "expertise": "Helpt docenten met online samenwerken en met lessen over mediawijsheid.",
        "themes": ["Digitale geletterdheid"],
        "sectors": ["vo"],
        "consent_to_contact": True,
    },
    {
        "name": "Wouter Peeters",
        "organisation": "Westland Lyceum",
        "job_title": "Docent Nederlands",
        "email": "wouter.peeters@example.org",
        "expertise": "Koppelt informatievaardigheden aan lezen en schrijven in de onderbouw.",
        "themes": ["Digitale geletterdheid"],
        "sectors": ["vo"],
        "consent_to_contact": False,
    },
    {
        "name": "Sophie Lambrechts",
        "organisation": "Stedelijk College Delft",
        "job_title": "Docent biologie",
        "email": "sophie.lambrechts@example.org",
        "expertise": "Gebruikt data en simulaties in de biologieles en ontwikkelt daar lesmateriaal voor.",
        "themes": ["Digitale geletterdheid"],
        "sectors": ["vo"],
        "consent_to_contact": False,
    },
    {
        "name": "Karin Dekker",
        "organisation": "ROC Eemland",
        "job_title": "Docent burgerschap",
        "email": "karin.dekker@example.org",
        "expertise": "Ontwerpt burgerschapsonderwijs dat aansluit bij de beroepspraktijk van studenten.",
        "themes": ["Burgerschap"],
        "sectors": ["mbo"],
        "consent_to_contact": True,
    },
    {
        "name": "Jeroen Koster",
        "organisation": "ROC Eemland",
        "job_title": "Teamleider zorg en welzijn",
        "email": "jeroen.koster@example.org",
        "expertise": "Stuurt op onderwijsontwikkeling in teams en maakt ruimte voor kenniskringen.",
        "themes": ["Burgerschap", "Leergemeenschappen ontwikkelen"],
        "sectors": ["mbo"],
        "consent_to_contact": False,
    },
    {
        "name": "Fatima Ouali",
        "organisation": "ROC Eemland",
        "job_title": "Loopbaanbegeleider",
        "email": "fatima.ouali@example.org",
        "expertise": "Kent de stagebedrijven en de vragen van studenten; verbindt docenten met de praktijk.",
        "themes": ["Burgerschap", "Inclusief onderwijs"],
        "sectors": ["mbo"],
        "consent_to_contact": True,
    },
    {
        "name": "Gerrit Zwart",
        "organisation": "Hogeschool Wadden",
        "job_title": "Docent lerarenopleiding",
        "email": "gerrit.zwart@example.org",
        "expertise": "Leidt intervisie over inclusief lesgeven en de casusmethode.",
        "themes": ["Inclusief onderwijs"],
        "sectors": ["hbo"],
        "consent_to_contact": True,
    },
    {
        "name": "Ilse Hoekstra",
        "organisation": "Hogeschool Wadden",
        "job_title": "Studentbegeleider",
        "email": "ilse.hoekstra@example.org",
        "expertise": "Ondersteunt studenten met een functiebeperking en vertaalt hun ervaringen naar het onderwijs.",
        "themes": ["Inclusief onderwijs"],
        "sectors": ["hbo"],
        "consent_to_contact": False,
    },
    {
        "name": "Kofi Mensah",
        "organisation": "Hogeschool Wadden",
        "job_title": "Lector inclusief onderwijs",
        "email": "kofi.mensah@example.org",
        "expertise": "Onderzoek naar kansengelijkheid en inclusieve didactiek in het hoger onderwijs.",
        "themes": ["Inclusief onderwijs", "Praktijkgericht onderzoek"],
        "sectors": ["hbo"],
        "consent_to_contact": True,
    },
    {
        "name": "Roel Schreurs",
        "organisation": "Techniekhuis Parkstad",
        "job_title": "Opleidingsadviseur",
        "email": "roel.schreurs@example.org",
        "expertise": "Zet leerwerkplekken op waar bedrijven, mbo en hbo samen opleiden.",
        "themes": ["Publiek-private samenwerking"],
        "sectors": ["mbo"],
        "consent_to_contact": True,
    },
    {
        "name": "Linda Hermans",
        "organisation": "Vakschool Zuid-Limburg",
        "job_title": "Praktijkdocent installatietechniek",
        "email": "linda.hermans@example.org",
        "expertise": "Werkplaatsleren met echte klantopdrachten; begeleidt studenten en collega's uit het bedrijfsleven.",
        "themes": ["Publiek-private samenwerking", "Leergemeenschappen ontwikkelen"],
        "sectors": ["mbo"],
        "consent_to_contact": True,
    },
    {
        "name": "Stijn Lemmens",
        "organisation": "Hogeschool Maasland",
        "job_title": "Docent werktuigbouwkunde",
        "email": "stijn.lemmens@example.org",
        "expertise": "Laat hbo- en mbo-studenten samen werken aan energietransitievraagstukken van bedrijven.",
        "themes": ["Publiek-private samenwerking", "Praktijkgericht onderzoek"],
        "sectors": ["hbo"],
        "consent_to_contact": False,
    },
    {
        "name": "Evelien van Dijk",
        "organisation": "Netwerk Leergemeenschappen mbo-hbo",
        "job_title": "Netwerkcoördinator",
        "email": "evelien.vandijk@example.org",
        "expertise": "Organiseert de online werksessies en de jaarlijkse werkconferentie van het landelijke netwerk.",
        "themes": ["Leergemeenschappen ontwikkelen"],
        "sectors": ["mbo", "hbo"],
        "consent_to_contact": True,
    },
    {
        "name": "Martijn Vos",
        "organisation": "Bureau Kennis & Koers",
        "job_title": "Adviseur online samenwerken",
        "email": "martijn.vos@example.org",
        "expertise": "Richt online werkruimtes in en helpt moderatoren en leden om ze levend te houden.",
        "themes": ["Leergemeenschappen ontwikkelen", "Digitale geletterdheid"],
        "sectors": ["mbo", "hbo"],
        "consent_to_contact": True,
    },
    {
        "name": "Anouk Verhoeven",
        "organisation": "Erfgoedhuis Zeeland",
        "job_title": "Erfgoededucator",
        "email": "anouk.verhoeven@example.org",
        "expertise": "Ontwikkelt met scholen lessen over het Zeeuwse erfgoed, van watersnood tot handelsgeschiedenis.",
        "themes": ["Erfgoededucatie", "Cultuureducatie met kwaliteit"],
        "sectors": ["Cultuureducatie", "vo"],
        "consent_to_contact": True,
    },
    {
        "name": "Sjoerd Kramer",
        "organisation": "Scheldemond College",
        "job_title": "Docent geschiedenis",
        "email": "sjoerd.kramer@example.org",
        "expertise": "Werkt met bronnen uit de eigen omgeving in de onderbouw.",
        "themes": ["Erfgoededucatie"],
        "sectors": ["vo"],
        "consent_to_contact": False,
    },
]

# Communities ------------------------------------------------------------------------------------

JOIN_BY_MODERATOR = "Neem contact op met de moderator. Je krijgt een uitnodiging voor de eerstvolgende bijeenkomst en toegang tot de werkruimte, waar je ook halffabricaten van anderen vindt."

COMMUNITIES = [
    {
        "slug": "loopbaanperspectief-po",
        "title": "Loopbaanperspectief in het primair onderwijs",
        "intro": "Leraren, schoolleiders en hr-adviseurs onderzoeken samen hoe je in het basisonderwijs kunt doorgroeien zonder het klaslokaal te verlaten.",
        "central_question": "Welke loopbaanpaden maken werken in het primair onderwijs aantrekkelijk, en hoe geef je die vorm binnen één schoolbestuur?",
        "shared_goal": "Binnen twee jaar een set beproefde loopbaanpaden en gespreksinstrumenten die besturen direct kunnen gebruiken, uitgeprobeerd op minstens tien scholen.",
        "form": CommunityForm.STRUCTURE,
        "status": CommunityStatus.ACTIVE,
        "region": "Landelijk",
        "meeting_format": MeetingFormat.ONLINE,
        "meeting_rhythm": "Elke vier weken een online sessie van een uur, op dinsdag na schooltijd.",
        "themes": ["Loopbaanperspectief"],
        "sectors": ["po"],
        "roles": [
            ("Sanne de Vries", CommunityRoleType.MODERATOR),
            ("Mohamed El Amrani", CommunityRoleType.INITIATOR),
            ("Martijn Vos", CommunityRoleType.ICT_COACH),
            ("Ingrid Bakker", CommunityRoleType.MEMBER),
            ("Peter Jansen", CommunityRoleType.MEMBER),
            ("Joost Hendriks", CommunityRoleType.EXTERNAL_EXPERT),
        ],
        "how_to_join": rich(
            "Werk je in het primair onderwijs en wil je meedenken over loopbaanpaden? "
            + JOIN_BY_MODERATOR
        )
        + bullets(
            "Je neemt een eigen vraag of ervaring uit je school mee.",
            "Je bent bij minstens de helft van de sessies.",
            "Je deelt wat je uitprobeert, ook als het nog niet af is.",
        ),
        "contact_name": "Sanne de Vries",
        "contact_email": "loopbaanperspectief@example.org",
        "body": [
            heading_block("Waarom deze leergemeenschap"),
            text_block(
                "Veel leerkrachten zien maar twee routes: voor de klas blijven of directeur worden. Daartussen ligt een wereld aan rollen, van specialist rekenen tot opleider in de school, die op veel scholen nog niet zichtbaar is.",
                "De leergemeenschap is een van de digitale kennisgemeenschappen waarmee de sector experimenteert. Een onderwerpbeheerder van een partnerorganisatie begeleidt de groep; de leden bepalen samen waar ze aan werken.",
            ),
            quote_block(
                "Ik dacht dat ik moest kiezen tussen lesgeven en doorgroeien. Hier ontdekte ik dat dat niet hoeft.",
                "Ingrid Bakker, leerkracht groep 7",
            ),
            heading_block("Waar we nu aan werken"),
            text_block(
                items=(
                    "Een overzicht van loopbaanpaden die besturen al gebruiken.",
                    "Een vertelkaart voor het loopbaangesprek.",
                    "Kleine praktijkonderzoeken op scholen van de leden.",
                )
            ),
        ],
    },
    {
        "slug": "beroepsregistratie-lerarenregister",
        "title": "Beroepsregistratie en het lerarenregister",
        "intro": "Een kennisgemeenschap van schoolleiders en leraren die zich voorbereidde op de wettelijke beroepsregistratie, en ontdekte dat het om meer ging dan een register.",
        "central_question": "Hoe bereiden scholen zich voor op de nieuwe wet over beroepsregistratie, zodat registratie bijdraagt aan professionele ontwikkeling in plaats van administratie?",
        "shared_goal": "Een werkwijze waarmee teams hun professionele ontwikkeling zichtbaar maken, bruikbaar voor de registratie en voor het eigen gesprek over kwaliteit.",
        "form": CommunityForm.STRUCTURE,
        "status": CommunityStatus.CONCLUDED,
        "concluded_on": datetime.date(2025, 7, 4),
        "goal_outcome": "De registratieplicht ging uiteindelijk niet door, maar het doel bleek breder dan de wet. De leden ontwikkelden een bekwaamheidsdossier dat twaalf besturen nu vrijwillig gebruiken, en een handreiking voor het teamgesprek over professionele ontwikkeling.",
        "region": "Landelijk",
        "meeting_format": MeetingFormat.BLENDED,
        "meeting_rhythm": "Maandelijks online, met twee fysieke werkdagen per jaar.",
        "themes": ["Beroepsregistratie en lerarenregister", "Loopbaanperspectief"],
        "sectors": ["po"],
        "roles": [
            ("Femke Visser", CommunityRoleType.MODERATOR),
            ("Mohamed El Amrani", CommunityRoleType.INITIATOR),
            ("Peter Jansen", CommunityRoleType.COORDINATOR),
            ("Mirjam Postma", CommunityRoleType.MEMBER),
            ("Joost Hendriks", CommunityRoleType.EXTERNAL_EXPERT),
        ],
        "how_to_join": rich(
            "Deze leergemeenschap is afgerond en neemt geen nieuwe leden meer aan. Alles wat de leden maakten staat bij de praktijkvoorbeelden; met vragen kun je terecht bij de moderator."
        ),
        "contact_name": "Femke Visser",
        "contact_email": "beroepsregistratie@example.org",
        "body": [
            heading_block("Terugblik"),
            text_block(
                "Toen de wet over beroepsregistratie werd aangekondigd, wilden schoolleiders weten wat er op hun teams af zou komen. Ze kozen voor een leergemeenschap met een duidelijk begin en eind: tot de invoering.",
                "Halverwege veranderde de politieke werkelijkheid. De groep besloot niet te stoppen, maar de vraag te verbreden: wat heb je zelf nodig om je ontwikkeling zichtbaar te maken?",
            ),
            quote_block(
                "Het register verdween, het gesprek over vakmanschap bleef.",
                "Femke Visser, onderwerpbeheerder",
            ),
        ],
    },
    {
        "slug": "sociale-veiligheid",
        "title": "Sociale veiligheid in en om de school",
        "intro": "Basisscholen en scholen voor voortgezet onderwijs op de Veluwe werken doorlopend aan een veilig klimaat, samen met leerlingen, ouders en de wijk.",
        "central_question": "Hoe houden we sociale veiligheid levend als gedeelde verantwoordelijkheid, van groep 1 tot de bovenbouw van het vo?",
        "shared_goal": "Een doorgaande lijn in afspraken en aanpak, zodat leerlingen bij de overstap naar het vo niet opnieuw hoeven te beginnen.",
        "form": CommunityForm.PROCESS,
        "status": CommunityStatus.ACTIVE,
        "region": "Gelderland",
        "meeting_format": MeetingFormat.BLENDED,
        "meeting_rhythm": "Elke zes weken, afwisselend op een van de scholen en online.",
        "themes": ["Sociale veiligheid", "Burgerschap"],
        "sectors": ["po", "vo"],
        "roles": [
            ("Annelies Mulder", CommunityRoleType.MODERATOR),
            ("Rik van den Berg", CommunityRoleType.COORDINATOR),
            ("Yasmina Bouzid", CommunityRoleType.CONNECTOR),
            ("Mirjam Postma", CommunityRoleType.EXTERNAL_EXPERT),
        ],
        "how_to_join": rich(
            "Werk je op een school in de regio en ben je betrokken bij sociale veiligheid, als leerkracht, mentor, intern begeleider of vertrouwenspersoon? "
            + JOIN_BY_MODERATOR
        ),
        "contact_name": "Annelies Mulder",
        "contact_email": "veiligheid-veluwe@example.org",
        "body": [
            text_block(
                "Sociale veiligheid is nooit af. Daarom werkt deze leergemeenschap volgens het procesmodel: geen vast eindpunt, wel elke keer een concrete vraag uit de praktijk van een van de scholen.",
                "Elke bijeenkomst begint met een casus. Daarna kiest de groep wat ze gaat uitproberen en wie er verslag van doet in de werkruimte.",
            ),
            quote_block(
                "We zijn geen vergaderclub. Wie een casus inbrengt, gaat met iets bruikbaars naar huis.",
                "Annelies Mulder, moderator",
            ),
        ],
    },
    {
        "slug": "onderwijs-en-opvang",
        "title": "Onderwijs en opvang onder één dak",
        "intro": "Leerkrachten en pedagogisch medewerkers in Zuidoost-Brabant bouwen samen aan kindcentra waar school en buitenschoolse opvang één dag vormen.",
        "central_question": "Hoe maken onderwijs en buitenschoolse opvang samen één doorlopende dag voor kinderen, met één pedagogische visie?",
        "shared_goal": "In het eerste jaar samen drie gezamenlijke activiteiten ontwerpen en uitvoeren, als begin van een gedeelde pedagogische aanpak.",
        "form": CommunityForm.ACTIVITY,
        "status": CommunityStatus.FORMING,
        "region": "Noord-Brabant",
        "meeting_format": MeetingFormat.PHYSICAL,
        "meeting_rhythm": "Eens per maand op woensdagmiddag, steeds in een ander kindcentrum.",
        "themes": ["Buitenschoolse opvang", "Inclusief onderwijs"],
        "sectors": ["po"],
        "roles": [
            ("Eva Timmermans", CommunityRoleType.MODERATOR),
            ("Hanneke Smit", CommunityRoleType.INITIATOR),
            ("Bas Willems", CommunityRoleType.COORDINATOR),
        ],
        "how_to_join": rich(
            "We zoeken nog leerkrachten en pedagogisch medewerkers die willen meebouwen. Kom eerst een keer kijken bij een bijeenkomst; daarna beslis je of je aansluit."
        )
        + bullets(
            "Je werkt in een kindcentrum of in een school die nauw samenwerkt met de opvang.",
            "Je kunt eens per maand op woensdagmiddag.",
        ),
        "contact_name": "Hanneke Smit",
        "contact_email": "onderwijs-opvang@example.org",
        "body": [
            heading_block("In oprichting"),
            text_block(
                "Deze leergemeenschap start met een kleine groep enthousiaste early adopters. Zij bepalen nu samen het doel en nodigen daarna collega's uit.",
                "De eerste activiteit staat al vast: een gezamenlijke dagstart, waarin leerkracht en pedagogisch medewerker samen de dag openen.",
            ),
        ],
    },
    {
        "slug": "leernetwerk-cultuureducatie-twente",
        "title": "Leernetwerk Cultuureducatie Twente",
        "intro": "Een cultuurorganisatie, een kunstlab en een hogeschool bouwen met scholen uit de regio aan cultuuronderwijs van hoge kwaliteit.",
        "central_question": "Hoe versterken scholen, culturele partners en de hogeschool elkaar, zodat cultuuronderwijs een vaste en doorlopende plek krijgt in het curriculum?",
        "shared_goal": "Kennis uit vier jaar Cultuureducatie met Kwaliteit delen over projectgrenzen heen, en er samen een regionale aanpak van maken die blijft.",
        "form": CommunityForm.PROCESS,
        "status": CommunityStatus.ACTIVE,
        "region": "Overijssel",
        "meeting_format": MeetingFormat.BLENDED,
        "meeting_rhythm": "Vier netwerkbijeenkomsten per jaar in het Kunstlab; daartussen online werkgroepen per pijler.",
        "themes": ["Cultuureducatie met kwaliteit", "Praktijkgericht onderzoek"],
        "sectors": ["Cultuureducatie", "po", "hbo"],
        "roles": [
            ("Lotte Kuipers", CommunityRoleType.MODERATOR),
            ("Lotte Kuipers", CommunityRoleType.CONNECTOR),
            ("Daan Oosterhuis", CommunityRoleType.INITIATOR),
            ("Gijs Nijhuis", CommunityRoleType.COORDINATOR),
            ("Esra Yilmaz", CommunityRoleType.MEMBER),
            ("Marieke Brouwer", CommunityRoleType.EXTERNAL_EXPERT),
        ],
        "how_to_join": rich(
            "Leerkrachten, cultuurcoördinatoren, kunstenaars en studenten uit Twente zijn welkom. Meld je aan voor een netwerkbijeenkomst; daar hoor je welke werkgroep bij je past."
        ),
        "contact_name": "Lotte Kuipers",
        "contact_email": "leernetwerk-twente@example.org",
        "body": [
            heading_block("Vier pijlers"),
            text_block(
                "Het leernetwerk rust op vier pijlers: samen ontwerpen, samen onderzoeken, professionaliseren en kennis delen. Elke pijler heeft een eigen werkgroep met leden uit scholen en culturele instellingen.",
                "Cultuurnetwerk Twente is kennisregisseur: het brengt expertise in, verbindt mensen en helpt met de financiering via fondsen en subsidies.",
            ),
            quote_block(
                "De kunstenaar, de leerkracht en de onderzoeker kijken elk anders naar dezelfde les. Juist daar ontstaat iets nieuws.",
                "Daan Oosterhuis, Kunstlab Hengelo",
            ),
        ],
    },
    {
        "slug": "ontwikkelteam-digitale-geletterdheid",
        "title": "Ontwikkelteam digitale geletterdheid",
        "intro": "Docenten van twee scholen in Zuid-Holland ontwikkelen samen lessen digitale geletterdheid voor de onderbouw, en delen ze terwijl ze nog in ontwikkeling zijn.",
        "central_question": "Hoe maken we digitale geletterdheid onderdeel van bestaande vakken, in plaats van een los vak erbij?",
        "shared_goal": "Voor elk onderbouwjaar een lessenserie die vakdocenten zonder extra scholing kunnen geven.",
        "form": CommunityForm.ACTIVITY,
        "status": CommunityStatus.ACTIVE,
        "region": "Zuid-Holland",
        "meeting_format": MeetingFormat.BLENDED,
        "meeting_rhythm": "Elke drie weken een ontwikkelmiddag; tussendoor delen we halffabricaten online.",
        "themes": ["Digitale geletterdheid"],
        "sectors": ["vo"],
        "roles": [
            ("Thomas de Graaf", CommunityRoleType.MODERATOR),
            ("Nadia Rachidi", CommunityRoleType.ICT_COACH),
            ("Wouter Peeters", CommunityRoleType.MEMBER),
            ("Sophie Lambrechts", CommunityRoleType.MEMBER),
        ],
        "how_to_join": rich(
            "Geef je les in de onderbouw van het vo en wil je meeontwikkelen of lessen uitproberen? "
            + JOIN_BY_MODERATOR
        ),
        "contact_name": "Thomas de Graaf",
        "contact_email": "digitale-geletterdheid@example.org",
        "body": [
            text_block(
                "Het ontwikkelteam werkt volgens het activiteitenmodel: de gezamenlijke activiteit is het maken van lessen. Wat de leden maken, proberen ze meteen uit in hun eigen klas.",
                "De mediacoach helpt als ICT-coach bij het online samenwerken, zodat ook collega's van de andere school makkelijk kunnen aanhaken.",
            ),
        ],
    },
    {
        "slug": "kenniskring-burgerschap-mbo",
        "title": "Kenniskring burgerschap in het mbo",
        "intro": "Docenten, loopbaanbegeleiders en een lector onderzoeken hoe burgerschapsonderwijs aansluit bij de beroepspraktijk van mbo-studenten.",
        "central_question": "Hoe verbinden we de burgerschapsopdracht met de dilemma's die studenten in hun stage en beroep tegenkomen?",
        "shared_goal": "Aan het eind van het studiejaar een beproefde set praktijkdilemma's per opleidingsdomein, met een werkwijze om ze in de les te bespreken.",
        "form": CommunityForm.STRUCTURE,
        "status": CommunityStatus.ACTIVE,
        "region": "Utrecht",
        "meeting_format": MeetingFormat.PHYSICAL,
        "meeting_rhythm": "Elke maand een kenniskringbijeenkomst van twee uur op de campus.",
        "themes": ["Burgerschap", "Praktijkgericht onderzoek"],
        "sectors": ["mbo"],
        "roles": [
            ("Karin Dekker", CommunityRoleType.MODERATOR),
            ("Jeroen Koster", CommunityRoleType.INITIATOR),
            ("Fatima Ouali", CommunityRoleType.CONNECTOR),
            ("Mirjam Postma", CommunityRoleType.EXTERNAL_EXPERT),
        ],
        "how_to_join": rich(
            "De kenniskring staat open voor docenten en begeleiders van alle opleidingen. Stuur de moderator een bericht met je eigen vraag over burgerschap."
        ),
        "contact_name": "Karin Dekker",
        "contact_email": "burgerschap-mbo@example.org",
        "body": [
            text_block(
                "Studenten zijn in deze kenniskring geen onderwerp maar gesprekspartner: twee keer per jaar schuiven zij aan om de dilemma's te toetsen aan hun eigen ervaring."
            ),
            quote_block(
                "Burgerschap werd pas echt toen we het over de stage gingen hebben.",
                "Karin Dekker, docent burgerschap",
            ),
        ],
    },
    {
        "slug": "inclusief-hoger-onderwijs",
        "title": "Praktijkgemeenschap inclusief hoger onderwijs",
        "intro": "Docenten en studentbegeleiders van een hogeschool in het noorden leren van elkaars ervaringen met inclusief lesgeven.",
        "central_question": "Wat vraagt inclusief onderwijs van de docent in de les, en hoe ondersteunen we elkaar daarbij?",
        "shared_goal": "Een levende verzameling casussen en aanpakken die docenten helpt om alle studenten mee te laten doen.",
        "form": CommunityForm.PROCESS,
        "status": CommunityStatus.ACTIVE,
        "region": "Groningen",
        "meeting_format": MeetingFormat.BLENDED,
        "meeting_rhythm": "Om de week een online intervisie van 45 minuten en elk kwartaal een werkdag op locatie.",
        "themes": ["Inclusief onderwijs", "Praktijkgericht onderzoek"],
        "sectors": ["hbo"],
        "roles": [
            ("Gerrit Zwart", CommunityRoleType.MODERATOR),
            ("Ilse Hoekstra", CommunityRoleType.COORDINATOR),
            ("Kofi Mensah", CommunityRoleType.EXTERNAL_EXPERT),
            ("Martijn Vos", CommunityRoleType.ICT_COACH),
        ],
        "how_to_join": rich(
            "Docenten en begeleiders uit het hoger onderwijs kunnen aansluiten bij de online intervisie. "
            + JOIN_BY_MODERATOR
        ),
        "contact_name": "Gerrit Zwart",
        "contact_email": "inclusief-ho@example.org",
        "body": [
            text_block(
                "De praktijkgemeenschap werkt met de casusmethode: een docent brengt een situatie uit de eigen les in, de groep onderzoekt die samen en de inbrenger kiest wat hij of zij uitprobeert."
            ),
        ],
    },
    {
        "slug": "werkplaats-installatietechniek",
        "title": "Werkplaats praktijkleren installatietechniek",
        "intro": "Mbo, hbo en installatiebedrijven in Zuid-Limburg leiden samen op in een werkplaats waar studenten aan echte klantopdrachten werken.",
        "central_question": "Hoe leren mbo- en hbo-studenten, docenten en vakmensen van elkaar als ze samen aan echte opdrachten werken?",
        "shared_goal": "Elk semester drie klantopdrachten afronden waarin mbo en hbo samenwerken, en de werkwijze beschrijven zodat andere regio's hem kunnen overnemen.",
        "form": CommunityForm.ACTIVITY,
        "status": CommunityStatus.ACTIVE,
        "region": "Limburg",
        "meeting_format": MeetingFormat.PHYSICAL,
        "meeting_rhythm": "Elke twee weken een praktijkochtend in het Techniekhuis.",
        "themes": ["Publiek-private samenwerking", "Praktijkgericht onderzoek"],
        "sectors": ["mbo", "hbo"],
        "roles": [
            ("Linda Hermans", CommunityRoleType.MODERATOR),
            ("Roel Schreurs", CommunityRoleType.COORDINATOR),
            ("Stijn Lemmens", CommunityRoleType.MEMBER),
        ],
        "how_to_join": rich(
            "Bedrijven, docenten en studenten die mee willen doen, melden zich bij de coördinator in het Techniekhuis. Een kennismaking op een praktijkochtend is de eerste stap."
        ),
        "contact_name": "Roel Schreurs",
        "contact_email": "werkplaats-techniek@example.org",
        "body": [
            text_block(
                "De werkplaats is een publiek-private samenwerking: bedrijven brengen opdrachten en vakmensen in, de scholen studenten en docenten. Het Techniekhuis biedt de ruimte.",
                "De ervaring van het samen doen staat centraal. Na elke opdracht houdt de groep een korte terugblik die in de werkruimte wordt vastgelegd.",
            ),
        ],
    },
    {
        "slug": "werkgroep-instrumenten",
        "title": "Werkgroep Instrumenten",
        "intro": "De werkgroep van het landelijk netwerk leergemeenschappen die instrumenten verzamelt en ontwikkelt om leergemeenschappen op te zetten, te verduurzamen en te evalueren.",
        "central_question": "Welke instrumenten helpen leergemeenschappen in het mbo en hbo om te starten, te blijven bestaan, op te schalen en te evalueren?",
        "shared_goal": "Een openbare, bijgehouden verzameling beproefde instrumenten, met prototypes waar nog iets ontbreekt.",
        "form": CommunityForm.PROCESS,
        "status": CommunityStatus.ACTIVE,
        "region": "Landelijk",
        "meeting_format": MeetingFormat.ONLINE,
        "meeting_rhythm": "Elke twee maanden een online werksessie; eens per jaar de werkconferentie.",
        "themes": ["Leergemeenschappen ontwikkelen", "Publiek-private samenwerking"],
        "sectors": ["mbo", "hbo"],
        "roles": [
            ("Evelien van Dijk", CommunityRoleType.MODERATOR),
            ("Mirjam Postma", CommunityRoleType.CONNECTOR),
            ("Martijn Vos", CommunityRoleType.ICT_COACH),
            ("Linda Hermans", CommunityRoleType.MEMBER),
            ("Gijs Nijhuis", CommunityRoleType.MEMBER),
        ],
        "how_to_join": rich(
            "Iedereen die met leergemeenschappen werkt, kan meedoen aan de online werksessies. Wil je een instrument inbrengen of testen? Laat het de moderator weten."
        ),
        "contact_name": "Evelien van Dijk",
        "contact_email": "werkgroep-instrumenten@example.org",
        "body": [
            heading_block("Drie werkgroepen, één netwerk"),
            text_block(
                "Het landelijk netwerk heeft drie werkgroepen. Kennisbasis schreef een position paper over wat een leergemeenschap is, hoe je er een opzet en wat deelname oplevert. Communicatie maakt de activiteiten zichtbaar. Deze werkgroep, Instrumenten, inventariseert wat er al is en ontwikkelt prototypes.",
                "Instrumenten zijn ingedeeld in drie fasen: ontwikkelen en inrichten, verduurzamen en opschalen, en evalueren.",
            ),
        ],
    },
    {
        "slug": "erfgoed-in-de-klas-zeeland",
        "title": "Erfgoed in de klas Zeeland",
        "intro": "Zes scholen en het Erfgoedhuis maakten samen een doorlopende erfgoedleerlijn voor de onderbouw van het vo.",
        "central_question": "Hoe geven we het erfgoed uit de eigen omgeving een vaste plek in de geschiedenisles en daarbuiten?",
        "shared_goal": "Een erfgoedleerlijn voor de onderbouw, gemaakt met en door docenten, die scholen zelfstandig kunnen uitvoeren.",
        "form": CommunityForm.ACTIVITY,
        "status": CommunityStatus.CONCLUDED,
        "concluded_on": datetime.date(2026, 3, 20),
        "goal_outcome": "De erfgoedleerlijn is af en wordt op alle zes scholen gegeven. De lessen en het docentenmateriaal staan open voor andere scholen; het Erfgoedhuis blijft ze onderhouden.",
        "region": "Zeeland",
        "meeting_format": MeetingFormat.BLENDED,
        "meeting_rhythm": "Zes ontwerpdagen op erfgoedlocaties, met online afstemming daartussen.",
        "themes": ["Erfgoededucatie", "Cultuureducatie met kwaliteit"],
        "sectors": ["Cultuureducatie", "vo"],
        "roles": [
            ("Anouk Verhoeven", CommunityRoleType.MODERATOR),
            ("Sjoerd Kramer", CommunityRoleType.INITIATOR),
            ("Lotte Kuipers", CommunityRoleType.EXTERNAL_EXPERT),
        ],
        "how_to_join": rich(
            "De leergemeenschap is afgerond. Wil je de erfgoedleerlijn op je eigen school gebruiken? Neem contact op met het Erfgoedhuis."
        ),
        "contact_name": "Anouk Verhoeven",
        "contact_email": "erfgoed-zeeland@example.org",
        "body": [
            text_block(
                "Elke ontwerpdag vond plaats op een andere erfgoedlocatie: een gemaal, een havenmuseum, een oude stadsboerderij. Zo werd het erfgoed zelf de bron van inspiratie."
            ),
            quote_block(
                "Leerlingen kennen de dijk achter de school, maar wisten niet wat er in 1953 gebeurde.",
                "Sjoerd Kramer, docent geschiedenis",
            ),
        ],
    },
]

# Documents: small text files attached to practice examples and tools ---------------------------

DOCUMENTS = [
    {
        "title": "Handreiking bekwaamheidsdossier",
        "filename": "handreiking-bekwaamheidsdossier.txt",
        "text": "Handreiking bekwaamheidsdossier\n\n1. Kies met je team drie ontwikkeldoelen voor dit schooljaar.\n2. Verzamel per doel twee of drie bewijzen uit je eigen praktijk: een lesontwerp, feedback van een collega, een korte reflectie.\n3. Bespreek het dossier twee keer per jaar in een collegiaal gesprek, niet alleen met je leidinggevende.\n4. Houd het klein: een dossier dat je bijhoudt is beter dan een volledig dossier dat niemand leest.\n",
    },
    {
        "title": "Artikel: een regionaal leernetwerk cultuureducatie in vier pijlers",
        "filename": "artikel-leernetwerk-cultuureducatie.txt",
        "text": "Een regionaal leernetwerk cultuureducatie in vier pijlers\n\nSamenvatting van het artikel uit een vaktijdschrift voor kunsteducatie.\n\nCultuurnetwerk Twente, Kunstlab Hengelo en Hogeschool Oost-Nederland bouwden een leernetwerk op vier pijlers: samen ontwerpen, samen onderzoeken, professionaliseren en kennis delen. Het artikel beschrijft hoe de pijlers ontstonden, welke rol de kennisregisseur speelde en wat scholen ervan merkten.\n",
    },
    {
        "title": "Opdrachtformat klantopdracht werkplaats",
        "filename": "opdrachtformat-klantopdracht.txt",
        "text": "Opdrachtformat klantopdracht\n\n- Opdrachtgever en contactpersoon\n- Vraag van de klant in één zin\n- Wat mbo-studenten doen, wat hbo-studenten doen\n- Begeleiding vanuit school en vanuit het bedrijf\n- Opleverdatum en terugblikmoment\n",
    },
    {
        "title": "Verslag online werksessie opschalen",
        "filename": "verslag-werksessie-opschalen.txt",
        "text": "Verslag online werksessie: leergemeenschappen opschalen\n\nOngeveer 130 deelnemers uit mbo, hbo en bedrijfsleven. Opbrengsten uit de breakoutrondes:\n- Opschalen is iets anders dan groter worden: vaak werkt het beter om een tweede, kleine groep te starten.\n- Leg vast wat je leert terwijl je het leert; achteraf reconstrueren lukt zelden.\n- Een vaste moderator is belangrijker dan een vast platform.\n",
    },
    {
        "title": "Doelencanvas (invulversie)",
        "filename": "doelencanvas.txt",
        "text": "Doelencanvas\n\nVak 1: Onze vraag of ons thema\nVak 2: Waarom dit ertoe doet voor ons eigen werk\nVak 3: Wat we over een jaar samen bereikt willen hebben\nVak 4: Wie we nodig hebben\nVak 5: Hoe we weten dat we klaar zijn\n",
    },
    {
        "title": "Draaiboek warme start: checklist",
        "filename": "draaiboek-warme-start.txt",
        "text": "Checklist warme start\n\n[ ] Persoonlijke uitnodiging met het doel in één zin\n[ ] Welkomstbericht in de online werkruimte\n[ ] Een eerste opdracht die binnen een week klaar kan zijn\n[ ] Twee inspirerende voorbeelden uit andere leergemeenschappen\n[ ] Afspraak over de volgende bijeenkomst\n",
    },
    {
        "title": "Zelfevaluatie acht bouwstenen: scoreformulier",
        "filename": "zelfevaluatie-acht-bouwstenen.txt",
        "text": "Zelfevaluatie acht bouwstenen\n\nScoor elke bouwsteen van 1 (herkennen we niet) tot 5 (is bij ons sterk):\n1. Aantrekkelijk doel en gedeelde focus\n2. Kennis wordt uitgewisseld en nieuwe kennis ontwikkeld\n3. Uitdagende gezamenlijke praktijkontwikkeling\n4. Vertrouwen in elkaar\n5. Gedeeld eigenaarschap\n6. Brede betrokkenheid\n7. De leergemeenschap wordt gefaciliteerd\n8. Kennis wordt vastgelegd en er is aandacht voor zelfevaluatie\n",
    },
    {
        "title": "Persona-sjabloon",
        "filename": "persona-sjabloon.txt",
        "text": "Persona-sjabloon\n\nNaam en rol:\nWat doet deze persoon op een gewone werkdag?\nWaar loopt hij of zij tegenaan?\nWat drijft hem of haar?\nWat zou deelname aan de leergemeenschap moeten opleveren?\n",
    },
]

# Practice examples: each lives under the community it came from -------------------------------

PRACTICE_EXAMPLES = [
    {
        "community": "loopbaanperspectief-po",
        "slug": "loopbaangesprekken-met-een-vertelkaart",
        "title": "Loopbaangesprekken met een vertelkaart",
        "intro": "Een eenvoudige kaart maakte loopbaangesprekken op een kindcentrum persoonlijker en concreter.",
        "background": rich(
            "Op IKC De Sterrenwachter voelden loopbaangesprekken als een formaliteit. Leerkrachten wisten niet goed wat ze wilden, leidinggevenden niet wat ze konden bieden."
        ),
        "approach": rich(
            "De leden ontwierpen een vertelkaart met vier vragen: waar krijg je energie van, wat wil je leren, welke rol past daarbij, wat heb je nodig. Ingrid Bakker probeerde de kaart uit in haar bouw; de ervaringen bespraken we in drie online sessies."
        )
        + bullets(
            "Eerst zelf invullen, dan in tweetallen bespreken.",
            "Het gesprek met de leidinggevende volgt pas daarna.",
        ),
        "results": rich(
            "Twaalf leerkrachten voerden een gesprek met de kaart. Vier van hen kozen een nieuwe rol binnen de school, onder wie twee die eerder overwogen het onderwijs te verlaten."
        ),
        "lessons_learned": rich(
            "Een gesprek wordt beter als je het voorbereidt met een collega in plaats van alleen. En: zorg dat de school ook echt rollen te bieden heeft voordat je het gesprek voert."
        ),
        "people": ["Ingrid Bakker", "Sanne de Vries"],
        "themes": ["Loopbaanperspectief"],
        "sectors": ["po"],
        "attachments": [],
    },
    {
        "community": "loopbaanperspectief-po",
        "slug": "leraar-onderzoeker-binnen-een-schoolbestuur",
        "title": "De leraar-onderzoeker binnen een schoolbestuur",
        "intro": "Hoe een bestuur een nieuwe rol inrichtte voor leraren die onderzoek doen naar hun eigen praktijk.",
        "background": rich(
            "Verschillende leden wilden zich ontwikkelen zonder leidinggevende te worden. Onderzoek doen naar de eigen praktijk sprak velen aan, maar er was geen rol of tijd voor."
        ),
        "approach": rich(
            "Samen met een docent-onderzoeker van de lerarenopleiding beschreven de leden een rol van leraar-onderzoeker: een dag per week onderzoek, begeleid door de hogeschool, met een vraag uit de school."
        ),
        "results": rich(
            "Het bestuur van Basisschool Het Kompas stelde de rol in voor drie leraren. Hun eerste onderzoeken gaan over leesmotivatie, ouderbetrokkenheid en de overstap naar het vo."
        ),
        "lessons_learned": rich(
            "Een rol moet een naam, tijd en een plek in de functiebouw hebben, anders blijft het liefhebberij. Begin met een kleine groep en laat hen de rol mee vormgeven."
        ),
        "people": ["Peter Jansen", "Joost Hendriks", "Mohamed El Amrani"],
        "themes": ["Loopbaanperspectief", "Praktijkgericht onderzoek"],
        "sectors": ["po", "hbo"],
        "attachments": [],
    },
    {
        "community": "beroepsregistratie-lerarenregister",
        "slug": "bekwaamheidsdossier-dat-leraren-zelf-bijhouden",
        "title": "Een bekwaamheidsdossier dat leraren zelf willen bijhouden",
        "intro": "Van verplichte administratie naar een dossier dat het gesprek over vakmanschap voedt.",
        "background": rich(
            "De aangekondigde registratieplicht riep vooral zorgen op over administratieve last. De leergemeenschap wilde weten of een dossier ook leraren zelf iets kon opleveren."
        ),
        "approach": rich(
            "Vijf scholen probeerden een jaar lang een licht dossier: drie ontwikkeldoelen, een paar bewijzen uit de eigen praktijk en twee collegiale gesprekken. De leden deelden tussentijds hun halffabricaten en pasten het format drie keer aan."
        ),
        "results": rich(
            "Het dossier wordt nu door twaalf besturen vrijwillig gebruikt. Leraren noemen vooral het collegiale gesprek waardevol."
        )
        + bullets("Een format van één pagina per doel.", "Een handreiking voor het teamgesprek."),
        "lessons_learned": rich(
            "Minder is meer: elke extra rubriek in het format leverde minder ingevulde dossiers op. En een wet is een slechte reden voor een leergemeenschap; een gedeelde vraag is een goede."
        ),
        "people": ["Femke Visser", "Peter Jansen", "Mirjam Postma"],
        "themes": ["Beroepsregistratie en lerarenregister"],
        "sectors": ["po"],
        "attachments": ["Handreiking bekwaamheidsdossier"],
    },
    {
        "community": "sociale-veiligheid",
        "slug": "leerlingen-mede-eigenaar-van-het-veiligheidsplan",
        "title": "Leerlingen als mede-eigenaar van het veiligheidsplan",
        "intro": "Een vo-school herschreef haar veiligheidsplan samen met een leerlingenpanel.",
        "background": rich(
            "Het veiligheidsplan van de school was volledig, maar leerlingen kenden het niet. In de leergemeenschap bleek dat andere scholen hetzelfde probleem hadden."
        ),
        "approach": rich(
            "Een panel van twaalf leerlingen uit alle leerjaren las het plan en herschreef het in eigen woorden. Docenten en leerlingen bespraken de verschillen in twee sessies, begeleid door de vertrouwenspersoon."
        ),
        "results": rich(
            "Een plan van vier pagina's in plaats van dertig, met afspraken die leerlingen zelf hebben geformuleerd. In de jaarlijkse monitor steeg het aantal leerlingen dat weet bij wie ze terechtkunnen."
        ),
        "lessons_learned": rich(
            "Leerlingen zijn strenger dan je denkt, en duidelijker. Geef ze echte zeggenschap, anders haken ze na de eerste sessie af."
        ),
        "people": ["Yasmina Bouzid", "Annelies Mulder"],
        "themes": ["Sociale veiligheid", "Burgerschap"],
        "sectors": ["vo"],
        "attachments": [],
    },
    {
        "community": "sociale-veiligheid",
        "slug": "een-aanpak-voor-pesten-van-groep-1-tot-klas-3",
        "title": "Eén aanpak voor pesten van groep 1 tot klas 3",
        "intro": "Basisscholen en een vo-school spraken een gedeelde taal en aanpak af, zodat leerlingen bij de overstap niet opnieuw beginnen.",
        "background": rich(
            "Elke school gebruikte een eigen methode tegen pesten. Bij de overstap naar het vo ging veel kennis over leerlingen en afspraken verloren."
        ),
        "approach": rich(
            "De leergemeenschap vergeleek de methodes en koos vijf gedeelde afspraken en begrippen. Intern begeleiders en mentoren maakten samen een overdrachtsformulier."
        ),
        "results": rich(
            "Vier basisscholen en de vo-school werken met dezelfde afspraken. Mentoren in klas 1 zeggen leerlingen sneller te herkennen die extra aandacht nodig hebben."
        ),
        "lessons_learned": rich(
            "Je hoeft niet dezelfde methode te gebruiken om dezelfde taal te spreken. Begin bij de overstap: daar is de winst het grootst."
        ),
        "people": ["Rik van den Berg", "Annelies Mulder"],
        "themes": ["Sociale veiligheid"],
        "sectors": ["po", "vo"],
        "attachments": [],
    },
    {
        "community": "onderwijs-en-opvang",
        "slug": "gezamenlijke-dagstart",
        "title": "Een gezamenlijke dagstart van leerkracht en pedagogisch medewerker",
        "intro": "De eerste activiteit van de nieuwe leergemeenschap: samen de dag openen.",
        "background": rich(
            "In het kindcentrum werkten leerkrachten en pedagogisch medewerkers in hetzelfde gebouw, maar langs elkaar heen. Kinderen merkten de overgang van school naar opvang elke dag."
        ),
        "approach": rich(
            "Twee groepen probeerden zes weken lang een gezamenlijke dagstart: de pedagogisch medewerker van de voorschoolse opvang brengt de kinderen naar de klas en opent de dag samen met de leerkracht."
        ),
        "results": rich(
            "Leerkrachten horen eerder hoe een kind binnenkomt, en pedagogisch medewerkers weten wat er die dag op school gebeurt. Beide groepen gaan door, twee andere groepen starten na de zomer."
        ),
        "lessons_learned": rich(
            "Begin met iets kleins wat je meteen kunt doen; dat werkt beter dan eerst een visie op papier. Roosters zijn de grootste hindernis, regel die vooraf."
        ),
        "people": ["Hanneke Smit", "Bas Willems"],
        "themes": ["Buitenschoolse opvang"],
        "sectors": ["po"],
        "attachments": [],
    },
    {
        "community": "leernetwerk-cultuureducatie-twente",
        "slug": "vier-pijlers-voor-een-regionaal-leernetwerk",
        "title": "Vier pijlers voor een regionaal leernetwerk cultuureducatie",
        "intro": "Hoe een cultuurorganisatie, een kunstlab en een hogeschool samen een leernetwerk bouwden dat blijft.",
        "background": rich(
            "Vier jaar Cultuureducatie met Kwaliteit leverde veel kennis op, maar die zat verspreid over losse projecten en scholen. De partners wilden kennis delen over projectgrenzen heen."
        ),
        "approach": rich("Het netwerk koos vier pijlers, elk met een eigen werkgroep:")
        + bullets(
            "Samen ontwerpen: leerkrachten en kunstenaars maken lessen in het Kunstlab.",
            "Samen onderzoeken: de hogeschool begeleidt kleine praktijkonderzoeken.",
            "Professionaliseren: scholing op maat, gegeven door leden voor leden.",
            "Kennis delen: alles wordt vastgelegd op een projectpagina en in vakpublicaties.",
        ),
        "results": rich(
            "Achttien scholen nemen deel. Het netwerk publiceerde een artikel in een vaktijdschrift en houdt een projectpagina bij die andere regio's gebruiken als voorbeeld."
        ),
        "lessons_learned": rich(
            "Een kennisregisseur die verbindt, maar niet alles zelf doet, is onmisbaar. En: plan het vastleggen van kennis vanaf het begin, niet aan het eind."
        ),
        "people": ["Lotte Kuipers", "Daan Oosterhuis", "Marieke Brouwer", "Gijs Nijhuis"],
        "themes": ["Cultuureducatie met kwaliteit", "Praktijkgericht onderzoek"],
        "sectors": ["Cultuureducatie", "po", "hbo"],
        "attachments": ["Artikel: een regionaal leernetwerk cultuureducatie in vier pijlers"],
    },
    {
        "community": "leernetwerk-cultuureducatie-twente",
        "slug": "kunstenaars-en-leerkrachten-ontwerpen-samen",
        "title": "Kunstenaars en leerkrachten ontwerpen samen in het Kunstlab",
        "intro": "Een ontwerpweek waarin leerkrachten en kunstenaars een lessenreeks maakten over de eigen wijk.",
        "background": rich(
            "Cultuurlessen werden vaak ingekocht als los project. Leerkrachten wilden lessen die aansluiten bij wereldoriëntatie en die ze zelf kunnen blijven geven."
        ),
        "approach": rich(
            "Vijf duo's van een leerkracht en een kunstenaar werkten een week in het Kunstlab. Ze ontwierpen, probeerden uit in de klas en stelden bij, met feedback van studenten van de hogeschool."
        ),
        "results": rich(
            "Vijf lessenreeksen over de wijk, van geluidskaarten tot fotografie. OBS De Esch heeft de reeks opgenomen in het cultuurplan."
        ),
        "lessons_learned": rich(
            "Kunstenaars brengen verwondering, leerkrachten weten wat werkt in de klas; geef beiden evenveel zeggenschap over het ontwerp."
        ),
        "people": ["Daan Oosterhuis", "Esra Yilmaz"],
        "themes": ["Cultuureducatie met kwaliteit"],
        "sectors": ["Cultuureducatie", "po"],
        "attachments": [],
    },
    {
        "community": "ontwikkelteam-digitale-geletterdheid",
        "slug": "lessenserie-wie-maakt-mijn-nieuws",
        "title": "Lessenserie 'Wie maakt mijn nieuws?'",
        "intro": "Een lessenserie mediawijsheid voor klas 2, ontwikkeld door docenten Nederlands, informatica en maatschappijleer.",
        "background": rich(
            "Leerlingen halen hun nieuws vooral uit sociale media. Docenten wilden daar iets mee, maar niemand vond dat het bij zijn vak hoorde."
        ),
        "approach": rich(
            "Drie docenten ontwierpen samen vier lessen die in verschillende vakken passen. Elke les werd eerst in één klas uitgeprobeerd en daarna in de werkruimte besproken."
        ),
        "results": rich(
            "De lessenserie wordt op twee scholen gegeven in klas 2. Leerlingen maken aan het eind zelf een nieuwsbericht en beoordelen dat van elkaar."
        ),
        "lessons_learned": rich(
            "Door lessen als halffabricaat te delen, kregen we veel eerder feedback van collega's. Een vak 'eigenaar' maken hielp niet; gedeeld eigenaarschap wel."
        ),
        "people": ["Thomas de Graaf", "Wouter Peeters", "Nadia Rachidi"],
        "themes": ["Digitale geletterdheid", "Burgerschap"],
        "sectors": ["vo"],
        "attachments": [],
    },
    {
        "community": "ontwikkelteam-digitale-geletterdheid",
        "slug": "halffabricaten-delen-in-de-werkruimte",
        "title": "Halffabricaten delen in de werkruimte",
        "intro": "Hoe het ontwikkelteam leerde om onaf werk te delen, en waarom dat de samenwerking versnelde.",
        "background": rich(
            "In het begin deelde niemand iets voordat het af was. Daardoor zagen collega's van de andere school het werk pas als het te laat was om mee te denken."
        ),
        "approach": rich(
            "De ICT-coach richtte een gedeelde map in met een vaste indeling: idee, in ontwikkeling, uitgeprobeerd. Elke bijeenkomst begint met vijf minuten kijken naar wat er in 'in ontwikkeling' staat."
        ),
        "results": rich(
            "Het aantal gedeelde lessen verdrievoudigde. Collega's van de andere school reageren nu gemiddeld binnen een week."
        ),
        "lessons_learned": rich(
            "Mensen delen pas onaf werk als de moderator het zelf voordoet. Maak expliciet dat feedback op een halffabricaat geen oordeel is."
        ),
        "people": ["Nadia Rachidi", "Thomas de Graaf", "Sophie Lambrechts"],
        "themes": ["Digitale geletterdheid", "Leergemeenschappen ontwikkelen"],
        "sectors": ["vo"],
        "attachments": [],
    },
    {
        "community": "kenniskring-burgerschap-mbo",
        "slug": "burgerschap-in-de-beroepspraktijk",
        "title": "Burgerschap in de beroepspraktijk: het stagedilemma",
        "intro": "Studenten brengen dilemma's uit hun stage in; de les gaat over wat zij meemaken.",
        "background": rich(
            "Burgerschapslessen voelden voor studenten los van hun opleiding. Tegelijk maakten ze op stage situaties mee waar burgerschap over gaat: ongelijke behandeling, regels die botsen met waarden."
        ),
        "approach": rich(
            "Loopbaanbegeleiders verzamelden anoniem dilemma's van studenten. De kenniskring ontwikkelde een gespreksvorm van een lesuur, die docenten van drie opleidingen uitprobeerden."
        )
        + bullets(
            "Dilemma voorlezen en eerste reactie.",
            "Perspectieven verkennen: student, klant, werkgever.",
            "Wat zou jij doen, en waarom?",
        ),
        "results": rich(
            "Een set van dertig dilemma's voor zorg en welzijn, techniek en economie. Studenten waarderen de lessen aanzienlijk hoger dan de oude burgerschapsmodules."
        ),
        "lessons_learned": rich(
            "Laat studenten de dilemma's aanleveren; verzonnen casussen werken minder goed. Spreek vooraf af hoe je omgaat met herkenbare situaties van stagebedrijven."
        ),
        "people": ["Karin Dekker", "Fatima Ouali", "Jeroen Koster"],
        "themes": ["Burgerschap"],
        "sectors": ["mbo"],
        "attachments": [],
    },
    {
        "community": "inclusief-hoger-onderwijs",
        "slug": "intervisie-inclusief-lesgeven-casusmethode",
        "title": "Intervisie over inclusief lesgeven met de casusmethode",
        "intro": "Korte online intervisies waarin docenten een situatie uit hun eigen les samen onderzoeken.",
        "background": rich(
            "Docenten wilden inclusiever lesgeven, maar wisten vaak niet wat dat in een concrete les betekende. Trainingen bleven te algemeen."
        ),
        "approach": rich(
            "Om de week brengt een docent in 45 minuten online een casus in. Na een vaste vragenronde kiest de inbrenger wat hij of zij uitprobeert; de volgende keer vertelt die hoe het ging."
        ),
        "results": rich(
            "In een jaar werden veertig casussen besproken. De studentbegeleiders verwerkten ze tot een verzameling die ook nieuwe docenten gebruiken."
        ),
        "lessons_learned": rich(
            "Kort en vaak werkt beter dan lang en zelden. Een vaste gespreksleider houdt de intervisie veilig, ook online."
        ),
        "people": ["Gerrit Zwart", "Ilse Hoekstra", "Kofi Mensah"],
        "themes": ["Inclusief onderwijs"],
        "sectors": ["hbo"],
        "attachments": [],
    },
    {
        "community": "werkplaats-installatietechniek",
        "slug": "werkplaatsleren-met-echte-klantopdrachten",
        "title": "Werkplaatsleren met echte klantopdrachten",
        "intro": "Mbo- en hbo-studenten verduurzamen samen een buurthuis, begeleid door docenten en vakmensen.",
        "background": rich(
            "Installatiebedrijven in de regio hebben te weinig mensen, en studenten leren op school vooral met oefenopdrachten. De werkplaats wilde beide problemen tegelijk aanpakken."
        ),
        "approach": rich(
            "Een installatiebedrijf bracht een echte opdracht in: de verduurzaming van een buurthuis. Hbo-studenten maakten het ontwerp, mbo-studenten voerden het uit; vakmensen en docenten begeleidden samen."
        ),
        "results": rich(
            "Het buurthuis heeft een warmtepomp en een nieuw ventilatiesysteem. Vier studenten kregen een baanaanbod van het bedrijf. Het opdrachtformat wordt nu voor elke nieuwe opdracht gebruikt."
        ),
        "lessons_learned": rich(
            "Echte klanten maken studenten serieuzer, maar vragen ook om duidelijke afspraken over verantwoordelijkheid. Leg die vast voordat je begint."
        ),
        "people": ["Linda Hermans", "Roel Schreurs", "Stijn Lemmens"],
        "themes": ["Publiek-private samenwerking"],
        "sectors": ["mbo", "hbo"],
        "attachments": ["Opdrachtformat klantopdracht werkplaats"],
    },
    {
        "community": "werkgroep-instrumenten",
        "slug": "online-werksessies-met-130-deelnemers",
        "title": "Online werksessies met 130 deelnemers",
        "intro": "Hoe het landelijk netwerk grote online werksessies organiseert waarin toch echt wordt samengewerkt.",
        "background": rich(
            "Het netwerk groeide snel. Fysieke bijeenkomsten met iedereen waren te duur en te zeldzaam, maar online webinars voelden als zenden in plaats van samenwerken."
        ),
        "approach": rich(
            "Elke werksessie duurt anderhalf uur: een korte aftrap, drie rondes in kleine groepen rond een vraag en een plenaire oogst. Elke groep heeft een gespreksleider uit het netwerk en een gedeeld document."
        )
        + bullets(
            "Maximaal acht mensen per groep.",
            "Vragen vooraf rondsturen.",
            "De oogst dezelfde week publiceren.",
        ),
        "results": rich(
            "De sessies trekken gemiddeld 130 deelnemers. Uit de opbrengsten ontstonden twee nieuwe instrumenten en een nieuwe leergemeenschap."
        ),
        "lessons_learned": rich(
            "Investeer in gespreksleiders; zij maken het verschil tussen een webinar en een werksessie. Publiceer de opbrengst snel, dan komen mensen terug."
        ),
        "people": ["Evelien van Dijk", "Martijn Vos"],
        "themes": ["Leergemeenschappen ontwikkelen"],
        "sectors": ["mbo", "hbo"],
        "attachments": ["Verslag online werksessie opschalen"],
    },
    {
        "community": "erfgoed-in-de-klas-zeeland",
        "slug": "erfgoedleerlijn-met-zes-scholen",
        "title": "Een erfgoedleerlijn met zes scholen",
        "intro": "Zes scholen ontwierpen op erfgoedlocaties een leerlijn die ze nu zelfstandig geven.",
        "background": rich(
            "Erfgoedlessen waren afhankelijk van losse excursies. Docenten wilden een doorlopende lijn die past bij het geschiedeniscurriculum."
        ),
        "approach": rich(
            "Op zes ontwerpdagen, elk op een andere erfgoedlocatie, werkten docenten en erfgoededucatoren aan een deel van de leerlijn. Tussendoor probeerden de docenten de lessen uit."
        ),
        "results": rich(
            "Een leerlijn van twaalf lessen voor klas 1 en 2, met docentenhandleiding. Alle zes scholen geven de lessen; het Erfgoedhuis onderhoudt het materiaal."
        ),
        "lessons_learned": rich(
            "De locatie zelf inspireert meer dan welke presentatie ook. Spreek vroeg af wie het materiaal na afloop onderhoudt."
        ),
        "people": ["Anouk Verhoeven", "Sjoerd Kramer"],
        "themes": ["Erfgoededucatie", "Cultuureducatie met kwaliteit"],
        "sectors": ["Cultuureducatie", "vo"],
        "attachments": [],
    },
]

# Tools: most live in the national overview, some under the community that made them -----------

TOOLS = [
    {
        "community": None,
        "slug": "doelencanvas",
        "title": "Doelencanvas voor een leergemeenschap",
        "intro": "Formuleer met je early adopters een aantrekkelijk doel en een gedeelde focus.",
        "purpose": "Samen een helder doel formuleren dat aansluit bij wat de deelnemers in hun eigen werk bezighoudt, en afspreken wanneer het doel bereikt is.",
        "phase": ToolPhase.DEVELOP,
        "target_group": "Initiatiefnemers en moderatoren",
        "how_to_use": rich(
            "Vul het canvas in met drie tot vijf early adopters, in een bijeenkomst van anderhalf uur. Begin bij de vraag, niet bij de oplossing."
        )
        + bullets(
            "Vul de vakken in de aangegeven volgorde in.",
            "Formuleer het doel in één zin die een collega meteen begrijpt.",
            "Bespreek het canvas na drie maanden opnieuw.",
        ),
        "licence": "CC BY-SA 4.0",
        "version": "1.2",
        "release_date": datetime.date(2025, 9, 15),
        "themes": ["Leergemeenschappen ontwikkelen"],
        "sectors": ["po", "vo", "mbo", "hbo", "Cultuureducatie"],
        "downloads": ["Doelencanvas (invulversie)"],
    },
    {
        "community": "werkgroep-instrumenten",
        "slug": "personas-wat-drijft-je-deelnemers",
        "title": "Persona's: wat drijft je deelnemers?",
        "intro": "Breng in kaart wie je deelnemers zijn en wat ze zoeken, voordat je ze uitnodigt.",
        "purpose": "Het doel van de leergemeenschap verbinden met wat de deelnemers drijft, zodat de uitnodiging aansluit bij hun eigen vragen.",
        "phase": ToolPhase.DEVELOP,
        "target_group": "Initiatiefnemers, moderatoren en coördinatoren",
        "how_to_use": rich(
            "Maak met je kerngroep drie tot vijf persona's op basis van echte collega's. Gebruik ze om je uitnodiging en je eerste bijeenkomst te toetsen: wat heeft deze persoon eraan?"
        ),
        "licence": "CC BY 4.0",
        "version": "1.0",
        "release_date": datetime.date(2026, 2, 2),
        "themes": ["Leergemeenschappen ontwikkelen"],
        "sectors": ["mbo", "hbo"],
        "downloads": ["Persona-sjabloon"],
    },
    {
        "community": None,
        "slug": "draaiboek-warme-start",
        "title": "Draaiboek voor een warme start",
        "intro": "Een welkom, iets om meteen mee aan de slag te gaan en goede voorbeelden: zo begint een leergemeenschap goed.",
        "purpose": "De start van een leergemeenschap voorbereiden, zodat nieuwe leden zich welkom voelen en meteen merken wat deelname oplevert.",
        "phase": ToolPhase.DEVELOP,
        "target_group": "Moderatoren en coördinatoren",
        "how_to_use": rich(
            "Loop het draaiboek twee weken voor de eerste bijeenkomst door en verdeel de taken in de kerngroep. De checklist helpt om niets te vergeten."
        ),
        "licence": "CC BY 4.0",
        "version": "2.0",
        "release_date": datetime.date(2026, 5, 11),
        "themes": ["Leergemeenschappen ontwikkelen"],
        "sectors": ["po", "vo", "mbo", "hbo", "Cultuureducatie"],
        "downloads": ["Draaiboek warme start: checklist"],
    },
    {
        "community": "loopbaanperspectief-po",
        "slug": "rollenkaart",
        "title": "Rollenkaart: wie doet wat in de leergemeenschap?",
        "intro": "Maak rollen zichtbaar en spreek af wanneer ze rouleren.",
        "purpose": "Afspraken maken over de rollen in de leergemeenschap, zoals moderator, coördinator, ICT-coach en spin in het web, zodat eigenaarschap gedeeld wordt.",
        "phase": ToolPhase.SUSTAIN,
        "target_group": "Alle leden",
        "how_to_use": rich(
            "Bespreek de kaart in een bijeenkomst: welke rollen hebben we nodig, wie pakt welke rol op, en wanneer wisselen we? Hang de kaart daarna in de online werkruimte."
        ),
        "licence": "CC BY-SA 4.0",
        "version": "1.1",
        "release_date": datetime.date(2025, 11, 3),
        "themes": ["Leergemeenschappen ontwikkelen", "Loopbaanperspectief"],
        "sectors": ["po"],
        "downloads": [],
    },
    {
        "community": "ontwikkelteam-digitale-geletterdheid",
        "slug": "werkvorm-halffabricatenronde",
        "title": "Werkvorm: de halffabricatenronde",
        "intro": "Een werkvorm van twintig minuten om onaf werk te delen en er samen beter van te worden.",
        "purpose": "Leden helpen om halffabricaten te delen: ideeën, concepten en uitgeprobeerde lessen die nog niet af zijn.",
        "phase": ToolPhase.SUSTAIN,
        "target_group": "Moderatoren en leden",
        "how_to_use": rich(
            "Twee leden laten elk vijf minuten een halffabricaat zien. De anderen stellen eerst alleen vragen, geven daarna tips. De inbrenger kiest wat hij of zij meeneemt."
        ),
        "licence": "CC BY-SA 4.0",
        "version": "1.0",
        "release_date": datetime.date(2026, 1, 20),
        "themes": ["Leergemeenschappen ontwikkelen", "Digitale geletterdheid"],
        "sectors": ["vo"],
        "downloads": [],
    },
    {
        "community": None,
        "slug": "ritmeplanner-blended-bijeenkomsten",
        "title": "Ritmeplanner voor blended bijeenkomsten",
        "intro": "Wissel fysieke bijeenkomsten en online sessies af in een ritme dat je volhoudt.",
        "purpose": "Een jaarplanning maken waarin fysieke bijeenkomsten met werkvormen in kleine groepen en online bijeenkomsten elkaar versterken.",
        "phase": ToolPhase.SUSTAIN,
        "target_group": "Coördinatoren en ICT-coaches",
        "how_to_use": rich(
            "Kies eerst de momenten waarop je elkaar echt moet zien, bijvoorbeeld de start en het delen van resultaten. Vul de tussenliggende weken met korte online sessies en opdrachten in de werkruimte."
        ),
        "licence": "CC BY 4.0",
        "version": "1.3",
        "release_date": datetime.date(2026, 4, 8),
        "themes": ["Leergemeenschappen ontwikkelen"],
        "sectors": ["mbo", "hbo", "Cultuureducatie"],
        "downloads": [],
    },
    {
        "community": "werkgroep-instrumenten",
        "slug": "zelfevaluatie-acht-bouwstenen",
        "title": "Zelfevaluatie met de acht bouwstenen",
        "intro": "Kijk samen naar hoe jullie leergemeenschap functioneert, aan de hand van acht bouwstenen.",
        "purpose": "Zelfevaluatie en monitoring: de leden beoordelen samen de acht bouwstenen van een leergemeenschap en kiezen waar ze aan gaan werken.",
        "phase": ToolPhase.EVALUATE,
        "target_group": "Alle leden, begeleid door de moderator",
        "how_to_use": rich(
            "Laat iedereen het scoreformulier eerst alleen invullen. Bespreek daarna de bouwstenen waarop de scores het verst uiteenlopen; daar zit het gesprek."
        )
        + bullets(
            "Herhaal de zelfevaluatie elk half jaar.", "Leg de afspraken vast in de werkruimte."
        ),
        "licence": "CC BY-NC-SA 4.0",
        "version": "3.0",
        "release_date": datetime.date(2026, 6, 30),
        "themes": ["Leergemeenschappen ontwikkelen"],
        "sectors": ["mbo", "hbo"],
        "downloads": ["Zelfevaluatie acht bouwstenen: scoreformulier"],
    },
    {
        "community": None,
        "slug": "opbrengstenkaart",
        "title": "Opbrengstenkaart: wat levert deelname op?",
        "intro": "Maak zichtbaar wat deelname aan een leergemeenschap oplevert, voor leden, hun organisatie en daarbuiten.",
        "purpose": "De opbrengsten van een leergemeenschap in kaart brengen: van nieuwe inzichten en contacten tot veranderingen in de eigen praktijk.",
        "phase": ToolPhase.EVALUATE,
        "target_group": "Moderatoren, leidinggevenden en financiers",
        "how_to_use": rich(
            "Verzamel aan het eind van een periode korte verhalen van leden: wat deed je, wat veranderde er, wat merkten anderen ervan? Orden ze op de kaart van persoonlijke opbrengst tot opbrengst voor de organisatie."
        ),
        "licence": "CC BY 4.0",
        "version": "1.0",
        "release_date": datetime.date(2026, 9, 1),
        "themes": ["Leergemeenschappen ontwikkelen", "Praktijkgericht onderzoek"],
        "sectors": ["po", "vo", "mbo", "hbo", "Cultuureducatie"],
        "downloads": [],
    },
]

# Stories: dated by how many days ago they appeared ----------------------------------------------

STORIES = [
    {
        "slug": "geen-vergaderclub",
        "title": "Geen vergaderclub: zo houd je een leergemeenschap levendig",
        "days_ago": 3,
        "author": "Redactie",
        "intro": "Vijf moderatoren vertellen hoe ze voorkomen dat hun leergemeenschap verzandt in overleg.",
        "body": [
            text_block(
                "Een leergemeenschap is geen werkgroep en zeker geen vergaderclub. Maar hoe voorkom je dat de bijeenkomsten toch op vergaderingen gaan lijken? We vroegen het vijf moderatoren."
            ),
            heading_block("Begin met een vraag uit de praktijk"),
            text_block(
                'Bij de leergemeenschap sociale veiligheid begint elke bijeenkomst met een casus van een van de leden. "Wie een casus inbrengt, gaat met iets bruikbaars naar huis", zegt moderator Annelies Mulder.'
            ),
            heading_block("Deel ook wat nog niet af is"),
            text_block(
                "Het ontwikkelteam digitale geletterdheid deelt halffabricaten in een gedeelde map. Dat voelde in het begin ongemakkelijk, maar versnelde de samenwerking enorm."
            ),
            quote_block(
                "Mensen delen pas onaf werk als je het zelf voordoet.",
                "Thomas de Graaf, moderator",
            ),
        ],
        "themes": ["Leergemeenschappen ontwikkelen", "Sociale veiligheid"],
        "sectors": ["po", "vo"],
        "communities": ["sociale-veiligheid", "ontwikkelteam-digitale-geletterdheid"],
    },
    {
        "slug": "terugblik-werksessie-opschalen",
        "title": "Terugblik: 130 deelnemers denken na over opschalen",
        "days_ago": 36,
        "author": "Evelien van Dijk",
        "intro": "De online werksessie over het opschalen van leergemeenschappen trok een recordaantal deelnemers.",
        "body": [
            text_block(
                "Hoe zorg je dat een geslaagde leergemeenschap meer mensen bereikt, zonder dat ze haar kracht verliest? Ongeveer 130 deelnemers uit mbo, hbo en bedrijfsleven gingen daarover in kleine groepen met elkaar in gesprek."
            ),
            text_block(
                "De belangrijkste les: opschalen is iets anders dan groter worden.",
                items=(
                    "Start liever een tweede kleine groep dan dat je de eerste laat uitdijen.",
                    "Leg vast wat je leert terwijl je het leert.",
                    "Een vaste moderator is belangrijker dan een vast platform.",
                ),
            ),
        ],
        "themes": ["Leergemeenschappen ontwikkelen"],
        "sectors": ["mbo", "hbo"],
        "communities": ["werkgroep-instrumenten"],
    },
    {
        "slug": "vier-jaar-cultuureducatie-met-kwaliteit",
        "title": "Vier jaar cultuureducatie met kwaliteit: kennis delen over projectgrenzen heen",
        "days_ago": 12,
        "author": "Lotte Kuipers",
        "intro": "De eerste vier jaar leverden veel kennis op. Nu is de uitdaging om die te delen voorbij de grenzen van losse projecten.",
        "body": [
            text_block(
                "In vier jaar werkten tientallen scholen en culturele instellingen aan cultuuronderwijs van hoge kwaliteit. Die kennis zat tot nu toe vooral in de hoofden van de mensen die erbij waren."
            ),
            text_block(
                "Regionale leernetwerken, zoals dat in Twente, nemen die kennis als vertrekpunt. Een kennisregisseur verbindt scholen, kunstenaars en onderzoekers en zorgt dat wat zij leren wordt vastgelegd."
            ),
            quote_block(
                "Kennis die niet gedeeld wordt, moet elke school opnieuw uitvinden.",
                "Marieke Brouwer, lector cultuureducatie",
            ),
        ],
        "themes": ["Cultuureducatie met kwaliteit"],
        "sectors": ["Cultuureducatie", "po"],
        "communities": ["leernetwerk-cultuureducatie-twente", "erfgoed-in-de-klas-zeeland"],
    },
    {
        "slug": "lerarenregister-van-tafel",
        "title": "Het lerarenregister van tafel, en toch leerde de leergemeenschap veel",
        "days_ago": 140,
        "author": "Femke Visser",
        "intro": "Een leergemeenschap die zich voorbereidde op een wet die niet doorging. Wat bleef er over?",
        "body": [
            text_block(
                "Toen bleek dat de registratieplicht niet doorging, lag stoppen voor de hand. De leden kozen anders: ze verbreedden hun vraag naar het zichtbaar maken van professionele ontwikkeling."
            ),
            text_block(
                "Het resultaat is een licht bekwaamheidsdossier dat inmiddels twaalf besturen vrijwillig gebruiken. De leergemeenschap is afgerond: het doel dat de leden samen stelden, is bereikt."
            ),
        ],
        "themes": ["Beroepsregistratie en lerarenregister"],
        "sectors": ["po"],
        "communities": ["beroepsregistratie-lerarenregister"],
    },
    {
        "slug": "halffabricaten-delen",
        "title": "Halffabricaten delen: waarom onaf ook waardevol is",
        "days_ago": 24,
        "author": "Martijn Vos",
        "intro": "Wie alleen afgerond werk deelt, mist de beste momenten om van elkaar te leren.",
        "body": [
            text_block(
                "In veel leergemeenschappen wordt pas iets gedeeld als het af is. Jammer, want juist een concept of een eerste versie nodigt anderen uit om mee te denken."
            ),
            heading_block("Drie tips"),
            text_block(
                items=(
                    "Maak in de werkruimte een aparte plek voor werk in ontwikkeling.",
                    "Vraag bij het delen om een specifiek soort feedback.",
                    "Laat de moderator het goede voorbeeld geven.",
                )
            ),
        ],
        "themes": ["Leergemeenschappen ontwikkelen"],
        "sectors": ["vo", "mbo", "hbo"],
        "communities": ["ontwikkelteam-digitale-geletterdheid"],
    },
    {
        "slug": "kindcentrum-bouw-je-samen",
        "title": "Een kindcentrum bouw je samen",
        "days_ago": 8,
        "author": "Redactie",
        "intro": "In Zuidoost-Brabant start een nieuwe leergemeenschap van leerkrachten en pedagogisch medewerkers.",
        "body": [
            text_block(
                "School en buitenschoolse opvang onder één dak: dat is in veel kindcentra al de praktijk. Maar één doorlopende dag voor kinderen is nog iets anders. Een nieuwe leergemeenschap gaat daar samen aan werken."
            ),
            text_block(
                "De groep begint klein, met een paar early adopters die samen het doel scherp maken. De eerste activiteit is al gestart: een gezamenlijke dagstart."
            ),
            quote_block(
                "We beginnen met iets wat we morgen kunnen doen, niet met een visiedocument.",
                "Hanneke Smit, directeur kindcentrum",
            ),
        ],
        "themes": ["Buitenschoolse opvang"],
        "sectors": ["po"],
        "communities": ["onderwijs-en-opvang"],
    },
    {
        "slug": "lessen-digitale-geletterdheid-samen-maken",
        "title": "Docenten maken samen lessen digitale geletterdheid",
        "days_ago": 55,
        "author": "Redactie",
        "intro": "Een ontwikkelteam van twee scholen laat zien dat digitale geletterdheid in elk vak past.",
        "body": [
            text_block(
                "Wie geeft digitale geletterdheid? Op veel scholen is het antwoord onduidelijk. Het ontwikkelteam in Zuid-Holland koos voor lessen die in bestaande vakken passen, gemaakt door docenten van verschillende vakken samen."
            ),
            text_block(
                "De eerste lessenserie, over nieuws en sociale media, wordt inmiddels op beide scholen gegeven."
            ),
        ],
        "themes": ["Digitale geletterdheid"],
        "sectors": ["vo"],
        "communities": ["ontwikkelteam-digitale-geletterdheid"],
    },
    {
        "slug": "de-moderator-als-gastvrouw",
        "title": "De moderator als gastvrouw",
        "days_ago": 80,
        "author": "Redactie",
        "intro": "Sanne de Vries is onderwerpbeheerder van een landelijke leergemeenschap. Wat doet een moderator eigenlijk?",
        "body": [
            text_block(
                '"Ik zie mezelf als gastvrouw", zegt Sanne de Vries. "Ik zorg dat mensen zich welkom voelen, dat er iets op tafel ligt om mee aan de slag te gaan, en dat we het hogere doel niet uit het oog verliezen."'
            ),
            heading_block("Meer dan plannen"),
            text_block(
                "Naast het plannen van bijeenkomsten stimuleert de moderator een onderzoekende houding, begeleidt de reflectie en brengt resultaten naar het bredere netwerk. Ook beslist de moderator over aanmeldingen van nieuwe leden."
            ),
            quote_block(
                "Het mooiste moment is als de groep mij niet meer nodig heeft om het gesprek op gang te brengen.",
                "Sanne de Vries",
            ),
        ],
        "themes": ["Leergemeenschappen ontwikkelen", "Loopbaanperspectief"],
        "sectors": ["po"],
        "communities": ["loopbaanperspectief-po"],
    },
    {
        "slug": "position-paper-kennisbasis",
        "title": "Position paper van de werkgroep Kennisbasis verschenen",
        "days_ago": 110,
        "author": "Mirjam Postma",
        "intro": "Wat is een leergemeenschap, hoe zet je er een op en wat levert deelname op? De werkgroep Kennisbasis zette het op een rij.",
        "body": [
            text_block(
                "De position paper beschrijft de kenmerken van een leergemeenschap: een vraag of thema als vertrekpunt, kennis uitwisselen en ontwikkelen, bruikbaarheid voor de eigen praktijk, en gedeeld eigenaarschap."
            ),
            text_block(
                "Ook beschrijft de paper drie vormen: het structuurmodel, het procesmodel en het activiteitenmodel. De werkgroep Instrumenten gebruikt de paper als basis voor haar verzameling instrumenten."
            ),
        ],
        "themes": ["Leergemeenschappen ontwikkelen", "Praktijkgericht onderzoek"],
        "sectors": ["mbo", "hbo"],
        "communities": ["werkgroep-instrumenten"],
    },
    {
        "slug": "burgerschap-studenten-schuiven-aan",
        "title": "Burgerschap in het mbo: studenten schuiven aan",
        "days_ago": 18,
        "author": "Karin Dekker",
        "intro": "In de kenniskring burgerschap zijn studenten geen onderwerp, maar gesprekspartner.",
        "body": [
            text_block(
                "Twee keer per jaar schuiven studenten aan bij de kenniskring. Ze toetsen de dilemma's die docenten hebben verzameld aan hun eigen ervaringen op stage."
            ),
            quote_block(
                "Op stage zag ik hoe een collega anders werd behandeld. Daar wil ik het in de les over hebben, niet over een verzonnen voorbeeld.",
                "Student zorg en welzijn",
            ),
        ],
        "themes": ["Burgerschap"],
        "sectors": ["mbo"],
        "communities": ["kenniskring-burgerschap-mbo"],
    },
]

# Events: days from today (negative is past), a local start time and a duration in hours --------

EVENTS = [
    {
        "slug": "online-werksessie-opschalen",
        "title": "Online werksessie: leergemeenschappen opschalen",
        "days_from_today": -38,
        "start_time": datetime.time(15, 30),
        "hours": 1.5,
        "format": MeetingFormat.ONLINE,
        "location": "",
        "online_url": "https://meet.example.org/werksessie-opschalen",
        "registration_url": "https://www.example.org/aanmelden/werksessie-opschalen",
        "community": "werkgroep-instrumenten",
        "intro": "Hoe bereik je meer mensen zonder dat je leergemeenschap haar kracht verliest?",
        "body": [
            text_block(
                "Een werksessie in kleine groepen, met een korte aftrap en een plenaire oogst. Het verslag staat bij de praktijkvoorbeelden van de werkgroep Instrumenten."
            )
        ],
        "themes": ["Leergemeenschappen ontwikkelen"],
        "sectors": ["mbo", "hbo"],
    },
    {
        "slug": "expertmeeting-sociale-veiligheid",
        "title": "Expertmeeting sociale veiligheid: van incident naar schoolklimaat",
        "days_from_today": -12,
        "start_time": datetime.time(13, 0),
        "hours": 3,
        "format": MeetingFormat.BLENDED,
        "location": "OBS De Wilgenhoek, Apeldoorn",
        "online_url": "https://meet.example.org/expertmeeting-veiligheid",
        "registration_url": "",
        "community": "sociale-veiligheid",
        "intro": "Scholen, wijkteams en jongerenwerk bespreken hoe je van losse incidenten komt tot een veilig klimaat.",
        "body": [
            text_block(
                "De middag begon met drie casussen uit de praktijk. Deelnemers konden op locatie of online aansluiten."
            )
        ],
        "themes": ["Sociale veiligheid"],
        "sectors": ["po", "vo"],
    },
    {
        "slug": "netwerkbijeenkomst-cultuureducatie-twente",
        "title": "Netwerkbijeenkomst Leernetwerk Cultuureducatie Twente",
        "days_from_today": 9,
        "start_time": datetime.time(14, 0),
        "hours": 3,
        "format": MeetingFormat.PHYSICAL,
        "location": "Kunstlab Hengelo, Hengelo",
        "online_url": "",
        "registration_url": "https://www.example.org/aanmelden/netwerkbijeenkomst-twente",
        "community": "leernetwerk-cultuureducatie-twente",
        "intro": "De werkgroepen van de vier pijlers laten zien waar ze staan, en nieuwe scholen maken kennis met het netwerk.",
        "body": [
            text_block(
                "Na een korte opening gaan de werkgroepen in het Kunstlab aan de slag. Nieuwe deelnemers kiezen een werkgroep om bij aan te schuiven."
            )
        ],
        "themes": ["Cultuureducatie met kwaliteit"],
        "sectors": ["Cultuureducatie", "po", "hbo"],
    },
    {
        "slug": "online-sessie-loopbaanpaden",
        "title": "Online sessie: loopbaanpaden in het basisonderwijs",
        "days_from_today": 16,
        "start_time": datetime.time(15, 45),
        "hours": 1,
        "format": MeetingFormat.ONLINE,
        "location": "",
        "online_url": "https://meet.example.org/loopbaanpaden-po",
        "registration_url": "https://www.example.org/aanmelden/loopbaanpaden-po",
        "community": "loopbaanperspectief-po",
        "intro": "Leden delen hun eerste ervaringen met de vertelkaart voor loopbaangesprekken.",
        "body": [
            text_block(
                "Een open sessie: ook wie nog geen lid is, kan meekijken en vragen stellen."
            )
        ],
        "themes": ["Loopbaanperspectief"],
        "sectors": ["po"],
    },
    {
        "slug": "werkconferentie-leergemeenschappen",
        "title": "Werkconferentie leergemeenschappen mbo en hbo",
        "days_from_today": 45,
        "start_time": datetime.time(9, 30),
        "hours": 7,
        "format": MeetingFormat.PHYSICAL,
        "location": "Vergadercentrum De Werf, Utrecht",
        "online_url": "",
        "registration_url": "https://www.example.org/aanmelden/werkconferentie",
        "community": "werkgroep-instrumenten",
        "intro": "De jaarlijkse werkconferentie van het landelijk netwerk: werkvormen, instrumenten en praktijkvoorbeelden.",
        "body": [
            text_block(
                "Een dag vol workshops van en voor leergemeenschappen. De werkgroepen Kennisbasis, Instrumenten en Communicatie presenteren hun opbrengsten.",
                items=(
                    "Ochtend: praktijkvoorbeelden uit het hele land.",
                    "Middag: instrumenten uitproberen in kleine groepen.",
                    "Afsluiting: wat nemen we mee naar volgend jaar?",
                ),
            ),
        ],
        "themes": ["Leergemeenschappen ontwikkelen", "Publiek-private samenwerking"],
        "sectors": ["mbo", "hbo"],
    },
    {
        "slug": "open-lab-digitale-geletterdheid",
        "title": "Open lab: lessen digitale geletterdheid uitproberen",
        "days_from_today": 70,
        "start_time": datetime.time(14, 30),
        "hours": 2.5,
        "format": MeetingFormat.BLENDED,
        "location": "Stedelijk College Delft, Delft",
        "online_url": "https://meet.example.org/open-lab-digitaal",
        "registration_url": "https://www.example.org/aanmelden/open-lab",
        "community": "ontwikkelteam-digitale-geletterdheid",
        "intro": "Probeer de lessen van het ontwikkelteam zelf uit en geef feedback, op locatie of online.",
        "body": [
            text_block(
                "Docenten uit de hele regio zijn welkom. Neem een collega mee en ga naar huis met een les die je volgende week kunt geven."
            )
        ],
        "themes": ["Digitale geletterdheid"],
        "sectors": ["vo"],
    },
]

# Home page and the about page -------------------------------------------------------------------

HOME = {
    "intro": "Het landelijke kennisportaal van leergemeenschappen in onderwijs en cultuureducatie: vind kennis, praktijkvoorbeelden en instrumenten, en sluit je aan bij een leergemeenschap.",
    "featured_communities": [
        "leernetwerk-cultuureducatie-twente",
        "loopbaanperspectief-po",
        "ontwikkelteam-digitale-geletterdheid",
        "werkgroep-instrumenten",
    ],
    "body": [
        call_to_action_block(
            "Vind een leergemeenschap",
            "Leraren, schoolleiders, cultuureducatoren en onderzoekers werken samen aan vragen uit hun eigen praktijk. Doe mee.",
            "Bekijk alle leergemeenschappen",
            "communities",
        ),
        call_to_action_block(
            "Zelf een leergemeenschap starten?",
            "Instrumenten om een leergemeenschap op te zetten, te verduurzamen en te evalueren.",
            "Naar de instrumenten",
            "tools",
        ),
    ],
}

ABOUT = {
    "slug": "over-dit-portaal",
    "title": "Over dit portaal",
    "intro": "Dit portaal brengt de kennis van leergemeenschappen in het hele land samen, zodat anderen erop kunnen voortbouwen.",
    "body": [
        heading_block("Wat is een leergemeenschap?"),
        text_block(
            "Een leergemeenschap is een groep professionals die kennis deelt en ontwikkelt rond één thema of vraag, zodat ze de vraagstukken uit hun eigen praktijk beter aankunnen. Werken en leren vallen samen.",
            "Je kent ze ook als lerend netwerk, kenniskring, praktijkgemeenschap, werkplaats of ontwikkelteam.",
        ),
        heading_block("Drie vormen"),
        text_block(
            items=(
                "Structuurmodel: rond een intrigerende vraag, met een begin en een eind.",
                "Procesmodel: rond een doorlopend proces, iteratief en vaak zonder eind.",
                "Activiteitenmodel: rond een gezamenlijke activiteit; de ervaring van het samen doen staat centraal.",
            )
        ),
        heading_block("Acht bouwstenen"),
        text_block(
            "Een leergemeenschap heeft een aantrekkelijk doel en een gedeelde focus, wisselt kennis uit en ontwikkelt nieuwe kennis, en werkt aan een uitdagende gezamenlijke praktijk. Leden vertrouwen elkaar, delen het eigenaarschap en zijn breed betrokken. De leergemeenschap wordt gefaciliteerd, legt kennis vast zodat anderen die kunnen gebruiken en evalueert zichzelf.",
        ),
        call_to_action_block(
            "Doe mee",
            "Zoek een leergemeenschap bij jouw vraag of in jouw regio.",
            "Bekijk de leergemeenschappen",
            "communities",
        ),
        heading_block("Over deze demo-inhoud", "h3"),
        text_block(
            "De leergemeenschappen, personen en organisaties op deze demonstratieversie zijn verzonnen. Ze laten zien hoe het portaal werkt."
        ),
    ],
}

# Knowledge questions answered and published (anonymised, with the askers' consent) -------------

# Links name the type and slug of an existing page: ("tool", slug) or ("practice_example", slug).
QUESTIONS = [
    {
        "slug": "hoe-houden-we-onze-leergemeenschap-levend-na-het-eerste-jaar",
        "title": "Hoe houden we onze leergemeenschap levend na het eerste jaar?",
        "question": "We zijn vorig jaar met veel enthousiasme begonnen met een leergemeenschap over lesontwerp. Nu komen er steeds minder mensen naar de bijeenkomsten en wordt er weinig gedeeld tussendoor. Hoe krijgen we de energie terug?",
        "answer": rich(
            "Het eerste jaar draait vaak op het enthousiasme van de start; daarna moet de leergemeenschap op eigen kracht verder. Drie dingen helpen bijna altijd.",
            "Maak het doel opnieuw samen scherp. Is het doel van de start nog het doel van nu? Een korte zelfevaluatie met de acht bouwstenen laat zien waar het wringt.",
            "Deel ook wat nog niet af is. Een vaste halffabricatenronde aan het begin van elke bijeenkomst maakt delen gewoon, en geeft iedereen iets om op te reageren.",
            "Kies een ritme dat je volhoudt: liever zes goede bijeenkomsten per jaar, afgewisseld met korte online sessies, dan twaalf die half bezocht worden.",
        ),
        "community": "werkgroep-instrumenten",
        "links": [
            ("tool", "zelfevaluatie-acht-bouwstenen"),
            ("tool", "werkvorm-halffabricatenronde"),
            ("tool", "ritmeplanner-blended-bijeenkomsten"),
        ],
        "themes": ["Leergemeenschappen ontwikkelen"],
        "sectors": ["vo", "mbo"],
    },
    {
        "slug": "hoe-beginnen-we-samen-met-de-buitenschoolse-opvang",
        "title": "Hoe beginnen we samen met de buitenschoolse opvang?",
        "question": "Onze basisschool deelt een gebouw met een opvangorganisatie, maar we werken langs elkaar heen. We willen een leergemeenschap met leerkrachten en pedagogisch medewerkers. Waar begin je?",
        "answer": rich(
            "Begin met iets kleins wat je meteen samen kunt doen, niet met een visiedocument. Een kindcentrum in Brabant startte met een gezamenlijke dagstart van leerkracht en pedagogisch medewerker, zes weken lang in twee groepen.",
            "Regel de roosters vooraf: dat bleek daar de grootste hindernis. En nodig vanaf het begin beide kanten uit als initiatiefnemer, zodat het geen project van de school wordt.",
        ),
        "community": "onderwijs-en-opvang",
        "links": [("practice_example", "gezamenlijke-dagstart")],
        "themes": ["Buitenschoolse opvang"],
        "sectors": ["po"],
    },
]

# Demo logins; the loader only creates them where settings.PORTAL_DEMO_USERS is on ---------------

# A login with a community_group belongs to that group of its community (by slug).
DEMO_USERS = [
    {
        "username": "beheerder",
        "password": "demo-beheerder-2026",
        "role": "site administrator (superuser)",
        "first_name": "Noor",
        "last_name": "Janssen",
        "email": "beheerder@example.org",
        "is_superuser": True,
        "group": None,
    },
    {
        "username": "redactie",
        "password": "demo-redactie-2026",
        "role": "editor (Redactie)",
        "first_name": "Lisa",
        "last_name": "de Boer",
        "email": "redactie@example.org",
        "is_superuser": False,
        "group": "Redactie",
    },
    {
        "username": "moderator",
        "password": "demo-moderator-2026",
        "role": "moderator of Loopbaanperspectief in het primair onderwijs",
        "first_name": "Sanne",
        "last_name": "de Vries",
        "email": "moderator@example.org",
        "is_superuser": False,
        "group": None,
        "community": "loopbaanperspectief-po",
        "community_group": "moderators_group",
    },
    {
        "username": "lid",
        "password": "demo-lid-2026",
        "role": "member of Loopbaanperspectief in het primair onderwijs",
        "first_name": "Ingrid",
        "last_name": "Bakker",
        "email": "lid@example.org",
        "is_superuser": False,
        "group": None,
        "community": "loopbaanperspectief-po",
        "community_group": "members_group",
    },
    {
        "username": "lid2",
        "password": "demo-lid2-2026",
        "role": "member of Loopbaanperspectief in het primair onderwijs",
        "first_name": "Peter",
        "last_name": "Jansen",
        "email": "lid2@example.org",
        "is_superuser": False,
        "group": None,
        "community": "loopbaanperspectief-po",
        "community_group": "members_group",
    },
    {
        "username": "moderator-twente",
        "password": "demo-moderator-twente-2026",
        "role": "moderator of Leernetwerk Cultuureducatie Twente",
        "first_name": "Lotte",
        "last_name": "Kuipers",
        "email": "moderator-twente@example.org",
        "is_superuser": False,
        "group": None,
        "community": "leernetwerk-cultuureducatie-twente",
        "community_group": "moderators_group",
    },
    {
        "username": "lid-twente",
        "password": "demo-lid-twente-2026",
        "role": "member of Leernetwerk Cultuureducatie Twente",
        "first_name": "Esra",
        "last_name": "Yilmaz",
        "email": "lid-twente@example.org",
        "is_superuser": False,
        "group": None,
        "community": "leernetwerk-cultuureducatie-twente",
        "community_group": "members_group",
    },
    {
        "username": "lid2-twente",
        "password": "demo-lid2-twente-2026",
        "role": "member of Leernetwerk Cultuureducatie Twente",
        "first_name": "Daan",
        "last_name": "Oosterhuis",
        "email": "lid2-twente@example.org",
        "is_superuser": False,
        "group": None,
        "community": "leernetwerk-cultuureducatie-twente",
        "community_group": "members_group",
    },
]


# What the demo logins wrote; loaded with the logins, and only where they are -----------------

# Discussions in the communities' workspaces, each by members and moderators of its community.
# The first post is the opening post. A discussion's result is the slug of a published practice
# example of its community, which the moderator made of the conversation.
DISCUSSIONS = [
    {
        "community": "loopbaanperspectief-po",
        "title": "Welkom! Lees dit even voordat je een gesprek begint",
        "pinned": True,
        "closed": False,
        "result": None,
        "posts": [
            post(
                "moderator",
                45,
                "09:15",
                "Fijn dat je er bent! Deze gesprekken zijn van en voor de leden van de leergemeenschap: alleen leden en moderatoren lezen mee.\n\n"
                "Een paar afspraken:\n\n"
                "- Stel je in je eerste bericht kort voor: je school, je rol en je vraag over loopbaanpaden.\n"
                "- Noem geen namen van leerlingen of (oud-)collega's; beschrijf de situatie.\n"
                "- Deel ook wat nog niet af is. Een halffabricaat levert vaak de beste reacties op.\n"
                "- Zie je iets wat hier niet hoort? Meld het bericht, dan kijk ik mee.\n\n"
                "Vragen over de online sessies kun je ook in dit gesprek kwijt.",
                replies=[
                    post(
                        "lid",
                        44,
                        "16:20",
                        "Hoi allemaal! Ik ben Ingrid, leerkracht van groep 7 en bouwcoördinator op IKC De Sterrenwachter. Mijn vraag: hoe maak je ruimte voor een rol naast het lesgeven, zonder dat je groep eronder lijdt?",
                    ),
                    post(
                        "lid2",
                        43,
                        "20:05",
                        "Peter Jansen, schoolleider van Basisschool Het Kompas. Wij zijn net begonnen met de rol van leraar-onderzoeker. Ik hoor graag hoe andere besturen zo'n rol een plek geven in de functiebouw.",
                    ),
                    post(
                        "moderator",
                        42,
                        "08:40",
                        "Welkom Ingrid en Peter! Peter, zou je in de sessie van volgende maand vijf minuten willen vertellen hoe jullie met de leraar-onderzoeker zijn begonnen? Daar zijn meer leden benieuwd naar.",
                    ),
                ],
            ),
        ],
    },
    {
        "community": "loopbaanperspectief-po",
        "title": "Wie probeert de vertelkaart uit in een loopbaangesprek?",
        "pinned": False,
        "closed": False,
        "result": "loopbaangesprekken-met-een-vertelkaart",
        "posts": [
            post(
                "moderator",
                60,
                "10:00",
                "In de vorige sessie hebben we de vertelkaart afgemaakt: vier vragen die je met een collega voorbereidt, voordat je het gesprek met je leidinggevende voert.\n\n"
                "1. Waar krijg je energie van?\n"
                "2. Wat wil je leren?\n"
                "3. Welke rol past daarbij?\n"
                "4. Wat heb je nodig?\n\n"
                "Wie wil de kaart de komende weken uitproberen? Deel hier wat je merkt, ook als het tegenvalt.",
                replies=[
                    post(
                        "lid",
                        59,
                        "15:45",
                        "Ik doe mee. In mijn bouw staan de loopbaangesprekken de komende weken gepland. Ik vraag collega's om de kaart eerst in tweetallen in te vullen.",
                    ),
                ],
            ),
            post(
                "lid",
                48,
                "19:30",
                "Eerste ervaringen: de gesprekken zijn korter, maar gaan veel meer over de toekomst. Twee collega's zeiden voor het eerst hardop dat ze iets anders wilden, zonder directeur te worden.\n\n"
                "Wat lastig is: vraag 4. Mensen durven niet goed te zeggen wat ze nodig hebben, omdat ze denken dat er toch geen geld voor is.",
                replies=[
                    post(
                        "lid2",
                        47,
                        "07:50",
                        "Herkenbaar, maar dan van de andere kant van de tafel. Het helpt als de schoolleider vooraf laat zien welke rollen er zijn en wat ze kosten. Dan wordt vraag 4 een gesprek over keuzes in plaats van over wensen.",
                    ),
                    post(
                        "moderator",
                        47,
                        "12:10",
                        "Goede aanvulling, Peter. @ingrid-bakker, wil je na de laatste gesprekken bijhouden hoeveel collega's een nieuwe rol kiezen? Dan kunnen we het vastleggen als praktijkvoorbeeld.",
                    ),
                ],
            ),
            post(
                "lid",
                40,
                "21:05",
                "Alle gesprekken zijn gevoerd. Twaalf collega's gebruikten de kaart en vier kozen een nieuwe rol binnen de school; twee van hen twijfelden eerder of ze in het onderwijs wilden blijven.\n\n"
                "Mijn belangrijkste les: bereid het gesprek voor met een collega, niet alleen. En zorg dat de school ook echt rollen te bieden heeft.",
                replies=[
                    post(
                        "moderator",
                        38,
                        "09:30",
                        "Dank je wel, Ingrid! Ik heb de ervaringen uit dit gesprek verwerkt tot het praktijkvoorbeeld **Loopbaangesprekken met een vertelkaart**. Het staat inmiddels online bij onze resultaten.",
                    ),
                ],
            ),
        ],
    },
    {
        "community": "loopbaanperspectief-po",
        "title": "Extra online sessie over functiedifferentiatie: welke dinsdag?",
        "pinned": False,
        "closed": True,
        "result": None,
        "posts": [
            post(
                "moderator",
                30,
                "11:20",
                "Een paar van jullie vroegen om een extra sessie over functiedifferentiatie en de functiemix. Ik stel twee dinsdagen voor, allebei van 15.30 tot 16.30 uur: over twee weken of over drie weken. Welke past jou het best?",
                replies=[
                    post(
                        "lid",
                        30,
                        "17:05",
                        "Over drie weken graag; de week ervoor hebben wij de rapportgesprekken.",
                    ),
                    post(
                        "lid2",
                        29,
                        "08:15",
                        "Voor mij kunnen ze allebei, maar de tweede heeft mijn voorkeur.",
                    ),
                ],
            ),
            post(
                "moderator",
                27,
                "10:45",
                "Het wordt de dinsdag over drie weken. De uitnodiging met de link staat in de agenda van de werkruimte. Ik sluit dit gesprek; inhoudelijke vragen over de functiemix kunnen in een nieuw gesprek.",
            ),
        ],
    },
    {
        "community": "loopbaanperspectief-po",
        "title": "Waarom vertrekken startende leerkrachten, en wat houdt ze binnen?",
        "pinned": False,
        "closed": False,
        "result": None,
        "posts": [
            post(
                "lid",
                6,
                "20:10",
                "Bij ons zijn dit jaar twee starters na een jaar weer vertrokken. In de exitgesprekken hoorden we vooral twee dingen: te weinig begeleiding, en geen idee wat je over vijf jaar in de school kunt doen.\n\n"
                "Hoe gaan jullie daarmee om? Zit er in jullie inductieprogramma iets over loopbaan?",
                replies=[
                    post(
                        "moderator",
                        5,
                        "09:05",
                        "Een paar besturen in deze groep voeren in het tweede jaar al een loopbaangesprek met starters, met de vertelkaart. Peter, doen jullie daar niet ook iets mee?",
                    ),
                ],
            ),
            post(
                "lid2",
                4,
                "22:30",
                "Bij ons lag het vooral aan de begeleiding. Neem Marloes uit groep 4: die heeft in haar tweede jaar maandenlang met een burn-out thuisgezeten, omdat haar mentor er met de pet naar gooide.\n\n"
                "Wat wel werkt: starters krijgen bij ons vanaf de eerste dag een vaste mentor, en in het tweede jaar een gesprek over hun ontwikkeling.",
                replies=[
                    post(
                        "lid",
                        3,
                        "16:40",
                        "Een vaste mentor vanaf de eerste dag hebben wij pas sinds dit schooljaar. Werkt dat bij jullie ook voor zij-instromers? Die beginnen vaak midden in het jaar.",
                    ),
                ],
                report={
                    "reporter": "lid",
                    "days_ago": 3,
                    "time": "07:55",
                    "reason": "In dit bericht wordt een collega bij naam genoemd, met informatie over haar gezondheid, en haar mentor wordt beoordeeld. Volgens de afspraken in het welkomstbericht hoort dat hier niet. Kan een moderator meekijken?",
                },
            ),
        ],
    },
    {
        "community": "leernetwerk-cultuureducatie-twente",
        "title": "Werkgroepen per pijler: waar sluit jij aan?",
        "pinned": True,
        "closed": False,
        "result": None,
        "posts": [
            post(
                "moderator-twente",
                50,
                "10:30",
                "Welkom in de gesprekken van het leernetwerk! Tussen de netwerkbijeenkomsten in het Kunstlab werken we in vier werkgroepen, één per pijler:\n\n"
                "- **Samen ontwerpen**: leerkrachten en kunstenaars maken lessen in het Kunstlab.\n"
                "- **Samen onderzoeken**: kleine praktijkonderzoeken, begeleid door de hogeschool.\n"
                "- **Professionaliseren**: scholing door leden, voor leden.\n"
                "- **Kennis delen**: vastleggen wat we leren, voor de projectpagina en vakpublicaties.\n\n"
                "Laat hieronder weten bij welke werkgroep je aansluit. Dit gesprek blijft bovenaan staan.",
                replies=[
                    post(
                        "lid-twente",
                        49,
                        "15:50",
                        "Ik sluit aan bij Samen ontwerpen. Op OBS De Esch willen we de cultuurlessen beter laten aansluiten bij wereldoriëntatie; daar ligt mijn vraag.",
                    ),
                    post(
                        "lid2-twente",
                        48,
                        "09:20",
                        "Namens het Kunstlab trek ik Samen ontwerpen, samen met Esra, en ik denk mee bij Professionaliseren. In het lab is per kwartaal ruimte voor twee ontwerpdagen.",
                    ),
                ],
            ),
        ],
    },
    {
        "community": "leernetwerk-cultuureducatie-twente",
        "title": "Ontwerpweek in het Kunstlab: wat nemen we mee?",
        "pinned": False,
        "closed": False,
        "result": "kunstenaars-en-leerkrachten-ontwerpen-samen",
        "posts": [
            post(
                "lid2-twente",
                75,
                "17:15",
                "De ontwerpweek zit erop! Vijf duo's van een leerkracht en een kunstenaar hebben een lessenreeks over de eigen wijk gemaakt, uitgeprobeerd in de klas en bijgesteld. Wat werkte er voor jullie, en wat zouden jullie een volgende keer anders doen?",
                replies=[
                    post(
                        "lid-twente",
                        74,
                        "19:40",
                        "Wat voor mij werkte: we ontwierpen echt samen, in plaats van dat de kunstenaar een kant-en-klaar project kwam brengen. Onze reeks over geluidskaarten van de wijk past precies bij het thema 'Mijn buurt' van wereldoriëntatie.",
                    ),
                    post(
                        "moderator-twente",
                        73,
                        "11:00",
                        "Mooi om te lezen. Hoe was de feedback van de studenten van de hogeschool voor jullie? Dat neem ik graag mee naar de werkgroep Samen onderzoeken.",
                    ),
                ],
            ),
            post(
                "lid-twente",
                70,
                "20:25",
                "Een volgende keer zou ik de directeur uitnodigen voor de presentatie op vrijdag. Wij hebben de reeks inmiddels in het cultuurplan opgenomen, maar dat kostte achteraf nog twee overleggen.",
                replies=[
                    post(
                        "lid2-twente",
                        69,
                        "08:55",
                        "Goed punt. Mijn belangrijkste les: geef de leerkracht en de kunstenaar evenveel zeggenschap over het ontwerp. Kunstenaars brengen verwondering, leerkrachten weten wat werkt in de klas.",
                    ),
                    post(
                        "moderator-twente",
                        65,
                        "14:35",
                        "Ik heb jullie ervaringen samengebracht in het praktijkvoorbeeld **Kunstenaars en leerkrachten ontwerpen samen in het Kunstlab**. Het staat online bij de resultaten van het leernetwerk. Dank voor jullie bijdragen!",
                    ),
                ],
            ),
        ],
    },
    {
        "community": "leernetwerk-cultuureducatie-twente",
        "title": "Aanvraag Cultuureducatie met Kwaliteit: wie levert wat aan?",
        "pinned": False,
        "closed": True,
        "result": None,
        "posts": [
            post(
                "moderator-twente",
                35,
                "09:10",
                "De aanvraag voor de volgende periode van Cultuureducatie met Kwaliteit moet over drie weken binnen zijn. Ik schrijf het overkoepelende plan; van jullie heb ik nodig:\n\n"
                "- per school een korte beschrijving van de cultuurdoelen;\n"
                "- van het Kunstlab de begroting voor de ontwerpdagen;\n"
                "- de handtekening van de schoolleider onder de intentieverklaring.\n\n"
                "Zet hieronder wat je aanlevert, en wanneer.",
                replies=[
                    post(
                        "lid-twente",
                        34,
                        "16:00",
                        "De cultuurdoelen van OBS De Esch lever ik vrijdag aan. De handtekening van onze directeur volgt volgende week.",
                    ),
                    post(
                        "lid2-twente",
                        33,
                        "10:25",
                        "De begroting voor de ontwerpdagen komt eind deze week, inclusief de uren van de kunstenaars.",
                    ),
                ],
            ),
            post(
                "moderator-twente",
                14,
                "13:50",
                "De aanvraag is ingediend. Dank jullie wel voor het snelle aanleveren! Ik sluit dit gesprek; zodra we bericht krijgen over de aanvraag, hoor je het op de netwerkbijeenkomst.",
            ),
        ],
    },
    {
        "community": "leernetwerk-cultuureducatie-twente",
        "title": "Cultuurplan en wereldoriëntatie: hoe koppelen jullie die?",
        "pinned": False,
        "closed": False,
        "result": None,
        "posts": [
            post(
                "lid-twente",
                3,
                "19:15",
                "We herschrijven dit jaar ons cultuurplan. Ik wil de cultuurlessen koppelen aan de thema's van wereldoriëntatie, zodat het geen losse projecten meer zijn. Hoe pakken andere scholen dat aan? Werken jullie met een leerlijn per discipline, of per thema?",
                replies=[
                    post(
                        "moderator-twente",
                        2,
                        "10:05",
                        "Een paar scholen in het netwerk werken per thema, en kiezen per thema één discipline om echt de diepte in te gaan. Gijs van de hogeschool onderzoekt dit jaar hoe dat uitpakt; ik vraag of hij zijn eerste bevindingen op de volgende bijeenkomst wil delen.",
                    ),
                ],
            ),
            post(
                "lid2-twente",
                1,
                "09:40",
                "Vanuit het Kunstlab: als jullie de thema's voor volgend schooljaar al weten, stemmen we de ontwerpdagen daarop af. Dan maken kunstenaars en leerkrachten lessen die direct in jullie plan passen.",
            ),
        ],
    },
]

# "Ik heb dit gebruikt" on practice examples and tools, by the demo logins. A note waits for a
# moderator (pending) until it is approved; a report without a note counts at once.
REUSE_REPORTS = [
    {
        "kind": "practice_example",
        "slug": "kunstenaars-en-leerkrachten-ontwerpen-samen",
        "user": "lid",
        "days_ago": 15,
        "note": "Met een beeldend kunstenaar uit de wijk twee lessen over ons schoolplein ontworpen, volgens de opzet van de ontwerpweek.",
        "status": ReuseStatus.APPROVED,
    },
    {
        "kind": "practice_example",
        "slug": "loopbaangesprekken-met-een-vertelkaart",
        "user": "lid2-twente",
        "days_ago": 12,
        "note": "De vier vragen van de vertelkaart gebruikt om de jaargesprekken met de kunstenaars van het Kunstlab voor te bereiden.",
        "status": ReuseStatus.APPROVED,
    },
    {
        "kind": "practice_example",
        "slug": "vier-pijlers-voor-een-regionaal-leernetwerk",
        "user": "lid2",
        "days_ago": 2,
        "note": "We gebruiken de vier pijlers als opzet voor het netwerk van de scholen in ons bestuur; met Kennis delen beginnen we.",
        "status": ReuseStatus.PENDING,
    },
    {
        "kind": "tool",
        "slug": "rollenkaart",
        "user": "lid-twente",
        "days_ago": 20,
        "note": "In ons cultuurteam verdeeld wie het contact houdt met welke culturele partner. De kaart hangt nu in de teamkamer.",
        "status": ReuseStatus.APPROVED,
    },
    {
        "kind": "tool",
        "slug": "doelencanvas",
        "user": "moderator",
        "days_ago": 25,
        "note": "Gebruikt in de startsessie van een nieuwe leergemeenschap: binnen een uur stond ons gedeelde doel op papier.",
        "status": ReuseStatus.APPROVED,
    },
    {
        "kind": "tool",
        "slug": "werkvorm-halffabricatenronde",
        "user": "moderator-twente",
        "days_ago": 9,
        "note": "",
        "status": ReuseStatus.APPROVED,
    },
]


# The building-block monitor -------------------------------------------------------------------

# Which building blocks (1-8) each tool helps with.
TOOL_BUILDING_BLOCKS = {
    "doelencanvas": [1],
    "personas-wat-drijft-je-deelnemers": [1, 6],
    "draaiboek-warme-start": [6, 7],
    "rollenkaart": [5, 7],
    "werkvorm-halffabricatenronde": [2, 3, 4],
    "ritmeplanner-blended-bijeenkomsten": [7],
    "zelfevaluatie-acht-bouwstenen": [8],
    "opbrengstenkaart": [2, 8],
}

# Anonymous self-evaluations: community slug -> quarter -> one row of eight scores per member.
SELF_EVALUATIONS = {
    "leernetwerk-cultuureducatie-twente": {
        "2026-2": [
            [4, 3, 3, 4, 2, 4, 3, 2],
            [3, 3, 2, 4, 3, 4, 2, 2],
            [4, 2, 3, 3, 2, 5, 3, 1],
        ],
        "2026-3": [
            [4, 4, 3, 4, 3, 4, 3, 3],
            [4, 3, 3, 5, 3, 4, 3, 2],
            [5, 3, 4, 4, 3, 5, 4, 3],
            [4, 4, 3, 4, 2, 4, 3, 3],
        ],
    },
    "kenniskring-burgerschap-mbo": {
        "2026-3": [
            [5, 4, 4, 4, 3, 4, 4, 3],
            [4, 4, 3, 4, 4, 3, 4, 3],
            [4, 3, 4, 5, 3, 4, 3, 4],
        ],
    },
}

# Visitors and members who follow by email (exchange.following), all confirmed: one community,
# one theme (by name) and the agenda. And one demo member who chose a weekly digest of their
# community's discussions instead of the daily one.
FOLLOWS = [
    {"email": "volger-twente@example.org", "community": "leernetwerk-cultuureducatie-twente"},
    {"email": "lid@example.org", "theme": "Loopbaanperspectief", "frequency": "dagelijks"},
    {"email": "agenda-volger@example.org", "agenda": True},
]
DISCUSSION_PREFERENCES = [
    {"user": "lid2", "community": "loopbaanperspectief-po", "frequency": "wekelijks"},
]
