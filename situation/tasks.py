"""Background tasks of the situation picture (Django's tasks framework; see
samverkan/tasks.py for the backends)."""

from datetime import date

from django.tasks import task


@task
def send_feedback(agreement_id: int, week: str, by_id: int | None) -> int:
    """Render and queue a week's feedback for its subscribers: the number of recipients."""
    from django.contrib.auth import get_user_model

    from samverkan.models import Agreement

    from .services.feedback import feedback_send

    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    dispatch = feedback_send(
        agreement=Agreement.objects.get(pk=agreement_id), week=date.fromisoformat(week), by=by
    )
    return dispatch.recipients
