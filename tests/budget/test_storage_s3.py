"""A budget import's file, kept between preview and apply, in an S3 bucket (moto's server)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alpha_hub.roles import Role
from budget import exports
from budget.models import BudgetLine

pytestmark = pytest.mark.django_db
ROW = ("2020/21", "pay", "Sergeant", "", "", "50000", "")


def _preview(client, budget, content: bytes) -> str:
    upload = SimpleUploadedFile("lines.csv", content)
    page = client.post(reverse("budget:import", args=[budget.pk]), {"file": upload}).text
    assert "Add 1 lines to the budget" in page
    return page.split('name="token" value="')[1].split('"')[0]


def test_the_kept_file_is_a_private_object_until_the_import_is_applied(
    client_for, budget, s3_bucket
):
    client = client_for(Role.FINANCE)
    content = exports.as_csv(exports.COLUMNS, [ROW])
    token = _preview(client, budget, content)

    [kept] = s3_bucket.objects.all()
    assert kept.key.startswith(f"budget-imports/{token}_")
    assert kept.get()["Body"].read() == content
    grants = kept.Acl().grants
    assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]  # the owner only

    response = client.post(reverse("budget:import_apply", args=[budget.pk]), {"token": token})
    assert response.status_code == 302
    assert BudgetLine.objects.filter(budget=budget).count() == 1
    assert list(s3_bucket.objects.all()) == []
