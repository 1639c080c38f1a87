"""The reports that someone used a result ("Ik heb dit gebruikt"), made from their account: in
the export and erasure of communities.privacy."""

from communities.privacy import accounts_under, register_address_records

from .models import ReuseReport


def _reports_of(address):
    return ReuseReport.objects.filter(user__in=accounts_under(address))


def _export_reports(reports):
    return [
        {
            "result": report.page.title,
            "result_id": report.page_id,
            "note": report.note,
            "status": report.status,
            "reported_at": report.created_at.isoformat(),
        }
        for report in reports.select_related("page").order_by("-created_at", "-pk")
    ]


def _erase_reports(reports):
    # The use still counts, as nobody's: without the account and without the note, which is the
    # person's own words and may say who or where they are.
    reports.update(user=None, note="")


def register():
    register_address_records(
        "reuse_reports",
        find=_reports_of,
        export=_export_reports,
        erase=_erase_reports,
        # After the questions asked, before the messages sent; erased before the account,
        # through which they are found.
        order=35,
    )
