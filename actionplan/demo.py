"""The Laholm demo's åtgärdsplan and medborgarlöfte (registered with
councils.demo.DEMO_LOADERS).

In the agreement 2024–2026: "Åtgärdsplan 2024–2026", based on the lägesbild of 2024 and
adopted by Kommunstyrelsen, with a dozen measures of all three parties in every status
(one of them delayed), their status updates by the responsible party's people, and a
completed follow-up; "Medborgarlöfte 2024" of Kommunen and Polisen, published, with its
commitments, the dialogues and priorities it builds on, a published follow-up report and
a draft one with internal notes (which the public page must never show).

Every date that drives a state (adopted, done, delayed, published) lies inside the
agreement and before the test suite's frozen day (2025-03-12), so the demo reads the same
whenever it is loaded. Written as data rather than through the services: those refuse to
act once the agreement has ended, and the demo must load in 2027 too. Rows are found again
by stable keys (a title, a number, a date) and left as they are, so a reload adds nothing.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from samverkan.models import Agreement
from situation.models import Cause, SituationReport

from .models import (
    ActionPlan,
    CitizenPromise,
    Commitment,
    Dialogue,
    FollowUp,
    Measure,
    Outcome,
    Priority,
    PromiseReport,
    StatusUpdate,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")

# The lägesbild the plan is based on (situation/demo.py).
REPORT_TITLE = "Lokal lägesbild Laholm 2024"

PLAN_TITLE = "Åtgärdsplan 2024–2026"
PLAN = {
    "period_from": date(2024, 1, 1),
    "period_to": date(2026, 12, 31),
    "summary": (
        "Planen bygger på den lokala lägesbilden och orsaksanalysen. Den samlar kommunens, "
        "Polisens och Kriminalvårdens åtgärder mot otryggheten och våldet kring resecentrum, "
        "skadegörelsen i bostadsområdena och unga som dras in i brott. Varje åtgärd har en "
        "ansvarig part; operativa gruppen går igenom planens status vid sina möten."
    ),
    "status": ActionPlan.Status.ADOPTED,
    "decided_by": "Kommunstyrelsen",
    "decided_on": date(2024, 3, 6),
    "case_number": "KS 2024/87",
}

PROMISE_TITLE = "Medborgarlöfte 2024"
PROMISE_SLUG = "laholm"
PROMISE = {
    "period_from": date(2024, 1, 1),
    "period_to": date(2025, 12, 31),
    "summary": (
        "Många som bor i Laholm har berättat att de känner sig otrygga vid resecentrum på "
        "kvällarna och på mörka platser i centrum. Därför lovar kommunen och polisen att "
        "det ska finnas fler vuxna och synlig polis där på helgkvällarna, att mörka platser "
        "får bättre belysning och att sommaren i Mellbystrand ska vara trygg."
    ),
    "internal_notes": (
        "Internt: polisens möjlighet att bemanna helgkvällarna hänger på "
        "lokalpolisområdets sommarplanering. Ska stämmas av med LPO-chefen i april."
    ),
    "status": CitizenPromise.Status.PUBLISHED,
    "published_at": datetime(2024, 3, 20, 10, 0, tzinfo=STOCKHOLM),
}

# key, number, responsible party, title, activities, how it is followed up
COMMITMENTS = [
    (
        "centrum",
        1,
        "Kommunen",
        "Tryggare kvällar kring resecentrum",
        "Fältgruppen och nattvandrarna finns vid resecentrum fredag och lördag kväll. "
        "Belysningen i gångtunneln vid Lagavallen byts ut och gårdarna i centrum får "
        "ny belysning.",
        "Antalet kvällar med vuxna på plats redovisas varje kvartal i operativa gruppen. "
        "Trygghetsenkäten visar om fler känner sig trygga i centrum på kvällen.",
    ),
    (
        "polis",
        2,
        "Polisen",
        "Synlig polis i centrum på helgkvällar",
        "Polisen patrullerar till fots vid resecentrum och Stortorget fredag och lördag "
        "kväll och pratar med dem som är ute.",
        "Antalet patrullerade kvällar och anmälda våldsbrott i centrum redovisas i "
        "operativa gruppen två gånger om året.",
    ),
    (
        "sommar",
        3,
        "Polisen",
        "En trygg sommar i Mellbystrand",
        "Kommunen och polisen gör en trygghetsvandring i Mellbystrand före sommaren. "
        "Polisen finns med en mobil polisstation vid stranden helgerna i juli.",
        "Antalet besök i den mobila polisstationen och anmälda brott i Mellbystrand under "
        "juli jämförs med året innan.",
    ),
]

# key, kind, date, participants, summary
DIALOGUES = [
    (
        "medarbetare",
        Dialogue.Kind.STAFF,
        date(2023, 9, 14),
        "Poliser i lokalpolisområdet, kommunens fältgrupp, skolkuratorer och Laholmshems "
        "bovärdar (22 personer).",
        "Medarbetarna ser oroliga helgkvällar vid resecentrum när bussarna går sent, mer "
        "klotter i trapphus och cykelrum, och inbrott i fritidshus längs kusten vintertid.",
    ),
    (
        "medborgare",
        Dialogue.Kind.CITIZEN,
        date(2023, 10, 7),
        "Ett sextiotal invånare vid en dialogstation på Stortorget under höstmarknaden.",
        "Invånarna undviker resecentrum och gångtunneln vid Lagavallen efter mörkrets "
        "inbrott. Boende i Mellbystrand vill se polis på plats under sommaren.",
    ),
    (
        "enkat",
        Dialogue.Kind.SURVEY,
        date(2023, 11, 30),
        "Trygghetsenkäten 2023: 398 svarande i Laholm centrum och 211 i Mellbystrand.",
        "Andelen som känner sig trygg utomhus sent på kvällen i Laholm centrum sjönk från "
        "71 till 66 procent; fler avstår från aktiviteter på grund av otrygghet.",
    ),
]

# rank, title, description, dialogue key
PRIORITIES = [
    (
        1,
        "Otrygghet vid resecentrum på kvällar",
        "Grupper samlas när bussarna går sent och många undviker platsen.",
        "medborgare",
    ),
    (
        2,
        "Mörka platser i centrum",
        "Gångtunneln vid Lagavallen och gårdarna i centrum saknar fungerande belysning.",
        "enkat",
    ),
    (
        3,
        "Stök och inbrott i Mellbystrand",
        "Ordningsstörningar på sommaren och inbrott i fritidshus på vintern.",
        "medarbetare",
    ),
]

# reported on, status, text, internal notes, published at, author
PROMISE_REPORTS = [
    (
        date(2024, 12, 10),
        PromiseReport.Status.PUBLISHED,
        "Under 2024 fanns fältgruppen eller nattvandrarna vid resecentrum 74 fredags- och "
        "lördagskvällar, och polisen patrullerade där 68 kvällar. Belysningen i gångtunneln "
        "vid Lagavallen är ny sedan oktober. Polisen hade en mobil polisstation i "
        "Mellbystrand fyra helger i juli med drygt 300 besök. Vi fortsätter 2025 och följer "
        "upp med trygghetsenkäten.",
        "",
        datetime(2024, 12, 12, 9, 0, tzinfo=STOCKHOLM),
        "samordnare",
    ),
    (
        date(2025, 3, 3),
        PromiseReport.Status.DRAFT,
        "Utkast: uppföljning efter vintern. Kvällsnärvaron vid resecentrum har fortsatt.",
        "Internt: två helger i februari saknades nattvandrare; fältgruppen täckte upp. "
        "Ska inte nämnas förrän föreningen har svarat.",
        None,
        "samordnare",
    ),
]

# The causes of the lägesbild's orsaksanalys (situation/demo.py), by problem-triangle side.
VICTIM, OFFENDER, PLACE = Cause.Side.VICTIM, Cause.Side.OFFENDER, Cause.Side.PLACE
PLANNED, ONGOING = Measure.Status.PLANNED, Measure.Status.ONGOING
DONE, CANCELLED = Measure.Status.DONE, Measure.Status.CANCELLED

# number, responsible, contributors, cause side, commitment key, title, description,
# operational goal, indicator, (starts, ends), status,
# status updates [(date, status, username, comment)], follow-up (outcome, effect)
MEASURES = [
    (
        1,
        "Kommunen",
        ["Polisen"],
        PLACE,
        "centrum",
        "Ny belysning i gångtunneln vid Lagavallen",
        "Tekniska förvaltningen byter armaturer och lägger till belysning vid båda "
        "mynningarna. Polisen deltar i en trygghetsvandring när arbetet är klart.",
        "Gångtunneln är upplyst hela dygnet och upplevs inte längre som en mörk plats.",
        "Andelen i trygghetsenkäten som känner sig trygg utomhus sent på kvällen i Laholm centrum",
        (date(2024, 3, 15), date(2024, 10, 31)),
        DONE,
        [
            (
                date(2024, 6, 10),
                ONGOING,
                "forvaltning",
                "Upphandlingen är klar, arbetet börjar i augusti.",
            ),
            (
                date(2024, 10, 28),
                DONE,
                "samordnare",
                "Belysningen är på plats; trygghetsvandring gjord 24 oktober.",
            ),
        ],
        ("Ny belysning sedan oktober. Trygghetsvandringen fann inga mörka partier.", "achieved"),
    ),
    (
        2,
        "Kommunen",
        ["Polisen"],
        VICTIM,
        "centrum",
        "Vuxennärvaro vid resecentrum fredag och lördag kväll",
        "Fältgruppen och nattvandrarna finns vid resecentrum klockan 20–01 fredag och "
        "lördag och har kontakt med polisens patrull.",
        "Vuxna på plats minst 80 av årets helgkvällar.",
        "Antal kvällar med fältgrupp eller nattvandrare på plats",
        (date(2024, 4, 1), date(2026, 12, 31)),
        ONGOING,
        [
            (
                date(2024, 9, 2),
                ONGOING,
                "forvaltning",
                "Nattvandrarna har fått fler frivilliga efter sommaren.",
            ),
            (date(2025, 2, 5), ONGOING, "samordnare", "74 kvällar under 2024."),
        ],
        ("74 kvällar med vuxna på plats sedan april.", "partly"),
    ),
    (
        3,
        "Polisen",
        [],
        VICTIM,
        "polis",
        "Riktad patrullering vid resecentrum och Stortorget",
        "Fotpatrull fredag och lördag kväll när de sena bussarna går.",
        "Polis på plats minst 60 helgkvällar om året.",
        "Anmäld misshandel utomhus i Laholm centrum",
        (date(2024, 3, 1), date(2026, 12, 31)),
        ONGOING,
        [
            (date(2024, 6, 3), ONGOING, "kommunpolis", "Patrullering varje helg sedan mars."),
            (
                date(2025, 1, 28),
                ONGOING,
                "kommunpolis",
                "68 kvällar under 2024. Gruppen har flyttat sig mot Stortorget.",
            ),
        ],
        ("68 patrullerade kvällar; anmälningarna om misshandel utomhus ökade ändå.", "partly"),
    ),
    (
        4,
        "Polisen",
        ["Kommunen", "Kriminalvården"],
        OFFENDER,
        None,
        "Insatser mot narkotikaförsäljning till unga",
        "Polisen prioriterar ingripanden vid resecentrum; socialtjänsten kontaktas samma "
        "kväll när en ung person påträffas, och frivården när det gäller en klient.",
        "Ingen öppen narkotikaförsäljning vid resecentrum.",
        "Ingripanden för narkotikabrott",
        (date(2024, 5, 1), date(2025, 12, 31)),
        ONGOING,
        [(date(2024, 11, 4), ONGOING, "kommunpolis", "24 ingripanden under andra halvåret.")],
        ("Fler ingripanden; försäljningen har flyttat sig men inte upphört.", "too_early"),
    ),
    (
        5,
        "Kriminalvården",
        ["Kommunen"],
        OFFENDER,
        None,
        "Samordnad frigivning för unga vuxna med hemort Laholm",
        "Frivården och socialtjänsten planerar bostad, sysselsättning och stöd mot "
        "missbruk tillsammans innan en ung vuxen friges.",
        "Alla unga vuxna klienter med hemort Laholm har en gemensam plan vid frigivning.",
        "Andel unga vuxna klienter med planerad bostad och sysselsättning vid frigivning",
        (date(2024, 6, 1), date(2026, 6, 30)),
        ONGOING,
        [(date(2024, 12, 2), ONGOING, "frivard", "Sex av nio klienter har en gemensam plan.")],
        ("Sex av nio unga vuxna klienter hade en gemensam plan vid frigivning.", "partly"),
    ),
    (
        6,
        "Kriminalvården",
        [],
        OFFENDER,
        None,
        "Återfallsförebyggande samtal om narkotika i frivården",
        "Frivårdsinspektören erbjuder klienter med narkotikabrott i domen ett strukturerat "
        "program om missbruk och återfall.",
        "Alla klienter med narkotikabrott i domen erbjuds programmet.",
        "Antal klienter som fullföljer programmet",
        (date(2024, 2, 1), date(2024, 12, 31)),
        DONE,
        [
            (date(2024, 5, 6), ONGOING, "frivard", "Första gruppen har startat."),
            (date(2024, 12, 16), DONE, "frivard", "Elva klienter har fullföljt programmet."),
        ],
        ("Elva klienter fullföljde programmet under 2024.", "achieved"),
    ),
    (
        7,
        "Kriminalvården",
        ["Kommunen"],
        None,
        None,
        "Information om frivårdens arbete för skolor och fältgrupp",
        "Frivården berättar för skolpersonal och fältgruppen hur de kan samverka kring unga "
        "vuxna som riskerar att återfalla.",
        "Skolornas elevhälsa och fältgruppen vet hur de når frivården.",
        "Antal genomförda informationsträffar",
        (date(2025, 9, 1), date(2025, 12, 31)),
        PLANNED,
        [],
        ("Planerad till hösten 2025.", "too_early"),
    ),
    (
        8,
        "Kommunen",
        ["Polisen"],
        None,
        None,
        "Mötesplats för unga i Veinge kvällar och helger",
        "Fritidsverksamheten öppnar en mötesplats i Veinge efter att fritidsgården stängde, "
        "med personal på kvällar och helger.",
        "Unga i Veinge och Knäred har en vuxenledd mötesplats tre kvällar i veckan.",
        "Orosanmälningar om unga 13–17 år i Veinge och Knäred",
        (date(2025, 8, 15), date(2026, 12, 31)),
        PLANNED,
        [],
        ("Lokal är vald; öppnar i augusti 2025.", "too_early"),
    ),
    (
        9,
        "Polisen",
        ["Kommunen"],
        PLACE,
        "sommar",
        "Trygghetsvandring i Mellbystrand före sommaren",
        "Polisen, kommunen och boende går igenom strandområdet och parkeringarna och "
        "anmäler brister i belysning och skötsel.",
        "Brister som upptäcks åtgärdas före midsommar.",
        "Antal åtgärdade brister",
        (date(2024, 5, 1), date(2024, 6, 30)),
        DONE,
        [(date(2024, 6, 12), DONE, "kommunpolis", "Vandring gjord 23 maj; sju brister åtgärdade.")],
        ("Sju brister åtgärdade före midsommar.", "achieved"),
    ),
    (
        10,
        "Polisen",
        ["Kommunen"],
        None,
        "sommar",
        "Mobil polisstation i Mellbystrand helgerna i juli",
        "Polisen finns vid stranden med en mobil polisstation och tar emot anmälningar och frågor.",
        "Polis på plats alla helger i juli.",
        "Anmälda brott i Mellbystrand under juli",
        (date(2024, 7, 1), date(2026, 8, 31)),
        ONGOING,
        [(date(2024, 8, 5), ONGOING, "kommunpolis", "Fyra helger i juli, drygt 300 besök.")],
        ("Drygt 300 besök; färre anmälda stölder på stranden än 2023.", "achieved"),
    ),
    (
        11,
        "Kommunen",
        [],
        PLACE,
        None,
        "Rutin för klottersanering inom ett dygn i hela Laholmshems bestånd",
        "Laholmshem inför en rutin där klotter i trapphus och cykelrum saneras inom ett "
        "dygn efter anmälan.",
        "Klotter är borta inom ett dygn i hela beståndet.",
        "Kostnad för sanering och reparation efter skadegörelse",
        (date(2024, 4, 1), date(2025, 2, 28)),
        ONGOING,
        [
            (
                date(2024, 11, 18),
                ONGOING,
                "samordnare",
                "Rutinen gäller i centrum; övriga områden saknar entreprenör.",
            )
        ],
        ("Rutinen gäller i centrum men inte i övriga områden ännu.", "partly"),
    ),
    (
        12,
        "Kommunen",
        ["Polisen"],
        PLACE,
        None,
        "Kamerabevakning vid resecentrum",
        "Utreda kamerabevakning av resecentrums väntsal och cykelparkering.",
        "Beslut om kamerabevakning fattat och genomfört.",
        "Anmälda brott vid resecentrum",
        (date(2024, 9, 1), date(2025, 6, 30)),
        CANCELLED,
        [
            (
                date(2024, 11, 25),
                CANCELLED,
                "samordnare",
                "Avbruten: strategiska rådet prioriterar belysning och vuxennärvaro.",
            )
        ],
        ("Avbruten. Resurserna gick till belysning och vuxennärvaro.", "none"),
    ),
]

FOLLOW_UP_HELD_ON = date(2024, 11, 27)
FOLLOW_UP_SUMMARY = (
    "Strategiska rådet följde upp hela planen. Belysningen och den återfallsförebyggande "
    "insatsen har gett önskad effekt. Våldet vid resecentrum har inte minskat ännu; "
    "vuxennärvaron och patrulleringen fortsätter 2025. Kamerabevakningen avbröts."
)


def _make(model, lookup: dict, fields: dict, by):
    """The row found by `lookup`, or a new one with `fields` saved by `by`; an existing
    row is left as it is, so a reload adds nothing (not even history)."""
    instance = model.objects.filter(**lookup).first()
    if instance is not None:
        return instance, False
    instance = model(**lookup, **fields)
    instance._history_user = by
    instance.full_clean()
    instance.save()
    return instance, True


def _causes(agreement: Agreement) -> dict[str, Cause]:
    """The lägesbild of 2024's causes by side (situation/demo.py has one per side)."""
    causes = Cause.objects.filter(
        problem__report__agreement=agreement, problem__report__title=REPORT_TITLE
    ).order_by("problem__order", "pk")
    found = {}
    for cause in causes:
        found.setdefault(cause.side, cause)
    return found


def _plan(agreement, parties, people, commitments) -> ActionPlan:
    coordinator = people["samordnare"].user
    report = agreement.situation_reports.filter(
        title=REPORT_TITLE, status=SituationReport.Status.PUBLISHED
    ).first()
    plan, _ = _make(
        ActionPlan,
        {"agreement": agreement, "title": PLAN_TITLE},
        PLAN | {"report": report, "created_by": coordinator},
        coordinator,
    )
    causes = _causes(agreement)
    measures = {}
    for row in MEASURES:
        (number, responsible, contributors, side, commitment, title, description) = row[:7]
        goal, indicator, (starts_on, ends_on), status, updates, _outcome = row[7:]
        measure, made = _make(
            Measure,
            {"plan": plan, "number": number},
            {
                "title": title,
                "description": description,
                "goal": goal,
                "indicator": indicator,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "responsible": parties[responsible],
                "cause": causes.get(side) if side else None,
                "commitment": commitments.get(commitment),
                "status": status,
            },
            coordinator,
        )
        measures[number] = measure
        if not made:
            continue
        measure.contributors.set([parties[name] for name in contributors])
        latest = None
        for on, update_status, username, comment in updates:
            user = people[username].user
            latest, _ = _make(
                StatusUpdate,
                {"measure": measure, "on": on, "status": update_status},
                {"comment": comment, "by": user},
                user,
            )
        if latest is not None:
            # As the status service keeps it: the list pages read it without a query.
            measure.latest_update = latest
            measure._history_user = latest.by
            measure.save(update_fields=["latest_update"])
    _follow_up(plan, measures, coordinator)
    return plan


def _follow_up(plan, measures, coordinator) -> None:
    follow_up, made = _make(
        FollowUp,
        {"plan": plan, "held_on": FOLLOW_UP_HELD_ON},
        {
            "summary": FOLLOW_UP_SUMMARY,
            "status": FollowUp.Status.COMPLETED,
            "created_by": coordinator,
        },
        coordinator,
    )
    if not made:
        return
    for row in MEASURES:
        outcome, effect = row[-1]
        _make(
            Outcome,
            {"follow_up": follow_up, "measure": measures[row[0]]},
            {"outcome": outcome, "effect": effect},
            coordinator,
        )


def _promise(agreement, parties, people) -> dict[str, Commitment]:
    """The promise with its basis and reports; its commitments by key."""
    coordinator = people["samordnare"].user
    promise, made = _make(
        CitizenPromise,
        {"agreement": agreement, "title": PROMISE_TITLE},
        PROMISE | {"public_slug": PROMISE_SLUG, "created_by": coordinator},
        coordinator,
    )
    if made:
        promise.issuers.set([parties["Kommunen"], parties["Polisen"]])
    commitments = {}
    for key, number, responsible, title, activities, follow_up_method in COMMITMENTS:
        commitments[key], _ = _make(
            Commitment,
            {"promise": promise, "number": number},
            {
                "title": title,
                "responsible": parties[responsible],
                "activities": activities,
                "follow_up_method": follow_up_method,
            },
            coordinator,
        )
    dialogues = {}
    for key, kind, held_on, participants, summary in DIALOGUES:
        dialogues[key], _ = _make(
            Dialogue,
            {"promise": promise, "kind": kind, "held_on": held_on},
            {"participants": participants, "summary": summary},
            coordinator,
        )
    for rank, title, description, dialogue in PRIORITIES:
        _make(
            Priority,
            {"promise": promise, "rank": rank},
            {"title": title, "description": description, "dialogue": dialogues[dialogue]},
            coordinator,
        )
    for reported_on, status, text, notes, published_at, author in PROMISE_REPORTS:
        user = people[author].user
        _make(
            PromiseReport,
            {"promise": promise, "reported_on": reported_on},
            {
                "status": status,
                "text": text,
                "internal_notes": notes,
                "published_at": published_at,
                "created_by": user,
            },
            user,
        )
    return commitments


def load_actionplan_demo(agreements: list[Agreement], people: dict) -> None:
    """The plan and the promise of the Laholm agreement 2024–2026 (`agreements[0]`)."""
    agreement = agreements[0]
    parties = {p.short_name: p for p in agreement.parties.all()}
    commitments = _promise(agreement, parties, people)
    _plan(agreement, parties, people, commitments)
