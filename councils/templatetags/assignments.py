"""The overdue assignments both bodies' roster pages list (`{% overdue_assignments %}`)."""

from django import template
from django.utils import timezone

from ..selectors import overdue_assignments as overdue_selector

register = template.Library()


@register.simple_tag(takes_context=True)
def overdue_assignments(context, agreement) -> list:
    """The agreement's overdue assignments, each with `may_update` for the user: the
    conveners of either body and whoever submits input for the responsible party."""
    from ..views.minutes import may_report

    rights = getattr(context["request"], "rights", None)
    assignments = list(overdue_selector(agreement, timezone.localdate()))
    for assignment in assignments:
        assignment.may_update = rights is not None and may_report(rights, assignment)
    return assignments
