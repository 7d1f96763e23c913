import time

from django.core.management.base import BaseCommand, CommandError

from bench import seed as bench_seed


class Command(BaseCommand):
    help = (
        "Skapar en realistisk datamängd för prestandamätning: N överenskommelser med tio års "
        "historik var (--scale 1 liten, --scale 50 stor)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Antal överenskommelser.")
        parser.add_argument("--years", type=int, default=10, help="År av historik per avtal.")
        parser.add_argument("--seed", type=int, default=0, help="Slumpfrö (samma frö, samma data).")
        parser.add_argument(
            "--jobs", type=int, default=2, help="Processer som skapar data samtidigt (PostgreSQL)."
        )
        parser.add_argument(
            "--password", default="samverkan", help="Lösenord för alla skapade användare."
        )

    def handle(self, *args, scale, years, seed, jobs, password, **options):
        started = time.monotonic()

        def progress(index):
            if options["verbosity"] > 1 or index == scale or index % 10 == 0:
                self.stdout.write(f"  {index}/{scale} överenskommelser")

        try:
            counts = bench_seed.seed(
                scale=scale,
                years=years,
                seed_value=seed,
                password=password,
                jobs=jobs,
                progress=progress,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        total = sum(counts.rows.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{scale} överenskommelser, {years} år, {total} rader på "
                f"{time.monotonic() - started:.1f} s (användare samordnare-1 … "
                f"samordnare-{scale})."
            )
        )
        if options["verbosity"] > 1:
            for label, n in sorted(counts.rows.items()):
                self.stdout.write(f"  {label:<45} {n:>9}")
