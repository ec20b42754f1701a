"""A decision's history (timeline), under /staff/decisions/<pk>/history/."""

from django.urls import path

from decisions.views import timeline

urlpatterns = [
    path("<int:pk>/history/", timeline.decision_timeline, name="timeline"),
]
