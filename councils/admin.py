from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Body, Function, Seat, Substitute


class FunctionInline(admin.TabularInline):
    model = Function
    extra = 0


class SubstituteInline(admin.TabularInline):
    model = Substitute
    extra = 0


@admin.register(Body)
class BodyAdmin(GuardedModelAdmin, SimpleHistoryAdmin):
    list_display = ["name", "agreement", "kind", "ordinary_meetings_per_year"]
    inlines = [FunctionInline]


@admin.register(Seat)
class SeatAdmin(SimpleHistoryAdmin):
    list_display = ["function", "person", "valid_from", "valid_to"]
    list_select_related = ["function", "person__user"]
    inlines = [SubstituteInline]
