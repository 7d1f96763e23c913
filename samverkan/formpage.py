"""The one form page: show a form, run a service on a valid POST, put its errors on the form.

Views stay a few lines: they build the form and say which service saves it; a
ValidationError from the service lands on the field it names (or above the form),
with everything the user typed kept.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from .forms import add_service_errors


def form_page(
    request,
    form,
    *,
    save: Callable[[dict], str],
    success_url: str,
    title: str,
    cancel_url: str,
    intro: str = "",
    submit_label: str = "",
    template: str = "form_page.html",
    context: dict | None = None,
):
    """Render `form`; on a valid POST call save(data) and redirect to success_url with the
    message save returned. `data` is the cleaned data; a hidden `version` the form was
    opened at is passed on as `expected_version`, so the service can refuse a stale edit."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version", None)
        if version is not None:
            data["expected_version"] = version
        try:
            message = save(data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(success_url)
    return render(
        request,
        template,
        {
            "form": form,
            "title": title,
            "intro": intro,
            "submit_label": submit_label,
            "cancel_url": cancel_url,
            "agreement": getattr(request, "agreement", None),
            **(context or {}),
        },
    )


def post_action(request, run: Callable[[], str | None], *, redirect_to: str):
    """A state change without a form (remove, convene, move): run the service through
    `run`, which returns the success message (or None for none); a ValidationError it
    raises becomes an error message. Either way back to `redirect_to`."""
    try:
        message = run()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if message:
            messages.success(request, message)
    return redirect(redirect_to)
