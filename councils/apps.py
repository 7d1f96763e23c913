from django.apps import AppConfig
from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _agreement_id(instance):
    from samverkan.models import AgreementParty

    from .models import Body, Function, Seat, Substitute

    try:
        if isinstance(instance, Body | AgreementParty):
            return instance.agreement_id
        if isinstance(instance, Function):
            return instance.body.agreement_id
        if isinstance(instance, Seat):
            return instance.function.body.agreement_id
        if isinstance(instance, Substitute):
            return instance.seat.function.body.agreement_id
    except ObjectDoesNotExist:  # a cascade already removed the parent
        return None
    return None


def _resync(sender, instance, **kwargs):
    """Recompute the agreement's permissions after any roster or signatory change."""
    from samverkan.models import Agreement
    from samverkan.services import person_directory_add

    from .roles import agreement_sync_permissions

    agreement_id = _agreement_id(instance)
    agreement = Agreement.objects.filter(pk=agreement_id).first()
    if agreement is None:  # gone when the agreement itself is being deleted
        return
    if kwargs.get("created") and hasattr(instance, "person_id"):
        # Whoever sits on a roster is in the agreement's directory, however they got there.
        person_directory_add(person=instance.person, agreement=agreement)
    agreement_sync_permissions(agreement=agreement)


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Strategiskt råd och operativ grupp")

    def ready(self):
        from samverkan.models import AgreementParty
        from samverkan.services import AGREEMENT_PERIOD_CHECKS

        from .services import agreement_period_check

        if agreement_period_check not in AGREEMENT_PERIOD_CHECKS:
            AGREEMENT_PERIOD_CHECKS.append(agreement_period_check)

        from .models import Body, Function, Seat, Substitute

        for model in (Body, Function, Seat, Substitute, AgreementParty):
            post_save.connect(_resync, sender=model, dispatch_uid=f"roles-save-{model.__name__}")
            post_delete.connect(_resync, sender=model, dispatch_uid=f"roles-del-{model.__name__}")
