"""The public register, mounted at /decisions/."""

from django.urls import path

from decisions.views import feed, public

app_name = "decisions"

urlpatterns = [
    path("", public.decision_list, name="list"),
    path("feed/", feed.decision_feed, name="feed"),
    path("<slug:slug>/", public.decision_detail, name="detail"),
]
