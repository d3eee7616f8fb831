"""The admin site: operators (superusers) and content staff (is_staff) as in Django, plus KDLA reviewers.

Reviewers hold the review permission through the "KDLA Reviewers" group, whose view permissions (people,
libraries, credentials, files, credit requests) scope what they see; they change nothing here except through
the actions, which call the services.
"""

from django.contrib import admin

from accounts.models import REVIEW_PERMISSION


class PortalAdminSite(admin.AdminSite):
    site_header = "KDLA Certification Portal administration"
    site_title = "KDLA Portal admin"
    # The index lists every screen; the sidebar repeating it took 270 of a 1,280-pixel screen, so the Users list
    # (name, email, library, roles, last login) scrolled sideways.
    enable_nav_sidebar = False

    def has_permission(self, request):
        user = request.user
        return user.is_active and (user.is_staff or user.has_perm(REVIEW_PERMISSION))
