"""The Markdown export: every list, its cards and the reader's notes."""

from django.utils.translation import gettext as _


def as_markdown(lists: list[dict]) -> str:
    lines = ["# " + _("Saved in Stand Still"), ""]
    for bookmark_list in lists:
        lines += [f"## {bookmark_list['name']}", ""]
        if not bookmark_list["cards"]:
            lines += [_("(empty)"), ""]
        for card in bookmark_list["cards"]:
            archived = "" if card["in_feed"] else " " + _("(no longer in the feed)")
            source = _("From “%(article)s”") % {"article": card["article"]}
            lines += [f"### {card['title']}{archived}", "", source, ""]
            lines += [card["text"], ""]
            if card["note"]:
                lines += [f"> {line}" for line in card["note"].splitlines()] + [""]
    return "\n".join(lines).rstrip() + "\n"
