"""A synthetic but realistic knowledge base, written as import_content's JSON Lines.

The same seed gives the same file, so runs compare. Text is Dutch and uses the field's words,
so that searches, synonyms and snippets behave as they would on real content.
"""

import json
import random

from demo.content import SECTORS, THEMES

# Of every 100 pages: one community and, below it, its results; then the editors' pages.
PAGES_PER_COMMUNITY = 100
PRACTICE_EXAMPLES_PER_COMMUNITY = 45
TOOLS_PER_COMMUNITY = 25
STORIES_PER_COMMUNITY = 15
# The rest of each hundred are events.

SUBJECTS = [
    "lesbezoek",
    "feedbackgesprek",
    "begeleiding van startende leraren",
    "werkdrukverlaging",
    "ouderbetrokkenheid",
    "burgerschapsonderwijs",
    "taalontwikkeling",
    "rekenonderwijs",
    "cultuureducatie",
    "erfgoedonderwijs",
    "muziekles",
    "beeldende vorming",
    "loopbaangesprek",
    "functiedifferentiatie",
    "zij-instroom",
    "inclusief onderwijs",
    "passend onderwijs",
    "sociale veiligheid",
    "pestpreventie",
    "digitale geletterdheid",
    "formatief evalueren",
    "onderzoekend leren",
    "samenwerking met de bibliotheek",
    "brede school",
    "buitenschoolse opvang",
    "stagebegeleiding",
    "beroepspraktijkvorming",
    "lerarenregister",
    "bekwaamheidsdossier",
    "teamontwikkeling",
]
VERBS = [
    "versterken",
    "verbeteren",
    "organiseren",
    "onderzoeken",
    "delen",
    "vormgeven",
    "evalueren",
    "borgen",
    "uitproberen",
    "opschalen",
]
PLACES = [
    "in het primair onderwijs",
    "in het vmbo",
    "op het mbo",
    "op de pabo",
    "in de regio",
    "in kleine scholen",
    "in de brede school",
    "met culturele instellingen",
    "met ouders en wijk",
    "binnen het schoolbestuur",
]
SENTENCES = [
    "De leergemeenschap werkt met {subject} en deelt wat werkt.",
    "Leraren, schoolleiders en cultuurprofessionals {verb} samen hun aanpak voor {subject}.",
    "In drie bijeenkomsten onderzochten we hoe {subject} {place} beter kan.",
    "Wat we leerden: begin klein, maak afspraken over tijd en kijk samen naar resultaten.",
    "Het instrument helpt teams om {subject} te {verb} zonder extra werkdruk.",
    "Deelnemers gebruikten een gesprekskaart en een kijkwijzer bij {subject}.",
    "Na een jaar zagen de scholen meer eigenaarschap bij leerlingen en collega's.",
    "De kennis over {subject} is vastgelegd zodat andere netwerken er mee verder kunnen.",
    "Een lector van de hogeschool begeleidde het onderzoek naar {subject} {place}.",
    "Tip van de deelnemers: nodig ook ouders en partners uit de wijk uit.",
]
TITLE_FORMS = [
    "{Subject} {place}",
    "Samen {subject} {verb}",
    "Zo pak je {subject} aan",
    "Kijkwijzer voor {subject}",
    "Aan de slag met {subject}",
    "Wat werkt bij {subject}?",
]


def _text(rng, subject, sentences):
    words = {"subject": subject, "verb": rng.choice(VERBS), "place": rng.choice(PLACES)}
    return " ".join(rng.choice(SENTENCES).format(**words) for _ in range(sentences))


def _title(rng, subject, number):
    words = {
        "subject": subject,
        "Subject": subject[:1].upper() + subject[1:],
        "verb": rng.choice(VERBS),
        "place": rng.choice(PLACES),
    }
    # The number keeps titles, and so slugs, unique among siblings.
    return f"{rng.choice(TITLE_FORMS).format(**words)} ({number})"


def _body(rng, subject):
    paragraphs = [_text(rng, subject, rng.randint(3, 6)) for _ in range(rng.randint(2, 4))]
    return "\n\n".join(["## Aanpak", *paragraphs[:-1], "## Resultaten", paragraphs[-1]])


def records(pages, seed=2026):
    """Yield about `pages` import records, communities before what is placed below them."""
    rng = random.Random(seed)
    themes = [name for name, _description in THEMES]
    sectors = [name for name, _abbreviation, _description in SECTORS]
    communities = max(1, round(pages / PAGES_PER_COMMUNITY))
    per_community = pages / communities
    share = per_community / PAGES_PER_COMMUNITY
    counts = {
        "practice_example": round(PRACTICE_EXAMPLES_PER_COMMUNITY * share),
        "tool": round(TOOLS_PER_COMMUNITY * share),
        "story": round(STORIES_PER_COMMUNITY * share),
    }
    counts["event"] = max(0, round(per_community) - 1 - sum(counts.values()))
    number = 0
    for index in range(communities):
        subject = SUBJECTS[index % len(SUBJECTS)]
        community = f"gemeenschap-{index + 1:05d}"
        classification = {
            "themes": rng.sample(themes, rng.randint(1, 3)),
            "sectors": rng.sample(sectors, rng.randint(1, 2)),
        }
        yield {
            "type": "community",
            "slug": community,
            "title": f"Leergemeenschap {subject} {index + 1}",
            "intro": _text(rng, subject, 2),
            "body": _body(rng, subject),
            "form": rng.choice(["structuurmodel", "procesmodel", "activiteitenmodel"]),
            "status": rng.choice(["actief", "actief", "actief", "in oprichting", "afgerond"]),
            **classification,
        }
        for kind, count in counts.items():
            for _ in range(count):
                number += 1
                topic = rng.choice(SUBJECTS) if rng.random() < 0.3 else subject
                record = {
                    "type": kind,
                    "title": _title(rng, topic, number),
                    "slug": f"{kind.replace('_', '-')}-{number:06d}",
                    "community": community,
                    "intro": _text(rng, topic, 2),
                    "body": _body(rng, topic),
                    **classification,
                }
                if kind == "story":
                    record["date"] = f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-15"
                elif kind == "event":
                    record["date"] = f"{rng.randint(2024, 2027)}-{rng.randint(1, 12):02d}-10"
                yield record


def write(path, pages, seed=2026):
    """Write the corpus to `path`; returns the number of lines."""
    count = 0
    with open(path, "w", encoding="utf-8") as file:
        for record in records(pages, seed):
            file.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
