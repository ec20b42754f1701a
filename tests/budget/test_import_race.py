"""One previewed import applied several times at once lands once: real concurrent connections."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from alpha_hub.roles import Role
from budget import exports
from budget.models import BudgetLine
from tests.factories import BudgetLineFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
ROWS = [
    ("2020/21", "pay", "Detective Constable x 6", "6", "50000", "300000", ""),
    ("2020/21", "overtime", "Overtime", "", "", "12000", ""),
    ("2020/21", "equipment", "Laptops", "", "", "4500.50", ""),
]


@pytest.fixture(autouse=True)
def _roles():
    """Transactional tests empty the tables, groups made by the migration included."""
    for role in Role:
        Group.objects.get_or_create(name=role)


def _previewed(budget) -> tuple[Client, str]:
    """A finance user's client that has uploaded the file and seen its preview, and the token."""
    client = Client()
    client.force_login(UserFactory(roles=[Role.FINANCE]))
    upload = SimpleUploadedFile("lines.csv", exports.as_csv(exports.COLUMNS, ROWS))
    page = client.post(reverse("budget:import", args=[budget.pk]), {"file": upload})
    assert "Add 3 lines to the budget" in page.content.decode()
    return client, page.content.decode().split('name="token" value="')[1].split('"')[0]


def _apply_at_once(client: Client, url: str, token: str, times: int) -> list:
    """Post the token `times` times at once, each from its own thread (its own connection)."""
    barrier = threading.Barrier(times)
    results: list = [None] * times

    def run(index: int) -> None:
        twin = Client()
        twin.cookies = client.cookies  # the same browser session, as from several tabs
        try:
            barrier.wait()
            results[index] = twin.post(url, {"token": token})
        except Exception as error:  # the test inspects what each thread got
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.parametrize("times", [2, 5])
def test_an_import_applied_at_once_from_several_tabs_lands_once(budget, times):
    client, token = _previewed(budget)
    url = reverse("budget:import_apply", args=[budget.pk])
    responses = _apply_at_once(client, url, token, times)

    assert all(getattr(response, "status_code", None) == 302 for response in responses), responses
    assert BudgetLine.objects.filter(budget=budget).count() == len(ROWS)
    landed = [r for r in responses if r["Location"] == reverse("budget:detail", args=[budget.pk])]
    assert len(landed) == 1
    refused = [str(m) for r in responses if r not in landed for m in get_messages(r.wsgi_request)]
    assert len(refused) == times - 1
    assert all(message.startswith("Nothing was imported.") for message in refused), refused


def test_a_line_added_since_the_preview_is_caught_under_the_lock(budget, categories):
    client, token = _previewed(budget)
    # Someone enters one of the file's lines by hand between the preview and the apply.
    BudgetLineFactory(
        budget=budget, category=categories["overtime"], description="Overtime", amount="12000"
    )
    response = client.post(reverse("budget:import_apply", args=[budget.pk]), {"token": token})
    assert response["Location"] == reverse("budget:import", args=[budget.pk])
    assert BudgetLine.objects.filter(budget=budget).count() == 1
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert messages == ["Nothing was imported. The file has errors: fix them and upload it again"]
