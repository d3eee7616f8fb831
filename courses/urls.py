from django.urls import path

from courses import views

app_name = "courses"
urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("cart/", views.cart, name="cart"),
    path("cart/add/<slug:slug>/", views.cart_add, name="cart_add"),
    path("cart/remove/<int:item_id>/", views.cart_remove, name="cart_remove"),
    path("checkout/", views.checkout, name="checkout"),
    path("orders/<int:pk>/", views.order, name="order"),
    path("items/<slug:slug>/", views.item, name="item"),
    path("courses/<slug:slug>/", views.course, name="course"),
    path("courses/<slug:slug>/quiz/", views.quiz, name="quiz"),
    path("courses/<slug:slug>/<slug:lesson>/", views.lesson, name="lesson"),
]
