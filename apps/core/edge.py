"""What comes in, checked once at the edge: every form body, JSON body and import.

`InputMiddleware` runs before anything reads a request's body (CSRF reads the form):
- a body in a charset other than UTF-8 is a 400 (browsers send forms in UTF-8);
- a form body that is not valid UTF-8, too large, or with too many fields is a 400;
- a JSON body larger than MAX_JSON_BYTES, nested deeper than MAX_JSON_DEPTH, or with
  text that is not Unicode (a lone surrogate) is a 400 (`read_json`);
- every form value is `clean_text`: line breaks made "\\n", other control characters
  (NUL included) removed. Views and forms see only clean text.
Each 400 says what was wrong in words a person understands; JSON requests get
`{"error": …}`, others the 400 page. The import reads its file with `read_json` too.
"""

import json
import re
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import JsonResponse
from django.http.response import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _

MAX_JSON_BYTES = 64 * 1024  # a passkey's answer is a few KB
MAX_JSON_DEPTH = 20  # an export is four deep, a passkey's answer three
UTF8 = {"utf-8", "utf8"}

# C0 controls but tab and newline, DEL and the C1 controls.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SURROGATE = re.compile("[\ud800-\udfff]")


class BadInput(ValueError):
    """Input that can't be read, with why, in words for a person."""


def clean_text(value: str) -> str:
    """Text with "\\r\\n" and "\\r" made "\\n" and other control characters removed.
    Text that is not Unicode (a lone surrogate, only possible from a JSON escape) is
    BadInput."""
    if SURROGATE.search(value):
        raise BadInput(
            _("Part of what was sent isn't readable text. Please go back and try again.")
        )
    return CONTROLS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def read_json(raw: bytes, max_bytes: int = MAX_JSON_BYTES, what: str | None = None):
    """JSON from UTF-8 bytes, with every string (keys too) `clean_text`ed, or BadInput.
    `what` names it in the message (translated by the caller); "What was sent" if None."""
    if what is None:
        what = _("What was sent")
    if len(raw) > max_bytes:
        raise BadInput(
            _("%(what)s is too large (%(size)s bytes) to be read.")
            % {"what": what, "size": number_format(len(raw), force_grouping=True)}
        )
    try:
        return _cleaned(json.loads(raw.decode("utf-8-sig")), MAX_JSON_DEPTH)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadInput(
            _("%(what)s isn't readable JSON text. Please go back and try again.") % {"what": what}
        ) from None


def _cleaned(value, depth: int):
    if isinstance(value, str):
        return clean_text(value)
    if not isinstance(value, list | dict):
        return value
    if depth == 0:
        raise BadInput(
            _("What was sent is nested too deeply to be read. Please go back and try again.")
        )
    if isinstance(value, list):
        return [_cleaned(item, depth - 1) for item in value]
    return {clean_text(key): _cleaned(item, depth - 1) for key, item in value.items()}


def _check_form_body(request) -> None:
    """A urlencoded body must be UTF-8 once unquoted; Django would put U+FFFD for
    what isn't, and take the text as typed."""
    if request.content_type == "application/x-www-form-urlencoded":
        try:
            unquote_to_bytes(request.body.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            raise BadInput(
                _("What was sent isn't readable text (UTF-8). Please go back and try again.")
            ) from None


class InputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            self.check(request)
        except BadInput as bad:
            return self.refuse(request, str(bad))
        except (BadRequest, SuspiciousOperation):  # too large, too many fields or files
            return self.refuse(
                request,
                _("What was sent is too large to be read. Please go back and try again."),
            )
        return self.get_response(request)

    def check(self, request) -> None:
        charset = request.content_params.get("charset")
        if charset is not None and charset.strip().lower() not in UTF8:
            raise BadInput(
                _(
                    "What was sent is in a text encoding this site doesn't read "
                    "(%(charset)s); it reads UTF-8. Please go back and try again."
                )
                % {"charset": charset[:30]}
            )
        if request.method in {"GET", "HEAD", "OPTIONS"}:
            return
        if request.content_type == "application/json":
            if request.body:  # a POST with no body (passkey options) sends nothing to read
                read_json(request.body)
            return
        _check_form_body(request)
        form = request.POST.copy()
        for key, values in list(form.lists()):
            form.setlist(key, [clean_text(value) for value in values])
        form._mutable = False
        request.POST = form

    @staticmethod
    def refuse(request, message: str):
        # Whatever failed to parse is not parsed again, by the 400 page or anything else.
        request.encoding = "utf-8"
        request._mark_post_parse_error()
        if request.content_type == "application/json" or "json" in request.headers.get(
            "Accept", ""
        ):
            return JsonResponse({"error": message}, status=400)
        return HttpResponseBadRequest(render_to_string("400.html", {"message": message}))
