"""Demo media: abstract images drawn with Pillow and small text documents, found again by title."""

import hashlib
import io
import random

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils.text import slugify

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from PIL import Image as PillowImage
from PIL import ImageDraw

COLLECTION_NAME = "Demo-inhoud"
SIZE = (1200, 675)

# (RGB hex, colour name, the name as an attributive adjective for "op een ... achtergrond")
COLOURS = [
    ("#1d3557", "donkerblauw", "donkerblauwe"),
    ("#457b9d", "staalblauw", "staalblauwe"),
    ("#2a9d8f", "zeegroen", "zeegroene"),
    ("#8ab17d", "saliegroen", "saliegroene"),
    ("#e9c46a", "okergeel", "okergele"),
    ("#f4a261", "oranje", "oranje"),
    ("#e76f51", "koraalrood", "koraalrode"),
    ("#b5838d", "oudroze", "oudroze"),
    ("#6d597a", "paars", "paarse"),
    ("#264653", "antraciet", "antracietkleurige"),
    ("#f1faee", "gebroken wit", "gebroken witte"),
    ("#ffb703", "zonnegeel", "zonnegele"),
]


def _rng(key):
    # Seed from a stable digest: Python's hash() of a string changes between processes.
    return random.Random(hashlib.sha256(key.encode()).hexdigest())


def palette(key):
    """Four distinct colours for a key: a background and three accents, always the same per key."""
    return _rng(key).sample(COLOURS, 4)


def _circles(draw, rng, accents):
    width, height = SIZE
    for _ in range(7):
        radius = rng.randint(height // 8, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=rng.choice(accents))


def _blocks(draw, rng, accents):
    # Split the canvas recursively into rectangles and colour some of them.
    areas = [(0, 0, *SIZE)]
    for _ in range(6):
        left, top, right, bottom = areas.pop(rng.randrange(len(areas)))
        if right - left > bottom - top:
            cut = rng.randint(left + (right - left) // 4, right - (right - left) // 4)
            areas += [(left, top, cut, bottom), (cut, top, right, bottom)]
        else:
            cut = rng.randint(top + (bottom - top) // 4, bottom - (bottom - top) // 4)
            areas += [(left, top, right, cut), (left, cut, right, bottom)]
    for area in areas:
        if rng.random() < 0.7:
            draw.rectangle(area, fill=rng.choice(accents), outline=None)
    for area in areas:
        draw.rectangle(area, outline="#ffffff", width=8)


def _arcs(draw, rng, accents):
    width, height = SIZE
    for corner in rng.sample([(0, 0), (width, 0), (0, height), (width, height)], 2):
        x, y = corner
        for step, radius in enumerate(range(height, 0, -height // 5)):
            colour = accents[(step + rng.randrange(3)) % len(accents)]
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)


def _bands(draw, rng, accents):
    width, height = SIZE
    x = -height
    while x < width:
        band = rng.randint(80, 220)
        draw.polygon(
            [(x, height), (x + height, 0), (x + height + band, 0), (x + band, height)],
            fill=rng.choice(accents),
        )
        x += band + rng.randint(20, 160)


# Each style with the Dutch word describing its shapes in the image's description.
STYLES = [
    (_circles, "cirkels"),
    (_blocks, "kleurvlakken"),
    (_arcs, "bogen"),
    (_bands, "diagonale banen"),
]


def render(key, palette_key):
    """A JPEG of an abstract composition and a description of it, usable as alt text."""
    rng = _rng(key)
    (background, _, background_adjective), *accents = palette(palette_key)
    draw_shapes, shapes = rng.choice(STYLES)
    picture = PillowImage.new("RGB", SIZE, background)
    draw_shapes(ImageDraw.Draw(picture), rng, [colour for colour, _, _ in accents])
    output = io.BytesIO()
    picture.save(output, "JPEG", quality=85)
    names = [name for _, name, _ in accents]
    description = (
        f"Abstracte compositie van {shapes} in {names[0]}, {names[1]} en {names[2]} "
        f"op een {background_adjective} achtergrond"
    )
    return output.getvalue(), description


class DemoMedia:
    """Creates demo images and documents in their own collection, each only once."""

    def __init__(self):
        self.collection = self._collection()
        self.images_created = 0
        self.documents_created = 0

    @staticmethod
    def _collection():
        root = Collection.get_first_root_node()
        return root.get_children().filter(name=COLLECTION_NAME).first() or root.add_child(
            name=COLLECTION_NAME
        )

    def image(self, title, palette_key):
        """The demo image with this title; drawn in the colours of palette_key when new."""
        image_model = get_image_model()
        image = image_model.objects.filter(collection=self.collection, title=title).first()
        if image is not None:
            return image
        data, description = render(title, palette_key)
        image = image_model(
            title=title,
            description=description,
            collection=self.collection,
            file=ImageFile(io.BytesIO(data), name=f"{_file_stem(title)}.jpg"),
            file_size=len(data),
            file_hash=hash_filelike(io.BytesIO(data)),
        )
        image.save()
        self.images_created += 1
        return image

    def document(self, title, filename, text):
        document_model = get_document_model()
        document = document_model.objects.filter(collection=self.collection, title=title).first()
        if document is not None:
            return document
        data = text.encode()
        document = document_model(
            title=title,
            collection=self.collection,
            file=ContentFile(data, name=filename),
            file_size=len(data),
            file_hash=hash_filelike(io.BytesIO(data)),
        )
        document.save()
        self.documents_created += 1
        return document

    def counts(self):
        return (
            get_image_model().objects.filter(collection=self.collection).count(),
            get_document_model().objects.filter(collection=self.collection).count(),
        )


def _file_stem(title):
    return slugify(title)[:80] or "afbeelding"
