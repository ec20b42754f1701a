"""Staff workspace URLs, mounted at /staff/decisions/."""

from django.urls import path

from decisions import staff_views as views

app_name = "staff_decisions"

urlpatterns = [
    path("new/", views.decision_new, name="new"),
    path("<int:pk>/", views.decision_detail, name="detail"),
    path("<int:pk>/preview/", views.decision_preview, name="preview"),
    path("<int:pk>/edit/", views.decision_edit, name="edit"),
    path("<int:pk>/part-2/", views.decision_part2, name="part2"),
    path("<int:pk>/agreements/", views.decision_agreements, name="agreements"),
    path("<int:pk>/links/new/", views.decision_link_add, name="link_add"),
    path("<int:pk>/links/<int:link_pk>/remove/", views.decision_link_remove, name="link_remove"),
    path("<int:pk>/<slug:part_kind>/new/", views.part_new, name="part_new"),
    path("<int:pk>/<slug:part_kind>/<int:part_pk>/", views.part_edit, name="part_edit"),
    path("<int:pk>/<slug:part_kind>/<int:part_pk>/move/", views.part_move, name="part_move"),
    path("<int:pk>/submit/", views.decision_submit, name="submit"),
    path("<int:pk>/clear/", views.decision_clear, name="clear"),
    path("<int:pk>/return/", views.decision_return, name="return"),
    path("<int:pk>/reject/", views.decision_reject, name="reject"),
    path("<int:pk>/withdraw/", views.decision_withdraw, name="withdraw"),
    path("<int:pk>/sign/", views.decision_sign, name="sign"),
    path("<int:pk>/publish/", views.decision_publish, name="publish"),
]
