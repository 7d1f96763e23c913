import json
import os
import platform
import time
import warnings

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import setup_test_environment

from bench import load, pages, pdf
from bench.seed import KEY_PREFIX, seed
from samverkan.models import Agreement

# The targets on the two-core machine, at large scale.
MEDIAN_TARGET_MS = 150
THROUGHPUT_TARGET = 0.40  # start page's requests/s against the minimal view's


class Command(BaseCommand):
    help = (
        "Mäter sidorna i liten och stor skala (antal SQL-frågor, mediantid) och kör ett "
        "belastningstest mot gunicorn; skriver en tabell och sist en rad JSON. Tömmer "
        "databasen: kör den på en egen PostgreSQL-databas (DATABASE_URL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=50, help="Överenskommelser i stor skala.")
        parser.add_argument("--years", type=int, default=10, help="År per avtal i stor skala.")
        parser.add_argument(
            "--small-years", type=int, default=2, help="År för den enda överenskommelsen i liten."
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--requests", type=int, default=20, help="Tidtagna anrop per sida.")
        parser.add_argument("--seconds", type=int, default=10, help="Belastning per sida (s).")
        parser.add_argument("--connections", type=int, default=4)
        parser.add_argument("--jobs", type=int, default=2, help="Processer för datamängden.")
        parser.add_argument("--password", default="samverkan")
        parser.add_argument(
            "--keep",
            action="store_true",
            help="Använd datamängden som redan finns som stor skala (ingen liten mätning).",
        )
        parser.add_argument("--no-load", action="store_true", help="Hoppa över belastningen.")
        parser.add_argument(
            "--no-pdf", action="store_true", help="Hoppa över dokumentpaketet (PDF)."
        )

    def handle(self, *args, **o):
        if connection.vendor != "postgresql":
            raise CommandError(
                "Prestandamätningen körs på PostgreSQL, som i produktion: sätt DATABASE_URL, "
                "till exempel postgres://postgres@127.0.0.1:5432/bench (en egen databas, den "
                "töms)."
            )
        if connection.settings_dict["NAME"] in {"postgres", "test", "template1"}:
            raise CommandError("Mätningen tömmer databasen: ge den en egen, till exempel …/bench.")
        # A fresh clone's database has no tables yet; migrating an up-to-date one is a no-op.
        call_command("migrate", interactive=False, verbosity=0)
        if Agreement.objects.exclude(key__startswith=KEY_PREFIX).exists():
            raise CommandError(
                f"Databasen {connection.settings_dict['NAME']} innehåller annat än "
                "mätdata; mätningen tömmer databasen. Använd en egen databas."
            )
        if not o["no_load"] and not load.gunicorn_available():
            raise CommandError("gunicorn saknas: pip install 'gunicorn>=23,<24'.")
        # As the test runner does: DEBUG off (no query log, production templates), mail
        # kept in memory, and the test client's host allowed.
        setup_test_environment(debug=False)
        # WhiteNoise warns that collectstatic has not run; the pages' static files are
        # not fetched.
        warnings.filterwarnings("ignore", message="No directory at")
        # Persistent connections, as the load run's server has: a page's time is its own
        # work, not a new database connection's.
        connection.settings_dict["CONN_MAX_AGE"] = 60
        started = time.monotonic()
        load_before = os.getloadavg()[0]
        small: dict = {}
        if not o["keep"]:
            self._fresh(1, o["small_years"], o)
            small = pages.measure_all(1)
            self._fresh(o["scale"], o["years"], o)
        large = pages.measure_all(1, requests=o["requests"])

        result = {"pages": {}, "load": {}, "pdf": {}, "machine": {}}
        for key, figure in large.items():
            if figure.skipped:
                continue
            result["pages"][key] = {
                "queries_small": small[key].queries if key in small else None,
                "queries_large": figure.queries,
                "median_ms": figure.median_ms,
            }
        if not o["no_load"]:
            objects = pages.Objects(1)
            paths = {
                "start": next(p for p in pages.PAGES if p.key == "start").path(objects),
                "meeting": next(p for p in pages.PAGES if p.key == "meeting").path(objects),
                "minimal": load.MINIMAL_PATH,
            }
            runs = load.load_run(
                username=objects.coordinator.username,
                password=o["password"],
                paths=paths,
                seconds=o["seconds"],
                connections=o["connections"],
            )
            for name, run in runs.items():
                result["load"][f"{name}_rps"] = run.rps
                result["load"][f"{name}_p95_ms"] = run.p95_ms
            result["load"]["tool"] = runs["start"].tool
        if not o["no_pdf"]:
            # The agreement pack on the Laholm demo, loaded and rolled back (bench/pdf.py).
            result["pdf"] = pdf.measure_demo_pack()
        # Other work on the machine slows every figure: the load average says how much.
        result["machine"] = {
            "cpus": os.cpu_count(),
            "load_avg_before": round(load_before, 1),
            "load_avg_after": round(os.getloadavg()[0], 1),
            "agreements": o["scale"],
            "years": o["years"],
        }
        self._page_table(small, large)
        if result["load"]:
            self._load_table(runs)
        if result["pdf"]:
            self._pdf_table(result["pdf"])
        self._verdict(result)
        self.stdout.write(
            f"Maskin: {os.cpu_count()} kärnor, {platform.platform()}, PostgreSQL "
            f"{connection.cursor().connection.info.server_version}, belastning "
            f"{load_before:.1f} → {os.getloadavg()[0]:.1f}; {o['scale']} avtal × {o['years']} "
            f"år; {time.monotonic() - started:.0f} s totalt."
        )
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    def _fresh(self, scale, years, o):
        """Empty the bench database and seed it anew."""
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()
        began = time.monotonic()
        seed(scale=scale, years=years, seed_value=o["seed"], password=o["password"], jobs=o["jobs"])
        connection.close()  # the workers' rows are committed; start a clean connection
        self.stderr.write(f"Data: {scale} avtal × {years} år på {time.monotonic() - began:.0f} s")

    def _page_table(self, small, large):
        self.stdout.write("")
        self.stdout.write(
            f"{'sida':<13} {'frågor liten':>12} {'frågor stor':>12} {'median ms':>10}"
        )
        for key, figure in large.items():
            if figure.skipped:
                self.stdout.write(f"{key:<13} (hoppas över: {figure.skipped})")
                continue
            queries_small = small[key].queries if key in small else None
            flag = "" if queries_small in (None, figure.queries) else "  ≠ olika antal frågor"
            slow = "  > mål" if figure.median_ms and figure.median_ms > MEDIAN_TARGET_MS else ""
            self.stdout.write(
                f"{key:<13} {queries_small if queries_small is not None else '-':>12} "
                f"{figure.queries:>12} {figure.median_ms or 0:>10.1f}{flag}{slow}"
            )

    def _load_table(self, runs):
        self.stdout.write("")
        self.stdout.write(f"{'belastning':<13} {'anrop/s':>10} {'p95 ms':>10} {'fel':>6}")
        for name, run in runs.items():
            self.stdout.write(f"{name:<13} {run.rps:>10.1f} {run.p95_ms:>10.1f} {run.errors:>6}")

    def _pdf_table(self, figures):
        """The agreement pack on the demo: cold (rendered) and warm (from storage), with the
        processor time of a render, which the machine's other work does not inflate."""
        self.stdout.write("")
        self.stdout.write(
            f"{'dokumentpaket':<13} {'kallt s':>10} {'varmt ms':>10} {'kallt cpu s':>12}"
        )
        self.stdout.write(
            f"{'mål':<13} {f'< {pdf.COLD_TARGET_S:g}':>10} {f'< {pdf.WARM_TARGET_MS:g}':>10}"
        )
        self.stdout.write(
            f"{'uppmätt':<13} {figures['pack_cold_s']:>10.2f} {figures['pack_warm_ms']:>10.1f} "
            f"{figures['pack_cold_cpu_s']:>12.2f}"
        )

    def _verdict(self, result):
        misses = pdf.misses(result["pdf"])
        for key, page in result["pages"].items():
            if page["queries_small"] is not None and page["queries_small"] != page["queries_large"]:
                misses.append(f"{key}: {page['queries_small']} → {page['queries_large']} frågor")
            if page["median_ms"] and page["median_ms"] > MEDIAN_TARGET_MS:
                misses.append(f"{key}: {page['median_ms']} ms > {MEDIAN_TARGET_MS} ms")
        figures = result["load"]
        if figures.get("minimal_rps"):
            ratio = figures["start_rps"] / figures["minimal_rps"]
            if ratio < THROUGHPUT_TARGET:
                misses.append(f"startsidan {ratio:.0%} av minimalvyns anrop/s (< 40 %)")
        self.stdout.write("")
        if misses:
            self.stdout.write(self.style.WARNING("Mål som inte nås: " + "; ".join(misses)))
        else:
            self.stdout.write(self.style.SUCCESS("Alla mål nås."))
