"""The Markdown export: every list, its cards and the reader's notes."""


def as_markdown(lists: list[dict]) -> str:
    lines = ["# Saved in Stand Still", ""]
    for bookmark_list in lists:
        lines += [f"## {bookmark_list['name']}", ""]
        if not bookmark_list["cards"]:
            lines += ["(empty)", ""]
        for card in bookmark_list["cards"]:
            archived = "" if card["in_feed"] else " (no longer in the feed)"
            lines += [f"### {card['title']}{archived}", "", f"From “{card['article']}”", ""]
            lines += [card["text"], ""]
            if card["note"]:
                lines += [f"> {line}" for line in card["note"].splitlines()] + [""]
    return "\n".join(lines).rstrip() + "\n"
