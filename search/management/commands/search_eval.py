"""Print the search's relevance on the judged queries, per configured backend and kind."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from search.evaluation import (
    EvaluationError,
    backend_label,
    evaluate,
    format_outcomes,
    format_table,
    load_floor,
)


class Command(BaseCommand):
    help = (
        "Run the judged queries (search/evaluation/judgements.toml) through the portal's search "
        "and print nDCG@10, MRR and the zero-result rate per backend and kind. Needs the demo "
        "content, indexed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend",
            action="append",
            choices=list(settings.WAGTAILSEARCH_BACKENDS),
            help="A configured search backend (repeatable); by default every one.",
        )
        parser.add_argument(
            "--floor",
            action="store_true",
            help="Fail when nDCG@10 is below the backend's floor (search/evaluation/floor.toml).",
        )
        parser.add_argument(
            "--per-query", action="store_true", help="Also list every query, worst first."
        )

    def handle(self, *args, **options):
        floor = load_floor() if options["floor"] else {}
        below = []
        for name in options["backend"] or list(settings.WAGTAILSEARCH_BACKENDS):
            config = settings.WAGTAILSEARCH_BACKENDS[name]
            label = backend_label(config)
            # The search always asks the `default` backend; each is measured in that place.
            with override_settings(WAGTAILSEARCH_BACKENDS={"default": config}):
                try:
                    per_kind, overall = evaluate()
                except EvaluationError as error:
                    raise CommandError(f"{label} (search backend `{name}`): {error}") from error
            self.stdout.write(f"\n{label} (search backend `{name}`)")
            self.stdout.write(format_table(per_kind, overall))
            if options["per_query"]:
                self.stdout.write("\n nDCG   RR  count  kind            query")
                self.stdout.write(format_outcomes(overall.outcomes))
            if label in floor:
                low = overall.ndcg < floor[label]
                verdict = "below" if low else "not below"
                self.stdout.write(
                    f"nDCG@10 {overall.ndcg:.3f}, {verdict} the floor {floor[label]}"
                )
                if low:
                    below.append(label)
        if below:
            raise CommandError(f"nDCG@10 below the floor on: {', '.join(below)}")
