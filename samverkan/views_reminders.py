"""The account's reminder setting: the user switches reminder e-mails (samverkan/reminders.py)
on or off for themselves."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import reminders
from .formpage import form_page
from .forms_reminders import ReminderSettingsForm


@login_required
@require_http_methods(["GET", "POST"])
def account_reminders(request):
    # Bound on every POST: an unticked box sends no field at all.
    form = ReminderSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={"reminder_emails": reminders.reminder_emails_on(request.user)},
    )

    def save(data):
        on = reminders.reminder_emails_set(user=request.user, enabled=data["reminder_emails"])
        if on.reminder_emails:
            return _("Du får påminnelser via e-post.")
        return _("Du får inte längre påminnelser via e-post.")

    return form_page(
        request,
        form,
        save=save,
        success_url=reverse("account_reminders"),
        title=_("Påminnelser"),
        intro=_(
            "Samverkan påminner dig via e-post om det som väntar på dig, en gång per sak och "
            "tillfälle:"
        ),
        cancel_url=reverse("samverkan:home"),
        template="registration/reminders.html",
    )
