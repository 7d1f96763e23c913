"""The barrier reports of the accessibility statement (lag (2018:1937) om tillgänglighet
till digital offentlig service): anyone, logged in or not, may tell the municipality that
something in the service does not work for them. The report is kept and forwarded to the
configured address (settings.ACCESSIBILITY_REPORT_EMAIL) through the outbox, so a mail
server that is down loses nothing."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from . import throttle
from .mail import message_queue
from .models import BarrierReport

MESSAGE_KIND = "samverkan.barrier_report"
# Reports one client may send in an hour: enough for someone listing several barriers,
# too few to flood the coordinator's inbox through a form anyone can reach.
REPORTS_PER_CLIENT = (10, timedelta(hours=1))


def report_allowed(*, client: str) -> bool:
    """Count one report from `client` (its address) and say whether it is within the limit;
    a refused one is not counted."""
    return throttle.allow(throttle.key_for("barrier-report", client), REPORTS_PER_CLIENT)


@transaction.atomic
def barrier_report_record(
    *, description: str, page: str = "", name: str = "", email: str = "", by=None
) -> BarrierReport:
    """Record a report of an accessibility barrier (`by`: the logged-in user, or None) and
    queue an e-mail about it to settings.ACCESSIBILITY_REPORT_EMAIL if one is configured;
    the e-mail goes once the report is saved."""
    report = BarrierReport(
        description=description,
        page=page,
        name=name,
        email=email,
        user=by if by is not None and by.is_authenticated else None,
        # Queued below in the same transaction: both are saved or neither.
        sent=bool(settings.ACCESSIBILITY_REPORT_EMAIL),
    )
    report.full_clean()
    report.save()
    if report.sent:
        # In the installation's language, whichever language the reporter reads.
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Rapport om tillgänglighetsbrist i Samverkan")
            body = render_to_string(
                "samverkan/email/accessibility_report.txt",
                {"report": report, "site_url": settings.SITE_URL},
            )
        message_queue(
            to=settings.ACCESSIBILITY_REPORT_EMAIL,
            subject=subject,
            body=body,
            kind=MESSAGE_KIND,
            about=report,
            # "Svara" in the coordinator's mail program reaches the reporter, if they gave
            # an address.
            reply_to=report.email,
        )
    return report
