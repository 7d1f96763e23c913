"""councils/roles.py: seats, substitutes, conveners and signatories → object permissions."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from guardian.models import GroupObjectPermission, UserObjectPermission
from guardian.shortcuts import assign_perm

from councils import services
from councils.models import Body, Function, Seat, Substitute
from councils.roles import agreement_sync_permissions, desired_grants, sync_all
from samverkan import signatories
from samverkan.models import Agreement
from samverkan.services import person_directory_add
from tests.factories import PartyFactory, PersonFactory
from tests.helpers import (
    AFTER_THE_END,
    ASSESS,
    CONFIDENTIAL,
    DEMO_RIGHTS,
    DEMO_USERNAMES,
    MEASURES,
    MEMBER,
    OPERATIVE,
    OUTSIDER,
    PARTIES,
    READING_AFTER_THE_END,
    SIGNATORIES,
    SIGNING,
    SITUATION,
    STRATEGIC,
    TODAY,
    WEEKLY,
    all_rights,
    at_ten,
    rights,
)


def body(agreement: Agreement, kind: str) -> Body:
    return agreement.bodies.get(kind=kind)


def party(agreement: Agreement, short_name: str):
    return agreement.parties.get(short_name=short_name)


def seat(agreement: Agreement, kind: str, username: str) -> Seat:
    return Seat.objects.get(function__body=body(agreement, kind), person__user__username=username)


def agreement_objects(agreement: Agreement) -> list:
    return [agreement, *agreement.bodies.all(), *agreement.parties.all()]


YESTERDAY = TODAY - timedelta(days=1)  # a valid last day for a seat that has begun

# A member's rights on the agreement object itself, as `rights()` names them: reading the
# situation picture, confidential input too, and keeping it (the coordinator).
READS = {"view_agreement", "view_situation"}
READS_CONFIDENTIAL = READS | {"view_confidential_situation"}
KEEPS = READS_CONFIDENTIAL | {"manage_situation", "manage_action_plan"}
# The operative group's members (and their substitutes) assess the week on the agreement
# (EST): risk levels and quick actions. Reporting weekly is a right on the party
# (tests.helpers.WEEKLY): everyone of that party in the agreement's people directory.
ASSESSES = {"assess_situation"}
REPORTS = {"report_weekly_for_party"}
# Who assesses the week in the Laholm demo: the operative group's four members.
ASSESSORS = {"samordnare", "kommunpolis", "frivard", "forvaltning"}
# Each demo user's organisation, as the demo's party short names read.
OWN_PARTY = {
    "samordnare": "Kommunen",
    "sakerhetschef": "Kommunen",
    "laholmshem": "Kommunen",
    "kommunpolis": "Polisen",
    "lpo-chef": "Polisen",
    "frivardschef": "Kriminalvården",
    "frivard": "Kriminalvården",
    "ks-ordforande": "Kommunen",
    "forvaltning": "Kommunen",
}


def test_the_demo_table_names_every_demo_user():
    assert set(DEMO_RIGHTS) == {*DEMO_USERNAMES, OUTSIDER}


@pytest.mark.parametrize("username", DEMO_RIGHTS)
def test_the_demo_rosters_grant_each_user_exactly_their_rights(laholm, username):
    assert all_rights(username, laholm) == DEMO_RIGHTS[username]


def test_the_stored_permissions_match_what_the_rosters_entitle_and_a_resync_changes_nothing(
    laholm,
):
    before = set(UserObjectPermission.objects.values_list("pk", flat=True))
    agreement_sync_permissions(agreement=laholm)
    assert set(UserObjectPermission.objects.values_list("pk", flat=True)) == before
    stored = {
        (row.user_id, row.permission.codename, row.content_type.model_class(), int(row.object_pk))
        for row in UserObjectPermission.objects.select_related("permission", "content_type")
        if row.content_object in agreement_objects(laholm)
    }
    assert stored == desired_grants(laholm)


# Convening and rosters


def test_the_coordinator_may_convene_and_manage_both_rosters(laholm):
    for kind in (STRATEGIC, OPERATIVE):
        assert {"convene_body", "manage_roster"} <= rights("samordnare", body(laholm, kind))


@pytest.mark.parametrize("username", [u for u in DEMO_USERNAMES if u != "samordnare"])
def test_no_one_but_the_coordinator_may_convene_or_manage_a_roster(laholm, username):
    for kind in (STRATEGIC, OPERATIVE):
        assert rights(username, body(laholm, kind)) == {"view_body"}


def test_the_kommunpolis_supports_the_convener_without_convening_rights(laholm):
    strategic = body(laholm, STRATEGIC)
    assert strategic.convener_support_function.title == "Kommunpolis"
    assert "convene_body" not in rights("kommunpolis", strategic)


def test_only_the_strategic_councils_convener_may_change_the_agreement(laholm):
    holders = {u for u in DEMO_USERNAMES if "change_agreement" in rights(u, laholm)}
    assert holders == {"samordnare"}


def test_the_operative_groups_convener_does_not_get_to_change_the_agreement(laholm):
    strategic, operative = body(laholm, STRATEGIC), body(laholm, OPERATIVE)
    operative.convener_function = operative.functions.get(title="Kommunpolis")
    operative.save()
    strategic.convener_function = None
    strategic.save()
    assert rights("kommunpolis", operative) == {"view_body", "convene_body", "manage_roster"}
    # Convening the operative group keeps the situation picture, but not the register data.
    assert rights("kommunpolis", laholm) == KEEPS | ASSESSES
    # On the council convening none; still assessing the week in the operative group.
    assert rights("samordnare", laholm) == READS_CONFIDENTIAL | ASSESSES


# Situation input


@pytest.mark.parametrize(
    ("username", "own_party"),
    [
        ("kommunpolis", "Polisen"),
        ("frivard", "Kriminalvården"),
        ("forvaltning", "Kommunen"),
        ("samordnare", "Kommunen"),
    ],
)
def test_an_operative_group_member_may_submit_input_for_their_own_party_only(
    laholm, username, own_party
):
    for short in PARTIES:
        may = "submit_input_for_party" in rights(username, party(laholm, short))
        assert may == (short == own_party), (username, short)


@pytest.mark.parametrize(
    "username", ["sakerhetschef", "laholmshem", "lpo-chef", "frivardschef", "ks-ordforande"]
)
def test_a_member_outside_the_operative_group_may_not_submit_input(laholm, username):
    for short in PARTIES:
        assert "submit_input_for_party" not in rights(username, party(laholm, short))


# The situation picture (lägesbild)


def test_an_operative_group_member_reads_the_situation_picture_but_not_confidential_input(
    laholm,
):
    assert not Seat.objects.filter(
        function__body__kind=STRATEGIC, person__user__username="forvaltning"
    ).exists()
    assert rights("forvaltning", laholm) == READS | ASSESSES


def test_a_new_operative_group_member_reads_the_situation_picture_but_not_confidential_input(
    laholm,
):
    newcomer = PersonFactory(party=party(laholm, "Polisen").party)
    Seat.objects.create(
        function=body(laholm, OPERATIVE).functions.get(title="Lokal representant för polisen"),
        person=newcomer,
        valid_from=laholm.valid_from,
    )
    assert rights(newcomer.user.username, laholm) == READS | ASSESSES


@pytest.mark.parametrize(
    ("username", "also"),
    [
        ("sakerhetschef", set()),
        ("laholmshem", set()),
        ("kommunpolis", ASSESSES),  # in the operative group too
        ("lpo-chef", set()),
        ("frivardschef", set()),
    ],
)
def test_a_strategic_council_member_reads_confidential_input(laholm, username, also):
    assert "convene_body" not in rights(username, body(laholm, STRATEGIC))
    assert rights(username, laholm) == READS_CONFIDENTIAL | also


def test_a_substitute_on_the_council_reads_confidential_input_through_the_substitute_seat(
    laholm,
):
    # frivard sits in the operative group and substitutes for frivardschef on the council.
    assert rights("frivard", laholm) == READS_CONFIDENTIAL | ASSESSES
    Substitute.objects.get(
        seat=seat(laholm, STRATEGIC, "frivardschef"), person__user__username="frivard"
    ).delete()
    assert rights("frivard", laholm) == READS | ASSESSES  # the operative group's seat alone


def test_a_new_substitute_on_the_council_reads_confidential_input_and_stops_when_removed(
    laholm, user
):
    newcomer = PersonFactory(party=party(laholm, "Kommunen").party)
    username = newcomer.user.username
    substitute = services.substitute_add(
        seat=seat(laholm, STRATEGIC, "sakerhetschef"), person=newcomer, by=user("samordnare")
    )
    # On the council only: no assessing the week.
    assert (
        all_rights(username, laholm)
        == MEMBER | CONFIDENTIAL | WEEKLY["Kommunen"] | MEASURES["Kommunen"]
    )

    services.substitute_remove(substitute=substitute, by=user("samordnare"))
    # Still in the people directory: reports weekly for Kommunen, as staff do.
    assert all_rights(username, laholm) == WEEKLY["Kommunen"]


def test_only_the_convener_keeps_the_situation_picture(laholm):
    keepers = {u for u in DEMO_USERNAMES if "manage_situation" in rights(u, laholm)}
    assert keepers == {"samordnare"}
    assert rights("samordnare", laholm) == KEEPS | ASSESSES | {"change_agreement"}


@pytest.mark.parametrize("username", [u for u in DEMO_USERNAMES if u != "samordnare"])
def test_a_member_who_convenes_no_body_does_not_keep_the_situation_picture(laholm, username):
    assert "manage_situation" not in rights(username, laholm)


def test_convening_the_operative_group_alone_keeps_the_situation_picture_and_reads_confidential(
    laholm,
):
    # forvaltning sits in the operative group only; convening it brings confidential input.
    operative = body(laholm, OPERATIVE)
    operative.convener_function = seat(laholm, OPERATIVE, "forvaltning").function
    operative.save()
    assert rights("forvaltning", laholm) == KEEPS | ASSESSES
    # The coordinator still convenes the council.
    assert rights("samordnare", laholm) == KEEPS | ASSESSES | {"change_agreement"}


def test_with_no_convener_nobody_keeps_the_situation_picture_but_the_members_read_it(laholm):
    for kind in (STRATEGIC, OPERATIVE):
        each = body(laholm, kind)
        each.convener_function = None
        each.save()
    keepers = {u for u in DEMO_USERNAMES if "manage_situation" in rights(u, laholm)}
    assert keepers == set()
    # Reading and assessing the week follow the seats, not the convening.
    assert rights("samordnare", laholm) == READS_CONFIDENTIAL | ASSESSES
    assert rights("forvaltning", laholm) == READS | ASSESSES


@pytest.mark.parametrize("day", AFTER_THE_END)
def test_after_the_agreement_has_ended_the_situation_picture_is_read_but_no_longer_kept(
    laholm, day
):
    agreement_sync_permissions(agreement=laholm, on=day)
    for username in DEMO_USERNAMES:
        assert all_rights(username, laholm) == READING_AFTER_THE_END[username], username
    assert rights("samordnare", laholm) == READS_CONFIDENTIAL
    assert rights("forvaltning", laholm) == READS


def test_on_the_agreements_last_day_the_convener_still_keeps_the_situation_picture(laholm):
    agreement_sync_permissions(agreement=laholm, on=laholm.valid_to)
    assert rights("samordnare", laholm) == KEEPS | ASSESSES | {"change_agreement"}
    agreement_sync_permissions(agreement=laholm, on=laholm.valid_to + timedelta(days=1))
    assert rights("samordnare", laholm) == READS_CONFIDENTIAL


def test_a_signatory_with_no_seat_has_no_part_in_the_situation_picture(laholm):
    assert not Seat.objects.filter(person__user__username="ks-ordforande").exists()
    assert rights("ks-ordforande", laholm) == {"view_agreement"}


def confirmed_successor(police, user, successor):
    """`successor` designated for the party and confirmed by its signatory, lpo-chef."""
    designation = signatories.signatory_designate(
        agreement_party=police, user=successor, by=user("samordnare")
    )
    assert "sign_for_party" not in rights(successor.username, police)  # pending: nothing
    return signatories.signatory_confirm(designation=designation, by=user("lpo-chef"))


def test_a_new_signatory_with_no_seat_has_no_part_in_the_situation_picture(laholm, user):
    newcomer = PersonFactory(party=party(laholm, "Polisen").party)
    police = party(laholm, "Polisen")
    confirmed_successor(police, user, newcomer.user)
    assert all_rights(newcomer.user.username, laholm) == MEMBER | WEEKLY["Polisen"] | {
        "Polisen: sign_for_party"
    }


def test_before_the_renewal_starts_nobody_reads_or_keeps_its_situation_picture(laholm_renewal):
    assert laholm_renewal.valid_from > TODAY
    for username in DEMO_USERNAMES:
        assert not rights(username, laholm_renewal) & {
            "view_situation",
            "view_confidential_situation",
            "manage_situation",
        }, username


# The weekly follow-up (EST): reporting for one's party, assessing the week


def reporting_parties(username: str, agreement: Agreement) -> set[str]:
    """The parties (short names) the user may report weekly for in the agreement."""
    return {
        short
        for short in PARTIES
        if "report_weekly_for_party" in rights(username, party(agreement, short))
    }


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_everyone_in_the_people_directory_reports_weekly_for_their_own_party_only(laholm, username):
    assert laholm.people.filter(user__username=username).exists()
    assert reporting_parties(username, laholm) == {OWN_PARTY[username]}


def test_the_outsider_reports_weekly_for_no_party_in_laholm(laholm):
    assert reporting_parties(OUTSIDER, laholm) == set()


@pytest.mark.parametrize(
    "add",
    [
        lambda agreement, person, by: person_directory_add(
            person=person, agreement=agreement, by=by
        ),
        lambda agreement, person, by: agreement.people.add(person),  # the agreement's side
    ],
    ids=["through the service", "from the agreement's side"],
)
def test_a_person_added_to_the_people_directory_may_report_weekly_for_their_party_at_once(
    laholm, user, add
):
    newcomer = PersonFactory(party=party(laholm, "Polisen").party, agreements=[])
    username = newcomer.user.username
    assert all_rights(username, laholm) == set()

    add(laholm, newcomer, user("samordnare"))

    # Reporting only: no seat, so nothing to read and the agreement stays hidden.
    assert all_rights(username, laholm) == WEEKLY["Polisen"]
    assert not Agreement.objects.visible_to(newcomer.user).exists()


@pytest.mark.parametrize(
    "remove",
    [
        lambda agreement, person: agreement.people.remove(person),
        lambda agreement, person: person.agreements.remove(agreement),
        lambda agreement, person: person.agreements.clear(),
    ],
    ids=["from the agreement's side", "from the person's side", "cleared from the person"],
)
def test_a_person_removed_from_the_people_directory_no_longer_reports_weekly(laholm, remove):
    newcomer = PersonFactory(party=party(laholm, "Kommunen").party)
    username = newcomer.user.username
    assert all_rights(username, laholm) == WEEKLY["Kommunen"]

    remove(laholm, newcomer)

    assert all_rights(username, laholm) == set()
    # Everyone else in the directory keeps reporting.
    assert reporting_parties("sakerhetschef", laholm) == {"Kommunen"}


def test_a_person_of_an_organisation_that_is_not_a_party_gets_nothing_from_the_directory(laholm):
    stranger = PersonFactory(party=PartyFactory(), agreements=[laholm])
    assert laholm.people.filter(pk=stranger.pk).exists()
    assert all_rights(stranger.user.username, laholm) == set()
    assert not {grant for grant in desired_grants(laholm) if grant[0] == stranger.user_id}


def test_a_deactivated_account_loses_its_weekly_reporting_row_at_the_next_sync(laholm, user):
    account = user("laholmshem")
    account.is_active = False
    account.save()
    agreement_sync_permissions(agreement=laholm)
    # Stored rows, not get_perms: guardian answers nothing for an inactive user anyway.
    stored = UserObjectPermission.objects.filter(
        user=account, permission__codename="report_weekly_for_party"
    )
    assert not stored.exists()
    assert UserObjectPermission.objects.filter(user=account).exists()  # seat rights stay


def test_the_operative_groups_members_assess_the_week_and_no_one_else(laholm):
    assessors = {u for u in DEMO_USERNAMES if "assess_situation" in rights(u, laholm)}
    assert assessors == ASSESSORS
    assert {
        seat.person.user.username
        for seat in Seat.objects.filter(function__body=body(laholm, OPERATIVE))
    } == ASSESSORS


@pytest.mark.parametrize(
    "username", ["sakerhetschef", "laholmshem", "lpo-chef", "frivardschef", "ks-ordforande"]
)
def test_a_member_outside_the_operative_group_does_not_assess_the_week(laholm, username):
    assert "assess_situation" not in rights(username, laholm)


def test_a_new_council_only_member_reports_weekly_but_does_not_assess_the_week(laholm):
    newcomer = PersonFactory(party=party(laholm, "Kommunen").party)
    Seat.objects.create(
        function=body(laholm, STRATEGIC).functions.get(title="Kommunens ledningsgrupp"),
        person=newcomer,
        valid_from=laholm.valid_from,
    )
    assert rights(newcomer.user.username, laholm) == READS_CONFIDENTIAL
    assert reporting_parties(newcomer.user.username, laholm) == {"Kommunen"}


def test_on_the_agreements_last_day_the_week_is_still_reported_and_assessed(laholm):
    agreement_sync_permissions(agreement=laholm, on=laholm.valid_to)
    for username in DEMO_USERNAMES:
        assert all_rights(username, laholm) == DEMO_RIGHTS[username], username


@pytest.mark.parametrize("day", AFTER_THE_END)
def test_after_the_end_nobody_reports_weekly_or_assesses_the_week(laholm, day):
    agreement_sync_permissions(agreement=laholm, on=day)
    for username in DEMO_USERNAMES:
        assert reporting_parties(username, laholm) == set(), username
        assert "assess_situation" not in rights(username, laholm), username


@pytest.mark.parametrize("day", AFTER_THE_END)
def test_a_person_added_to_the_directory_after_the_end_may_not_report_weekly(
    laholm, time_machine, day
):
    time_machine.move_to(at_ten(day))  # the directory's signal syncs on today's date
    newcomer = PersonFactory(party=party(laholm, "Polisen").party, agreements=[])
    # Granted by hand, so that the sync the directory's change runs is seen to withdraw it.
    assign_perm("samverkan.report_weekly_for_party", newcomer.user, party(laholm, "Polisen"))
    laholm.people.add(newcomer)
    assert all_rights(newcomer.user.username, laholm) == set()


def test_before_an_agreement_starts_nobody_reports_weekly_in_it(laholm_renewal):
    assert laholm_renewal.valid_from > TODAY
    assert laholm_renewal.people.count() == len(DEMO_USERNAMES)  # all of them in its directory
    newcomer = PersonFactory(party=party(laholm_renewal, "Polisen").party, agreements=[])
    police = party(laholm_renewal, "Polisen")
    # Granted by hand, so that the sync the directory's change runs is seen to withdraw it.
    assign_perm("samverkan.report_weekly_for_party", newcomer.user, police)
    laholm_renewal.people.add(newcomer)
    for username in [*DEMO_USERNAMES, newcomer.user.username]:
        assert reporting_parties(username, laholm_renewal) == set(), username
        assert "assess_situation" not in rights(username, laholm_renewal), username


def test_from_an_agreements_first_day_its_people_report_weekly_and_its_operative_group_assesses(
    laholm_renewal,
):
    agreement_sync_permissions(agreement=laholm_renewal, on=laholm_renewal.valid_from)
    for username in DEMO_USERNAMES:
        assert reporting_parties(username, laholm_renewal) == {OWN_PARTY[username]}, username
    assessors = {u for u in DEMO_USERNAMES if "assess_situation" in rights(u, laholm_renewal)}
    assert assessors == ASSESSORS


# Signing


@pytest.mark.parametrize(
    ("username", "own_party"),
    [("ks-ordforande", "Kommunen"), ("lpo-chef", "Polisen"), ("frivardschef", "Kriminalvården")],
)
def test_a_signatory_may_sign_for_their_own_party_only(laholm, username, own_party):
    for short in PARTIES:
        may = "sign_for_party" in rights(username, party(laholm, short))
        assert may == (short == own_party), (username, short)


def test_no_one_but_the_signatories_may_sign(laholm):
    signers = {
        (u, short)
        for u in DEMO_USERNAMES
        for short in PARTIES
        if "sign_for_party" in rights(u, party(laholm, short))
    }
    assert signers == {
        ("ks-ordforande", "Kommunen"),
        ("lpo-chef", "Polisen"),
        ("frivardschef", "Kriminalvården"),
    }


def test_a_signatory_without_a_seat_may_still_read_the_agreement_and_both_rosters(laholm):
    assert not Seat.objects.filter(person__user__username="ks-ordforande").exists()
    assert all_rights("ks-ordforande", laholm) == MEMBER | WEEKLY["Kommunen"] | {
        "Kommunen: sign_for_party"
    }


def test_a_new_signatory_takes_over_the_right_to_sign(laholm, user):
    police = party(laholm, "Polisen")
    confirmed_successor(police, user, user("kommunpolis"))
    assert "sign_for_party" in rights("kommunpolis", police)
    assert "sign_for_party" not in rights("lpo-chef", police)
    assert "view_agreement" in rights("lpo-chef", laholm)  # still on the council


# Substitutes


def test_a_substitute_gets_the_holders_rights_and_loses_them_when_removed(laholm, user):
    newcomer = PersonFactory(party=party(laholm, "Kommunen").party)
    username = newcomer.user.username
    coordinator_seat = seat(laholm, STRATEGIC, "samordnare")
    # In the people directory from the start (staff of Kommunen), nothing more.
    assert all_rights(username, laholm) == WEEKLY["Kommunen"]

    substitute = services.substitute_add(
        seat=coordinator_seat, person=newcomer, by=user("samordnare")
    )
    # The holder's council seat: no assessing the week, which is the operative group's.
    assert all_rights(username, laholm) == MEMBER | CONFIDENTIAL | WEEKLY["Kommunen"] | MEASURES[
        "Kommunen"
    ] | {
        "agreement: change_agreement",
        "agreement: manage_situation",
        "agreement: manage_action_plan",
        "strategic: convene_body",
        "strategic: manage_roster",
    }

    services.substitute_remove(substitute=substitute, by=user("samordnare"))
    assert all_rights(username, laholm) == WEEKLY["Kommunen"]
    assert "convene_body" in rights("samordnare", body(laholm, STRATEGIC))


def test_a_substitute_in_the_operative_group_may_submit_input_for_the_holders_party(laholm, user):
    newcomer = PersonFactory(party=party(laholm, "Polisen").party)
    services.substitute_add(
        seat=seat(laholm, OPERATIVE, "kommunpolis"), person=newcomer, by=user("samordnare")
    )
    assert rights(newcomer.user.username, party(laholm, "Polisen")) == REPORTS | {
        "submit_input_for_party",
        "update_measures_for_party",
    }


def test_a_substitute_in_the_operative_group_assesses_the_week_and_stops_when_removed(laholm, user):
    newcomer = PersonFactory(party=party(laholm, "Polisen").party)
    username = newcomer.user.username
    substitute = services.substitute_add(
        seat=seat(laholm, OPERATIVE, "kommunpolis"), person=newcomer, by=user("samordnare")
    )
    assert all_rights(username, laholm) == MEMBER | SITUATION | ASSESS | WEEKLY[
        "Polisen"
    ] | MEASURES["Polisen"] | {"Polisen: submit_input_for_party"}
    services.substitute_remove(substitute=substitute, by=user("samordnare"))
    assert all_rights(username, laholm) == WEEKLY["Polisen"]


def test_a_substitute_loses_the_rights_when_the_holders_seat_ends(laholm, user):
    # frivard substitutes for frivardschef on the council and sits in the operative group.
    council_seat = seat(laholm, STRATEGIC, "frivardschef")
    assert council_seat.substitutes.filter(person__user__username="frivard").exists()
    services.seat_end(
        seat=seat(laholm, OPERATIVE, "frivard"),
        valid_to=YESTERDAY,
        by=user("samordnare"),
    )
    # Through the substitute seat on the council alone: no longer assessing the week.
    assert (
        all_rights("frivard", laholm)
        == MEMBER | CONFIDENTIAL | WEEKLY["Kriminalvården"] | MEASURES["Kriminalvården"]
    )

    services.seat_end(seat=council_seat, valid_to=YESTERDAY, by=user("samordnare"))
    # Still in the people directory: reporting weekly for Kriminalvården alone.
    assert all_rights("frivard", laholm) == WEEKLY["Kriminalvården"]
    assert all_rights("frivardschef", laholm) == MEMBER | WEEKLY["Kriminalvården"] | {
        "Kriminalvården: sign_for_party"
    }


# Seats over time


def test_ending_a_seat_removes_its_rights(laholm, user):
    services.seat_end(
        seat=seat(laholm, OPERATIVE, "kommunpolis"),
        valid_to=YESTERDAY,
        by=user("samordnare"),
    )
    assert "submit_input_for_party" not in rights("kommunpolis", party(laholm, "Polisen"))
    assert "assess_situation" not in rights("kommunpolis", laholm)
    # Still on the council, and still in the people directory.
    assert (
        all_rights("kommunpolis", laholm)
        == MEMBER | CONFIDENTIAL | WEEKLY["Polisen"] | MEASURES["Polisen"]
    )


def test_ending_a_members_last_seat_hides_the_agreement_from_them(client_as, laholm, user):
    services.seat_end(
        seat=seat(laholm, OPERATIVE, "forvaltning"),
        valid_to=YESTERDAY,
        by=user("samordnare"),
    )
    # Reporting weekly as staff in the people directory does not open the agreement.
    assert all_rights("forvaltning", laholm) == WEEKLY["Kommunen"]
    assert not Agreement.objects.visible_to(user("forvaltning")).exists()
    client = client_as("forvaltning")
    assert client.get(reverse("samverkan:agreement", args=[laholm.pk])).status_code == 404


def test_a_seat_ending_today_still_grants_its_rights_today(laholm):
    ending = seat(laholm, OPERATIVE, "forvaltning")
    ending.valid_to = TODAY
    ending.save()
    assert all_rights("forvaltning", laholm) == DEMO_RIGHTS["forvaltning"]


def test_a_seat_starting_in_the_future_grants_nothing_until_that_day(laholm):
    start = TODAY + timedelta(days=7)
    newcomer = PersonFactory(party=party(laholm, "Polisen").party)
    username = newcomer.user.username
    # Through the ORM: the agreement's own validity is a service rule, not this test's.
    Seat.objects.create(
        function=body(laholm, OPERATIVE).functions.get(title="Lokal representant för polisen"),
        person=newcomer,
        valid_from=start,
    )
    # In the people directory already: reporting weekly does not wait for the seat.
    assert all_rights(username, laholm) == WEEKLY["Polisen"]

    agreement_sync_permissions(agreement=laholm, on=start - timedelta(days=1))
    assert all_rights(username, laholm) == WEEKLY["Polisen"]

    agreement_sync_permissions(agreement=laholm, on=start)
    assert all_rights(username, laholm) == MEMBER | SITUATION | ASSESS | WEEKLY[
        "Polisen"
    ] | MEASURES["Polisen"] | {"Polisen: submit_input_for_party"}


def test_the_daily_sync_applies_seats_that_start_and_end_on_that_day(laholm):
    start = TODAY + timedelta(days=7)
    newcomer = PersonFactory(party=party(laholm, "Polisen").party)
    leaving = seat(laholm, OPERATIVE, "forvaltning")
    Seat.objects.filter(pk=leaving.pk).update(valid_to=start - timedelta(days=1))  # no signal
    Seat.objects.create(
        function=body(laholm, OPERATIVE).functions.get(title="Lokal representant för polisen"),
        person=newcomer,
        valid_from=start,
    )
    assert sync_all(on=start) == Agreement.objects.count()
    assert all_rights(newcomer.user.username, laholm) == MEMBER | SITUATION | ASSESS | WEEKLY[
        "Polisen"
    ] | MEASURES["Polisen"] | {"Polisen: submit_input_for_party"}
    assert all_rights("forvaltning", laholm) == WEEKLY["Kommunen"]


# Changes made in the Django admin (plain ORM saves) resync through the signals


def test_a_seat_saved_through_the_orm_grants_its_rights_at_once(laholm):
    newcomer = PersonFactory(party=party(laholm, "Kommunen").party)
    Seat.objects.create(
        function=body(laholm, STRATEGIC).functions.get(title="Kommunens ledningsgrupp"),
        person=newcomer,
        valid_from=laholm.valid_from,
    )
    assert (
        all_rights(newcomer.user.username, laholm)
        == MEMBER | CONFIDENTIAL | WEEKLY["Kommunen"] | MEASURES["Kommunen"]
    )


def test_a_seat_ended_through_the_orm_loses_its_rights_at_once(laholm):
    ending = seat(laholm, OPERATIVE, "kommunpolis")
    ending.valid_to = YESTERDAY
    ending.save()
    assert (
        all_rights("kommunpolis", laholm)
        == MEMBER | CONFIDENTIAL | WEEKLY["Polisen"] | MEASURES["Polisen"]
    )


def test_a_seat_deleted_through_the_orm_loses_its_rights_at_once(laholm):
    seat(laholm, STRATEGIC, "sakerhetschef").delete()
    assert all_rights("sakerhetschef", laholm) == WEEKLY["Kommunen"]  # the directory's alone


def test_a_seat_moved_to_another_person_through_the_orm_moves_its_rights(laholm):
    moved = seat(laholm, STRATEGIC, "sakerhetschef")
    moved.person = PersonFactory(party=party(laholm, "Kommunen").party)
    moved.save()
    assert all_rights("sakerhetschef", laholm) == WEEKLY["Kommunen"]
    assert (
        all_rights(moved.person.user.username, laholm)
        == MEMBER | CONFIDENTIAL | WEEKLY["Kommunen"] | MEASURES["Kommunen"]
    )


def test_a_substitute_added_and_deleted_through_the_orm_resyncs(laholm):
    newcomer = PersonFactory(party=party(laholm, "Kommunen").party)
    substitute = Substitute.objects.create(
        seat=seat(laholm, OPERATIVE, "samordnare"), person=newcomer
    )
    assert "manage_roster" in rights(newcomer.user.username, body(laholm, OPERATIVE))
    assert "assess_situation" in rights(newcomer.user.username, laholm)
    substitute.delete()
    assert all_rights(newcomer.user.username, laholm) == WEEKLY["Kommunen"]


def test_a_new_convener_function_set_through_the_orm_moves_the_convening_rights(laholm):
    strategic = body(laholm, STRATEGIC)
    strategic.convener_function = strategic.functions.get(title="Kommunens säkerhetschef")
    strategic.save()
    assert rights("sakerhetschef", strategic) == {"view_body", "convene_body", "manage_roster"}
    assert rights("sakerhetschef", laholm) == KEEPS | {"change_agreement"}
    assert rights("samordnare", strategic) == {"view_body"}
    # Still convening the operative group, so still keeping the situation picture.
    assert rights("samordnare", laholm) == KEEPS | ASSESSES
    assert "manage_roster" in rights("samordnare", body(laholm, OPERATIVE))


def test_a_function_moved_to_another_party_through_the_orm_moves_the_input_right(laholm):
    function = Function.objects.get(body=body(laholm, OPERATIVE), title="Kommunpolis")
    function.party = party(laholm, "Kommunen")
    function.save()
    assert "submit_input_for_party" not in rights("kommunpolis", party(laholm, "Polisen"))
    assert "submit_input_for_party" in rights("kommunpolis", party(laholm, "Kommunen"))


def test_a_function_deleted_through_the_orm_takes_its_holders_rights_along(laholm):
    Function.objects.get(body=body(laholm, OPERATIVE), title="Kommunpolis").delete()
    # Still on the council and in the people directory; no longer assessing the week.
    assert (
        all_rights("kommunpolis", laholm)
        == MEMBER | CONFIDENTIAL | WEEKLY["Polisen"] | MEASURES["Polisen"]
    )


def test_a_signatory_removed_through_the_orm_may_no_longer_sign(laholm):
    municipality = party(laholm, "Kommunen")
    municipality.signatory_user = None
    municipality.save()
    assert all_rights("ks-ordforande", laholm) == WEEKLY["Kommunen"]  # staff, in the directory


# Isolation between agreements


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_a_laholm_member_has_no_permission_on_any_object_of_another_agreement(
    laholm, other_agreement, username
):
    assert all_rights(username, laholm)  # a member where they belong
    for obj in agreement_objects(other_agreement):
        assert rights(username, obj) == set(), obj


def test_the_other_agreements_member_has_no_permission_on_any_laholm_object(
    laholm, other_agreement
):
    # The outsider convenes the other agreement's council.
    assert rights(OUTSIDER, other_agreement) == KEEPS | {"change_agreement"}
    for obj in agreement_objects(laholm):
        assert rights(OUTSIDER, obj) == set(), obj


@pytest.mark.parametrize("username", [*DEMO_USERNAMES, OUTSIDER])
def test_each_user_sees_only_their_own_agreements(
    client_as, user, laholm, laholm_renewal, other_agreement, username
):
    if username == OUTSIDER:
        own = [other_agreement]
    elif username in SIGNATORIES | {"samordnare"}:
        # The renewal they are to sign, or to prepare as its convener; newest first.
        own = [laholm_renewal, laholm]
    else:
        own = [laholm]
    assert list(Agreement.objects.visible_to(user(username))) == own
    response = client_as(username).get(reverse("samverkan:home"))
    assert list(response.context["agreements"]) == own
    html = response.content.decode()
    for foreign in {laholm, laholm_renewal, other_agreement} - set(own):
        assert foreign.title not in html


# Who prepares an agreement before it starts: its convener from the first day keeps its
# register data and rosters, but convenes nothing yet.
PREPARER = (
    MEMBER
    | {"agreement: change_agreement"}
    | {f"{b}: manage_roster" for b in ("strategic", "operative")}
)


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_before_the_renewal_starts_only_its_signatories_and_its_convener_have_rights_in_it(
    laholm_renewal, username
):
    # The seats in the renewal begin on its first day; a signatory signs before that, and
    # the coordinator, its convener from that day, prepares it.
    assert laholm_renewal.valid_from > TODAY
    if username in SIGNATORIES:
        assert all_rights(username, laholm_renewal) == SIGNING[username]  # read and sign
    elif username == "samordnare":
        # Prepares it, but keeps (and reads) its situation picture only from its first day.
        assert all_rights(username, laholm_renewal) == PREPARER
    else:
        assert all_rights(username, laholm_renewal) == set()


def test_syncing_one_agreement_leaves_the_others_permissions_alone(laholm, other_agreement):
    before = rights(OUTSIDER, other_agreement)
    agreement_sync_permissions(agreement=laholm)
    assert rights(OUTSIDER, other_agreement) == before


def test_a_person_seated_in_two_agreements_keeps_each_right_where_it_belongs(
    laholm, other_agreement
):
    other_body = other_agreement.bodies.get()
    Seat.objects.create(
        function=other_body.functions.get(),
        person=seat(laholm, STRATEGIC, "sakerhetschef").person,
        valid_from=other_agreement.valid_from,
    )
    assert "manage_roster" in rights("sakerhetschef", other_body)
    # The other agreement's only function convenes its council.
    assert rights("sakerhetschef", other_agreement) == KEEPS | {"change_agreement"}
    assert (
        all_rights("sakerhetschef", laholm)
        == MEMBER | CONFIDENTIAL | WEEKLY["Kommunen"] | MEASURES["Kommunen"]
    )
    seat(laholm, STRATEGIC, "sakerhetschef").delete()
    assert all_rights("sakerhetschef", laholm) == WEEKLY["Kommunen"]
    assert "manage_roster" in rights("sakerhetschef", other_body)


# Permissions roles.py does not manage


def test_permissions_not_managed_by_roles_are_left_alone(laholm, user):
    sakerhetschef = user("sakerhetschef")
    strategic = body(laholm, STRATEGIC)
    assign_perm("samverkan.delete_agreement", sakerhetschef, laholm)
    assign_perm("councils.change_body", sakerhetschef, strategic)
    group = Group.objects.create(name="Revisorer")
    assign_perm("samverkan.change_agreement", group, laholm)  # a group grant, not a user grant
    sakerhetschef.user_permissions.add(Permission.objects.get(codename="view_seat"))

    agreement_sync_permissions(agreement=laholm)

    assert {"delete_agreement", "view_agreement"} <= rights("sakerhetschef", laholm)
    assert "change_body" in rights("sakerhetschef", strategic)
    assert GroupObjectPermission.objects.filter(group=group).count() == 1
    assert user("sakerhetschef").has_perm("councils.view_seat")


def test_a_managed_permission_granted_by_hand_is_withdrawn_by_the_next_sync(laholm, user):
    assign_perm("samverkan.change_agreement", user("sakerhetschef"), laholm)
    assign_perm("councils.convene_body", user(OUTSIDER), body(laholm, STRATEGIC))
    assign_perm("samverkan.manage_situation", user("sakerhetschef"), laholm)
    assign_perm("samverkan.view_situation", user("ks-ordforande"), laholm)
    agreement_sync_permissions(agreement=laholm)
    assert rights("sakerhetschef", laholm) == READS_CONFIDENTIAL
    assert rights("ks-ordforande", laholm) == {"view_agreement"}
    assert rights(OUTSIDER, body(laholm, STRATEGIC)) == set()


def test_a_person_moved_to_another_organisation_reports_weekly_for_that_party_at_once(laholm):
    newcomer = PersonFactory(party=party(laholm, "Kommunen").party)
    username = newcomer.user.username
    assert all_rights(username, laholm) == WEEKLY["Kommunen"]
    newcomer.party = party(laholm, "Polisen").party
    newcomer.save()
    assert all_rights(username, laholm) == WEEKLY["Polisen"]
