import json
import uuid
from functools import partial, wraps

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event

from apps.core import toasts
from apps.core.pagecache import cached_page
from apps.core.paging import page_number
from apps.core.params import parse_int
from apps.core.readers import device_cache_name, forget, read_token

from . import imports, queries, services, undo
from .access import get_bookmark, get_card, get_deleted_list, get_list
from .exports import as_markdown
from .forms import CardListsForm, ImportForm, ListNameForm, NoteForm
from .models import DEFAULT_LIST_NAME, BookmarkList


def next_path(request, target: str, default: str) -> str:
    """`target` if it is a path on this site (where the reader was), else `default`."""
    on_site = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if target.startswith("/") and on_site else default


def back(request, default: str):
    """Redirect a plain form post to where the reader was (only ever within this site)."""
    # Not redirect(): it would take any other text for the name of a view.
    return HttpResponseRedirect(next_path(request, request.POST.get("next", ""), default))


def toast(request, text: str, undo_action: str | None = None, **target) -> None:
    offer = None
    if undo_action:
        offer = (reverse("bookmarks:undo"), undo.make_token(request, undo_action, **target))
    toasts.say(request, text, undo=offer)


def personal(view):
    """A reader's own page: never kept by a shared cache, nor by the browser's HTTP cache.
    Its Reader-Cache header names the reader's own cache in the service worker, which
    keeps a copy for offline reading on their device alone (see templates/pwa/sw.js)."""

    @wraps(view)
    def with_reader_cache(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Reader-Cache"] = device_cache_name(request.reader_token)
        return response

    return cache_control(private=True, no_store=True)(with_reader_cache)


def button_response(request, card, oob: bool = False):
    """For htmx: the card's save button as it now stands, and the toasts out of band.

    `oob` when the request came from elsewhere (a toast's Undo, the lists sheet), so
    the button is swapped in place by its id."""
    context = {"card": card, **queries.card_state(request, card), "oob": oob}
    return render(request, "bookmarks/save_button.html#response", context)


@require_safe
@personal
@vary_on_headers("HX-Request")
@cached_page(personal=True)
def saved(request):
    return TemplateResponse(request, "bookmarks/saved.html", saved_context(request))


def saved_context(request, **forms) -> dict:
    """The Saved page's context; `forms` are those posted back with their errors."""
    lists = queries.lists_with_counts(request.reader_token)
    context = {"lists": lists, "form": None, "import_form": None}
    return context | {"saved_items": queries.saved_first(lists)} | forms


@require_POST
def save(request, card_pk):
    card = get_card(card_pk)
    action = request.POST.get("action")
    if action not in {"save", "unsave"}:
        return HttpResponseBadRequest("Unknown action.")
    token = request.reader_token
    change = services.save_card if action == "save" else services.unsave_card
    try:
        applied = apply_keyed(request, lambda: change(token, card), action=action, card=card)
    except services.LimitReached as limit:
        messages.error(request, str(limit))
        applied = False
    if isinstance(applied, HttpResponse):
        return applied
    if applied and action == "save":
        toast(request, _("Saved."), "unsave", card=card.pk)
    elif applied:
        toast(request, _("Removed from Saved."), "save", card=card.pk)
    if request.htmx:
        return button_response(request, card)
    # Back to the same card on the page the reader was on, not the top of it.
    target = next_path(request, request.POST.get("next", ""), card.get_absolute_url())
    return HttpResponseRedirect(target if "#" in target else f"{target}#card-{card.pk}")


def apply_keyed(request, change, *, action: str, card) -> bool | HttpResponse:
    """Run `change()` once per Idempotency-Key: the offline outbox (static/bookmarks/
    outbox.js) sends a save or a note again until it hears back, so a replay of one that
    did arrive changes nothing. True when it ran, False for a replay, else the answer to
    send: 400 for a key that is not a UUID, 409 for a key used for another change."""
    value = request.headers.get("Idempotency-Key")
    try:
        key = uuid.UUID(value) if value else None
    except ValueError:
        return HttpResponseBadRequest("The Idempotency-Key header must be a UUID.")
    try:
        return services.apply_once(request.reader_token, key, change, action=action, card=card)
    except services.KeyReused:
        return HttpResponse(
            "This Idempotency-Key was already used for a different change or card. "
            "Send each change with a key of its own.",
            status=409,
            content_type="text/plain; charset=utf-8",
        )


@require_POST
def undo_action(request):
    data = undo.read_token(request, request.POST.get("token", ""))
    if data is None:
        messages.error(request, _("That can no longer be undone."))
        return refresh(request, reverse("bookmarks:saved"))
    try:
        return undo_change(request, data)
    except services.LimitReached as limit:  # nothing changed; the page says why
        messages.error(request, _("That can't be undone: %(reason)s") % {"reason": limit})
        return refresh(request, reverse("bookmarks:saved"))


def undo_change(request, data: dict):
    if data["a"] in {"save", "unsave"}:
        card = get_card(data["card"])
        if data["a"] == "save":
            services.save_card(request.reader_token, card)
        else:
            services.unsave_card(request.reader_token, card)
        messages.info(request, _("Undone."))
        if request.htmx:
            return button_response(request, card, oob=True)
        return back(request, card.get_absolute_url())
    if data["a"] == "restore-bookmark":
        bookmark_list = get_list(request, data["list"])
        card = get_card(data["card"])
        services.restore_bookmark(bookmark_list, card, data.get("note", ""), data.get("at"))
        messages.info(request, _("Back in “%(name)s”.") % {"name": bookmark_list.name})
        return refresh(request, bookmark_list.get_absolute_url())
    if data["a"] == "restore-list":
        restored = services.restore_list(get_deleted_list(request, data["list"]))
        messages.info(request, _("“%(name)s” is back.") % {"name": restored.name})
        return refresh(request, restored.get_absolute_url())
    return HttpResponseBadRequest("Unknown undo.")


def refresh(request, url: str):
    """After a change that touches much of the page: htmx reloads it, a plain post redirects."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


@require_POST
def create_list(request):
    form = ListNameForm(request.POST)
    if form.is_valid():
        try:
            created = services.create_list(request.reader_token, form.cleaned_data["name"])
        except (services.LimitReached, services.NameTaken) as refused:
            form.add_error("name", str(refused))
        else:
            toast(request, _("Made the list “%(name)s”.") % {"name": created.name})
            return refresh(request, created.get_absolute_url())
    template = "bookmarks/saved.html#new-list" if request.htmx else "bookmarks/saved.html"
    return render(request, template, saved_context(request, form=form), status=422)


@require_safe
@personal
@vary_on_headers("HX-Request")
@cached_page(personal=True)
def list_detail(request, pk):
    number = page_number(request)
    bookmark_list = get_list(request, pk)
    page = queries.bookmarks_page(bookmark_list, number)
    context = {"list": bookmark_list, "page": page, "rename_form": None}
    partial = request.htmx and number > 1
    template = "bookmarks/list.html#items-page" if partial else "bookmarks/list.html"
    return TemplateResponse(request, template, context)


@require_POST
def rename_list(request, pk):
    bookmark_list = get_list(request, pk)
    if bookmark_list.is_default:
        return HttpResponseBadRequest("The Saved list keeps its name.")
    form = ListNameForm(request.POST)
    if form.is_valid():
        try:
            services.rename_list(bookmark_list, form.cleaned_data["name"])
        except services.NameTaken as taken:
            form.add_error("name", str(taken))
        else:
            toast(request, _("Renamed to “%(name)s”.") % {"name": bookmark_list.name})
            return refresh(request, bookmark_list.get_absolute_url())
    bookmark_list.refresh_from_db()
    context = {
        "list": bookmark_list,
        "page": queries.bookmarks_page(bookmark_list, 1),
        "rename_form": form,
    }
    template = "bookmarks/list.html#rename" if request.htmx else "bookmarks/list.html"
    return render(request, template, context, status=422)


@require_POST
def delete_list(request, pk):
    bookmark_list = get_list(request, pk)
    if bookmark_list.is_default:
        return HttpResponseBadRequest("The Saved list can't be deleted.")
    services.delete_list(bookmark_list)
    deleted = _("Deleted “%(name)s”.") % {"name": bookmark_list.name}
    toast(request, deleted, "restore-list", list=bookmark_list.pk)
    return refresh(request, reverse("bookmarks:saved"))


@require_POST
def move(request, list_pk, pk):
    bookmark = get_bookmark(request, list_pk, pk)
    direction, to = request.POST.get("direction"), request.POST.get("to")
    if direction in {"up", "down"}:
        services.move_bookmark(bookmark, direction)
    elif to is not None:
        services.move_bookmark(bookmark, to=parse_int(to))
    else:
        return HttpResponseBadRequest("Move up, down, or to a place in the list.")
    last_page = queries.page_holding(bookmark)
    if request.htmx:
        page = queries.bookmarks_through(bookmark.list, last_page)
        response = render(
            request, "bookmarks/list.html#items", {"list": bookmark.list, "page": page}
        )
        return trigger_client_event(response, "moved", {"id": bookmark.pk, "direction": direction})
    query = f"?page={last_page}" if last_page > 1 else ""
    return redirect(f"{bookmark.list.get_absolute_url()}{query}#bookmark-{bookmark.pk}")


@require_POST
def note(request, list_pk, pk):
    bookmark = get_bookmark(request, list_pk, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        text = form.cleaned_data["note"]
        change = partial(services.set_note, bookmark, text)
        applied = apply_keyed(request, change, action="note", card=bookmark.card)
        if isinstance(applied, HttpResponse):
            return applied
        if applied:
            toast(request, _("Note saved.") if bookmark.note else _("Note removed."))
        if not request.htmx:
            last_page = queries.page_holding(bookmark)
            query = f"?page={last_page}" if last_page > 1 else ""
            return redirect(f"{bookmark.list.get_absolute_url()}{query}#bookmark-{bookmark.pk}")
    invalid = None if form.is_valid() else bookmark.pk
    context = {"list": bookmark.list, "item": bookmark, "note_form": form, "invalid": invalid}
    status = 422 if invalid else 200
    if request.htmx:
        return render(request, "bookmarks/list.html#item-response", context, status=status)
    context["page"] = queries.bookmarks_through(bookmark.list, queries.page_holding(bookmark))
    return render(request, "bookmarks/list.html", context, status=status)


@require_POST
def remove(request, list_pk, pk):
    bookmark = get_bookmark(request, list_pk, pk)
    services.unsave_card(request.reader_token, bookmark.card, bookmark.list)
    # Undo brings back the card where it stood, with its note.
    target = {"list": bookmark.list.pk, "card": bookmark.card_id, "note": bookmark.note}
    target["at"] = bookmark.position
    removed = _("Removed from “%(name)s”.") % {"name": bookmark.list.name}
    toast(request, removed, "restore-bookmark", **target)
    return refresh(request, bookmark.list.get_absolute_url())


@personal
@vary_on_headers("HX-Request")
def card_lists(request, card_pk):
    """The "Add to lists" dialog: tick the lists that should hold this card."""
    card = get_card(card_pk)
    if request.method == "POST":
        form = CardListsForm(request.POST)
        if form.has_error("lists"):
            return HttpResponseBadRequest("Tick lists from the dialog.")
        if form.is_valid():
            in_saved, wanted = form.cleaned_data["lists"]
            try:
                services.set_card_lists(
                    request.reader_token, card, wanted, in_saved, form.cleaned_data["new_list"]
                )
            except services.NotYours:
                raise Http404("No such list") from None
            except services.NameTaken as taken:
                form.add_error("new_list", str(taken))
            except services.LimitReached as limit:
                messages.error(request, str(limit))
            else:
                toast(request, _("Lists updated."))
        if form.is_valid():
            if request.htmx:
                response = button_response(request, card, oob=True)
                return trigger_client_event(response, "close-sheet")
            return back(request, card.get_absolute_url())
        status = 422
    elif request.method in {"GET", "HEAD"}:
        form, status = None, 200
    else:
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    lists, holding = queries.lists_holding(request.reader_token, card)
    if not lists:  # no reader row yet: offer the "Saved" list it would start with
        lists = [BookmarkList(name=DEFAULT_LIST_NAME, is_default=True)]
    # Without JS, Done and Cancel go back to where the reader opened the dialog.
    where = request.POST.get("next") or request.GET.get("next", "")
    context = {"card": card, "lists": lists, "holding": holding, "form": form}
    context["back_to"] = next_path(request, where, card.get_absolute_url())
    template = "bookmarks/card_lists.html#sheet" if request.htmx else "bookmarks/card_lists.html"
    return render(request, template, context, status=status)


@require_safe
@personal
def export(request, fmt):
    if fmt not in {"json", "md"}:
        raise Http404("Export as .json or .md")
    data = queries.export_data(request.reader_token)
    if fmt == "json":
        export = {"app": imports.APP, "version": imports.VERSION, "lists": data}
        body = json.dumps(export, indent=2, ensure_ascii=False)
        content_type = "application/json"
    else:
        body, content_type = as_markdown(data), "text/markdown; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="stand-still-saved.{fmt}"'
    return response


@require_POST
def import_saved(request):
    """Read an export back in, merged with what the reader has (services.import_lists)."""
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            result = services.import_lists(request.reader_token, form.cleaned_data["file"])
        except services.LimitReached as limit:
            form.add_error("file", f"{limit} {imports.NOTHING_CHANGED}")
        else:
            toast(request, imports.summary(result))
            return refresh(request, reverse("bookmarks:saved"))
    template = "bookmarks/saved.html#import" if request.htmx else "bookmarks/saved.html"
    return render(request, template, saved_context(request, import_form=form), status=422)


@personal
def delete_everything(request):
    if request.method == "POST":
        for token in own_readers(request):
            services.delete_reader(token)
        messages.info(
            request, _("Everything you saved has been deleted from this device and our server.")
        )
        response = redirect("bookmarks:saved")
        forget(response)
        return response
    if request.method not in {"GET", "HEAD"}:
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    context = {"holding": queries.what_is_kept(own_readers(request))}
    return render(request, "bookmarks/delete_everything.html", context)


def own_readers(request) -> set:
    """Whose data "Delete all my data" deletes: the reader the request works on and,
    signed in, this device's own, which keeps what didn't fit in the account at sign-in."""
    return {token for token in (request.reader_token, read_token(request)) if token}
