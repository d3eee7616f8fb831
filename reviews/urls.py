from django.urls import path

from reviews import views, views_credits, views_jobs, views_reports

app_name = "reviews"
urlpatterns = [
    # Queue and file decisions (reviews/views.py)
    path("", views.queue, name="queue"),
    path("files/<int:pk>/", views.file_decision, name="file"),
    # Credit request decisions (reviews/views_credits.py)
    path("credits/<int:pk>/", views_credits.credit_decision, name="credit"),
    # Scheduled job history (reviews/views_jobs.py)
    path("jobs/", views_jobs.job_history, name="jobs"),
    # KDLA compliance reports (reviews/views_reports.py, selectors in reviews/reports.py)
    path("reports/", views_reports.reports_page, name="reports"),
    path("reports/<slug:name>.csv", views_reports.report_csv, name="report_csv"),
]
