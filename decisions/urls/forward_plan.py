"""The forward plan's URLs, public and staff, beside its views (decisions/views/forward_plan.py)."""

from django.urls import path

from decisions.views import forward_plan as views

app_name = "forward_plan"

urlpatterns = [
    path("forward-plan/", views.forward_plan, name="page"),
    path("forward-plan/feed/", views.forward_plan_feed, name="feed"),
    path("data/forward-plan.json", views.forward_plan_json, name="json"),
    path("staff/forward-plan/", views.forward_plan_staff, name="staff"),
    path("staff/forward-plan/<int:pk>/draft/", views.forward_plan_draft, name="draft"),
]
