"""`manage.py generate_demo_volume`: published decisions in bulk for the benchmark."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from decisions.models import Decision

pytestmark = pytest.mark.django_db


def test_it_fills_the_register_up_to_the_total_and_stops_there(demo, client):
    call_command("generate_demo_volume", total=40, stdout=StringIO())
    assert Decision.objects.published().count() == 40
    call_command("generate_demo_volume", total=40, stdout=StringIO())
    assert Decision.objects.published().count() == 40
    response = client.get("/decisions/")
    assert "Showing 1\N{EN DASH}20 of 40 results" in response.content.decode()
    assert client.get("/decisions/?q=funding").status_code == 200


def test_it_needs_the_demo_users_and_a_sane_total(db):
    with pytest.raises(CommandError):
        call_command("generate_demo_volume", total=10, stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("generate_demo_volume", total=0, stdout=StringIO())
