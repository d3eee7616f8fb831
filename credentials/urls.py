from django.urls import path

from credentials import views, views_certificate, views_transcript

app_name = "credentials"
urlpatterns = [
    # External Files (credentials/views.py)
    path("files/", views.files, name="files"),
    path("files/add/", views.file_add, name="file_add"),
    path("files/<int:pk>/download/", views.file_download, name="file_download"),
    path("files/<int:pk>/view/", views.file_view, name="file_view"),
    # Transcript (credentials/views_transcript.py)
    path("transcript/", views_transcript.transcript, name="transcript"),
    path("transcript/pdf/", views_transcript.transcript_download, name="transcript_pdf"),
    # The learner's current certificate (credentials/views_certificate.py)
    path("certificate/", views_certificate.certificate_download, name="certificate"),
]
