from django.urls import path

from directors import views

app_name = "directors"
urlpatterns = [
    path("", views.staff_list, name="staff"),
    path("staff.csv", views.staff_csv, name="staff_csv"),
    path("<int:pk>/", views.staff_member, name="staff_member"),
]
