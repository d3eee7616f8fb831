from django.urls import path

from credentials import views

app_name = "credentials"
urlpatterns = [
    path("files/", views.files, name="files"),
    path("transcript/", views.transcript, name="transcript"),
]
