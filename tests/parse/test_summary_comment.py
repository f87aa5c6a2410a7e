"""Summaries and comments in every shape the cables write them, on whole texts and fragments.

Texts are quoted from the page named beside them (`cable/YYYY/MM/ID.html` in
shared/corpora/cablegate-site-2011-04.tar.xz), shortened where marked `excerpt`; `¶` is the
site's paragraph anchor, kept where the page has it. Texts written for a shape the corpus
lacks say so.
"""

from __future__ import annotations

import pytest

from cablearchive.parse import parse_cable
from cablearchive.parse.paragraphs import comment_of, lowered, summary_of

BANNER = "C O N F I D E N T I A L SECTION 01 OF 02 LIMA 000345 \n\n"


def summary(text: str) -> str | None:
    return parse_cable(text).summary


def comment(text: str) -> str | None:
    return parse_cable(text).comment


# --- summary ---------------------------------------------------------------------------------


def test_summary_over_several_paragraphs_leaves_their_numbers_and_marks_out() -> None:
    # cable/2006/11/06THEHAGUE2515.html (excerpt)
    text = (
        BANNER + "1. (U) SUMMARY. The Embassy and the Leadership Conference \n"
        "on Civil Rights Education Fund convened the mission's most \n"
        "extensive outreach effort to date on November 1-2. \n\n"
        "2. (U) Participants responded enthusiastically, by sharing \n"
        "personal experiences, acknowledging challenges. Please see www.diversitydialogues.nl "
        "for \nfurther information. END SUMMARY. \n\n"
        "3. (U) The dialogue opened on November 1.\n"
    )
    assert summary(text) == (
        "The Embassy and the Leadership Conference on Civil Rights Education Fund convened the "
        "mission's most extensive outreach effort to date on November 1-2. Participants "
        "responded enthusiastically, by sharing personal experiences, acknowledging challenges. "
        "Please see www.diversitydialogues.nl for further information."
    )


def test_summary_heading_between_rules_runs_to_the_next_heading() -> None:
    # cable/2006/05/06COLOMBO721.html (excerpt): no `End summary`
    text = (
        "C O N F I D E N T I A L SECTION 01 OF 03 COLOMBO 000721 \n\n"
        "E.O. 12958: DECL: 04/28/2016 \nTAGS: PREL PTER CE IN \n"
        "SUBJECT: INDIA HOPEFUL ON SRI LANKA TALKS \n\n"
        "------- \nSUMMARY \n-------- \n"
        "¶1. (C) According to a local Indian diplomat, his government remains hopeful that the "
        "GSL can engage the LTTE in a political process.\n"
        "--------------------------------------------- - \n"
        'INDIANS PUSHING RAJAPAKSA ON ""POLITICAL PLAN"" \n'
        "--------------------------------------------- - \n"
        "¶2. (C) In an April 27 meeting, Indian First Secretary Amandeep Singh Gill told poloff.\n"
    )
    assert summary(text) == (
        "According to a local Indian diplomat, his government remains hopeful that the GSL can "
        "engage the LTTE in a political process."
    )


def test_summary_heading_with_its_rules_on_one_line() -> None:
    # cable/2006/03/06SAOPAULO350.html (excerpt)
    text = (
        "UNCLAS SECTION 01 OF 02 SAO PAULO 000350 \n\n"
        "E.O. 12958: N/A \nTAGS: PGOV ECON BR \nSUBJECT: NOSSA CAIXA SCANDAL \n\n"
        "------- SUMMARY ------- \n\n"
        '¶1. Media reports published March 26 accuse state-owned "Nossa Caixa" bank of '
        "directing advertising money to political allies of the Governor.\n\n"
        "--------- THE STORY --------- \n\n"
        "¶2. The newspaper Folha de Sao Paulo reported that the bank spent heavily.\n"
    )
    assert summary(text) == (
        'Media reports published March 26 accuse state-owned "Nossa Caixa" bank of directing '
        "advertising money to political allies of the Governor."
    )


def test_a_summary_heading_over_its_own_numbered_summary() -> None:
    # cable/2009/10/09BEIJING2963.html (excerpt): `Summary` over a rule, then `1. (S) Summary:`
    text = (
        "S E C R E T SECTION 01 OF 04 BEIJING 002963 \n\n"
        "Summary\n-------\n\n"
        "¶1. (S) Summary: Deputy Secretary Steinberg explained U.S.\n"
        "confidence-building and transparency objectives vis-a-vis\n"
        "Iran. End summary.\n\nIran\n----\n\n"
        "¶2. (S) The Deputy Secretary explained U.S. objectives.\n"
    )
    assert summary(text) == (
        "Deputy Secretary Steinberg explained U.S. confidence-building and transparency "
        "objectives vis-a-vis Iran."
    )


@pytest.mark.parametrize(
    ("text", "starts", "ends"),
    [
        # cable/2009/03/09LIMA345.html (excerpt): `Introduction and Summary` ... `End
        # Introduction and Summary.`
        (
            "¶1. (S/NF) Introduction and Summary: The Garcia \n"
            "Administration's efforts to combat narcotrafficking have been \n"
            "stronger than under past administrations. \n\n"
            "¶2. (S/NF) This cable focuses on military, rather than police corruption. "
            "End Introduction \nand Summary. \n\n"
            "Army Command Dismantles Military Operations in the VRAE (2004) \n",
            "The Garcia Administration's efforts",
            "rather than police corruption.",
        ),
        # cable/2009/07/09BUENOSAIRES827.html (excerpt): `Summary/Introduction.`
        (
            "¶1. (C) Summary/Introduction. More than two weeks have\n"
            "passed since Argentina's ruling first couple lost badly in\n"
            "mid-term congressional elections. A separate message will examine\n"
            "another possible political outcome. End Summary/Introduction.\n",
            "More than two weeks have passed",
            "another possible political outcome.",
        ),
        # cable/2006/03/06BOGOTA1970.html (excerpt): `(SUMMARY):` after the portion mark
        (
            "¶1. (C) (SUMMARY): Post has confirmed the location of the \n"
            "missing Hughes 500 helicopters. End summary.\n",
            "Post has confirmed the location",
            "missing Hughes 500 helicopters.",
        ),
        # cable/2009/08/09SANJOSE703.html (excerpt): `SUMMARY (U)`, the mark after the word
        (
            "¶1. SUMMARY (U) Modernization of Costa Rica's main international \n"
            "airport stalled for over five years.  End Summary. \n",
            "Modernization of Costa Rica's main",
            "stalled for over five years.",
        ),
        # cable/2006/04/06BRASILIA773.html (excerpt): `Summary and Action Request.`, no end
        (
            "¶1. (SBU) Summary and Action Request. In view of the President's State of the "
            "Union address, Mission would like to stage a bilateral conference.\n\n"
            "¶2. (SBU) While Brazil and the USG are at odds on a number of issues.\n",
            "In view of the President's State",
            "stage a bilateral conference.",
        ),
        # cable/2008/08/08LONDON2185.html (excerpt): `paragraph` + `4.` is a paragraph cited,
        # inside the summary
        (
            "¶1. (U) This is an action request. Please see paragraph 5.\n\n"
            "¶2. (C) Summary. Although the UK supports the U.S. proposal, these questions are set "
            "forth in paragraph\n\n¶4. End Summary.\n\n"
            "¶3. (C) Martin Gillen told Poloff August 18 that the UK supports the notion.\n",
            "Although the UK supports the U.S. proposal",
            "set forth in paragraph 4.",
        ),
        # cable/2000/11/00TASHKENT4223.html (excerpt): in lower case, no end marker
        (
            "¶1. (c) summary: on November 1, the ambassador presented credentials to president "
            "Karimov.\n"
            "¶2. (c) ambassador Herbst presented his credentials to president Islom Karimov.\n",
            "on November 1, the ambassador",
            "presented credentials to president Karimov.",
        ),
    ],
)
def test_summary_shapes(text: str, starts: str, ends: str) -> None:
    found = summary(BANNER + text)
    assert found is not None
    assert found.startswith(starts)
    assert found.endswith(ends)
    assert "ummary" not in found[:12] and "End" not in found[-12:]


def test_roman_numbered_summary_of_a_report_ends_at_the_next_part() -> None:
    # cable/2008/11/08SANJOSE881.html (excerpt): the INCSR's `I. Summary` ... `II. Status`
    text = (
        BANNER + "¶1. (U) The text of Costa Rica's 2008-2009 INCSR Part I is below. \n"
        "Costa Rica \n"
        "¶I. Summary \n"
        "Costa Rica continues to be an increasingly important transit point \n"
        "for narcotics destined for the United States and Europe. \n"
        "II. Status of Country \n"
        "Costa Rica's position on the isthmus makes it vulnerable. \n"
    )
    assert summary(text) == (
        "Costa Rica continues to be an increasingly important transit point for narcotics "
        "destined for the United States and Europe."
    )


def test_a_closing_marker_without_its_opening() -> None:
    # cable/2006/08/06MOSCOW9533.html (excerpt): the `Summary` heading went into the lines
    # above the body; paragraph 1 ends with `End Summary.`
    text = (
        "¶1. (C) Weddings are elaborate in Dagestan, the largest autonomy in the North "
        "Caucasus. This one showed how personal the region's politics can be. End Summary.\n"
        "¶2. (C) Dagestani weddings are serious business.\n"
    )
    assert summary(BANNER + text) == (
        "Weddings are elaborate in Dagestan, the largest autonomy in the North Caucasus. This "
        "one showed how personal the region's politics can be."
    )


def test_a_closing_marker_far_from_the_start_makes_no_summary() -> None:
    # written: `End summary` closing the third paragraph is not a summary of the first three
    text = "1. (C) First.\n\n2. (C) Second.\n\n3. (C) Third. End summary.\n\n4. (C) Fourth.\n"
    assert summary(BANNER + text) is None


def test_a_summary_cut_short_by_the_page_gives_way_to_the_whole_one() -> None:
    # cable/2009/02/09LIMA146.html (excerpt): the page shows the cable's start, cut, before
    # the whole text
    text = (
        "¶1. (C) Summary: At the ...\n\n"
        "C O N F I D E N T I A L LIMA 000146\n\n"
        "¶1. (C) Summary: At the half-way point in President Garcia's term, the political "
        "balance is mixed but positive overall. End Summary.\n"
    )
    assert summary(BANNER + text) == (
        "At the half-way point in President Garcia's term, the political balance is mixed but "
        "positive overall."
    )


def test_words_about_a_summary_open_none() -> None:
    # cable/2007/12/07WELLINGTON842.html (excerpt) and cable/2006/01/06BUENOSAIRES109.html
    assert (
        summary(
            BANNER + "¶1. (S) DCM met with MFAT Deputy Secretary Alan Williams\n"
            "December 4. Williams said that MFAT would immediately prepare a summary\n"
            "for cabinet and the Prime Minister.\n"
        )
        is None
    )
    assert summary(BANNER + "SUMMARY OF SIGNIFICANT EVENTS: \n \nA.   OVERVIEW: \n") is None


@pytest.mark.parametrize(
    "text",
    [
        # written: the shapes above in fragments without banner or header, as people paste them
        "SUMMARY: The minister said the talks would resume. END SUMMARY.",
        "summary: the minister said the talks would resume. end summary.",
        "Summary. The minister said the talks would resume.",
        "1. (C) Summary: The minister said the talks would resume. End summary.",
        "BEGIN SUMMARY\n\nThe minister said the talks would resume.\n\nEND SUMMARY\n\n2. Other.",
        "(U) Summary. The minister said the talks would resume.\n\n2. (U) Other.",
        "1. (C) Summary: The minister said the talks would resume. 2. (C) Other things.",
    ],
)
def test_summary_of_a_fragment(text: str) -> None:
    found = summary(text)
    assert found is not None
    assert found.lower() == "the minister said the talks would resume."


def test_summary_of_a_body_that_lost_its_line_breaks() -> None:
    # written in the shape of cable/2008/07/08TRIPOLI592.html
    text = (
        "1. (C) Summary: The arrest in Geneva prompted a serious fissure. 2. (S) It is not "
        "over. End summary. 3. (C) Efforts by the Swiss government earned no quarter."
    )
    assert summary(text) == "The arrest in Geneva prompted a serious fissure. It is not over."


def test_summary_of_and_comment_of_without_breaks() -> None:
    # The functions alone, without the paragraph split's breaks, leave numbers out too.
    body = "1. (C) Summary: A. \n\n2. (S) B. End summary. \n\n3. (C) Comment: C. End comment.\n"
    low = lowered(body)
    assert summary_of(body, low) == "A. B."
    assert comment_of(body, low) == "C."


# --- comment ---------------------------------------------------------------------------------


def test_comment_heading_over_a_rule() -> None:
    # cable/2006/12/06LAPAZ3400.html (excerpt)
    text = (
        "¶11. (C) Morales said he would not stand for Granado to clear in a national run. \n\n"
        "------- \nCOMMENT \n------- \n\n"
        "¶12. (C) The December 2005 and July 2006 national elections \n"
        "gave Morales an unprecedented mandate. \n"
    )
    assert comment(BANNER + text) == (
        "The December 2005 and July 2006 national elections gave Morales an unprecedented mandate."
    )


@pytest.mark.parametrize(
    ("text", "starts", "ends"),
    [
        # cable/2007/02/07MADRID208.html (excerpt): whose comment it is
        (
            "¶7. (C/NF) Embassy Comment: Zapatero,s comments caught his\n"
            "entire team by surprise. End Comment.\n",
            "Zapatero,s comments caught his entire team",
            "by surprise.",
        ),
        # cable/2009/02/09REYKJAVIK37.html (excerpt)
        (
            "¶4. (SBU) Action Request and Comment: Post believes a further \n"
            "response is necessary. \n\n¶5. (U) Other.\n",
            "Post believes a further response",
            "response is necessary.",
        ),
        # cable/2006/04/06MEXICO1797.html (excerpt): a comment inside a paragraph
        (
            "¶7. (SBU) The corto should be used only in exceptional cases. \n"
            "(Comment: the Bank of Mexico has been gradually transiting \n"
            "to the use of a reference rate.  End comment) \n",
            "the Bank of Mexico has been gradually",
            "to the use of a reference rate.",
        ),
        # cable/2007/04/07NEWDELHI1915.html (excerpt): the comment's own title over a rule
        (
            "¶11.  (C) Kapoor was adamant that Rahul's statements were spontaneous.\n\n"
            "Comment: Son Set \n---------------- \n\n"
            "¶12.  (C) Rahul's dismal performance on the campaign trail has narrowed the "
            "party's options.  \n",
            "Rahul's dismal performance",
            "narrowed the party's options.",
        ),
        # cable/2005/07/05BRASILIA1874.html (excerpt): `COMMENT:` over a rule
        (
            "2.(U) The July 12 CNT-Sensus survey indicates that approval rose.\n\n"
            "COMMENT: -------- \n\n"
            "3.(SBU) Despite the corruption scandal, Lula is riding out the storm.\n",
            "Despite the corruption scandal",
            "riding out the storm.",
        ),
    ],
)
def test_comment_shapes(text: str, starts: str, ends: str) -> None:
    found = comment(BANNER + text)
    assert found is not None
    assert found.startswith(starts)
    assert found.endswith(ends)


def test_words_about_comments_open_none() -> None:
    # cable/2002/12/02ANKARA8852.html (excerpt)
    assert (
        comment(
            BANNER + "¶5. (C) He is open to the well-timed \n"
            "joke or lighter comment.  In the latter regard, Erdogan is a \n"
            "passionate fan of Fenerbahce.\n"
        )
        is None
    )
