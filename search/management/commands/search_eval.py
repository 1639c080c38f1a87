"""Print the search's relevance on the judged queries, per configured backend, kind and mode:
the words alone, the vectors alone, and both fused as the search page ranks them."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from search.evaluation import (
    HYBRID,
    MODES,
    EvaluationError,
    backend_label,
    evaluate_modes,
    floor_failures,
    format_outcomes,
    format_table,
    load_floor,
)


class Command(BaseCommand):
    help = (
        "Run the judged queries (search/evaluation/judgements.toml) through the portal's search "
        "and print nDCG@10, MRR and the zero-result rate per backend and kind, for the words "
        "alone, the vectors alone and both fused. Needs the demo content, indexed; embeds what "
        "is not embedded yet."
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
            help="Fail when the fused ranking is below the backend's floors "
            "(search/evaluation/floor.toml).",
        )
        parser.add_argument(
            "--mode",
            action="append",
            choices=MODES,
            help="Rank by the words, the vectors or both fused (repeatable); by default all.",
        )
        parser.add_argument(
            "--per-query",
            action="store_true",
            help="Also list every query, worst first, as the fused ranking ranks it.",
        )

    def handle(self, *args, **options):
        floor = load_floor() if options["floor"] else {}
        # The floors compare the fused ranking with the words alone.
        modes = MODES if options["floor"] else tuple(options["mode"] or MODES)
        below = []
        for name in options["backend"] or list(settings.WAGTAILSEARCH_BACKENDS):
            config = settings.WAGTAILSEARCH_BACKENDS[name]
            label = backend_label(config)
            # The search always asks the `default` backend; each is measured in that place.
            with override_settings(WAGTAILSEARCH_BACKENDS={"default": config}):
                try:
                    results = evaluate_modes(modes=modes)
                except EvaluationError as error:
                    raise CommandError(f"{label} (search backend `{name}`): {error}") from error
            self.stdout.write(f"\n{label} (search backend `{name}`)")
            self.stdout.write(format_table(results))
            if options["per_query"]:
                mode = HYBRID if HYBRID in results else modes[-1]
                self.stdout.write(f"\n nDCG   RR  count  kind            query ({mode})")
                self.stdout.write(format_outcomes(results[mode][1].outcomes))
            if label in floor:
                failures = floor_failures(results, floor[label])
                verdict = "; ".join(failures) if failures else "not below the floors"
                self.stdout.write(f"{label}: {verdict}")
                if failures:
                    below.append(label)
        if below:
            raise CommandError(f"Below the floors on: {', '.join(below)}")
