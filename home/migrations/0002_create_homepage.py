"""Replace Wagtail's welcome page with the portal's home page, so a fresh install has a site."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")

    if HomePage.objects.exists():
        return
    # Wagtail's own migration creates a placeholder page at /home/; the portal's page takes its place.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    Page.objects.filter(depth=1).update(numchild=Page.objects.filter(depth=2).count())

    locale, _ = Locale.objects.get_or_create(language_code="nl")
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    root = Page.objects.get(depth=1)
    siblings = Page.objects.filter(depth=2).count()
    homepage = HomePage.objects.create(
        title="Leergemeenschappen in onderwijs en cultuur",
        draft_title="Leergemeenschappen in onderwijs en cultuur",
        slug="home",
        content_type=content_type,
        path=f"{root.path}{siblings + 1:04d}",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
        intro=(
            "Het landelijke kennisportaal van leergemeenschappen in onderwijs en "
            "cultuureducatie: vind kennis, praktijkvoorbeelden en instrumenten, en "
            "sluit je aan bij een leergemeenschap."
        ),
    )
    Page.objects.filter(pk=root.pk).update(numchild=siblings + 1)

    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page_id=homepage.pk, is_default_site=True
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("home.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
