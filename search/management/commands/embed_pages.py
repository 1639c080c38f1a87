"""Compute the vectors of the knowledge pages for search by meaning, with a progress bar."""

import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Max
from django.utils.translation import gettext as _

from tqdm import tqdm

from search.indexing import vector_engines
from search.models import PageEmbedding
from search.semantic.encoder import EncoderUnavailable, encoder, model_version
from search.semantic.store import embed_stale, merge_after_bulk, pages_to_embed, sync_engine
from search.semantic.vectors import EngineVectors


class Command(BaseCommand):
    help = (
        "Embed the live knowledge pages whose vectors are missing or out of date (never "
        "embedded, published again since, or of another model version) and remove those of "
        "pages no longer live, through the engine's vector index too when the default search "
        "backend is an engine. Search goes on meanwhile and the run can be stopped and started "
        "again: what is done stays done. A page whose text is unchanged is never encoded "
        "again, so nothing is dropped and the run is safe at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            dest="everything",
            help=(
                "Look at every live knowledge page, not only the stale ones: a page whose text "
                "changed without a new publish (what it shows of another page) is encoded "
                "again. Unchanged text keeps its vectors."
            ),
        )
        parser.add_argument(
            "--engine",
            action="store_true",
            help=(
                "Afterwards write the engine's vector index afresh from the stored vectors: "
                "for a new cluster, or an index that lost documents. Only when the default "
                "search backend is an engine."
            ),
        )
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Show a progress bar on stderr, also when it is not a terminal.",
        )

    def handle(self, *args, everything, engine, progress, verbosity, **options):
        try:
            # Loaded before the clock starts: the summary gives the encoding rate.
            encoder()
        except EncoderUnavailable as error:
            raise CommandError(
                _("Zoeken op betekenis is niet beschikbaar; er is niets berekend: %s") % error
            ) from error
        engines = vector_engines(["default"])
        if engine and not engines:
            raise CommandError(
                _(
                    "De standaardzoekmachine is geen zoekserver; er is geen vectorindex te "
                    "schrijven."
                )
            )
        version = model_version()
        last_pk = PageEmbedding.objects.aggregate(last=Max("pk"))["last"] or 0
        started = time.monotonic()
        total = len(pages_to_embed(everything))
        # --engine rewrites the whole index at the end; writing page by page first is wasted.
        with self.progress_bar(total, _("Betekenis berekenen"), verbosity, progress) as bar:
            try:
                looked_at = embed_stale(
                    [] if engine else engines, progress=bar, everything=everything
                )
            except EncoderUnavailable as error:
                raise CommandError(
                    _("Zoeken op betekenis is niet beschikbaar: %s") % error
                ) from error
            except Exception as error:  # each engine client raises its own connection errors
                raise CommandError(
                    _(
                        "De zoekmachine is niet bereikbaar; wat klaar was is bewaard, de rest "
                        "volgt bij een volgende run: %s"
                    )
                    % error
                ) from error
        seconds = time.monotonic() - started
        written = PageEmbedding.objects.filter(model_version=version, pk__gt=last_pk)
        chunks = written.count()
        embedded = written.values("page_id").distinct().count()
        if verbosity:
            self.stdout.write(
                _(
                    "%(looked_at)d pagina's bekeken, %(embedded)d berekend in %(chunks)d "
                    "stukken tekst, in %(seconds).1f s: %(rate).1f pagina's per seconde."
                )
                % {
                    "looked_at": looked_at,
                    "embedded": embedded,
                    "chunks": chunks,
                    "seconds": seconds,
                    "rate": embedded / seconds if seconds else 0.0,
                }
            )
        if engine:
            self.write_engines(engines, version, verbosity, progress)
        else:
            self.merge(engines, chunks, verbosity)

    def write_engines(self, engines, version, verbosity, progress):
        total = PageEmbedding.objects.filter(model_version=version).count()
        for backend in engines:
            with self.progress_bar(total, _("Vectorindex schrijven"), verbosity, progress) as bar:
                try:
                    written = sync_engine(backend, progress=bar)
                    # Everything is embedded in this version now: the older indexes go, as
                    # embed_stale drops them when it writes to the engine itself.
                    EngineVectors(backend, version).drop_other_versions()
                except Exception as error:  # each engine client raises its own errors
                    raise CommandError(
                        _("De vectorindex van de zoekmachine is niet geschreven: %s") % error
                    ) from error
            if verbosity:
                self.stdout.write(
                    _("Vectorindex van de zoekmachine geschreven: %(count)d stukken tekst.")
                    % {"count": written}
                )
            self.merge([backend], written, verbosity)

    def merge(self, engines, written, verbosity):
        """The k-NN indexes this run wrote a large share of, merged into one segment each
        (search.semantic.store.merge_after_bulk); the vectors are written either way."""
        try:
            merged = merge_after_bulk(engines, written)
        except Exception as error:  # each engine client raises its own errors
            raise CommandError(
                _(
                    "De vectoren zijn geschreven, maar de vectorindex is niet samengevoegd: "
                    "zoeken werkt, alleen trager. Met embed_pages --engine wordt de index "
                    "opnieuw geschreven en samengevoegd. %s"
                )
                % error
            ) from error
        if verbosity and merged:
            self.stdout.write(_("Vectorindex samengevoegd tot één segment."))

    @contextmanager
    def progress_bar(self, total, description, verbosity, forced):
        """A callable told the number of pages (or chunks) done since its last call: a tqdm
        bar on a terminal (or with --progress), a plain line each time otherwise, nothing with
        -v0."""
        if not verbosity:
            yield lambda done: None
        elif forced or self.stderr.isatty():
            # tqdm redraws its line with carriage returns, which the OutputWrapper would end
            # with a newline each time; it gets the stream underneath instead.
            with tqdm(total=total, desc=str(description), file=self.stderr._out) as bar:
                yield bar.update
        else:
            counted = 0

            def line(done):
                nonlocal counted
                counted += done
                self.stdout.write(f"{description}: {counted}/{total}")

            yield line
