"""Adding and correcting organisations from the staff pages."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from alpha_hub.history import stamp
from grants.models import ORG_IDENTIFIER_PATTERN, Organisation
from grants.services._base import refuse_if

ORG_IDENTIFIER_HELP = (
    "Enter the identifier in the 360Giving org-id style: the register's prefix, then the "
    "organisation's number in it, like GB-COH-01234567 (Companies House), GB-CHC-1234567 "
    "(Charity Commission), GB-GOR-D6 (government) or XI-PB-... (public bodies)"
)


def org_identifier_problem(identifier: str) -> str:
    """Why `identifier` is not a 360Giving org-id, or '' when it is."""
    if not identifier:
        return "Enter the organisation's identifier"
    if not re.match(ORG_IDENTIFIER_PATTERN, identifier):
        return ORG_IDENTIFIER_HELP
    return ""


@transaction.atomic
def organisation_create(
    *, name: str, kind: str, org_identifier: str, user, short_name: str = ""
) -> Organisation:
    """Add a funder, recipient or match funder that is not in the list yet."""
    name, org_identifier = name.strip(), org_identifier.strip()
    refuse_if(
        {
            "name": ["Enter the organisation's name"] if not name else [],
            "org_identifier": [org_identifier_problem(org_identifier)]
            if org_identifier_problem(org_identifier)
            else [],
            "kind": [] if kind in Organisation.Kind.values else ["Choose a kind of organisation"],
        }
    )
    for field, value, label in (("name", name, "name"), ("org_identifier", org_identifier, "id")):
        if Organisation.objects.filter(**{f"{field}__iexact": value}).exists():
            raise ValidationError({field: f"An organisation with this {label} is already listed"})
    organisation = Organisation(
        name=name, short_name=short_name.strip(), kind=kind, org_identifier=org_identifier
    )
    stamp(organisation, user=user, reason="Organisation added")
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as error:
        raise ValidationError("That organisation is already listed") from error
    return organisation
