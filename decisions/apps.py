from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Decisions"

    def ready(self):
        # budget may not import decisions (docs/adr/0005): decisions tells budget who else reads.
        from budget.permissions import register_budget_reader_check
        from decisions.cache import connect_signals
        from decisions.permissions import works_on_budget
        from decisions.selectors.timeline import register_reference_finder

        register_budget_reader_check(works_on_budget)
        # The public pages' cache starts afresh when what they show changes (decisions/cache.py).
        connect_signals()
        # The audit log's "Record reference" filter reads "PCD 867" through decisions' scopes.
        register_reference_finder()
