"""The demo's Deputy Mayors: Sophie Linden signed the demo's decisions, her successor holds the
office today (so the demo's `dmpc` signs), and someone acted for a fortnight."""

from datetime import date, timedelta

import pytest

from decisions.models import Decision, Office, OfficeHolder
from decisions.offices import capacity_on

pytestmark = pytest.mark.django_db


def test_the_demo_records_who_held_the_deputy_mayors_office_when(demo):
    dmpc = Office.objects.get(code="dmpc")
    assert capacity_on(demo["dmpc"], dmpc) == "holder"
    assert capacity_on(demo["sophie.linden"], dmpc) is None
    assert capacity_on(demo["sophie.linden"], dmpc, date(2020, 6, 22)) == "holder"
    acting = OfficeHolder.objects.get(office=dmpc, kind="acting")
    assert acting.ends_on - acting.starts_on == timedelta(days=13)  # a fortnight, both included
    pcd_867 = Decision.objects.get(series__code="PCD", number=867)
    assert (pcd_867.signed_by, pcd_867.office) == (demo["sophie.linden"], dmpc)
    assert (pcd_867.signature.capacity, pcd_867.signature.office_title) == (
        "holder",
        "Deputy Mayor for Policing and Crime",
    )


def test_loading_the_demo_twice_adds_no_terms(demo):
    from demo.data import load_demo

    before = OfficeHolder.objects.count()
    load_demo()
    assert OfficeHolder.objects.count() == before == 3
