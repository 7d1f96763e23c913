from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils.translation import gettext_lazy as _


def _roster_saved(sender, instance, created=False, **kwargs):
    from .services.rosters import roster_changed

    roster_changed(instance=instance, created=created)


def _roster_deleted(sender, instance, **kwargs):
    from .services.rosters import roster_changed

    roster_changed(instance=instance)


def _directory_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Anyone in an agreement's people directory reports weekly for their party
    (councils/roles.py), so a change of the directory changes rights."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    from samverkan.models import Agreement

    from .roles import agreement_sync_permissions

    if isinstance(instance, Agreement):
        agreements = [instance]
    elif pk_set:
        agreements = Agreement.objects.filter(pk__in=pk_set)
    else:  # cleared from the person's side: which agreements is no longer known
        agreements = Agreement.objects.all()
    for agreement in agreements:
        agreement_sync_permissions(agreement=agreement)


def _person_saved(sender, instance, created=False, raw=False, **kwargs):
    """A person's organisation decides which party they report weekly for."""
    if created or raw:
        return
    from .roles import agreement_sync_permissions

    for agreement in instance.agreements.all():
        agreement_sync_permissions(agreement=agreement)


def _person_deleted(sender, instance, **kwargs):
    """A deleted person's directory rows go without m2m_changed: resync their agreements
    (read before the delete, in pre_delete)."""
    from .roles import agreement_sync_permissions

    for agreement in getattr(instance, "_agreements_before_delete", []):
        agreement_sync_permissions(agreement=agreement)


def _person_deleting(sender, instance, **kwargs):
    instance._agreements_before_delete = list(instance.agreements.all())


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Strategiskt råd och operativ grupp")

    def ready(self):
        from samverkan import compliance
        from samverkan.access import RIGHTS_SCOPES
        from samverkan.models import AgreementParty, Person
        from samverkan.navigation import register as register_navigation
        from samverkan.navigation import register_account
        from samverkan.panels import register as register_panel
        from samverkan.services import AGREEMENT_PERIOD_CHECKS

        from . import events  # noqa: F401 (registers how the councils' events read)
        from .compliance import assignments_check, meetings_check
        from .models import Body, Function, Seat, Substitute
        from .navigation import meeting_entries, roster_entries
        from .services.rosters import agreement_period_check
        from .start import register as register_start
        from .views.annexes import version_panel

        # An annex version's page shows the council meeting it is before, or the form
        # that puts it there.
        register_panel(100, version_panel, place="annex_version")
        # The meetings against the cadence and the overdue assignments on the compliance
        # clock (councils/compliance.py).
        compliance.register(10, meetings_check)
        compliance.register(20, assignments_check)
        # The next meetings and the party's assignments on the start page (councils/start.py).
        register_start()
        register_navigation(100, roster_entries)
        register_navigation(110, meeting_entries)
        register_account(_("Min kalender"), "councils:calendar_feed")
        RIGHTS_SCOPES[Body] = lambda agreement: agreement.bodies.all()
        if agreement_period_check not in AGREEMENT_PERIOD_CHECKS:
            AGREEMENT_PERIOD_CHECKS.append(agreement_period_check)
        # The bodies a new agreement starts with and the rosters a renewal copies.
        from .services.lifecycle import register as register_lifecycle

        register_lifecycle()

        post_save.connect(_person_saved, sender=Person, dispatch_uid="roles-person")
        pre_delete.connect(_person_deleting, sender=Person, dispatch_uid="roles-person-pre-del")
        post_delete.connect(_person_deleted, sender=Person, dispatch_uid="roles-person-del")
        m2m_changed.connect(
            _directory_changed, sender=Person.agreements.through, dispatch_uid="roles-directory"
        )
        # Permissions follow every roster or signatory change, the admin's included.
        for model in (Body, Function, Seat, Substitute, AgreementParty):
            name = model.__name__
            post_save.connect(_roster_saved, sender=model, dispatch_uid=f"roles-save-{name}")
            post_delete.connect(_roster_deleted, sender=model, dispatch_uid=f"roles-del-{name}")
