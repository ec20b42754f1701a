"""Staff workspace URLs, mounted at /staff/decisions/."""

from django.urls import include, path

from decisions.urls import comments, contracts, timeline
from decisions.views import drafting, moves, staff, staff_list

app_name = "staff_decisions"

urlpatterns = [
    path("", staff_list.decision_list, name="list"),
    path("new/", staff.decision_new, name="new"),
    path("<int:pk>/", staff.decision_detail, name="detail"),
    path("<int:pk>/preview/", staff.decision_preview, name="preview"),
    path("<int:pk>/edit/", drafting.decision_edit, name="edit"),
    path("<int:pk>/part-2/", drafting.decision_part2, name="part2"),
    path("<int:pk>/part-2/remove/", drafting.decision_part2_remove, name="part2_remove"),
    path("<int:pk>/agreements/", drafting.decision_agreements, name="agreements"),
    path("", include("decisions.urls.agreements")),
    path("<int:pk>/links/new/", drafting.decision_link_add, name="link_add"),
    path("<int:pk>/links/<int:link_pk>/remove/", drafting.decision_link_remove, name="link_remove"),
    path("", include(timeline.urlpatterns)),  # <pk>/history/: the decision's timeline
    path("", include(comments.urlpatterns)),  # <pk>/<part_kind>/<part_pk>/comment/ and answers
    path("", include(contracts.urlpatterns)),  # before <slug:part_kind>: "contracts" is no part
    path("<int:pk>/<slug:part_kind>/new/", drafting.part_new, name="part_new"),
    path("<int:pk>/<slug:part_kind>/<int:part_pk>/", drafting.part_edit, name="part_edit"),
    path("<int:pk>/<slug:part_kind>/<int:part_pk>/move/", drafting.part_move, name="part_move"),
    path("<int:pk>/submit/", moves.decision_submit, name="submit"),
    path("<int:pk>/clear/", moves.decision_clear, name="clear"),
    path("<int:pk>/return/", moves.decision_return, name="return"),
    path("<int:pk>/reject/", moves.decision_reject, name="reject"),
    path("<int:pk>/withdraw/", moves.decision_withdraw, name="withdraw"),
    path("<int:pk>/sign/", moves.decision_sign, name="sign"),
    path("<int:pk>/publish/", moves.decision_publish, name="publish"),
]
