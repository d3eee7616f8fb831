from django.urls import path

from credit_requests import views

app_name = "credit_requests"
urlpatterns = [
    path("new/", views.credit_request_new, name="new"),
    path("<int:pk>/file/", views.credit_request_file, name="file"),
    path("<int:pk>/file/view/", views.credit_request_file_inline, name="file_inline"),
]
