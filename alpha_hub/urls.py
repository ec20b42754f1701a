"""URLs: the public register, open data, staff pages, the admin and the health check."""

from django.contrib import admin
from django.urls import include, path

from alpha_hub import auth_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("decisions/", include("decisions.urls")),
    path("accounts/login/", auth_views.login, name="login"),
    path("accounts/logout/", auth_views.logout, name="logout"),
    path("admin/", admin.site.urls),
]
