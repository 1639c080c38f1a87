"""Uploaded images and documents in an S3-compatible bucket that every app server shares.

With S3_BUCKET set (portal/settings/base.py) images, their renditions and documents go to that
bucket instead of MEDIA_ROOT, and the rules of the disk (docs/deployment.md) hold there too:

- images and renditions are public files in Wagtail, wherever they are filed. They are written
  readable by anyone (ACL public-read, unless S3_PUBLIC_READ_ACL is off because the bucket
  grants that by policy) and linked at MEDIA_URL;
- documents are written private: only the portal's own credentials read them, and the portal
  serves them at /documenten/ once the document's collection privacy allows it.

A bucket that cannot be reached raises home.storage.StorageUnavailable, an OSError: Wagtail
then draws an image it cannot read as a missing one instead of failing the page, and an upload
is refused with a clear message (home.storage.StorageUnavailableMiddleware).
"""

import functools
import posixpath
from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri

from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

from .storage import StorageUnavailable

# Wagtail's folders for original images, renditions and the admin's avatars, public as on disk
# (docs/deployment.md); everything else, documents/ above all, is private.
PUBLIC_FOLDERS = frozenset({"original_images", "images", "avatar_images"})


def unavailable_as_oserror(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except ClientError as error:
            if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
                raise FileNotFoundError(str(error)) from error
            raise StorageUnavailable(str(error)) from error
        except BotoCoreError as error:
            raise StorageUnavailable(str(error)) from error

    return wrapper


class ObjectStorage(S3Storage):
    def __init__(self, public_read_acl=True, **options):
        self.public_read_acl = public_read_acl
        # Wagtail gives an upload a new name when its name is taken; overwriting would swap
        # another image's or document's file.
        options.setdefault("file_overwrite", False)
        super().__init__(**options)

    def is_public(self, name):
        folder = posixpath.normpath(clean_name(name)).lstrip("/").split("/")[0]
        return folder in PUBLIC_FOLDERS

    def get_object_parameters(self, name):
        parameters = super().get_object_parameters(name)
        if self.public_read_acl and self.is_public(name):
            parameters["ACL"] = "public-read"
        return parameters

    def url(self, name, parameters=None, expire=None, http_method=None):
        if self.is_public(name):
            return urljoin(settings.MEDIA_URL, filepath_to_uri(clean_name(name)))
        # A signed link that ends; the portal links documents at /documenten/ instead.
        return super().url(name, parameters, expire, http_method)

    save = unavailable_as_oserror(S3Storage.save)
    _open = unavailable_as_oserror(S3Storage._open)
    exists = unavailable_as_oserror(S3Storage.exists)
    delete = unavailable_as_oserror(S3Storage.delete)
    size = unavailable_as_oserror(S3Storage.size)
