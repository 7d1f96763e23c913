"""A designation's steps on the agreement's history page, and the title a successor signs
with: the one their party confirmed, not their predecessor's printed in the agreement."""

from django.urls import reverse

from samverkan import signatories
from tests.annexes.test_signatories import decided_version, party, sign


def test_the_agreements_history_names_the_designation_and_who_took_each_step(
    laholm, user, client_as, django_assert_max_num_queries
):
    polisen = party(laholm, "Polisen")
    designation = signatories.signatory_designate(
        agreement_party=polisen,
        user=user("kommunpolis"),
        title="Kommunpolis",
        by=user("samordnare"),
    )
    signatories.signatory_confirm(designation=designation, by=user("lpo-chef"))
    client = client_as("samordnare")
    url = reverse("samverkan:history", args=[laholm.pk])
    client.get(url)

    with django_assert_max_num_queries(17):
        response = client.get(url)

    page = response.content.decode()
    assert page.count(f"{user('kommunpolis').get_full_name()} för Polisen") >= 2


def test_a_confirmed_successor_signs_with_the_title_their_party_confirmed(laholm, user):
    polisen = party(laholm, "Polisen")
    designation = signatories.signatory_designate(
        agreement_party=polisen,
        user=user("kommunpolis"),
        title="Tillförordnad lokalpolisområdeschef",
        by=user("samordnare"),
    )
    signatories.signatory_confirm(designation=designation, by=user("lpo-chef"))
    version = decided_version(laholm, user("samordnare"))

    signature = sign(version, party(laholm, "Polisen"), user("kommunpolis"))

    assert signature.signer_title == "Tillförordnad lokalpolisområdeschef"
