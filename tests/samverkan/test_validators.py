"""Swedish organisation numbers (organisationsnummer): ten digits, Luhn check digit,
20 or more in the third and fourth position (lower is a personal identity number)."""

import pytest
from django.core.exceptions import ValidationError

from samverkan.validators import (
    luhn_check_digit,
    normalize_organisation_number,
    validate_organisation_number,
)
from tests.helpers import CHECK_DIGIT, FORMAT, NOT_ORGANISATION
from tests.helpers import refusal as refused

# The three parties of the Laholm agreement, as the signed document gives them.
SEED_NUMBERS = ["212000-1223", "202100-0076", "202100-0225"]


def refusal(value: str) -> ValidationError:
    return refused(normalize_organisation_number, value)


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_the_seed_organisation_numbers_are_valid_as_written(number):
    assert normalize_organisation_number(number) == number
    validate_organisation_number(number)


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_the_seed_organisation_numbers_are_valid_without_the_hyphen(number):
    assert normalize_organisation_number(number.replace("-", "")) == number
    validate_organisation_number(number.replace("-", ""))


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("2120001223", "212000-1223"),
        (" 212000-1223 ", "212000-1223"),
        ("212000 1223", "212000-1223"),
        ("202100 0076", "202100-0076"),
    ],
)
def test_a_valid_number_is_normalised_to_six_digits_hyphen_four_digits(typed, normalised):
    assert normalize_organisation_number(typed) == normalised


@pytest.mark.parametrize("number", SEED_NUMBERS)
def test_the_last_digit_of_each_seed_number_is_its_luhn_check_digit(number):
    digits = number.replace("-", "")
    assert luhn_check_digit(digits[:9]) == int(digits[9])


@pytest.mark.parametrize("number", ["212000-1224", "202100-0077", "2021000220"])
def test_a_wrong_check_digit_is_refused_in_swedish(number):
    error = refusal(number)
    assert error.code == "check_digit"
    assert error.messages == [CHECK_DIGIT]


@pytest.mark.parametrize(
    "number",
    ["21200-1223", "212000-122", "212000-12233", "21200012233", "212000122", "", "-"],
)
def test_a_number_of_the_wrong_length_is_refused_in_swedish(number):
    error = refusal(number)
    assert error.code == "format"
    assert error.messages == [FORMAT]


@pytest.mark.parametrize("number", ["21200A-1223", "212000-12X3", "abcdef-ghij", "SE212000-1223"])
def test_a_number_with_letters_is_refused_in_swedish(number):
    error = refusal(number)
    assert error.code == "format"
    assert error.messages == [FORMAT]


@pytest.mark.parametrize("number", ["811218-9876", "8112189876", "121212-1212"])
def test_a_personal_identity_number_is_refused_in_swedish(number):
    digits = number.replace("-", "")
    assert luhn_check_digit(digits[:9]) == int(digits[9]), "a well-formed personal number"
    error = refusal(number)
    assert error.code == "not_organisation"
    assert error.messages == [NOT_ORGANISATION]


def test_the_lowest_organisation_group_twenty_is_accepted_and_nineteen_is_not():
    twenty = "552000123"
    nineteen = "551900123"
    assert normalize_organisation_number(twenty + str(luhn_check_digit(twenty))) == (
        f"{twenty[:6]}-{twenty[6:]}{luhn_check_digit(twenty)}"
    )
    assert refusal(nineteen + str(luhn_check_digit(nineteen))).code == "not_organisation"


def test_the_validator_refuses_what_the_normaliser_refuses():
    with pytest.raises(ValidationError) as caught:
        validate_organisation_number("212000-1224")
    assert caught.value.messages == [CHECK_DIGIT]
