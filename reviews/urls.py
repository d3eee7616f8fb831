from django.urls import path

from reviews import views, views_certification, views_credits, views_jobs

app_name = "reviews"
urlpatterns = [
    # Queue and file decisions (reviews/views.py)
    path("", views.queue, name="queue"),
    path("files/<int:pk>/", views.file_decision, name="file"),
    # Credit request decisions (reviews/views_credits.py)
    path("credits/<int:pk>/", views_credits.credit_decision, name="credit"),
    # Scheduled job history (reviews/views_jobs.py)
    path("jobs/", views_jobs.job_history, name="jobs"),
    # A learner's certification, revocation (reviews/views_certification.py)
    path("certifications/<int:pk>/", views_certification.certification_detail, name="certification"),
]
