"""The pure parts of the people pages: a person's months as histogram columns and SVG, the
names of a cable's text marked in its reflowed paragraphs, the links of its fields to their
people, and the people facet's refinements. Examples are real cable text."""

from __future__ import annotations

from cablearchive.store.people import PersonSummary
from cablearchive.web.people_chart import MonthColumn, histogram_svg, month_columns
from cablearchive.web.people_pages import facet_people, role_links
from cablearchive.web.reading import (
    Link,
    Mark,
    mention_marks,
    people_by_role,
    person_keys,
    placed_marks,
    reflow,
    reflow_marked,
)

# 10CAIRO249, paragraph 2, as the body wraps it.
TEXT = """2. (C) Tensions have been building in the area, as
Governor Mowafi continued to meet tribal leaders; President
Mubarak urged calm.
-- The governor's office said little.

Reda Abu Hatab spoke last."""
LINK = Link("/person/hosni-mubarak", "Hosni Mubarak", "person-mention")


def _flat(paragraphs: list[list[list[object]]]) -> list[list[str]]:
    return [["".join(s.text for s in line) for line in par] for par in paragraphs]  # type: ignore[attr-defined]


def test_month_columns_fill_the_gaps_and_stack_the_roles() -> None:
    months = [
        ("2009-11", "signer", 3),
        ("2009-11", "classifier", 1),
        ("2010-02", "mentioned", 2),
        ("2009-11", "bogus", 9),
    ]
    assert month_columns(months) == [
        MonthColumn("2009-11", (3, 1, 0, 0)),
        MonthColumn("2009-12", (0, 0, 0, 0)),
        MonthColumn("2010-01", (0, 0, 0, 0)),
        MonthColumn("2010-02", (0, 0, 0, 2)),
    ]
    assert month_columns([]) == []
    assert MonthColumn("2009-11", (3, 1, 0, 0)).label == "2009-11: signed 3, classified 1"


def test_the_histogram_svg_has_a_titled_group_a_month_with_cables() -> None:
    columns = month_columns([("2009-11", "signer", 4), ("2010-01", "mentioned", 2)])
    svg = str(histogram_svg(columns, "Someone's <cables>"))
    assert 'aria-label="Someone&#39;s &lt;cables&gt;"' in svg
    assert svg.count('<g class="month"') == 2  # the empty month drawn as a gap
    assert "<title>2009-11: signed 4</title>" in svg
    assert "<title>2010-01: named in the text 2</title>" in svg
    # The tallest month fills the height; the others in proportion.
    assert 'class="role-signer" x="0.75" y="0.00"' in svg and 'height="100.00"' in svg
    assert 'class="role-mentioned" x="20.75" y="50.00"' in svg
    assert str(histogram_svg([], "x")) == ""


def test_reflow_marked_keeps_every_line_and_marks_across_a_line_break() -> None:
    start = TEXT.index("President\nMubarak")
    mark = Mark(start, start + len("President\nMubarak"), LINK)
    out = reflow_marked(TEXT, [mark])
    assert _flat(out) == reflow(TEXT)
    linked = [s for par in out for line in par for s in line if s.link]
    assert [(s.text, s.link) for s in linked] == [("President Mubarak", LINK)]
    # No marks: reflow's lines, one span each.
    assert _flat(reflow_marked(TEXT)) == reflow(TEXT)
    # A mark on a list item's line and one in the last paragraph.
    office = TEXT.index("governor's")
    reda = TEXT.index("Reda Abu Hatab")
    out = reflow_marked(TEXT, [Mark(office, office + 8, LINK), Mark(reda, reda + 14, LINK)])
    assert [s.text for par in out for line in par for s in line if s.link] == [
        "governor",
        "Reda Abu Hatab",
    ]


def test_placed_marks_follow_the_words_when_the_body_spaces_them_otherwise() -> None:
    paragraph = "Governor Mowafi met  President Mubarak."  # as the parser wrote it
    block = "Governor Mowafi met\nPresident   Mubarak."  # as the body has it
    at = paragraph.index("Mubarak")
    placed = placed_marks(block, paragraph, [Mark(at, at + 7, LINK)])
    assert [block[m.start : m.end] for m in placed] == ["Mubarak"]
    whole = paragraph.index("President")
    placed = placed_marks(block, paragraph, [Mark(whole, whole + 17, LINK)])
    assert [block[m.start : m.end] for m in placed] == ["President   Mubarak"]
    # Other words at that place (the block is not the paragraph): left out, not misplaced.
    assert placed_marks("Someone else entirely here.", paragraph, [Mark(at, at + 7, LINK)]) == []
    assert placed_marks(paragraph, paragraph, [Mark(at, at + 7, LINK)]) == [Mark(at, at + 7, LINK)]


PEOPLE = [
    {
        "key": "margaret-scobey",
        "name": "Margaret Scobey",
        "role": "signer",
        "spellings": ["SCOBEY"],
        "mentions": [],
    },
    {
        "key": "hosni-mubarak",
        "name": "Hosni Mubarak",
        "role": "mentioned",
        "spellings": ["Mubarak", "President Mubarak"],
        "mentions": [
            {
                "paragraph_position": 1,
                "start": 30,
                "end": 37,
                "written": "Mubarak",
                "source": "parser",
            },
            {
                "paragraph_position": 1,
                "start": 20,
                "end": 37,
                "written": "President Mubarak",
                "source": "model spacy 3.7",
            },
            {"paragraph_position": None, "start": 1, "end": 2, "written": "x", "source": "parser"},
        ],
    },
    {
        "key": None,
        "name": "Abu Hatab",
        "role": "mentioned",
        "spellings": ["Abu Hatab"],
        "mentions": [
            {
                "paragraph_position": 0,
                "start": 4,
                "end": 13,
                "written": "Abu Hatab",
                "source": "parser",
            }
        ],
    },
]


def test_mention_marks_by_paragraph_the_longer_reading_kept() -> None:
    marks = mention_marks(PEOPLE)
    assert sorted(marks) == [0, 1]
    (longer,) = marks[1]  # the model's longer reading overlaps the parser's: one kept
    assert (longer.start, longer.end, longer.link.href) == (20, 37, "/person/hosni-mubarak")
    assert (
        longer.link.title == "Hosni Mubarak: named “President Mubarak”, read by the model spacy 3.7"
    )
    (ungrouped,) = marks[0]  # not grouped yet: marked, not linked
    assert ungrouped.link.href is None


def test_person_keys_and_people_by_role() -> None:
    assert person_keys(PEOPLE) == {
        ("signer", "SCOBEY"): "margaret-scobey",
        ("mentioned", "MUBARAK"): "hosni-mubarak",
        ("mentioned", "PRESIDENT MUBARAK"): "hosni-mubarak",
    }
    grouped = people_by_role(reversed(PEOPLE))
    assert list(grouped) == ["signer", "mentioned"]
    assert [p["name"] for p in grouped["mentioned"]] == ["Abu Hatab", "Hosni Mubarak"]


def _person(key: str, name: str) -> PersonSummary:
    return PersonSummary(key, name, 3, 3, 0, 0, 0, None, None)


def test_the_people_facet_refines_and_unrefines_the_query() -> None:
    people = ((_person("john-ordway", "John Ordway"), 3), (_person("x-y", "X. Y"), 1))
    first, second = facet_people("kazakhstan OR almaty", people)
    assert first.url == "/search?q=%28kazakhstan+OR+almaty%29+person%3A%22John+Ordway%22"
    assert not first.active and first.hits == 3
    assert second.url == "/search?q=%28kazakhstan+OR+almaty%29+person%3A%22X.+Y%22"
    (active, other) = facet_people('guantanamo person:"John Ordway"', people)
    assert active.active and active.url == "/search?q=guantanamo"
    assert other.url == "/search?q=guantanamo+person%3A%22John+Ordway%22+person%3A%22X.+Y%22"


def test_role_links_all_then_each_role_held() -> None:
    links = role_links("margaret-scobey", 437, {"signer": 433, "mentioned": 5}, "mentioned")
    assert [(r.title, r.count, r.url, r.active) for r in links] == [
        ("All roles", 437, "/person/margaret-scobey#cables", False),
        ("Signer", 433, "/person/margaret-scobey?role=signer#cables", False),
        ("Named in the text", 5, "/person/margaret-scobey?role=mentioned#cables", True),
    ]
