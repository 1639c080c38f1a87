"""`import_content FILE.jsonl`: bulk import of communities and their knowledge (docs/import.md)."""

import logging
from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from resources.importing import (
    IMPORT_TYPES,
    TERM_MODELS,
    ImportFileError,
    import_file,
    make_searchable,
)
from search.semantic.encoder import enabled as semantic_enabled

# Wagtail logs every page it creates and django-tasks every index update; at the default
# verbosity that would bury the summary under thousands of lines.
CHATTY_LOGGERS = ["wagtail", "django_tasks"]


@contextmanager
def quiet_loggers(names):
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = (
        "Import communities, practice examples, tools, stories and events from a JSON Lines "
        "file. The whole file is checked first; if any line is wrong, nothing is imported. "
        "Re-importing updates the pages it created. The format is described in docs/import.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the JSON Lines file (UTF-8).")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and run the whole import, then roll it back: nothing is kept.",
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Show a progress bar on stderr, also when it is not a terminal.",
        )
        parser.add_argument(
            "--without-vectors",
            action="store_true",
            help="Leave the imported pages' vectors (search by meaning) to the outbox worker "
            "or embed_pages, instead of computing them after the import.",
        )

    def handle(self, *args, file, dry_run, progress, without_vectors, verbosity, **options):
        # tqdm redraws its line with carriage returns, which the OutputWrapper would end with a
        # newline each time; it gets the stream underneath instead.
        progress_file = self.stderr._out if progress or self.stderr.isatty() else None
        loggers = CHATTY_LOGGERS if verbosity < 2 else []
        try:
            with quiet_loggers(loggers):
                result = import_file(file, dry_run=dry_run, progress_file=progress_file)
        except ImportFileError as error:
            raise CommandError(str(error)) from error

        if not result.ok:
            raise CommandError(self.error_report(file, result))
        for line in self.summary(file, result):
            self.stdout.write(line)
        if not result.dry_run:
            waiting = make_searchable()
            if waiting:
                # The import stands; the engine catches up when it is back.
                self.stderr.write(
                    ngettext(
                        "De zoekmachine is niet bereikbaar: %(count)d indexwijziging wacht tot "
                        "process_search_outbox haar verwerkt.",
                        "De zoekmachine is niet bereikbaar: %(count)d indexwijzigingen wachten "
                        "tot process_search_outbox ze verwerkt.",
                        waiting,
                    )
                    % {"count": waiting},
                    style_func=self.style.WARNING,
                )
            if not without_vectors and semantic_enabled():
                self.embed(progress, verbosity)

    def embed(self, progress, verbosity):
        """The imported pages' vectors, after the import: the import itself computes none
        (search.indexing.vectors_deferred), so that its pages stand as fast as they can."""
        try:
            call_command(
                "embed_pages",
                progress=progress,
                verbosity=verbosity,
                stdout=self.stdout._out,
                stderr=self.stderr._out,
            )
        except CommandError as error:
            # The import stands; the worker or embed_pages computes the vectors later.
            self.stderr.write(
                _(
                    "De vectoren voor zoeken op betekenis zijn niet berekend (%(error)s); "
                    "process_search_outbox --loop of embed_pages doet dat later."
                )
                % {"error": error},
                style_func=self.style.WARNING,
            )

    def error_report(self, file, result):
        lines = [
            ngettext(
                "%(file)s bevat %(count)d fout; er is niets geïmporteerd.",
                "%(file)s bevat %(count)d fouten; er is niets geïmporteerd.",
                result.error_count,
            )
            % {"file": file, "count": result.error_count}
        ]
        lines += [f"  {error}" for error in result.errors]
        hidden = result.error_count - len(result.errors)
        if hidden:
            lines.append(
                ngettext("  … en nog %(count)d fout.", "  … en nog %(count)d fouten.", hidden)
                % {"count": hidden}
            )
        return "\n".join(lines)

    def summary(self, file, result):
        if result.dry_run:
            yield _("%(file)s is in orde. Een import zou dit doen:") % {"file": file}
        else:
            yield _("%(file)s is geïmporteerd:") % {"file": file}
        for name, kind in IMPORT_TYPES.items():
            created, updated = result.created[name], result.updated[name]
            if created or updated:
                yield _("  %(type)s: %(created)d nieuw, %(updated)d bijgewerkt") % {
                    "type": kind.label,
                    "created": created,
                    "updated": updated,
                }
        yield _("Totaal: %(created)d nieuw, %(updated)d bijgewerkt.") % {
            "created": result.total_created,
            "updated": result.total_updated,
        }
        for name, count in result.created_terms.items():
            label = TERM_MODELS[name]._meta.verbose_name_plural
            yield _("Nieuwe %(terms)s: %(count)d.") % {"terms": label, "count": count}
        if result.dry_run:
            yield _("Proefimport (--dry-run): er is niets opgeslagen.")
