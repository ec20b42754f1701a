"""The drafter's task list: each part of a decision with its status (issue 13, point 4).

It reads what decisions.selectors.readiness already says is missing (the budgets) and what the
decision holds, so the list and the submit check never disagree. A standard section that is
not written yet has no row: it is listed here, from decisions.sections, as "Not yet started"
(docs/adr/0067).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from decisions.models import Decision, SectionKind
from decisions.sections import standard_sections
from decisions.selectors.readiness import Readiness
from decisions.workflow import EDITABLE_STATUSES

NOT_STARTED = "Not yet started"
IN_PROGRESS = "In progress"
COMPLETED = "Completed"
CANNOT_START = "Cannot start yet"


@dataclass(frozen=True)
class Task:
    name: str
    status: str
    href: str = ""  # empty: nothing for the drafter to do here (status only)
    hint: str = ""
    id: str = ""

    @property
    def tag_colour(self) -> str:
        """GOV.UK's task list: a tag for what is still to do; plain text once done."""
        return {NOT_STARTED: "blue", IN_PROGRESS: "light-blue"}.get(self.status, "")


@dataclass(frozen=True)
class TaskGroup:
    title: str
    tasks: list[Task] = field(default_factory=list)


def _url(name: str, decision: Decision, *args) -> str:
    return reverse(f"staff_decisions:{name}", args=[decision.pk, *args])


def _done(flag: bool, *, started: bool = False) -> str:
    return COMPLETED if flag else IN_PROGRESS if started else NOT_STARTED


def section_tasks(decision: Decision) -> list[Task]:
    """One task per standard section of the series (written or not), then the custom ones."""
    written = {}
    custom = []
    for section in decision.sections.all():
        if section.kind == SectionKind.CUSTOM or section.kind in written:
            custom.append(section)
        else:
            written[section.kind] = section
    tasks = []
    for kind in standard_sections(decision.series):
        section = written.pop(kind, None)
        if section is None:
            href = _url("part_new", decision, "sections") + f"?kind={kind.value}"
            tasks.append(Task(kind.label, NOT_STARTED, href, id=f"section-{kind.value}"))
        else:
            href = _url("part_edit", decision, "sections", section.pk)
            status = _done(bool(section.body.strip()), started=True)
            tasks.append(Task(section.heading, status, href, id=f"section-{kind.value}"))
    for section in [*written.values(), *custom]:
        href = _url("part_edit", decision, "sections", section.pk)
        tasks.append(Task(section.heading, COMPLETED, href, hint="Added section"))
    return tasks


def drafting_tasks(decision: Decision, readiness: Readiness) -> list[TaskGroup]:
    """The decision's parts, in the order of the report, each with its status."""
    edit = _url("edit", decision)
    recommendations = len(decision.recommendations.all())
    summary_written = bool(decision.executive_summary.strip())
    new_recommendation = _url("part_new", decision, "recommendations")
    about = TaskGroup(
        "About the decision",
        [
            Task(
                "Summary and details", _done(summary_written, started=True),
                edit, hint="Title, category, value and the executive summary", id="details",
            ),
            Task(
                "Recommendations", _done(recommendations > 0),
                "#recommendations" if recommendations else new_recommendation,
                hint=f"{recommendations} written" if recommendations else "", id="recommendations",
            ),
        ],
    )  # fmt: skip
    sections = TaskGroup("Facts and advice (Part 1)", section_tasks(decision))
    part2_missing = decision.has_part2 and not hasattr(decision, "part2")
    assessments = TaskGroup(
        "Part 2 and assessments",
        [
            Task(
                "Part 2 (confidential)", IN_PROGRESS if part2_missing else COMPLETED,
                _url("part2", decision), hint="Has a Part 2" if decision.has_part2 else "No Part 2",
                id="part2",
            ),
            Task(
                "Data protection impact assessment",
                _done(decision.dpia != Decision.Assessment.NOT_RECORDED), edit,
                hint=decision.get_dpia_display(), id="dpia",
            ),
            Task(
                "Equality impact assessment",
                _done(decision.equality_assessment != Decision.Assessment.NOT_RECORDED), edit,
                hint=decision.get_equality_assessment_display(), id="equality",
            ),
        ],
    )  # fmt: skip
    approvals = list(decision.approvals.all())
    money = TaskGroup("Grant agreements and budgets")
    agreements_status = (
        COMPLETED if approvals or decision.kind != Decision.Kind.GRANT else NOT_STARTED
    )
    money.tasks.append(
        Task(
            "Grant agreements approved", agreements_status, _url("agreements", decision),
            hint=", ".join(a.agreement.reference for a in approvals) or "None", id="agreements",
        )
    )  # fmt: skip
    for approval in approvals:
        reference = approval.agreement.reference
        problems = [p for p in readiness.budgets if p.startswith(f"{reference}:")]
        money.tasks.append(
            Task(
                f"Budget for {reference}", IN_PROGRESS if problems else COMPLETED,
                hint=" ".join(p.removeprefix(f"{reference}: ") for p in problems)
                or "Reconciled with the agreement",
                id=f"budget-{approval.agreement_id}",
            )
        )  # fmt: skip
    drafted = not readiness.drafting
    may_submit = drafted and decision.status in EDITABLE_STATUSES
    submit = TaskGroup(
        "Submit",
        [
            Task(
                "Declarations of interest", CANNOT_START,
                hint="The decision maker declares any interests when signing", id="declarations",
            ),
            Task(
                "Check your answers and submit", NOT_STARTED if drafted else CANNOT_START,
                _url("submit", decision) if may_submit else "",
                hint="" if drafted else "Complete the parts above first", id="submit",
            ),
        ],
    )  # fmt: skip
    return [about, sections, assessments, money, submit]


# What completeness_problems says (decisions.workflow) -> where the drafter puts it right.
_PROBLEM_PLACES = (
    ("executive summary", "edit", ()),
    ("recommendation", "part_new", ("recommendations",)),
    ("impact assessment", "edit", ()),
    ("Part 2", "part2", ()),
    ("contract this decision approves", "contract_add", ()),
)


def problem_links(decision: Decision, problems: list[str]) -> list[dict[str, str]]:
    """Each problem in `problems` (readiness.drafting) with a link to the page that fixes it."""
    first_missing = next((t for t in section_tasks(decision) if t.status != COMPLETED), None)
    linked = []
    for problem in problems:
        href = ""
        if "standard sections" in problem and first_missing:
            href = first_missing.href
        for words, name, args in _PROBLEM_PLACES:
            if not href and words in problem:
                href = _url(name, decision, *args)
        linked.append({"text": problem, "href": href})
    return linked
