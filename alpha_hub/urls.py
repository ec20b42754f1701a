"""The foundation's URLs: sign in and out, the signed-in user's profile, failed tasks."""

from django.urls import path

from alpha_hub import session_keeping
from alpha_hub.views import auth, profile, tasks

urlpatterns = [
    path("accounts/login/", auth.login, name="login"),
    path("accounts/logout/", auth.logout, name="logout"),
    path("staff/profile/", profile.profile, name="staff_profile"),
    path("staff/session/", session_keeping.session_keep_alive, name="session_keep_alive"),
    path("staff/profile/authenticator/", profile.totp_enrol, name="staff_totp"),
    path("staff/tasks/failed/", tasks.failed_task_list, name="staff_failed_tasks"),
]
