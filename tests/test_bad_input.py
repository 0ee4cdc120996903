"""No input gives a 500: bad integers are a 400 or a 404, and random input never breaks a page."""

import pytest

from apps.core.params import DB_MAX, BadNumber, parse_int
from tests.bookmarks_helpers import bookmarks_of, lists_of, reader_client, save
from tests.factories import make_card

pytestmark = pytest.mark.django_db

BAD_NUMBERS = [
    "²",  # a superscript: str.isdigit() says yes, int() says no
    "٣",  # Arabic-Indic three: int() reads it as 3
    "３",  # full-width
    "1_000",
    "+1",
    "-1",
    " 1",
    "1.0",
    "0x1",
    "",
    str(DB_MAX + 1),
    "9" * 5000,  # past Python's digit limit for int()
]


@pytest.mark.parametrize("raw", BAD_NUMBERS)
def test_the_parser_refuses_anything_but_plain_digits_in_range(raw):
    with pytest.raises(BadNumber):
        parse_int(raw, low=0)


def test_the_parser_takes_plain_digits_within_bounds():
    assert parse_int("0") == 0
    assert parse_int(str(DB_MAX)) == DB_MAX
    assert parse_int("007", high=10) == 7
    with pytest.raises(BadNumber):
        parse_int("11", high=10)


@pytest.fixture
def saved():
    reader = reader_client()
    card = make_card()
    save(reader, card)
    return reader, card, bookmarks_of(reader).get()


@pytest.mark.parametrize("raw", BAD_NUMBERS)
def test_a_bad_list_id_in_the_dialog_is_a_400_and_changes_nothing(saved, raw):
    reader, card, bookmark = saved

    response = reader.post(f"/saved/cards/{card.pk}/lists/", {"lists": ["saved", raw]})

    assert response.status_code == 400
    assert bookmarks_of(reader).get() == bookmark


@pytest.mark.parametrize("raw", BAD_NUMBERS)
def test_a_bad_place_to_move_to_is_a_400(saved, raw):
    reader, _, bookmark = saved

    response = reader.post(
        f"/saved/lists/{bookmark.list_id}/cards/{bookmark.pk}/move/", {"to": raw}
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/saved/lists/{too_big}/",
        "/saved/lists/{huge}/",
        "/saved/lists/0/",
        "/saved/lists/{list}/cards/{too_big}/note/",
        "/saved/cards/{huge}/",
        "/saved/cards/{too_big}/lists/",
    ],
)
def test_an_id_out_of_range_in_a_url_is_a_404(saved, path):
    reader, _, bookmark = saved
    url = path.format(too_big=DB_MAX + 1, huge="9" * 5000, list=bookmark.list_id)

    assert reader.post(url, {"action": "save", "note": "x"}).status_code in {404, 405}
    assert reader.get(url).status_code in {404, 405}
    assert lists_of(reader).count() == 1


@pytest.mark.parametrize("after", ["²", "9" * 5000, str(DB_MAX + 1), "-3"])
def test_draw_ignores_a_bad_card_to_skip(after):
    make_card()

    assert reader_client().get(f"/draw/?after={after}").status_code == 200
