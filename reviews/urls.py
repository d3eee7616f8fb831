from django.urls import path

from reviews import (
    views,
    views_bulk,
    views_certification,
    views_credits,
    views_jobs,
    views_people,
    views_reports,
)

app_name = "reviews"
urlpatterns = [
    # Queue and file decisions (reviews/views.py)
    path("", views.queue, name="queue"),
    path("approve/", views_bulk.bulk_approve, name="bulk_approve"),
    path("files/<int:pk>/", views.file_decision, name="file"),
    # Credit request decisions (reviews/views_credits.py)
    path("credits/<int:pk>/", views_credits.credit_decision, name="credit"),
    # Scheduled job history (reviews/views_jobs.py)
    path("jobs/", views_jobs.job_history, name="jobs"),
    # A learner's certification, revocation (reviews/views_certification.py)
    path("certifications/<int:pk>/", views_certification.certification_detail, name="certification"),
    # People: find anyone, their records and the reviewers' actions (reviews/views_people.py)
    path("people/", views_people.people, name="people"),
    path("people/<int:pk>/", views_people.person, name="person"),
    # KDLA compliance reports (reviews/views_reports.py, selectors in reviews/reports.py)
    path("reports/", views_reports.reports_page, name="reports"),
    path("reports/<slug:name>.csv", views_reports.report_csv, name="report_csv"),
]
