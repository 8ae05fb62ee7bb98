"""Set-log reps stay null until sent, as production stores them (a session's GET shows 0)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("local_backend", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="setlog",
            name="reps",
            field=models.IntegerField(blank=True, null=True),
        ),
    ]
