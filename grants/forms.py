"""Staff forms for organisations, agreements, their moves and variations.

They check the shape of input and show the services' rules (grants.services.terms_problems) on the
right fields; the services and the database decide what is allowed.
"""

from __future__ import annotations

from django import forms

from alpha_hub.fiscal_year import FinancialYearFormField
from alpha_hub.money import MoneyFormField
from grants import services
from grants.models import GrantAgreement, Organisation, Programme
from grants.profiles import Profile

PROFILE_ROWS = 6
MATCH_ROWS = 3
TEXT_MAX = 20_000


def _date(label: str, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input--width-10"}),
        error_messages={
            "invalid": f"{label} must be a real date",
            "required": f"Enter the {label.lower()}",
        },
    )


def _money(label: str, required: bool = True, **kwargs) -> MoneyFormField:
    return MoneyFormField(
        label=label,
        required=required,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        **kwargs,
    )


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label="Search by name or identifier", required=False, max_length=200)


class AgreementFilterForm(forms.Form):
    """The agreement list's filters: words of the reference, title or organisation, and a status."""

    q = forms.CharField(
        label="Search by reference, title or organisation", required=False, max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={"max_length": "Search must be 200 characters or fewer"},
    )  # fmt: skip
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any"), *GrantAgreement.Status.choices],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )  # fmt: skip


class OrganisationForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    short_name = forms.CharField(label="Short name", max_length=40, required=False)
    kind = forms.ChoiceField(label="Kind of organisation", choices=Organisation.Kind.choices)
    org_identifier = forms.CharField(
        label="Organisation identifier (360Giving org-id)",
        max_length=100,
        help_text="For example GB-COH-01234567, GB-CHC-1234567, GB-GOR-D6 or XI-PB-...",
    )

    def clean_org_identifier(self):
        identifier = self.cleaned_data["org_identifier"].strip()
        problem = services.org_identifier_problem(identifier)
        if problem:
            raise forms.ValidationError(problem)
        return identifier


def _organisations():
    return Organisation.objects.order_by("name")


def _parents():
    return GrantAgreement.objects.filter(direction=GrantAgreement.Direction.INCOMING).exclude(
        status=GrantAgreement.Status.WITHDRAWN
    )


class ProfileFieldsMixin:
    """Up to PROFILE_ROWS (financial year, amount) pairs; blank means the split by days."""

    profile_help = (
        "The amount for each financial year, adding up exactly to the amount. Leave these blank "
        "to use the split by days, and a one-year agreement fills itself in."
    )

    def add_profile_fields(self) -> None:
        for number in range(1, PROFILE_ROWS + 1):
            self.fields[f"profile_year_{number}"] = FinancialYearFormField(
                label=f"Year {number}",
                required=False,
                help_text="Like 2020/21" if number == 1 else "",
                widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
            )
            self.fields[f"profile_amount_{number}"] = _money(f"Amount for year {number}", False)

    def profile_names(self) -> list[tuple[str, str]]:
        return [(f"profile_year_{n}", f"profile_amount_{n}") for n in range(1, PROFILE_ROWS + 1)]

    def clean_profile(self, cleaned) -> Profile | None:
        profile: Profile = {}
        for year_name, amount_name in self.profile_names():
            year, amount = cleaned.get(year_name), cleaned.get(amount_name)
            if year is None and amount is None:
                continue
            if year is None or amount is None:
                self.add_error(
                    year_name if year is None else amount_name, "Give the year and its amount"
                )
                continue
            if year in profile:
                self.add_error(year_name, f"{year} is given twice")
                continue
            if amount < 0:
                self.add_error(amount_name, "A year's amount cannot be negative")
            profile[year] = amount
        return profile or None

    @staticmethod
    def profile_initial(profile: Profile) -> dict:
        initial = {}
        for number, (year, amount) in enumerate(sorted(profile.items()), start=1):
            initial[f"profile_year_{number}"] = str(year)
            initial[f"profile_amount_{number}"] = amount
        return initial


class AgreementForm(ProfileFieldsMixin, forms.Form):
    """A proposed agreement: terms, profile and match funding, all on one page."""

    reference = forms.CharField(label="Reference", max_length=50)
    title = forms.CharField(label="Title", max_length=200)
    programme = forms.ModelChoiceField(Programme.objects.order_by("name"), label="Programme")
    funder = forms.ModelChoiceField(_organisations(), label="Funder")
    recipient = forms.ModelChoiceField(_organisations(), label="Recipient")
    fund_name = forms.CharField(label="Fund or scheme", max_length=200, required=False)
    direction = forms.ChoiceField(
        label="Direction", choices=GrantAgreement.Direction.choices, widget=forms.RadioSelect
    )
    amount_awarded = _money("Amount awarded")
    starts_on = _date("Start date")
    ends_on = _date("End date")
    legal_power = forms.CharField(label="Legal power", max_length=300, required=False)
    conditions = forms.CharField(
        label="Conditions",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    parent = forms.ModelChoiceField(
        _parents(), required=False, label="Funded out of (parent agreement)",
        help_text="For an onward grant: the incoming agreement whose money it awards.",
    )  # fmt: skip

    def __init__(self, *args, agreement: GrantAgreement | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        for name in ("funder", "recipient"):
            self.fields[name].queryset = _organisations()
        self.fields["parent"].queryset = _parents().exclude(pk=getattr(agreement, "pk", None))
        self.add_profile_fields()
        for number in range(1, MATCH_ROWS + 1):
            self.fields[f"match_source_{number}"] = forms.ModelChoiceField(
                _organisations(), required=False, label=f"Match funding {number}: source"
            )
            self.fields[f"match_year_{number}"] = FinancialYearFormField(
                label=f"Match funding {number}: financial year", required=False,
                widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
            )  # fmt: skip
            self.fields[f"match_amount_{number}"] = _money(f"Match funding {number}: amount", False)
            self.fields[f"match_description_{number}"] = forms.CharField(
                label=f"Match funding {number}: description", required=False, max_length=300
            )

    def terms_fields(self):
        return [self[name] for name in self.declared_fields]

    def profile_fields(self):
        return [(self[year], self[amount]) for year, amount in self.profile_names()]

    def match_fields(self):
        return [
            [self[f"match_{part}_{n}"] for part in ("source", "year", "amount", "description")]
            for n in range(1, MATCH_ROWS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        profile = self.clean_profile(cleaned)
        match = self._clean_match(cleaned)
        if self.errors or any(
            cleaned.get(name) is None
            for name in (
                "amount_awarded",
                "starts_on",
                "ends_on",
                "funder",
                "recipient",
                "programme",
            )
        ):
            return cleaned
        terms = self.terms(cleaned)
        full = services.profile_for(terms, profile)
        for field, messages in services.terms_problems(
            terms, full, match, agreement=self.agreement
        ).items():
            target = {"profile": "profile_amount_1", "match": "match_amount_1"}.get(field, field)
            for message in messages:
                self.add_error(None if target == "__all__" else target, message)
        cleaned["profile"], cleaned["match"], cleaned["terms"] = profile, match, terms
        cleaned["full_profile"] = full
        return cleaned

    def _clean_match(self, cleaned) -> list[services.MatchLine]:
        lines = []
        for n in range(1, MATCH_ROWS + 1):
            source, year = cleaned.get(f"match_source_{n}"), cleaned.get(f"match_year_{n}")
            amount = cleaned.get(f"match_amount_{n}")
            description = cleaned.get(f"match_description_{n}") or ""
            if source is None and year is None and amount is None and not description:
                continue
            if source is None or year is None or amount is None:
                self.add_error(
                    f"match_amount_{n}",
                    f"Match funding {n}: give its source, financial year and amount",
                )
                continue
            lines.append(services.MatchLine(source, year, amount, description))
        return lines

    @staticmethod
    def terms(cleaned) -> services.AgreementTerms:
        return services.AgreementTerms(
            reference=cleaned["reference"].strip(), title=cleaned["title"].strip(),
            programme=cleaned["programme"], funder=cleaned["funder"],
            recipient=cleaned["recipient"], direction=cleaned["direction"],
            amount_awarded=cleaned["amount_awarded"], starts_on=cleaned["starts_on"],
            ends_on=cleaned["ends_on"], fund_name=cleaned.get("fund_name", ""),
            legal_power=cleaned.get("legal_power", ""), conditions=cleaned.get("conditions", ""),
            parent=cleaned.get("parent"),
        )  # fmt: skip

    @classmethod
    def initial_for(cls, agreement: GrantAgreement, profile: Profile) -> dict:
        initial = {name: getattr(agreement, name) for name in cls.declared_fields}
        initial.update(ProfileFieldsMixin.profile_initial(profile))
        for n, line in enumerate(agreement.match_funding.all(), start=1):
            initial |= {
                f"match_source_{n}": line.source, f"match_year_{n}": str(line.financial_year),
                f"match_amount_{n}": line.amount, f"match_description_{n}": line.description,
            }  # fmt: skip
        return initial


class CloseForm(forms.Form):
    amount_spent = _money("Final amount spent")
    underspend_returned = _money("Underspend returned", help_text="£0.00 if none was returned.")
    closed_on = _date("Date closed")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is the agreement withdrawn?",
        max_length=90,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VariationForm(ProfileFieldsMixin, forms.Form):
    """A variation of an approved agreement, made by the decision it is started from."""

    agreement = forms.ModelChoiceField(GrantAgreement.objects.none(), label="Agreement to vary")
    amount_after = _money("New amount")
    starts_on_after = _date("New start date", required=False)
    ends_on_after = _date("New end date", required=False)
    reason = forms.CharField(
        label="What the variation does and why",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, agreements=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = (
            agreements if agreements is not None else GrantAgreement.objects.none()
        )
        self.add_profile_fields()

    def profile_fields(self):
        return [(self[year], self[amount]) for year, amount in self.profile_names()]

    def clean(self):
        cleaned = super().clean()
        cleaned["profile"] = self.clean_profile(cleaned)
        return cleaned
