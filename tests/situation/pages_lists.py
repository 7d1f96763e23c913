"""The areas and problem categories (situation/views/lists.py) in the one registry."""

from samverkan.services import version_of
from tests.pages import GET, POST, K, Objects, Page, Scan, empty_form
from tests.situation.factories import AreaFactory

NO_PART = {"ks-ordforande": 403}


def area(o: Objects):
    if "_area" not in o.__dict__:
        o._area = AreaFactory(agreement=o.agreement, name="Stationsområdet")
    return o._area


def area_kwargs(o: Objects) -> dict:
    return K.agreement(o) | {"area_pk": area(o).pk}


def category_kwargs(o: Objects) -> dict:
    return K.agreement(o) | {"category_pk": o.agreement.problem_categories.first().pk}


def add_area(o: Objects) -> dict:
    return {"list": "area", "area-name": "Hamnen"}


def edit_area(o: Objects) -> dict:
    return {"name": "Nytt namn", "order": 3, "active": "on", "version": version_of(area(o))}


def edit_category(o: Objects) -> dict:
    category = o.agreement.problem_categories.first()
    return {"name": "Nytt namn", "order": 3, "active": "on", "version": version_of(category)}


LISTS_QUERIES = 13

# fmt: off
PAGES = [
    Page("situation:lists",         K.agreement,     GET,             302, 200, 200, 404,
         others=NO_PART, queries=LISTS_QUERIES, label="areas and categories",
         scans=(Scan("areas and categories"), Scan("lists, a member", "forvaltning"))),
    Page("situation:lists",         K.agreement,     POST(add_area),  302, 302, 403, 404,
         others=NO_PART),
    Page("situation:area_edit",     area_kwargs,     GET,             302, 200, 403, 404,
         scans=(Scan("area form"), Scan("area form with errors", act=empty_form))),
    Page("situation:area_edit",     area_kwargs,     POST(edit_area), 302, 302, 403, 404),
    Page("situation:category_edit", category_kwargs, GET,             302, 200, 403, 404,
         scans=(Scan("category form"),)),
    Page("situation:category_edit", category_kwargs, POST(edit_category), 302, 302, 403, 404),
]
# fmt: on
