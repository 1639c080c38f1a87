"""Factory of the test-only knowledge type."""

from datetime import date

import factory
import wagtail_factories

from home.models import get_home_page

from .models import ArchivedBulletinPage, BulletinPage


class BulletinPageFactory(wagtail_factories.PageFactory):
    """A bulletin straight under the home page, where no editor could put one."""

    title = factory.Sequence(lambda n: f"Mededeling {n}")
    intro = "Een korte mededeling van een leergemeenschap."
    issued_on = date(2019, 5, 1)
    parent = factory.LazyFunction(get_home_page)

    class Meta:
        model = BulletinPage


class ArchivedBulletinPageFactory(BulletinPageFactory):
    class Meta:
        model = ArchivedBulletinPage
