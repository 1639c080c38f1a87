"""Writes the demo content into the database, finding everything again by slug, title or name."""

import copy
import datetime
from collections import Counter

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone

from wagtail.fields import StreamField
from wagtail.models import Page, Site

from communities.models import (
    BuildingBlock,
    BuildingBlockScore,
    CommunityPage,
    CommunityStatus,
    Person,
    RespondentRole,
    SelfEvaluation,
)
from exchange.discussions.models import Discussion, Post, PostReport
from exchange.following.models import (
    DiscussionPreference,
    Follow,
    FollowTarget,
    Frequency,
    subject_key,
)
from exchange.models import QuestionAnswerPage
from home.models import (
    HomePage,
    Organisation,
    Region,
    Sector,
    StandardPage,
    Theme,
    ensure_section_pages,
    get_home_page,
)
from resources.models import EventPage, PracticeExamplePage, ReuseReport, StoryPage, ToolPage

from . import content
from .images import COLLECTION_NAME, DemoMedia

# Fields copied from the content data as they are; the rest the builder looks up or computes.
COMMUNITY_FIELDS = (
    "title",
    "intro",
    "central_question",
    "shared_goal",
    "form",
    "status",
    "meeting_format",
    "meeting_rhythm",
    "how_to_join",
    "contact_name",
    "contact_email",
    "body",
)
PRACTICE_EXAMPLE_FIELDS = (
    "title",
    "intro",
    "background",
    "approach",
    "results",
    "lessons_learned",
)
TOOL_FIELDS = (
    "title",
    "intro",
    "purpose",
    "phase",
    "target_group",
    "how_to_use",
    "licence",
    "version",
    "release_date",
)
STORY_FIELDS = ("title", "intro", "author", "body")
QUESTION_FIELDS = ("title", "question", "answer")
EVENT_FIELDS = ("title", "intro", "format", "location", "online_url", "registration_url", "body")


class DemoContentError(Exception):
    """The database is not in a state the demo content can be loaded into."""


class DemoContentBuilder:
    """Creates or updates every demo object; pages get a new revision only when they change."""

    def __init__(self, log):
        self.log = log
        self.page_outcomes = Counter()

    def build(self):
        self._check_site()
        self.sections = ensure_section_pages()
        # Fetched after the sections exist, so its tree fields are current when it gets children.
        self.home = get_home_page()
        self.media = DemoMedia()
        self._build_taxonomy()
        self._build_people()
        self.documents = {
            spec["title"]: self.media.document(spec["title"], spec["filename"], spec["text"])
            for spec in content.DOCUMENTS
        }
        for section in self.sections.values():
            self._publish_if_needed(section, changed=False)
        self.communities = self._build_communities()
        self._build_practice_examples()
        self._build_tools()
        self._build_harvests()
        self._build_self_evaluations()
        self._build_stories()
        self._build_events()
        self._build_questions()
        self._build_about_page()
        self._build_home_page()

        images, documents = self.media.counts()
        self.log(
            f"Media in collection {COLLECTION_NAME!r}: {images} images "
            f"({self.media.images_created} new), {documents} documents "
            f"({self.media.documents_created} new)."
        )
        outcomes = self.page_outcomes
        self.log(
            f"Pages: {len(content.COMMUNITIES)} communities, "
            f"{len(content.PRACTICE_EXAMPLES)} practice examples, {len(content.TOOLS)} tools, "
            f"{len(content.STORIES)} stories, {len(content.EVENTS)} events, "
            f"{len(self.sections)} sections, the about and home pages "
            f"({outcomes['created']} created, {outcomes['updated']} updated, "
            f"{outcomes['unchanged']} unchanged)."
        )

    def _check_site(self):
        try:
            home = get_home_page()
        except Site.DoesNotExist:
            raise DemoContentError(
                "There is no default site. Create one in the admin (Settings > Sites) "
                "with the home page as its root page, or run `manage.py migrate`."
            ) from None
        if not isinstance(home, HomePage):
            raise DemoContentError(
                f"The default site's root page {home.title!r} is a "
                f"{home.specific_class._meta.verbose_name}, not a home page."
            )

    # Taxonomy and people -----------------------------------------------------------------------

    def _build_taxonomy(self):
        self.themes = {}
        for name, description in content.THEMES:
            self.themes[name] = _update(
                Theme.get_or_create_by_name(name),
                description=description,
                name_en=content.ENGLISH_NAMES[name],
            )
        self.sectors = {}
        for name, abbreviation, description in content.SECTORS:
            sector = Sector.objects.filter(name__iexact=name).first()
            if sector is None and abbreviation:
                sector = Sector.objects.filter(abbreviation__iexact=abbreviation).first()
            sector = sector or Sector.get_or_create_by_name(name)
            _update(
                sector,
                abbreviation=abbreviation,
                description=description,
                name_en=content.ENGLISH_NAMES[name],
            )
            # Content refers to sectors by abbreviation where there is one, else by name.
            self.sectors[abbreviation or name] = sector
        self.regions = {
            name: _update(Region.get_or_create_by_name(name), name_en=content.ENGLISH_NAMES[name])
            for name in content.REGIONS
        }
        self.log(
            f"Taxonomy: {len(self.themes)} themes, {len(content.SECTORS)} sectors, "
            f"{len(self.regions)} regions."
        )

    def _build_people(self):
        self.organisations = {
            name: _get_or_create(Organisation, {"name": name}, region=self.regions[region])
            for name, region in content.ORGANISATIONS
        }
        self.people = {}
        for spec in content.PEOPLE:
            person = _get_or_create(
                Person,
                {"name": spec["name"]},
                organisation=self.organisations[spec["organisation"]],
                job_title=spec["job_title"],
                email=spec["email"],
                expertise=spec["expertise"],
                consent_to_contact=spec["consent_to_contact"],
            )
            person.expertise_themes.set(self._themes(spec["themes"]))
            person.sectors.set([self.sectors[key] for key in spec.get("sectors", [])])
            self.people[spec["name"]] = person
        self.log(f"People: {len(self.organisations)} organisations, {len(self.people)} people.")

    def _themes(self, names):
        return [self.themes[name] for name in names]

    def _classification(self, spec):
        return {
            "themes": self._themes(spec["themes"]),
            "sectors": [self.sectors[key] for key in spec["sectors"]],
        }

    def _documents(self, titles):
        return [{"document": self.documents[title]} for title in titles]

    def _image(self, title, palette_key):
        return self.media.image(f"Illustratie: {title}", palette_key)

    # Pages -------------------------------------------------------------------------------------

    def _build_communities(self):
        communities = {}
        for spec in content.COMMUNITIES:
            communities[spec["slug"]] = self._page(
                self.sections["communities"],
                CommunityPage,
                spec["slug"],
                {
                    **_pick(spec, COMMUNITY_FIELDS),
                    **self._classification(spec),
                    "concluded_on": spec.get("concluded_on"),
                    "goal_outcome": spec.get("goal_outcome", ""),
                    "region": self.regions[spec["region"]],
                    "listing_image": self._image(spec["title"], spec["slug"]),
                },
                children={
                    "roles": [
                        {"person": self.people[name], "role": role} for name, role in spec["roles"]
                    ]
                },
            )
        return communities

    def _build_practice_examples(self):
        for spec in content.PRACTICE_EXAMPLES:
            self._page(
                self.communities[spec["community"]],
                PracticeExamplePage,
                spec["slug"],
                {
                    **_pick(spec, PRACTICE_EXAMPLE_FIELDS),
                    **self._classification(spec),
                    "people_involved": [self.people[name] for name in spec["people"]],
                    # Results share their community's colours, so they look related in listings.
                    "listing_image": self._image(spec["title"], spec["community"]),
                },
                children={"attachments": self._documents(spec["attachments"])},
            )

    def _build_tools(self):
        self.building_blocks = BuildingBlock.objects.in_bulk(field_name="number")
        for spec in content.TOOLS:
            community = spec["community"]
            self._page(
                self.communities[community] if community else self.sections["tools"],
                ToolPage,
                spec["slug"],
                {
                    **_pick(spec, TOOL_FIELDS),
                    **self._classification(spec),
                    "building_blocks": [
                        self.building_blocks[number]
                        for number in content.TOOL_BUILDING_BLOCKS.get(spec["slug"], [])
                    ],
                    "listing_image": self._image(spec["title"], community or spec["slug"]),
                },
                children={"downloads": self._documents(spec["downloads"])},
            )

    def _build_self_evaluations(self):
        """Anonymous scores for a few communities, so their monitor has something to show.

        Only for a community without evaluations: running the loader again adds nothing.
        """
        for slug, quarters in content.SELF_EVALUATIONS.items():
            community = self.communities[slug]
            if community.self_evaluations.exists():
                continue
            for period, rows in quarters.items():
                year, quarter = (int(part) for part in period.split("-"))
                day = datetime.date(year, quarter * 3, 15)
                for scores in rows:
                    evaluation = SelfEvaluation.objects.create(
                        community=community,
                        period=period,
                        created_on=day,
                        role=RespondentRole.MEMBER,
                    )
                    BuildingBlockScore.objects.bulk_create(
                        BuildingBlockScore(
                            evaluation=evaluation,
                            building_block=self.building_blocks[number],
                            score=score,
                        )
                        for number, score in enumerate(scores, start=1)
                    )

    def _build_harvests(self):
        """A concluded community's harvest: every practice example and tool it published."""
        for spec in content.COMMUNITIES:
            if spec["status"] != CommunityStatus.CONCLUDED:
                continue
            community = CommunityPage.objects.get(pk=self.communities[spec["slug"]].pk)
            rows = [{"result": page} for page in community.harvestable_results()]
            self._publish_if_needed(community, _apply(community, {}, {"harvest": rows}))

    def _build_stories(self):
        today = timezone.localdate()
        for spec in content.STORIES:
            self._page(
                self.sections["stories"],
                StoryPage,
                spec["slug"],
                {
                    **_pick(spec, STORY_FIELDS),
                    **self._classification(spec),
                    "date": today - datetime.timedelta(days=spec["days_ago"]),
                    "related_communities": [self.communities[s] for s in spec["communities"]],
                    "listing_image": self._image(spec["title"], spec["slug"]),
                },
            )

    def _build_events(self):
        today = timezone.localdate()
        for spec in content.EVENTS:
            day = today + datetime.timedelta(days=spec["days_from_today"])
            start = timezone.make_aware(datetime.datetime.combine(day, spec["start_time"]))
            self._page(
                self.sections["events"],
                EventPage,
                spec["slug"],
                {
                    **_pick(spec, EVENT_FIELDS),
                    **self._classification(spec),
                    "start": start,
                    "end": start + datetime.timedelta(hours=spec["hours"]),
                    "community": self.communities[spec["community"]],
                    "listing_image": self._image(spec["title"], spec["community"]),
                },
            )

    def _build_questions(self):
        """Answered knowledge questions, as the editors publish them after review."""
        kinds = {"tool": ToolPage, "practice_example": PracticeExamplePage}
        for spec in content.QUESTIONS:
            targets = [kinds[kind].objects.get(slug=slug) for kind, slug in spec["links"]]
            self._page(
                self.sections["questions"],
                QuestionAnswerPage,
                spec["slug"],
                {
                    **_pick(spec, QUESTION_FIELDS),
                    **self._classification(spec),
                    "community": self.communities[spec["community"]],
                },
                children={"links": [{"target": target} for target in targets]},
            )
        self.log(f"Knowledge questions: {len(content.QUESTIONS)} answered and published.")

    def _build_about_page(self):
        spec = content.ABOUT
        self._page(
            self.home,
            StandardPage,
            spec["slug"],
            {
                "title": spec["title"],
                "intro": spec["intro"],
                "body": self._resolve_links(spec["body"]),
                "show_in_menus": True,
            },
        )

    def _build_home_page(self):
        spec = content.HOME
        changed = _apply(
            self.home,
            {"intro": spec["intro"], "body": self._resolve_links(spec["body"])},
            {
                "featured_communities": [
                    {"community": self.communities[slug]} for slug in spec["featured_communities"]
                ]
            },
        )
        self._publish_if_needed(self.home, changed)

    def _resolve_links(self, body):
        """Replace the section names in calls to action by the ids of those section pages."""
        body = copy.deepcopy(body)
        for block in body:
            if block["type"] == "call_to_action" and isinstance(block["value"]["page"], str):
                block["value"]["page"] = self.sections[block["value"]["page"]].pk
        return body

    def _page(self, parent, page_class, slug, values, children=None):
        """Create or update the page with this slug under parent, and publish it if it changed."""
        existing = Page.objects.child_of(parent).filter(slug=slug).first()
        if existing is None:
            page = page_class(slug=slug, live=False)
            _apply(page, values, children or {})
            parent.add_child(instance=page)
            self._publish(page, "created")
            return page
        page = existing.specific
        if not isinstance(page, page_class):
            raise DemoContentError(
                f"The slug {slug!r} under {parent.title!r} is taken by a "
                f"{page.specific_class._meta.verbose_name}, not a {page_class._meta.verbose_name}."
            )
        self._publish_if_needed(page, _apply(page, values, children or {}))
        return page

    def _publish_if_needed(self, page, changed):
        if changed or not page.live or page.has_unpublished_changes or not page.live_revision_id:
            self._publish(page, "updated")
        else:
            self.page_outcomes["unchanged"] += 1

    def _publish(self, page, outcome):
        # Through a revision, as an editor would, so the page has a history to compare against.
        page.save_revision().publish()
        self.page_outcomes[outcome] += 1


def ensure_demo_users():
    """Create or reset the demo logins, then add what they wrote: the discussions in their
    communities' workspaces and their "Ik heb dit gebruikt" reports. Returns (username,
    password, role) for each login."""
    user_model = get_user_model()
    logins = []
    users = {}
    for spec in content.DEMO_USERS:
        group = None
        if spec["group"]:
            group = Group.objects.filter(name=spec["group"]).first()
            if group is None:
                raise DemoContentError(
                    f"The {spec['group']!r} group is missing; run `manage.py migrate`."
                )
        elif spec.get("community_group"):
            community = CommunityPage.objects.filter(slug=spec["community"]).first()
            group = getattr(community, spec["community_group"], None)
            if group is None:
                raise DemoContentError(
                    f"The community {spec['community']!r} or its groups are missing."
                )
        user = user_model.objects.filter(username=spec["username"]).first()
        user = user or user_model(username=spec["username"])
        user.first_name = spec["first_name"]
        user.last_name = spec["last_name"]
        user.email = spec["email"]
        user.is_active = True
        user.is_superuser = spec["is_superuser"]
        user.is_staff = spec["is_superuser"]
        # Reset every run: the printed password must always work.
        user.set_password(spec["password"])
        user.save()
        user.groups.set([group] if group else [])
        users[spec["username"]] = user
        logins.append((spec["username"], spec["password"], spec["role"]))
    _build_discussions(users)
    _build_reuse_reports(users)
    _build_follows(users)
    return logins


def _build_discussions(users):
    """The demo discussions, written as rows: the actions of exchange.discussions would email
    the people involved. One found by community and title is left as it is, with whatever was
    written, reported or handled in it since."""
    for spec in content.DISCUSSIONS:
        community = CommunityPage.objects.filter(slug=spec["community"]).first()
        if community is None:
            raise DemoContentError(f"The community {spec['community']!r} is missing.")
        if Discussion.objects.filter(community=community, title=spec["title"]).exists():
            continue
        result = None
        if spec["result"]:
            result = (
                PracticeExamplePage.objects.live()
                .filter(community=community, slug=spec["result"])
                .first()
            )
            if result is None:
                raise DemoContentError(
                    f"The practice example {spec['result']!r} of {spec['community']!r} is not "
                    "published."
                )
        opening = spec["posts"][0]
        discussion = Discussion.objects.create(
            community=community,
            title=spec["title"],
            author=users[opening["author"]],
            created_at=_moment(opening),
            pinned=spec["pinned"],
            closed=spec["closed"],
            result=result,
        )
        written = []
        for post_spec in spec["posts"]:
            post = _write_post(discussion, post_spec, users)
            written.append(post)
            written += [
                _write_post(discussion, reply, users, parent=post)
                for reply in post_spec["replies"]
            ]
        discussion.last_activity_at = max(post.created_at for post in written)
        discussion.save(update_fields=["last_activity_at"])


def _write_post(discussion, spec, users, parent=None):
    post = Post.objects.create(
        discussion=discussion,
        parent=parent,
        author=users[spec["author"]],
        text=spec["text"],
        created_at=_moment(spec),
    )
    report = spec["report"]
    if report:
        PostReport.objects.create(
            post=post,
            reporter=users[report["reporter"]],
            reason=report["reason"],
            created_at=_moment(report),
        )
    return post


def _build_follows(users):
    """The demo's follows, confirmed, and a member's choice of a weekly discussion digest; one
    already there (the address and its subject, or the member and community) stays as it is."""
    now = timezone.now()
    for spec in content.FOLLOWS:
        community = theme = None
        if "community" in spec:
            community = CommunityPage.objects.filter(slug=spec["community"]).first()
            if community is None:
                raise DemoContentError(f"The community {spec['community']!r} is missing.")
            target = FollowTarget.COMMUNITY
        elif "theme" in spec:
            theme = Theme.objects.filter(name=spec["theme"]).first()
            if theme is None:
                raise DemoContentError(f"The theme {spec['theme']!r} is missing.")
            target = FollowTarget.THEME
        else:
            target = FollowTarget.AGENDA
        key = subject_key(target, getattr(community, "pk", None), getattr(theme, "pk", None))
        if Follow.objects.filter(email=spec["email"], subject_key=key).exists():
            continue
        Follow.objects.create(
            email=spec["email"],
            target=target,
            community=community,
            theme=theme,
            frequency=spec.get("frequency", Frequency.WEEKLY),
            confirmed_at=now,
        )
    for spec in content.DISCUSSION_PREFERENCES:
        community = CommunityPage.objects.filter(slug=spec["community"]).first()
        if community is None:
            raise DemoContentError(f"The community {spec['community']!r} is missing.")
        DiscussionPreference.objects.get_or_create(
            user=users[spec["user"]],
            community=community,
            defaults={"frequency": spec["frequency"]},
        )


def _build_reuse_reports(users):
    """The demo logins' reports of what they used; one a login already made of a page stays as
    it is, with a moderator's decision on its note."""
    kinds = {"tool": ToolPage, "practice_example": PracticeExamplePage}
    today = timezone.localdate()
    for spec in content.REUSE_REPORTS:
        page = kinds[spec["kind"]].objects.live().filter(slug=spec["slug"]).first()
        if page is None:
            raise DemoContentError(f"The {spec['kind']} {spec['slug']!r} is not published.")
        user = users[spec["user"]]
        if ReuseReport.objects.filter(page=page, user=user).exists():
            continue
        ReuseReport.objects.create(
            page=page,
            user=user,
            note=spec["note"],
            status=spec["status"],
            created_at=timezone.make_aware(
                datetime.datetime.combine(
                    today - datetime.timedelta(days=spec["days_ago"]), datetime.time(12)
                )
            ),
        )


def _moment(spec):
    """The time `spec` happened: `days_ago` days before today, at its `time` ("HH:MM")."""
    day = timezone.localdate() - datetime.timedelta(days=spec["days_ago"])
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.fromisoformat(spec["time"]))
    )


def _pick(spec, names):
    return {name: spec[name] for name in names}


def _update(instance, **values):
    """Save only the fields whose value differs, so unchanged rows are not rewritten."""
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if changed:
        instance.save(update_fields=changed)
    return instance


def _get_or_create(model, lookup, **values):
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**lookup, **values)
    return _update(instance, **values)


def _apply(page, values, children):
    """Set the fields and child rows that differ from the page; return whether anything did."""
    changed = False
    for name, value in values.items():
        field = page._meta.get_field(name)
        if isinstance(field, StreamField):
            value = copy.deepcopy(value)
            same = _stream_data(field, getattr(page, name)) == _stream_data(field, value)
        elif field.many_to_many:
            same = {item.pk for item in getattr(page, name).all()} == {item.pk for item in value}
        elif field.is_relation:
            same = getattr(page, field.attname) == _comparable(value)
        else:
            same = getattr(page, name) == value
        if not same:
            setattr(page, name, value)
            changed = True
    for name, rows in children.items():
        manager = getattr(page, name)
        child_model = manager.model
        field_names = list(rows[0]) if rows else []
        attnames = [child_model._meta.get_field(field).attname for field in field_names]
        current = [tuple(getattr(child, a) for a in attnames) for child in manager.all()]
        wanted = [tuple(_comparable(row[field]) for field in field_names) for row in rows]
        if current != wanted:
            setattr(
                page,
                name,
                [child_model(sort_order=index, **row) for index, row in enumerate(rows)],
            )
            changed = True
    return changed


def _comparable(value):
    return value.pk if isinstance(value, models.Model) else value


def _stream_data(field, value):
    """A StreamField value in its stored form without block ids, which differ on every save."""
    return [
        _without_ids({"type": child.block_type, "value": child.block.get_prep_value(child.value)})
        for child in field.to_python(value)
    ]


def _without_ids(data):
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    if isinstance(data, dict):
        return {key: _without_ids(item) for key, item in data.items() if key != "id"}
    return data
