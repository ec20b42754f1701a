"""Clearers' comments and the drafter's answers, under /staff/decisions/<pk>/ (docs/adr/0063)."""

from django.urls import path

from decisions.views import comments

urlpatterns = [
    path(
        "<int:pk>/<slug:part_kind>/<int:part_pk>/comment/",
        comments.comment_new,
        name="comment_new",
    ),
    path(
        "<int:pk>/comments/<int:comment_pk>/answer/",
        comments.comment_answer,
        name="comment_answer",
    ),
    path(
        "<int:pk>/comments/<int:comment_pk>/resolve/",
        comments.comment_resolve,
        name="comment_resolve",
    ),
]
