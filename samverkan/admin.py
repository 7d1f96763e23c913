from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, AgreementParty, Annex, Clause, Event, Party, Person


class AgreementPartyInline(admin.TabularInline):
    model = AgreementParty
    extra = 0
    # Set only when the party confirms a designation (samverkan/signatories.py).
    readonly_fields = ["signatory_user"]


class ClauseInline(admin.StackedInline):
    model = Clause
    extra = 0


class AnnexInline(admin.TabularInline):
    model = Annex
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = ["title", "municipality", "valid_from", "valid_to", "status"]
    inlines = [AgreementPartyInline, AnnexInline, ClauseInline]


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation_number", "kind"]
    search_fields = ["name", "organisation_number"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "party", "title"]
    list_select_related = ["user", "party"]
    search_fields = ["user__first_name", "user__last_name", "user__username"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """The log is a record of what happened: it can be read here, not written."""

    list_display = ["at", "agreement", "actor", "action", "sentence"]
    list_select_related = ["agreement", "actor"]
    list_filter = ["action"]
    date_hierarchy = "at"
    fields = ["at", "agreement", "actor", "action", "sentence", "content_type", "object_id", "data"]
    readonly_fields = fields

    @admin.display(description=_("händelse"))
    def sentence(self, event):
        return event.sentence

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- barrier reports of the accessibility statement (samverkan/accessibility.py) ---------
from .models import BarrierReport  # noqa: E402 (appended with its admin)


@admin.register(BarrierReport)
class BarrierReportAdmin(admin.ModelAdmin):
    """What the public reported, as received: read here, never edited. Deleting stays
    possible, for a reporter's name and address once the matter is closed."""

    list_display = ["created_at", "description_start", "page", "name", "email", "sent"]
    list_select_related = ["user"]
    list_filter = ["sent"]
    date_hierarchy = "created_at"
    search_fields = ["description", "page", "name", "email"]
    fields = ["created_at", "description", "page", "name", "email", "user", "sent"]
    readonly_fields = fields

    @admin.display(description=_("beskrivning"))
    def description_start(self, report):
        return report.description[:80]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
