"""The card pages. Every list answers htmx with a named partial of its own template.

A bad parameter is a 404 or a calm empty state, never an error: see core/paging.py
for page numbers and search.py for what a search may contain. Pages that are the
same for every reader are kept whole (core/pagecache.py).
"""

from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from apps.core.pagecache import cached_page, site_origin
from apps.core.paging import page_number, page_query
from apps.core.params import BadNumber, parse_int

from . import queries
from .models import Topic
from .search import clean_query, excerpt, find_cards, highlight, search_terms

# Words to search for, offered on the empty search page: each language its own.
SEARCH_SUGGESTIONS = (
    pgettext_lazy("search suggestion", "mirror"),
    pgettext_lazy("search suggestion", "patience"),
    pgettext_lazy("search suggestion", "letting go"),
    pgettext_lazy("search suggestion", "signs"),
)


def _page_items(context) -> list:
    return context["page"].items


def _template(request, template: str, region: str, page) -> str:
    """The whole page; for htmx, the list region on page 1 (`feed`: chips, then cards)
    and only the next rows after it (`feed-page`: the cards and the next "More" link)."""
    if not request.htmx:
        return template
    return f"{template}#{region}-page" if page.number > 1 else f"{template}#{region}"


def _topic(topics: tuple[Topic, ...], slug: str) -> Topic | None:
    if not slug:
        return None
    for topic in topics:
        if topic.slug == slug:
            return topic
    raise Http404("No such topic")


@require_safe
@vary_on_headers("HX-Request")
@cached_page(shows=_page_items)
def feed(request):
    number = page_number(request)
    topics = queries.topics()
    topic = _topic(topics, request.GET.get("topic", ""))
    page = queries.feed_page(topic, number)
    context = {
        "topics": topics,
        "topic": topic,
        "page": page,
        "next_query": page_query(number + 1, topic=topic and topic.slug),
        "previous_query": page_query(number - 1, topic=topic and topic.slug),
    }
    return TemplateResponse(request, _template(request, "cards/feed.html", "feed", page), context)


@require_safe
@vary_on_headers("HX-Request")
# Kept when loaded as a page (suggestions, shared links, back and forward); the
# results as-you-type are not: nearly every keystroke is a new URL (bench/RESULTS.md).
@cached_page(shows=_page_items, when=lambda request: not request.htmx)
def search(request):
    query = clean_query(request.GET.get("q", ""))
    terms = search_terms(query)
    number = page_number(request)
    found = find_cards(terms, number)
    page = found.page
    results = [
        {
            "card": card,
            "title": highlight(card.title, terms),
            "excerpt": excerpt(card.plain_text, terms),
        }
        for card in page.items
    ]
    context = {
        "query": query,
        # Echoed inside our own quotation marks: the reader's own are left out.
        "shown_query": query.strip("\"'“”‘’«»„ ") or query,
        "found": found,
        "terms": terms,
        "page": page,
        "results": results,
        "suggestions": SEARCH_SUGGESTIONS,
        "next_query": page_query(number + 1, q=query),
        "previous_query": page_query(number - 1, q=query),
    }
    template = _template(request, "cards/search.html", "results", page)
    return TemplateResponse(request, template, context)


@require_safe
@cached_page(shows=lambda context: [context["card"]])
def card(request, article_slug, card_slug):
    card = queries.card_for_page(article_slug, card_slug)
    found = (None, None, None) if card.is_archived else queries.neighbours(card)
    previous, following, onward = found
    context = {
        "card": card,
        "article": card.article,
        "previous": previous,
        "next": following,
        # The article is finished: offer the next one (its first card).
        "onward": onward if following is None else None,
        "canonical_url": site_origin(request) + card.get_absolute_url(),
    }
    return TemplateResponse(request, "cards/card.html", context)


@require_safe
@cached_page(shows=lambda context: context["cards"])
def article(request, slug):
    article = queries.article_for_page(slug)
    cards = queries.article_cards(article)
    context = {
        "article": article,
        "cards": cards,
        "reading_minutes": max(1, round(sum(card.reading_seconds for card in cards) / 60)),
        "canonical_url": site_origin(request) + article.get_absolute_url(),
    }
    return TemplateResponse(request, "cards/article.html", context)


@require_safe
@never_cache
@vary_on_headers("HX-Request")
def draw(request):
    """A card at random, a fresh one each time: never the one just shown (?after=pk).

    With JavaScript the device chooses (?card=pk), from its own shuffled deck of the
    cards' ids (`draw_deck`), so no card comes again until every one has been drawn."""
    if "card" in request.GET:
        try:
            card = queries.live_card(parse_int(request.GET["card"], low=1))
        except BadNumber:
            raise Http404("No such card") from None
    else:
        try:
            after = parse_int(request.GET.get("after", ""))
        except BadNumber:
            after = None  # only a hint: without it, any card will do
        card = queries.random_card(not_pk=after)
    template = "cards/draw.html#drawn" if request.htmx else "cards/draw.html"
    return TemplateResponse(request, template, {"card": card})


@require_safe
@never_cache
def draw_deck(request):
    """The ids of the cards in the feed, for static/cards/draw.js to shuffle once per round."""
    return JsonResponse({"cards": queries.live_card_ids()})


# Past its own-voice cards, how many a phone fetches in the background after install.
OFFLINE_CARDS = 150


@require_safe
@never_cache
def offline_cards(request):
    """The cards the service worker keeps for reading with no signal, after install."""
    return JsonResponse(queries.card_addresses_for_offline(OFFLINE_CARDS))


@require_safe
def articles(request):
    """Every article in reading order, with how many cards it has: reachable from the feed."""
    return TemplateResponse(request, "cards/articles.html", {"articles": queries.articles_index()})


@require_safe
def about(request):
    return TemplateResponse(request, "cards/about.html", {"articles": queries.live_articles()})


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /draw/",
        f"Sitemap: {request.build_absolute_uri(reverse('cards:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
