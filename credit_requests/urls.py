app_name = "credit_requests"
urlpatterns: list = []
