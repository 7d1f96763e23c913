"""Keep the sentences of events written before codes existed, in their data."""

from django.db import migrations

LEGACY = "samverkan.legacy"
BATCH = 500


def message_into_data(apps, schema_editor):
    Event = apps.get_model("samverkan", "Event")
    batch = []
    for event in Event.objects.filter(action=LEGACY).only("pk", "message").iterator(BATCH):
        event.data = {"message": event.message}
        batch.append(event)
        if len(batch) == BATCH:
            Event.objects.bulk_update(batch, ["data"])
            batch = []
    Event.objects.bulk_update(batch, ["data"])


def data_into_message(apps, schema_editor):
    # Events written since carry a code: they keep the Swedish sentence they read as.
    from django.utils import translation

    from samverkan import events

    Event = apps.get_model("samverkan", "Event")
    batch = []
    with translation.override("sv"):
        for event in Event.objects.only("pk", "action", "data").iterator(BATCH):
            event.message = events.render(event)[:500]
            batch.append(event)
            if len(batch) == BATCH:
                Event.objects.bulk_update(batch, ["message"])
                batch = []
    Event.objects.bulk_update(batch, ["message"])


class Migration(migrations.Migration):
    dependencies = [("samverkan", "0003_event_action_object_and_data")]

    operations = [migrations.RunPython(message_into_data, data_into_message)]
