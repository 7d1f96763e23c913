"""Password rules: at least 12 characters, not like the user's name or address, not a
common password, and not a Swedish word with a year of the kind people choose first."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import UserFactory


def refused(password, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return exc.messages
    return []


@pytest.mark.parametrize(
    "password",
    ["Sommar2024", "Sommar2024!!", "Laholm2024", "laholm-2026", "Polisen123456",
     "Vinter2025#", "Lösenord2024", "Midsommar2026!", "Samverkan2024", "hejhejhejhej2"],
)  # fmt: skip
def test_a_swedish_word_with_a_year_is_refused(password):
    assert refused(password)


def test_a_short_password_is_refused_with_the_rule_in_swedish():
    assert refused("Kort!lösen1") == [
        "Det här lösenordet är för kort. Det måste innehålla minst 12 tecken."
    ]


@pytest.mark.django_db
def test_a_password_like_the_users_address_is_refused():
    user = UserFactory(username="kim.vik", email="kim.vikstrom@laholm.se")
    assert refused("kim.vikstrom@laholm", user)


@pytest.mark.parametrize(
    "password", ["Ett nytt och långt lösenord 2026", "kanel-trappa-moln-7", "Grön cykel i regnet"]
)
def test_a_phrase_of_unrelated_words_is_accepted(password):
    assert refused(password) == []
