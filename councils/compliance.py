"""The councils' lines of the compliance clock (samverkan/compliance.py): each body's
ordinary meetings this year against its cadence, the council's extended meetings, and the
operative group's overdue assignments.

Meetings. "Det strategiska rådet sammanträder fyra gånger per år" and "Den operativa
arbetsgruppen samlas sex gånger per år": the year is split into as many equal parts as the
body's cadence (quarters for four, two months each for six; equal runs of days when twelve
months do not divide evenly), and the meetings are counted at one per part:

- held: convened (not a draft, not cancelled), on or before the day read;
- planned: a draft or convened meeting after that day, in the same year;
- "ok" when held and planned together reach the cadence;
- otherwise the next meeting is due by the end of part number held + 1 (with one held, the
  second is due by the end of the second quarter): "soon" until that day, "overdue" after
  it, as the year then has fewer parts left than meetings still to hold.

A year the agreement covers in part asks only for the parts wholly inside its period. The
council's extended meetings ("utökad grupp vid två av mötena") are counted the same way
against their own number, over as many parts.
"""

from datetime import date, timedelta

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.compliance import Item, Status, agreement_says, item
from samverkan.models import add_months

from .models import Assignment, Body, Meeting

_WORDS = {1: "en gång", 2: "två gånger", 3: "tre gånger", 4: "fyra gånger", 5: "fem gånger"}
_WORDS |= {6: "sex gånger", 7: "sju gånger", 8: "åtta gånger", 9: "nio gånger"}
_WORDS |= {10: "tio gånger", 11: "elva gånger", 12: "tolv gånger"}
_NUMBERS = {1: "ett", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex"}


def _times(count: int) -> str:
    return _WORDS.get(count, f"{count} gånger")


def _cadence_sentence(body: Body) -> str:
    """The agreement's sentence on the body's cadence, with the body's number."""
    if body.kind == Body.Kind.STRATEGIC_COUNCIL:
        return (
            f"Det strategiska rådet sammanträder {_times(body.ordinary_meetings_per_year)} "
            "per år samt vid behov."
        )
    return (
        f"Den operativa arbetsgruppen samlas {_times(body.ordinary_meetings_per_year)} per år "
        "samt vid hastigt uppkomna händelser."
    )


def part_ends(year: int, count: int) -> list[tuple[date, date]]:
    """(first day, last day) of each of `count` equal parts of the year."""
    first = date(year, 1, 1)
    if 12 % count == 0:
        starts = [add_months(first, 12 * k // count) for k in range(count + 1)]
    else:
        length = (date(year + 1, 1, 1) - first).days
        starts = [first + timedelta(days=length * k // count) for k in range(count + 1)]
    return [(starts[k], starts[k + 1] - timedelta(days=1)) for k in range(count)]


def meeting_status(
    *, count: int, held: int, planned: int, year: int, today: date, valid_from, valid_to
) -> tuple[str, date | None, int] | None:
    """(status, the day the next meeting is due by or None, meetings the year asks for);
    None when the year asks for none (no cadence, or no part of it inside the period)."""
    if count <= 0:
        return None
    parts = [
        end for start, end in part_ends(year, count) if start >= valid_from and end <= valid_to
    ]
    required = len(parts)
    if required == 0:
        return None
    if held + planned >= required:
        return Status.OK, None, required
    due_on = parts[held]
    return (Status.OVERDUE if today > due_on else Status.SOON), due_on, required


def meetings_check(agreement, today: date) -> list[Item]:
    """Each body's ordinary meetings this year, and the council's extended ones (one
    query)."""
    year = today.year
    in_year = Q(meetings__starts_at__year=year)
    held = in_year & Q(
        meetings__status=Meeting.Status.SCHEDULED, meetings__starts_at__date__lte=today
    )
    planned = (
        in_year
        & ~Q(meetings__status=Meeting.Status.CANCELLED)
        & Q(meetings__starts_at__date__gt=today)
    )
    ordinary = Q(meetings__kind=Meeting.Kind.ORDINARY)
    extended = Q(meetings__extended=True)
    bodies = agreement.bodies.annotate(
        held=Count("meetings", filter=held & ordinary),
        planned=Count("meetings", filter=planned & ordinary),
        next_on=Min("meetings__starts_at", filter=planned & ordinary),
        extended_held=Count("meetings", filter=held & extended),
        extended_planned=Count("meetings", filter=planned & extended),
        extended_next_on=Min("meetings__starts_at", filter=planned & extended),
    )
    items = []
    for body in bodies:
        common = {
            "today": today,
            "url": reverse("councils:annual_plan", args=[agreement.pk, body.pk]) + f"?ar={year}",
            "link_label": _("Till årsplanen"),
            "act_perm": "councils.convene_body",
            "act_on": body,
            "read_url": reverse("councils:meetings", args=[agreement.pk]) + f"?organ={body.pk}",
        }
        lines = [
            (
                "meetings",
                _("%(body)s: ordinarie möten %(year)s") % {"body": body.name, "year": year},
                body.ordinary_meetings_per_year,
                body.held,
                body.planned,
                body.next_on,
                _cadence_sentence(body),
            )
        ]
        if body.kind == Body.Kind.STRATEGIC_COUNCIL and body.extended_meetings_per_year:
            extended_count = body.extended_meetings_per_year
            lines.append(
                (
                    "extended",
                    _("%(body)s: utökade möten %(year)s") % {"body": body.name, "year": year},
                    extended_count,
                    body.extended_held,
                    body.extended_planned,
                    body.extended_next_on,
                    "Kommunens ledningsgrupp (utökad grupp vid "
                    f"{_NUMBERS.get(extended_count, extended_count)} av mötena).",
                )
            )
        for kind, label, count, held_count, planned_count, next_on, sentence in lines:
            found = meeting_status(
                count=count,
                held=held_count,
                planned=planned_count,
                year=year,
                today=today,
                valid_from=agreement.valid_from,
                valid_to=agreement.valid_to,
            )
            if found is None:
                continue
            status, due_on, required = found
            detail = _("%(held)s av %(required)s hållna; planerade därefter: %(planned)s.") % {
                "held": held_count,
                "required": required,
                "planned": planned_count,
            }
            if status == Status.SOON:
                detail += " " + _("Planera fler möten: nästa behöver hållas senast %(due)s.") % {
                    "due": due_on.isoformat()
                }
            elif status == Status.OVERDUE:
                detail += " " + _(
                    "Ett möte skulle ha hållits senast %(due)s; året räcker inte längre till "
                    "ett möte per period. Planera in de som fattas."
                ) % {"due": due_on.isoformat()}
            day = due_on
            if day is None and next_on is not None:
                day = timezone.localdate(next_on)
            items.append(
                item(
                    key=f"councils.{kind}.{body.pk}.{year}",
                    label=label,
                    status=status,
                    day=day,
                    detail=detail,
                    sources=(agreement_says(sentence),),
                    **common,
                )
            )
    return items


ASSIGNMENT_SENTENCE = (
    "Utifrån uppdrag från strategiska rådet ska den operativa gruppen ta fram underlag och "
    "förslag till nya insatser."
)


def assignments_check(agreement, today: date) -> list[Item]:
    """Every assignment not reported or cancelled whose day has passed is "overdue"; one
    "ok" line when none is (one query)."""
    overdue = (
        Assignment.objects.filter(body__agreement=agreement)
        .overdue(today)
        .select_related("body", "responsible_party", "decision__item__meeting")
        .order_by("due_on", "pk")
    )
    sources = (agreement_says(ASSIGNMENT_SENTENCE),)
    items = []
    for assignment in overdue:
        meeting = assignment.decision.item.meeting
        description = assignment.description
        if len(description) > 80:
            description = description[:79] + "…"
        items.append(
            item(
                key=f"councils.assignment.{assignment.pk}",
                label=_("Uppdrag: %(description)s") % {"description": description},
                status=Status.OVERDUE,
                today=today,
                day=assignment.due_on,
                detail=_("%(party)s ansvarar. Uppdraget skulle ha varit klart %(due)s.")
                % {
                    "party": assignment.responsible_party.short_name,
                    "due": assignment.due_on.isoformat(),
                },
                sources=sources,
                url=reverse(
                    "councils:assignment_update",
                    args=[agreement.pk, assignment.body_id, assignment.pk],
                ),
                link_label=_("Till uppdraget"),
                act_perm="councils.convene_body",
                act_on=assignment.body,
                read_url=reverse(
                    "councils:meeting", args=[agreement.pk, meeting.body_id, meeting.pk]
                ),
            )
        )
    if not items:
        items.append(
            item(
                key="councils.assignments",
                label=_("Uppdrag till operativa gruppen"),
                status=Status.OK,
                today=today,
                day=None,
                detail=_("Inga uppdrag är försenade."),
                sources=sources,
                url=reverse("councils:meetings", args=[agreement.pk]),
                link_label=_("Till mötena"),
            )
        )
    return items
