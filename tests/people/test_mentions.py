"""Titled names in running text, on snippets of the shared corpora: Cablegate site pages
(mixed case) and NARA telegrams of the 1970s (all capitals)."""

from __future__ import annotations

import pytest

from cablearchive.people.mentions import mention_rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Cablegate pages
        (
            "adviser to President Nazarbayev. End note.",
            [("President", "Nazarbayev")],
        ),  # 06TASHKENT465
        (
            "Secretary \nRice's letter to Foreign Minister Tovar, on April 12.",  # 06SANJOSE805
            [("Secretary", "Rice"), ("Foreign Minister", "Tovar")],  # a possessive too
        ),
        ("(SBU) Italian Ambassador Ronca noted his embassy", [("Ambassador", "Ronca")]),
        (
            "Classified By: Ambassador Heather M. Hodges for Reasons 1.4 (b)",  # 09QUITO704
            [("Ambassador", "Heather M. Hodges")],
        ),
        (
            "to NATO,\nAmbassador Ivo Daalder, argued for the extension",  # 09THEHAGUE543
            [("Ambassador", "Ivo Daalder")],
        ),
        # An honorific after a title: the name follows the honorific (09TRIPOLI663).
        ("(C) UK Ambassador Sir Vincent Fean told the Charge", [("Sir", "Vincent Fean")]),
        # A title of `titles.csv` too (06ANKARA4456).
        ("PM Advisor Nabi Avci told us that amending", [("Advisor", "Nabi Avci")]),
        # A header's address line: `FM` there is no title (06MADRID2281).
        ("P 130812Z SEP 06\nFM AMEMBASSY MADRID\nTO RUEHC/SECSTATE", []),
        # NARA, all capitals (1973LAPAZ03608)
        (
            "JUSTICE MADE ANOTHER PUBLIC APPEAL TO PRESIDENT BANZER FOR A NATIONWIDE AMNESTY",
            [("PRESIDENT", "BANZER")],
        ),
        ("AT CONCLUSION MEETING MININTERIOR ISSUED COMMUNIQUE", []),  # a title, no name
        ("WITH MININTERIOR CASTRO WHEN THEY PRESENTED", [("MININTERIOR", "CASTRO")]),
    ],
)
def test_titled_names(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.title, m.name) for m in mention_rules().find(text)] == expected


def test_a_mention_says_where_its_name_is_and_what_its_title_means() -> None:
    text = "MR. SMITH AND MRS. JONES MET FM TOKAYEV"
    found = mention_rules().find(text)
    assert [(m.name, m.meaning) for m in found] == [
        ("SMITH", "Mr."),
        ("JONES", "Mrs."),
        ("TOKAYEV", "Foreign Minister"),
    ]
    assert all(text[m.start : m.end] == m.name for m in found)


def test_a_common_word_in_capitals_ends_a_name_but_not_in_mixed_case() -> None:
    assert mention_rules().find("THE FOREIGN MINISTER SAID THAT") == []
    found = mention_rules().find("UN Secretary General Ban Ki-moon")
    assert [(m.title, m.name) for m in found] == [("Secretary General", "Ban Ki-moon")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A possessive ends the name (08CAIRO2198).
        (
            "Despite President Mubarak's February 2004 pledge not to jail journalists",
            [("President", "Mubarak")],
        ),
        # `Mrs.` is a title of its own (09CAIRO302).
        ("On a positive note, Mrs. Mubarak sees the need", [("Mrs", "Mubarak")]),
        # A dash of two hyphens is no part of a name.
        ("President Mubarak--All the parties agreed", [("President", "Mubarak")]),
    ],
)
def test_where_a_name_ends(text: str, expected: list[tuple[str, str]]) -> None:
    found = mention_rules().find(text)
    assert [(m.title.rstrip("."), m.name) for m in found] == expected


def test_the_pre_scan_finds_what_one_pattern_over_the_text_finds() -> None:
    """Titles are tried only where a title's first word stands; the same mentions as the one
    pattern of every title searched over the whole text, in text with non-ASCII letters and
    punctuation too."""
    rules = mention_rules()
    texts = [
        "Le Président Sarkozy et le Foreign Minister Kouchner’s aide; FM LAVROV said.",
        "(C) UK Ambassador Sir Vincent Fean told the Charge that DCM Wall and A/S Boucher met.",
        "İstanbul: PM Erdoğan met President Gül, then Deputy Foreign Minister Apakan.",
    ]
    for text in texts:
        slow = []
        at = 0
        while (m := rules.pattern.search(text, at)) is not None:
            slow.append(m.start())
            at = m.start() + 1
        fast = [m.start() for m in rules._matches(text)]
        assert fast == slow, text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Titles of `titles.csv` and the mention titles added for running text (NARA, train).
        (
            "1. EMBOFFS SPOKE WITH COUNSELOR LO OF ROK EMBASSY",  # 1973MEXICO07205
            [("COUNSELOR", "LO", "Counselor")],
        ),
        (
            "OCCURRED BEFORE FONSEC RABASA MADE HIS  DECISION",  # 1973MEXICO07205
            [("FONSEC", "RABASA", "Foreign Secretary")],
        ),
        (
            "DEFENSE MINISER PERS AND CHIEF OF STAFF GUR ON OTHE",  # 1975TELAV05348
            [("CHIEF OF STAFF", "GUR", "Chief of Staff")],
        ),
        # A word that stands before names and is no title: the name, no title (1973MOSCOW15075).
        ("1. AMCIT ARNOLD OZOLINS, SR. INFORMED CONSOFF", [("AMCIT", "ARNOLD OZOLINS", "")]),
        # 1970s abbreviations and the Arab League's and the OAS's (1977STATE142092,
        # 09CAIRO1788, 09BRIDGETOWN114).
        (
            "MAKING POLCON MANSFIELD AVAILA- BLE TO ATTEND",
            [("POLCON", "MANSFIELD", "Political Counselor")],
        ),
        ("SYG Moussa met Khalid Meshaal", [("SYG", "Moussa", "Secretary General")]),
        ("SECGEN Albert Ramdin expressed hope", [("SECGEN", "Albert Ramdin", "Secretary General")]),
        # An adverb or a past tense after a title is no name, though the corpus writes it in
        # lower case fewer than 20 times (1979STATE317223, 1978USUNN00467).
        ("WE WILL IN GENERAL STOUTLY RESIST CHANGES", []),
        ("5. UK REP DEPLORED LACK OF OBJECTIVITY", []),
        # A month after a name is no name word (1979STATE317223).
        (
            "MET BRIEFLY WITH PRESIDENT CARTER DECEMBER 7 BEFORE",
            [("PRESIDENT", "CARTER", "President")],
        ),
    ],
)
def test_more_titles(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(m.title, m.name, m.meaning) for m in mention_rules().find(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NARA telegrams, all capitals (train split)
        (
            "ROMANIANS HIRED A NEW YORK ATTORNEY, ROBERT HELANDER, WHO HAS TOLD",  # 1979STATE235014
            ["ROBERT HELANDER"],
        ),
        (
            "6A. REPLY TO -- 6B. MALCOLM K. WAGLAND, MANAGING DIRECTOR",  # 1977STOCKH00147
            ["MALCOLM K. WAGLAND"],
        ),
        # Cablegate pages, mixed case
        ("Special Envoy for\nUNSCR 1559 Terje Roed-Larsen continues", ["Terje Roed-Larsen"]),
        (  # given names of two words (06SAOPAULO350)
            "Minister of Communications during the Fernando Henrique Cardoso administration",
            ["Fernando Henrique Cardoso"],
        ),
        # No names: places (1977USUNN00684, 06TEGUCIGALPA526, 06SAOPAULO269) ...
        ("ALGERIA, ITALY, SIERRA LEONE, BRAZIL", []),
        ("leadership to San Pedro Sula to see", []),
        ("(including in Rio de Janeiro and other cities)", []),
        # ... a first name in the lists that is a word here (06PARIS7579, 1978KHARTO02715) ...
        ("Chaboud said, French officials were not aware", []),
        ("AND LEAVE NO STONE UNTURNED IN A ZEALOUS PURSUIT", []),
        # ... a common word or its inflection after it, in capitals (1978PARIS34984) ...
        ("TEMPERATURE EFFECTS IN CLAY FORMATIONS, MOL", []),
        # ... an abbreviation of three letters (1979ROME24202), a month (1979KHARTO04476) ...
        ("SET IN AUG. 28 GOI INTERMINISTERIAL MEETING", []),
        ("PARTLY BECAUSE OF LATE AUGUST RAINS WHICH", []),
        # ... a word broken at a line's end (1977STATE142092), a quoted telegram's end
        # (1976STATE013369).
        ("MANSFIELD AVAILA- BLE TO ATTEND", []),
        ("TURKEY- UNCERTAIN.\n\n\nBRUCE UNQUOTE KISSINGER", []),
    ],
)
def test_names_that_open_with_a_first_name(text: str, expected: list[str]) -> None:
    found = mention_rules().find(text)
    assert [m.name for m in found] == expected
    assert all(m.title == "" and m.meaning == "" for m in found)
    assert all(text[m.start : m.end] == m.name for m in found)


def test_a_titled_name_wins_over_the_first_name_inside_it() -> None:
    text = "Mr. John Smith and Henry Kissinger's book"
    assert [(m.title, m.name) for m in mention_rules().find(text)] == [
        ("Mr.", "John Smith"),
        ("", "Henry Kissinger"),
    ]
