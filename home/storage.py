"""What the portal does when the storage of uploaded files fails it (home.object_storage)."""

from django.http import HttpResponse
from django.template.loader import render_to_string


class StorageUnavailable(OSError):
    """The object storage did not answer, or refused what the portal asked of it."""


class StorageUnavailableMiddleware:
    """An upload the object storage did not take, or a file it did not hand over: a 503 that
    says so, not a server error.

    Nothing is half-written: Django saves a file before the row that names it, so a refused
    file leaves no row behind.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, StorageUnavailable):
            return None
        upload = request.method not in ("GET", "HEAD")
        response = HttpResponse(
            render_to_string("storage_unavailable.html", {"upload": upload}, request=request),
            status=503,
        )
        response["Retry-After"] = "60"
        return response
