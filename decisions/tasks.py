"""Background work of the decisions app, through the django_tasks API."""

from django.contrib.auth import get_user_model
from django_tasks import task

from decisions.documents import decision_documents_issue
from decisions.models import Decision


@task()
def decision_documents_issue_task(decision_id: int, user_id: int) -> None:
    """Issue the signed PDFs of a just-signed decision (idempotent: a retry issues no copy)."""
    decision = Decision.objects.get(pk=decision_id)
    user = get_user_model().objects.get(pk=user_id)
    decision_documents_issue(decision=decision, user=user)
