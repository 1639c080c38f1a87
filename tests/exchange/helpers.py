"""What the tests of the knowledge exchange, and those that post its admin forms, share."""


def links_formset(*pages):
    """The POST data of the answer's list of links, as Wagtail's InlinePanel sends it."""
    data = {
        "answer_links-TOTAL_FORMS": str(len(pages)),
        "answer_links-INITIAL_FORMS": "0",
        "answer_links-MIN_NUM_FORMS": "0",
        "answer_links-MAX_NUM_FORMS": "1000",
    }
    for number, page in enumerate(pages):
        data[f"answer_links-{number}-page"] = str(page.pk)
        data[f"answer_links-{number}-ORDER"] = str(number + 1)
        data[f"answer_links-{number}-id"] = ""
    return data
