"""URLs of the search section."""

from django.urls import path

from . import clicks, views

urlpatterns = [
    path("", views.search, name="search"),
    path("suggesties/", views.suggestions, name="search_suggestions"),
    path("open/<int:page_id>/", clicks.open_result, name="search_open_result"),
]
