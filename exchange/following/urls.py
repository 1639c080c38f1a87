"""Following by email, under /volgen/ (and /en/volgen/)."""

from django.urls import path

from . import views

app_name = "following"

urlpatterns = [
    path("", views.follow, name="follow"),
    path("bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("voorkeuren/<str:token>/", views.preferences, name="preferences"),
    path("mijn-voorkeuren/", views.my_preferences, name="my_preferences"),
]
