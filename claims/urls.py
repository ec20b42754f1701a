"""Claim, payment and report pages, mounted at staff/claims/."""

from django.urls import path

from claims.views import agreements, claims

app_name = "claims"

urlpatterns = [
    path("", claims.claim_list, name="list"),
    path("export.<str:fmt>", agreements.claims_export, name="export"),
    path("agreements/<int:pk>/", agreements.agreement_finance, name="agreement"),
    path("agreements/<int:pk>/schedule/", agreements.schedule_create, name="schedule"),
    path("agreements/<int:pk>/reports/", agreements.requirement_add, name="requirement_add"),
    path("agreements/<int:pk>/close/", agreements.agreement_close, name="close"),
    path("periods/<int:period_id>/claim/", claims.claim_create, name="create"),
    path("reports/<int:requirement_id>/submit/", agreements.report_submit, name="report_submit"),
    path("reports/files/<int:report_id>/", agreements.report_download, name="report_download"),
    path("reports/files/<int:report_id>/review/", agreements.report_review, name="report_review"),
    path("<int:pk>/", claims.claim_detail, name="detail"),
    path("<int:pk>/lines/", claims.line_add, name="line_add"),
    path("<int:pk>/lines/<int:line_id>/remove/", claims.line_remove, name="line_remove"),
    path("<int:pk>/evidence/", claims.evidence_add, name="evidence_add"),
    path("<int:pk>/evidence/<int:evidence_id>/", claims.evidence_download, name="evidence"),
    path("<int:pk>/moves/<str:move>/", claims.claim_move, name="move"),
    path("<int:pk>/payments/", claims.payment_add, name="payment_add"),
    path("<int:pk>/import/", claims.claim_import, name="import"),
    path("<int:pk>/import/apply/", claims.claim_import_apply, name="import_apply"),
]
