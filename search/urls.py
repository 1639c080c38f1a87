"""URLs of the search section."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.search, name="search"),
    path("suggesties/", views.suggestions, name="search_suggestions"),
]
