"""The annex versions a meeting's agenda items are about, for the meeting page:
`{% agenda_versions items as versions %}`, then `versions|version_for:item.pk`.

The meeting view prefetches each item's subject; this loads the versions' annexes (their
numbers name them, "Bilaga 3, version 2") in one query for all of them, so the page runs
as many queries with one such item as with many."""

from django import template
from django.db.models import prefetch_related_objects

from samverkan.models import AnnexVersion

register = template.Library()


@register.simple_tag
def agenda_versions(items) -> dict:
    """{item id: the annex version the item is about} for the items that are about one."""
    found = {item.pk: item.subject for item in items if isinstance(item.subject, AnnexVersion)}
    # No query when the view loaded them already.
    prefetch_related_objects(list(found.values()), "annex")
    return found


@register.filter
def version_for(versions: dict, item_pk):
    return versions.get(item_pk)
