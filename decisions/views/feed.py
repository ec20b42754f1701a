"""The Atom feed of newly published decisions (Part 1 only)."""

from django.contrib.syndication.views import Feed
from django.db import transaction
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.views.decorators.http import require_safe

from alpha_hub.access import public
from decisions.models import Decision
from decisions.selectors import public as selectors
from decisions.views.cached_page import public_page
from decisions.views.public import with_public_urls


class PublishedDecisionsFeed(Feed):
    """Newest published first; each entry links to the decision's public page."""

    feed_type = Atom1Feed
    title = "Alpha Hub: published decisions"
    subtitle = "Decisions newly published in the register, newest first."

    def link(self) -> str:
        return reverse("decisions:list")

    def feed_url(self) -> str:
        return reverse("decisions:feed")

    def items(self) -> list[Decision]:
        return with_public_urls(selectors.decision_feed())

    def item_link(self, item: Decision) -> str:
        return item.public_url

    def item_title(self, item: Decision) -> str:
        return f"{item.reference}: {item.title}"

    def item_description(self, item: Decision) -> str:
        # Django escapes this into the Atom <summary type="html">: readers show it as text.
        return Truncator(item.executive_summary).words(80)

    def item_pubdate(self, item: Decision):
        return item.published_at

    def item_updateddate(self, item: Decision):
        return item.published_at

    def item_author_name(self, item: Decision) -> str:
        return item.signed_by_name


# Read-only: no request transaction; anonymous readers get it from the cache (cached_page.py).
decision_feed = public(
    require_safe(transaction.non_atomic_requests(public_page()(PublishedDecisionsFeed())))
)
