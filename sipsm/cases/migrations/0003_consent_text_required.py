"""Every consent points to the text consented to, with its hash (filled in by 0002). Kept
apart from 0002 so that PostgreSQL alters the table after the data step has committed."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0002_encrypted_notes_legal_basis_consent_texts'),
    ]

    operations = [
        migrations.AlterField(
            model_name='consent',
            name='consent_text',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='consents', to='cases.consenttext', verbose_name='consent text'),
        ),
        migrations.AlterField(
            model_name='consent',
            name='text_hash',
            field=models.CharField(max_length=64, verbose_name='SHA-256 of the text'),
        ),
    ]
