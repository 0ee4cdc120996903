"""Passkey accounts: sign up, sign in (passkey, recovery code, link code), manage.

Each view reads top to bottom: fetch (owner-scoped), act (through `services`),
answer. The passkey ceremonies answer JSON to static/accounts/passkeys.js; every
other action is a plain form that works without JavaScript.
"""

import time
import uuid

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from apps.bookmarks.models import MAX_BOOKMARKS, MAX_LISTS
from apps.bookmarks.views import personal
from apps.core.readers import read_token, remember

from . import limits, passkeys, services, vault
from .access import get_passkey
from .forms import CodeForm, PasskeyNameForm
from .middleware import SESSION_READER, forget_signed_in, remember_signed_in
from .models import LinkCode, Vault

PENDING_HANDLE = "pending-user-handle"
PENDING_SIGN_IN = "pending-sign-in"
PENDING_AGE = 10 * 60
NOTHING_KEPT = {"cards": 0, "lists": 0, "notes": 0}
FRESH_CODES = "fresh-recovery-codes"
LINK_CODE = "link-code"
BACKEND = "django.contrib.auth.backends.ModelBackend"


def problem(message: str, status: int = 400, wait: int | None = None) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    if wait:
        response["Retry-After"] = str(wait)
    return response


def finish_sign_in(request, user, response, bring: bool = True):
    """Sign in (a new session key and CSRF token). With `bring`, fold this device's
    anonymous saves into the account and give the device a new reader cookie of its
    own; saves that don't fit stay on the device, under the cookie it has, and the
    page says so. Without, the device keeps its saves and its cookie, apart."""
    if bring:
        reader, left = services.adopt_device_reader(user, read_token(request))
    else:
        reader, left = services.account_reader(user), None
    login(request, user, backend=BACKEND)
    request.session.set_expiry(None)  # the usual age, not a ceremony's few minutes
    request.session[SESSION_READER] = reader.token.hex
    if left:
        messages.warning(request, left_on_device(left))
    elif bring:
        remember(response, uuid.uuid4())
    remember_signed_in(response)
    return response


def sign_in_or_ask(request, user, then: str, said: str, answer_json: bool = False):
    """Sign in at once when this device keeps nothing of its own. Otherwise nothing
    moves and nobody is signed in yet: the next page says which account this is and
    what this device keeps, and asks (a code sent in a message must never carry a
    phone's cards and notes into someone else's account)."""
    if services.kept_on_device(read_token(request)) is None:
        messages.success(request, said)
        answer = JsonResponse({"next": then}) if answer_json else redirect(then)
        return finish_sign_in(request, user, answer)
    request.session.set_expiry(PENDING_AGE + 60)
    request.session[PENDING_SIGN_IN] = {
        "user": user.pk,
        "at": time.time(),
        "next": then,
        "said": said,
    }
    ask = reverse("accounts:confirm_sign_in")
    return JsonResponse({"next": ask}) if answer_json else redirect(ask)


@personal
@require_http_methods(["GET", "POST"])
def confirm_sign_in(request):
    """Which account, and what this device keeps: bring it in, keep it apart, or stop."""
    pending = request.session.get(PENDING_SIGN_IN)
    user = None
    if pending and time.time() - pending["at"] < PENDING_AGE:
        user = get_user_model().objects.filter(pk=pending["user"]).first()
    if user is None:
        request.session.pop(PENDING_SIGN_IN, None)
        messages.error(request, _("That sign-in took too long. Please sign in again."))
        return redirect("accounts:sign_in")
    if request.method == "GET":
        context = {
            "account": user,
            "passkeys": user.passkeys.count(),
            "kept": services.kept_on_device(read_token(request)) or NOTHING_KEPT,
        }
        return TemplateResponse(request, "accounts/confirm_sign_in.html", context)
    choice = request.POST.get("choice")
    if choice not in ("bring", "apart", "cancel"):
        return HttpResponse(_("Choose one of the three answers."), status=400)
    del request.session[PENDING_SIGN_IN]
    if choice == "cancel":
        messages.success(request, _("Not signed in. Nothing moved: this device keeps its cards."))
        return redirect("bookmarks:saved")
    if choice == "apart":
        said = _(
            "Signed in. This device's own cards stay apart: you'll see them when you sign out."
        )
    else:
        said = pending["said"]
    messages.success(request, said)
    return finish_sign_in(request, user, redirect(pending["next"]), bring=choice == "bring")


def left_on_device(left) -> str:
    counted = []
    if left.cards:
        counted.append(
            ngettext("%(count)s card", "%(count)s cards", left.cards) % {"count": f"{left.cards:,}"}
        )
    if left.lists:
        counted.append(
            ngettext("%(count)s list", "%(count)s lists", left.lists) % {"count": f"{left.lists:,}"}
        )
    if len(counted) == 2:
        what = _("%(cards)s and %(lists)s") % {"cards": counted[0], "lists": counted[1]}
    else:
        what = "".join(counted)
    return _(
        "%(what)s saved on this device didn't fit in your account (it keeps up to "
        "%(most_cards)s cards and %(most_lists)s lists). Nothing is lost: it's still on "
        "this device, under Saved when you sign out. To bring it in, make room in your "
        "account, then sign in here again."
    ) % {"what": what, "most_cards": f"{MAX_BOOKMARKS:,}", "most_lists": MAX_LISTS}


def signed_out(response):
    forget_signed_in(response)
    return response


# Sign up


@personal
@require_http_methods(["GET", "POST"])
def create(request):
    """GET: the page that explains (and works without the Saved page's script).
    POST: the browser's new passkey; the account is made and signed in."""
    if request.user.is_authenticated:
        if request.method == "POST":
            return problem(_("You're signed in already."))
        return redirect("accounts:account")
    if request.method == "GET":
        return TemplateResponse(request, "accounts/create.html")
    handle = request.session.pop(PENDING_HANDLE, None)
    try:
        limits.attempt(limits.MAKE_CODES, request)
        credential = passkeys.credential_from(request)
        verified = passkeys.verify_registration(request, credential)
    except limits.TooMany as error:
        return problem(str(error), 429, error.wait)
    except passkeys.CeremonyError as error:
        return problem(str(error))
    if not handle:
        return problem(_("That took too long, or started elsewhere. Please try again."))
    name = services.passkey_name(request.headers.get("User-Agent", ""))
    try:
        user, words = services.create_account(handle, verified, credential, name)
    except services.PasskeyKept as error:
        return problem(str(error))
    next_page = JsonResponse({"next": reverse("accounts:recovery_codes")})
    response = finish_sign_in(request, user, next_page)
    request.session[FRESH_CODES] = words
    return response


@personal
@require_POST
def create_options(request):
    if request.user.is_authenticated:
        return problem(_("You're signed in already."))
    handle = services.new_handle()
    try:
        limits.attempt(limits.CEREMONY, request)
        options = passkeys.registration_options(request, handle, existing=[])
    except limits.TooMany as error:
        return problem(str(error), 429, error.wait)
    except passkeys.CeremonyError as error:
        return problem(str(error))
    request.session[PENDING_HANDLE] = handle
    return HttpResponse(options, content_type="application/json")


# Sign in


def sign_in_page(request, status: int = 200, **context) -> TemplateResponse:
    typed = request.GET.get("code", "")[:40]
    context.setdefault("link_form", CodeForm(initial={"code": typed}))
    context.setdefault("recovery_form", CodeForm())
    response = TemplateResponse(request, "accounts/sign_in.html", context, status=status)
    if "wait" in context:
        response["Retry-After"] = str(context["wait"])
    return response


@personal
@require_http_methods(["GET", "POST"])
def sign_in(request):
    """GET: the page. POST: the browser's answer from a passkey; signs in."""
    if request.method == "GET":
        return sign_in_page(request)
    # An address past its tries is still heard out: a valid signature can't be guessed,
    # so its owner signs in even beside a stranger sending bad ones (see limits).
    try:
        limits.check(limits.SIGN_IN, request)
        refused = None
    except limits.TooMany as error:
        refused = error
    try:
        credential = passkeys.credential_from(request)
    except passkeys.CeremonyError as error:
        return problem(str(error))
    passkey = services.find_passkey(credential["id"])
    if passkey is None:
        passkeys.discard(request)
        limits.failed(limits.SIGN_IN, request)
        if refused:
            return problem(str(refused), 429, refused.wait)
        return problem(
            _(
                "This passkey isn't one we know: it may have been removed from its account. "
                "You can use a recovery code or a code from your other device instead."
            )
        )
    try:
        verified = passkeys.verify_authentication(request, credential, passkey)
    except passkeys.CeremonyError as error:
        limits.failed(limits.SIGN_IN, request)
        if refused:
            return problem(str(refused), 429, refused.wait)
        return problem(str(error))
    services.passkey_used(passkey, verified)
    said = _("Signed in. Your cards are kept in your account.")
    return sign_in_or_ask(request, passkey.user, reverse("bookmarks:saved"), said, answer_json=True)


@personal
@require_POST
def sign_in_options(request):
    try:
        limits.attempt(limits.CEREMONY, request)
        options = passkeys.authentication_options(request)
    except limits.TooMany as error:
        return problem(str(error), 429, error.wait)
    except passkeys.CeremonyError as error:
        return problem(str(error))
    return HttpResponse(options, content_type="application/json")


def _sign_in_with_code(request, limit, use, field: str, wrong: str):
    form = CodeForm(request.POST)
    try:
        limits.check(limit, request)
    except limits.TooMany as error:
        context = {f"{field}_form": form, f"{field}_error": str(error), "wait": error.wait}
        return sign_in_page(request, 429, **context)
    user = use(form.cleaned_data["code"]) if form.is_valid() else None
    if user is None:
        limits.failed(limit, request)
        return sign_in_page(request, 422, **{f"{field}_form": form, f"{field}_error": wrong})
    return user


@personal
@require_POST
def sign_in_with_recovery_code(request):
    user = _sign_in_with_code(
        request,
        limits.RECOVERY,
        services.use_recovery_code,
        "recovery",
        _("That recovery code isn't one we know, or it was used already. Check it and try again."),
    )
    if isinstance(user, HttpResponse):
        return user
    left = user.recovery_codes.filter(used_at__isnull=True).count()
    said = ngettext(
        "Signed in with a recovery code. %(left)s code left.",
        "Signed in with a recovery code. %(left)s codes left.",
        left,
    ) % {"left": left}
    return sign_in_or_ask(request, user, reverse("accounts:add_passkey"), said)


@personal
@require_POST
def sign_in_with_link_code(request):
    user = _sign_in_with_code(
        request,
        limits.LINK,
        services.use_link_code,
        "link",
        _(
            "That code doesn't work: it may be mistyped, used already, or older than "
            "10 minutes. Show a new one on your other device."
        ),
    )
    if isinstance(user, HttpResponse):
        return user
    said = _("Signed in. Your cards are kept in your account.")
    return sign_in_or_ask(request, user, reverse("bookmarks:saved"), said)


# Manage


def making_codes_too_often(request):
    """Past the limit on making codes: back to the Account page, saying how long to wait."""
    try:
        limits.attempt(limits.MAKE_CODES, request, account=request.user.pk)
    except limits.TooMany as error:
        messages.error(request, str(error))
        return redirect("accounts:account")
    return None


@personal
@login_required
def account(request, status: int = 200, **context):
    passkey_list = list(request.user.passkeys.all())
    for passkey in passkey_list:
        passkey.form = context.pop(f"form_{passkey.pk}", None) or PasskeyNameForm(
            initial={"name": passkey.name}
        )
    left = request.user.recovery_codes.filter(used_at__isnull=True).count()
    context = {
        "passkeys": passkey_list,
        "codes_left": left,
        "vault_on": Vault.objects.filter(user=request.user).exists(),
        # Which passkeys the browser may offer to unlock the vault (sync.js).
        "credential_ids": [p.credential_id for p in passkey_list],
        **context,
    }
    return TemplateResponse(request, "accounts/account.html", context, status=status)


@personal
@login_required
@require_http_methods(["GET", "POST"])
def add_passkey(request):
    """GET: the page. POST: the browser's new passkey for this account."""
    if request.method == "GET":
        return TemplateResponse(request, "accounts/add_passkey.html")
    try:
        credential = passkeys.credential_from(request)
        verified = passkeys.verify_registration(request, credential)
    except passkeys.CeremonyError as error:
        return problem(str(error))
    name = services.passkey_name(request.headers.get("User-Agent", ""))
    try:
        services.add_passkey(request.user, verified, credential, name)
    except services.PasskeyKept as error:
        return problem(str(error))
    messages.success(request, _("Passkey added."))
    return JsonResponse({"next": reverse("accounts:account")})


@personal
@login_required
@require_POST
def add_passkey_options(request):
    existing = list(request.user.passkeys.values_list("credential_id", flat=True))
    try:
        options = passkeys.registration_options(request, request.user.username, existing)
    except passkeys.CeremonyError as error:
        return problem(str(error))
    return HttpResponse(options, content_type="application/json")


@personal
@login_required
@require_POST
def rename_passkey(request, pk):
    passkey = get_passkey(request, pk)
    form = PasskeyNameForm(request.POST)
    if not form.is_valid():
        return account(request, 422, **{f"form_{passkey.pk}": form})
    services.rename_passkey(passkey, form.cleaned_data["name"])
    messages.success(request, _("Passkey renamed."))
    return redirect("accounts:account")


@personal
@login_required
@require_POST
def remove_passkey(request, pk):
    passkey = get_passkey(request, pk)
    try:
        services.remove_passkey(passkey)
    except services.LastPasskey as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("%(name)s removed. It no longer signs in here.") % {"name": passkey.name}
        )
    return redirect("accounts:account")


@personal
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """GET: the codes just made, shown until the person says they kept them.
    POST: ten new codes; the old ones stop working."""
    if request.method == "POST":
        if too_often := making_codes_too_often(request):
            return too_often
        request.session[FRESH_CODES] = services.new_recovery_codes(request.user)
        return redirect("accounts:recovery_codes")
    words = request.session.get(FRESH_CODES)
    return TemplateResponse(request, "accounts/recovery_codes.html", {"words": words})


@personal
@login_required
def download_recovery_codes(request):
    words = request.session.get(FRESH_CODES)
    if not words:
        raise Http404("No new recovery codes to download.")
    text = (
        _("Stand Still recovery codes")
        + "\n\n"
        + _("Each code signs you in once, if you can't use a passkey. Keep them somewhere safe.")
        + "\n\n"
        + "\n".join(words)
        + "\n"
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="stand-still-recovery-codes.txt"'
    return response


@personal
@login_required
@require_POST
def recovery_codes_done(request):
    request.session.pop(FRESH_CODES, None)
    return redirect("bookmarks:saved")


@personal
@login_required
@require_http_methods(["GET", "POST"])
def link_device(request):
    """POST: a new short code for another device. GET: it, while it still works."""
    if request.method == "POST":
        if too_often := making_codes_too_often(request):
            return too_often
        word, link = services.new_link_code(request.user)
        request.session[LINK_CODE] = {"code": word, "pk": link.pk}
        return redirect("accounts:link")
    shown = request.session.get(LINK_CODE) or {}
    link = LinkCode.objects.filter(
        pk=shown.get("pk"), user=request.user, used_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    context = {}
    if link is not None:
        url = request.build_absolute_uri(f"{reverse('accounts:sign_in')}?code={shown['code']}")
        qr = segno.make(url, error="m")
        context = {
            "code": shown["code"],
            "minutes_left": max(1, round((link.expires_at - timezone.now()).total_seconds() / 60)),
            "qr": qr.svg_inline(
                scale=5,
                border=2,
                dark="#000",
                light="#fff",
                svgclass="qr",
                title=_("QR code"),
                omitsize=True,
            ),
        }
    return TemplateResponse(request, "accounts/link.html", context)


@personal
@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, _("Signed out on this device. Your cards stay in your account."))
    return signed_out(redirect("bookmarks:saved"))


@personal
@login_required
@require_POST
def sign_out_everywhere(request):
    services.sign_out_everywhere(request.user)
    logout(request)
    messages.success(
        request, _("Signed out on every device. Your cards stay in your account for next time.")
    )
    return signed_out(redirect("bookmarks:saved"))


@personal
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    if request.method == "GET":
        return TemplateResponse(request, "accounts/delete.html")
    services.delete_account(request.user)
    logout(request)
    messages.success(
        request, _("Your account is deleted, with every passkey, list, card and note.")
    )
    return signed_out(redirect("cards:feed"))


@personal
@require_http_methods(["GET", "PUT"])
def vault_data(request):
    """The account's vault, for static/accounts/vault.js: GET it, PUT a write (JSON,
    see `vault`). A write made from an older version gets 409 and the vault as it is;
    nothing kept is version 0, with no ciphertext."""
    if not request.user.is_authenticated:
        return problem(_("You're signed out on this device."), 403)
    if request.method == "GET":
        return JsonResponse(vault.state(Vault.objects.filter(user=request.user).first()))
    try:
        kept = vault.write(request.user, *vault.read_write(request.body))
    except vault.Refused as error:
        return problem(str(error))
    except vault.Moved as moved:
        return JsonResponse(vault.state(moved.vault), status=409)
    return JsonResponse({"version": kept.version})


@personal
@login_required
@require_POST
def vault_off(request):
    """Stop keeping the plan and evenings in the account: its copy is deleted; each
    device keeps its own."""
    if vault.turn_off(request.user):
        messages.success(
            request,
            _(
                "Your plan and evenings are no longer kept in your account. "
                "Each device keeps its own."
            ),
        )
    return redirect("accounts:account")
