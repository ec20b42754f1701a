"""URLs of the signed decision documents and their verification."""

from django.urls import path

from decisions.views import documents as document_views

app_name = "documents"

urlpatterns = [
    path("decisions/<slug:slug>/signed.pdf", document_views.signed_pdf, name="signed_pdf"),
    path("staff/decisions/<slug:slug>/full.pdf", document_views.full_pdf, name="full_pdf"),
    path(
        "staff/decisions/<slug:slug>/public.pdf",
        document_views.staff_public_pdf,
        name="staff_public_pdf",
    ),
    path("verify/", document_views.verify, name="verify"),
]
