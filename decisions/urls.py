from django.urls import path

from decisions import feeds, views

app_name = "decisions"

urlpatterns = [
    path("", views.decision_list, name="list"),
    path("feed/", feeds.decision_feed, name="feed"),
    path("<slug:slug>/", views.decision_detail, name="detail"),
]
