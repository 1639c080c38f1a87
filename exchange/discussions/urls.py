"""The discussions' URLs, under /gesprekken/ (and /en/gesprekken/)."""

from django.urls import path

from . import views

app_name = "discussions"

urlpatterns = [
    path("<int:pk>/", views.discussion_list, name="list"),
    path("<int:pk>/nieuw/", views.start, name="start"),
    path("gesprek/<int:pk>/", views.detail, name="detail"),
    path("gesprek/<int:pk>/vastzetten/", views.pin, name="pin"),
    path("gesprek/<int:pk>/sluiten/", views.close, name="close"),
    path("gesprek/<int:pk>/praktijkvoorbeeld/", views.draft, name="draft"),
    path("bericht/<int:pk>/bewerken/", views.edit, name="edit"),
    path("bericht/<int:pk>/verwijderen/", views.delete, name="delete"),
    path("bericht/<int:pk>/melden/", views.report, name="report"),
    path("bericht/<int:pk>/weghalen/", views.remove, name="remove"),
    path("bericht/<int:pk>/laten-staan/", views.keep, name="keep"),
    path("bericht/<int:pk>/verplaatsen/", views.move, name="move"),
]
