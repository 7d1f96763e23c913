"""The åtgärdsplan as annex 3 and the medborgarlöfte as annex 2: an adopted plan and a
published promise turned into the snapshot samverkan versions
(samverkan.annexes.snapshot_check); samverkan never imports this app.

An annex is read by everyone in the agreement and signed by every party, so a snapshot
holds only what is meant for all members: never a promise's (or its reports') internal
notes. Same object, same data → same snapshot: rows are ordered by stable keys, dates
are ISO text, and everything is written in the agreement's language whoever makes the
version. Section keys stay the same from one version to the next ("measures",
"follow-up-<id>"), so the compare page matches them.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from samverkan.models import AgreementParty
from situation.annex import day, paragraphs, section, table

from .models import ActionPlan, CitizenPromise, FollowUp, Outcome

SNAPSHOT_FORMAT = 1


def _parties():
    return AgreementParty.objects.order_by("order", "pk")


# --- the åtgärdsplan (annex 3) ----------------------------------------------------------


def _cause(measure) -> str:
    if measure.cause is None:
        return ""
    return f"{measure.cause.problem.title}: {measure.cause.description}"


def _latest(measure) -> str:
    update = measure.latest_update
    if update is None:
        return ""
    text = day(update.on)
    if update.comment:
        text += f": {update.comment}"
    return text


def _measures_section(plan: ActionPlan) -> dict:
    """Every measure in Brå's columns (cause, measure, operational goal, who, when) with
    its status, as one table in number order."""
    measures = list(
        plan.measures.select_related("cause__problem", "responsible", "latest_update")
        .prefetch_related(Prefetch("contributors", queryset=_parties()))
        .order_by("number", "pk")
    )
    heading = _("Åtgärder")
    if not measures:
        return section("measures", heading, paragraphs("", _("Planen har inga åtgärder.")))
    head = [
        _("Nr"),
        _("Orsak"),
        _("Åtgärd"),
        _("Operativt mål"),
        _("Ansvarig part"),
        _("Medverkande parter"),
        _("Start"),
        _("Slut"),
        _("Status"),
        _("Senast rapporterat"),
    ]
    rows = [
        [
            measure.number,
            _cause(measure),
            measure.title,
            measure.goal,
            measure.responsible.short_name,
            ", ".join(party.short_name for party in measure.contributors.all()),
            day(measure.starts_on),
            day(measure.ends_on),
            measure.get_status_display(),
            _latest(measure),
        ]
        for measure in measures
    ]
    return section("measures", heading, [table(head, rows)])


def _follow_up_sections(plan: ActionPlan) -> list[dict]:
    """Each completed follow-up of the whole plan: its summary and every measure's outcome."""
    outcomes = Outcome.objects.select_related("measure").order_by("measure__number", "pk")
    follow_ups = (
        plan.follow_ups.filter(status=FollowUp.Status.COMPLETED)
        .prefetch_related(Prefetch("outcomes", queryset=outcomes))
        .order_by("held_on", "pk")
    )
    result = []
    for follow_up in follow_ups:
        blocks = paragraphs(follow_up.summary)
        rows = [
            [o.measure.number, o.measure.title, o.outcome, o.get_effect_display()]
            for o in follow_up.outcomes.all()
        ]
        if rows:
            head = [_("Nr"), _("Åtgärd"), _("Utfall"), _("Bedömd effekt")]
            blocks.append(table(head, rows))
        if not blocks:
            blocks = paragraphs("", _("Ingen sammanfattning."))
        heading = _("Uppföljning %(day)s") % {"day": day(follow_up.held_on)}
        result.append(section(f"follow-up-{follow_up.pk}", heading, blocks))
    return result


def plan_snapshot(plan: ActionPlan) -> dict:
    """The adopted åtgärdsplan as annex 3's content: its decision, period and basis, every
    measure, and its completed follow-ups."""
    with translation.override(settings.LANGUAGE_CODE):
        facts = [
            _("Period: %(start)s–%(end)s")
            % {"start": day(plan.period_from), "end": day(plan.period_to)},
        ]
        if plan.is_adopted:
            facts.append(
                _("Beslut: %(body)s, %(day)s, diarienummer %(case)s")
                % {
                    "body": plan.decided_by,
                    "day": day(plan.decided_on),
                    "case": plan.case_number or "—",
                }
            )
        else:
            facts.append(_("Beslut: inte beslutad"))
        facts.append(
            _("Lägesbild som underlag: %(report)s")
            % {"report": plan.report.title if plan.report_id else _("ingen vald")}
        )
        sections = [section("plan", _("Åtgärdsplanen"), [{"type": "list", "items": facts}])]
        if plan.summary.strip():
            sections.append(section("summary", _("Inledning"), paragraphs(plan.summary)))
        sections.append(_measures_section(plan))
        sections.extend(_follow_up_sections(plan))
        return {
            "format": SNAPSHOT_FORMAT,
            "title": plan.title,
            "source": {"kind": "action_plan", "id": plan.pk},
            "period_from": day(plan.period_from),
            "period_to": day(plan.period_to),
            "sections": sections,
        }


# --- the medborgarlöfte (annex 2) -------------------------------------------------------


def promise_snapshot(promise: CitizenPromise) -> dict:
    """The published medborgarlöfte as annex 2's content: who issues it, what it says to
    the residents, the insecurities it answers, the commitments and the dialogues it
    builds on. Never its internal notes."""
    with translation.override(settings.LANGUAGE_CODE):
        issuers = list(promise.issuers.select_related("party").order_by("order", "pk"))
        facts = [
            _("Gäller: %(start)s–%(end)s")
            % {"start": day(promise.period_from), "end": day(promise.period_to)},
            _("Utfärdas av: %(issuers)s")
            % {"issuers": ", ".join(f"{p.short_name} ({p.party.name})" for p in issuers) or "—"},
        ]
        priorities = [
            [
                priority.rank,
                priority.title,
                priority.description,
                (
                    f"{priority.dialogue.get_kind_display()} {day(priority.dialogue.held_on)}"
                    if priority.dialogue
                    else ""
                ),
            ]
            for priority in promise.priorities.select_related("dialogue").order_by("rank", "pk")
        ]
        commitments = [
            [
                commitment.number,
                commitment.title,
                commitment.responsible.short_name,
                commitment.activities,
                commitment.follow_up_method,
            ]
            for commitment in promise.commitments.select_related("responsible").order_by(
                "number", "pk"
            )
        ]
        dialogues = [
            [
                dialogue.get_kind_display(),
                day(dialogue.held_on),
                dialogue.participants,
                dialogue.summary,
            ]
            for dialogue in promise.dialogues.order_by("held_on", "pk")
        ]

        def tabled(key, heading, head, rows, empty):
            blocks = [table(head, rows)] if rows else paragraphs("", empty)
            return section(key, heading, blocks)

        sections = [
            section("promise", _("Medborgarlöftet"), [{"type": "list", "items": facts}]),
            section(
                "summary",
                _("Till invånarna"),
                paragraphs(promise.summary, _("Inte skriven.")),
            ),
            tabled(
                "priorities",
                _("Prioriterade otryggheter"),
                [_("Prioritet"), _("Otrygghet"), _("Beskrivning"), _("Från dialogen")],
                priorities,
                _("Ingen otrygghet är prioriterad."),
            ),
            tabled(
                "commitments",
                _("Åtaganden"),
                [
                    _("Nr"),
                    _("Åtagande"),
                    _("Ansvarig part"),
                    _("Aktiviteter"),
                    _("Så följs det upp"),
                ],
                commitments,
                _("Inga åtaganden."),
            ),
            tabled(
                "dialogues",
                _("Dialoger som löftet bygger på"),
                [_("Typ av dialog"), _("Datum"), _("Deltagare"), _("Sammanfattning")],
                dialogues,
                _("Ingen dialog är registrerad."),
            ),
        ]
        return {
            "format": SNAPSHOT_FORMAT,
            "title": promise.title,
            "source": {"kind": "citizen_promise", "id": promise.pk},
            "period_from": day(promise.period_from),
            "period_to": day(promise.period_to),
            "sections": sections,
        }
