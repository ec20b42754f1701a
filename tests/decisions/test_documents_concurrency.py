"""Two people issuing the same decision's documents at once get one set, not two."""

import threading

import pytest
from django.db import connection

from decisions.documents import decision_documents_issue
from decisions.models import Decision, DecisionDocument

VARIANTS = DecisionDocument.Variant.values


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_store_one_document_per_variant(demo):
    decision = Decision.objects.get(series__code="PCD", number=867)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def issue(user):
        try:
            barrier.wait()
            results.append(decision_documents_issue(decision=decision, user=user))
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(demo[name],)) for name in ("dmpc", "auditor")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert DecisionDocument.objects.filter(decision=decision).count() == 2
    first, second = ({v: d.pk for v, d in result.items()} for result in results)
    assert first == second


def test_load_demo_issues_the_demo_documents_once(db, settings):
    from demo.data import load_demo

    settings.DEMO_ISSUE_DOCUMENTS = True
    load_demo()
    issued = set(DecisionDocument.objects.values_list("decision__number", "variant"))
    demo_numbers = (545, 867, 880, 905, 910, 915, 920)
    assert issued == {(number, variant) for number in demo_numbers for variant in VARIANTS}
    stored = set(DecisionDocument.objects.values_list("pk", "sha256"))
    load_demo()
    # Signing embeds the time, so a re-render would change the hash: the stored files are kept.
    assert set(DecisionDocument.objects.values_list("pk", "sha256")) == stored
