"""`{% drafting_tasks decision readiness as groups %}`: the drafter's task list, for an include."""

from django import template

from decisions.selectors.drafting import NOT_STARTED, TaskGroup, section_tasks
from decisions.selectors.drafting import drafting_tasks as tasks_of
from decisions.selectors.drafting import problem_links as links_of

register = template.Library()


@register.simple_tag
def drafting_tasks(decision, readiness) -> list[TaskGroup]:
    """The task groups of `decision`, given its readiness (decisions.selectors.readiness)."""
    return tasks_of(decision, readiness)


@register.simple_tag
def problem_links(decision, problems) -> list[dict[str, str]]:
    """`problems` (what readiness says the drafter must still do), each with the page to do it."""
    return links_of(decision, problems)


@register.simple_tag
def missing_sections(decision) -> list:
    """The standard sections of `decision`'s series it has not written yet (tasks, with links)."""
    return [task for task in section_tasks(decision) if task.status == NOT_STARTED]
