"""People as fields: the classifier of a `Classified By` phrase (name, title, office) and the
signers at the end of the body.

Phrases and endings are quoted from the page named beside them (`cable/YYYY/MM/ID.html` in
shared/corpora/cablegate-site-2011-04.tar.xz), from the NARA telegrams of
shared/corpora/nara-cfpf-1973-1979-entities.tar.xz (entity markup removed), from the 2011-08
sample or from the seeds; a case the shared data lacks is written in the same shape and says so.
"""

from __future__ import annotations

import re

import pytest

from cablearchive.parse import Classifier, Lookups, parse_cable
from cablearchive.parse.people import NameTables, classifier_of, signers_of
from cablearchive.parse.preamble import classifier_from
from tests.parse.conftest import CorpusPage

NAMES = Lookups.default().names


def classifier(text: str) -> Classifier:
    """What the parser makes of the text after `Classified By:`."""
    return classifier_of(classifier_from(text) or "", NAMES)


# --- Classified By ---------------------------------------------------------------------------

# (the text after `Classified By:`, name, title, office)
CLASSIFIERS = [
    # written, in the shape of the example
    ("Acting Deputy Chief of Mission Marc Wall for Reasons 1.4 (b) and (d)", "Marc Wall",
     "Acting Deputy Chief of Mission", None),
    # shared/seeds/000 (06ALMATY2549)
    ("Amb. John Ordway, reasons 1.4(C) and (D).", "John Ordway", "Amb.", None),
    # cable/2007/11/07STATE152317.html: an office (bureau) before the title
    ("EAP DAS THOMAS J. CHRISTENSEN: 1.4 (B) AND (D).", "THOMAS J. CHRISTENSEN", "DAS", "EAP"),
    # cable/2009/07/09ABUDHABI744.html: an initial run into the surname
    ("CHARGE D'AFFAIRES DOUGLAS C.GREENE FOR REASONS 1.4 B", "DOUGLAS C.GREENE",
     "CHARGE D'AFFAIRES", None),
    # cable/2004/04/04THEHAGUE1049.html: a surname only
    ("AMBASSADOR SOBEL. REASONS: 1.4 (B & D).", "SOBEL", "AMBASSADOR", None),
    # cable/2004/07/04WELLINGTON599.html: a title, no name
    ("POLITICAL AND ECONOMIC COUNSELOR", None, "POLITICAL AND ECONOMIC COUNSELOR", None),
    # written: a name before its title and office
    ("Jane Q. Doe, Acting Assistant Secretary, EUR. Reason: 1.4 (b)", "Jane Q. Doe",
     "Acting Assistant Secretary", "EUR"),
    # written: surname first
    ("Doe Jane, Ambassador, reasons 1.4 (b) and (d)", "Doe Jane", "Ambassador", None),
    # cable/2004/03/04BRASILIA592.html
    ("PolCouns Dennis Hearne, reasons 1.5 (a) & (d)", "Dennis Hearne", "PolCouns", None),
    # cable/2004/11/04BRASILIA2738.html: `Based upon` before the reason
    ("DCM Phillip Chicola Based upon Reason 1.4(B) and (D)", "Phillip Chicola", "DCM", None),
    # cable/2006/03/06PARTO9.html (in paragraph 1, wrapped)
    ("Arnold Chacon, Deputy Executive Secretary, S/ES, Department of State. Reasons 1.4 (b) "
     "and (d)", "Arnold Chacon", "Deputy Executive Secretary", "S/ES, Department of State"),
    # cable/2002/03/02ROME1196.html: a section code as part of the title
    ("POL MINCOUNS THOMAS COUNTRYMAN, REASONS 1.5 (B) AND (D).", "THOMAS COUNTRYMAN",
     "POL MINCOUNS", None),
    # cable/2006/04/06PARIS2358.html: `Reasons` cut by a line break
    ("Political Minister Counselor Josiah B. Rosenblatt. Reas ons 1.4b,d",
     "Josiah B. Rosenblatt", "Political Minister Counselor", None),
    # cable/2009/07/09TRIPOLI543.html: name, title, post and department
    ("Gene A. Cretz, Ambassador, U.S. Embassy Tripoli, Department of State. REASON: 1.4 (b), "
     "(d)", "Gene A. Cretz", "Ambassador", "U.S. Embassy Tripoli, Department of State"),
    # cable/2009/12/09PANAMA889.html: surname, comma, given name
    ("Stepheson, Barbara J, Ambassador, State, EXEC; REASON: 1.4(B), (D)",
     "Stepheson, Barbara J", "Ambassador", "State, EXEC"),
    # cable/2004/03/04BRASILIA623.html
    ("DENNIS HEARNE, POLITICAL COUNSELOR. REASONS: 1.5 (B)(D)", "DENNIS HEARNE",
     "POLITICAL COUNSELOR", None),
    # cable/2007/12/07TASHKENT2063.html: two classifiers; the first is read
    ("Poloff Steven Prohaska and DTRA Fred Carter for reasons 1.4 (b, d).", "Steven Prohaska",
     "Poloff", None),
    # cable/2007/09/07STATE135366.html: a bureau's office
    ("ISN/MTR DIRECTOR PAM DURHAM", "PAM DURHAM", "DIRECTOR", "ISN/MTR"),
    # cable/2009/05/09NAIROBI1057.html: a title word the table lacks stays in the title
    ("Somalia Unit Counselor Bob Patterson. Reasons: 1.4 (b,d", "Bob Patterson",
     "Somalia Unit Counselor", None),
    # cable/2008/11/08STATE116943.html: a derivative classification names no one
    ("Derived from Multiple Sources", None, None, None),
    # cable/2005/04/05MADRID1604.html: the apostrophe mistyped
    ("Charge d,Affaires J. Robert Manzanares, for reasons 1.4 (b) and (d)",
     "J. Robert Manzanares", "Charge d'Affaires", None),
    # cable/2010/01/10BASRAH1.html: the words before a title belong to it once the name is read
    ("John Naland, PRT Team Leader, PRT Basra, US State Department. REASON: 1.4 (b), (d)",
     "John Naland", "PRT Team Leader", "PRT Basra, US State Department"),
    # cable/2009/03/09MONTERREY102.html: a place after the title
    ("Bruce Williamson, Consul General, Monterrey, Department of State. REASON: 1.4 (b), (d)",
     "Bruce Williamson", "Consul General", "Monterrey, Department of State"),
    # cable/2006/02/06BRUSSELS524.html: a mission before the title
    ("USEU POLOFF TODD HUIZINGA, FOR REASONS 1.4 (B) AND (D)", "TODD HUIZINGA", "POLOFF",
     "USEU"),
    # cable/2001/10/01STATE176819.html: the words of a title between its title words
    ("CHRISTINA B. ROCCA, ASSISTANT SECRETARY FOR SOUTH ASIAN AFFAIRS, REASON 1.5 (B) AND (D)",
     "CHRISTINA B. ROCCA", "ASSISTANT SECRETARY FOR SOUTH ASIAN AFFAIRS", None),
    # cable/2008/07/08TRIPOLI420.html-like, written: `Geoff` ends like `POLOFF`, yet is a name
    ("Political Counselor Geoff Pyatt for reasons 1.4 (b) and (d)", "Geoff Pyatt",
     "Political Counselor", None),
    # written: a name broken by a line break (`Michae l Corbin`, cable/2008/11/08DUBAI...)
    ("Minister-Counselor for Political-Military Affairs Michae l Corbin, reasons 1.4 (b,d)",
     "Michael Corbin", "Minister-Counselor for Political-Military Affairs", None),
    # cable/2004/01/04ANKARA348.html (lower case in the page: `(U) Classified by ...`)
    ("Ambassador Eric Edelman; reasons: 1.5 (b,d).", "Eric Edelman", "Ambassador", None),
    # written: all in lower case
    ("com jonathan farrar for reasons 1.4 (b) and (d)", "jonathan farrar", "com", None),
    # cable/2009/06/09TASHKENT...-like, written: a redacted name
    ("XXXXXXXXXXXX, Ambassador, U.S. Embassy Tripoli", None, "Ambassador",
     "U.S. Embassy Tripoli"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "name", "title", "office"), CLASSIFIERS)
def test_classifier(text: str, name: str | None, title: str | None, office: str | None) -> None:
    assert classifier(text) == Classifier(name=name, title=title, office=office)


def test_the_seed_keeps_its_classified_by_phrase() -> None:
    # shared/seeds/000 (excerpt): the phrase stays in classified_by, the parts in classifier
    cable = parse_cable(
        "S E C R E T SECTION 01 OF 02 ALMATY 002549 \n \nE.O. 12958: DECL: 07/13/2016 \n"
        "TAGS: PTER KAWC PINR PREL KZ\n"
        "SUBJECT: KAZAKHSTAN: FURTHER DISCUSSIONS ON GUANTANAMO \nDETAINEES \n \n"
        "REF: A. ALMATY 1946 \n     B. 7/8/06 PORGES-MONK EMAIL \n \n"
        "Classified By: Amb. John Ordway, reasons 1.4(C) and (D). \n \n"
        "1. (S) Summary:  In a July 12 meeting with MFA consular \n"
    )
    assert cable.classified_by == "Amb. John Ordway"
    assert cable.classifier == Classifier(name="John Ordway", title="Amb.", office=None)
    assert cable.to_dict()["classifier"] == {"name": "John Ordway", "title": "Amb.", "office": None}


def test_no_classified_by_no_classifier() -> None:
    # shared/seeds/001 (excerpt): an unclassified cable has no Classified By line
    cable = parse_cable(
        "UNCLAS ALMATY 001703\n\nSIPDIS\n\nE.O. 12958: N/A\n\nTAGS: PTER KAWC PINR PREL KZ\n\n"
        "SUBJECT: KAZAKHSTAN: DISCUSSION OF GUANTANAMO DETAINEES\n\n"
        "1. (SBU) Summary: Kazakhstan insists on a Mutual Legal Assistance Treaty.\n"
    )
    assert cable.classified_by is None and cable.classifier is None


def test_a_phrase_without_name_or_title_still_gives_a_classifier() -> None:
    # cable/2008/11/08STATE116943.html: `Classified By: Derived from Multiple Sources`
    cable = parse_cable(
        "S E C R E T STATE 116943\n\nE.O. 12958: DECL: 11/04/2033\nTAGS: PREL\n"
        "SUBJECT: X\n\nClassified By: Derived from Multiple Sources\n\n1. (S) Text.\n"
    )
    assert cable.classifier == Classifier(name=None, title=None, office=None)


def test_classified_by_inside_a_numbered_paragraph() -> None:
    # cable/2006/03/06PARTO9.html (excerpt)
    cable = parse_cable(
        "C O N F I D E N T I A L PARTO 000009 \n \nSIPDIS \n \nE.O. 12958: DECL: 03/05/2016 \n"
        "TAGS: OVIP RICE CONDOLEEZZA PREL LE \n"
        "SUBJECT: (U) Secretary Rice's February 23 Meeting with \nLebanese Parliament Speaker "
        "Nabih Berri \n \n \nNSC FOR ABRAMS/DORAN/WERNER/SINGH \n \n"
        "1.  (U)  Classified by:  Arnold Chacon, Deputy Executive \n"
        "Secretary, S/ES, Department of State. Reasons 1.4 (b) and \n(d). \n \n"
        "2.  (C) Summary:  Secretary Rice met Lebanese Parliament \n"
    )
    assert cable.classifier == Classifier(
        name="Arnold Chacon", title="Deputy Executive Secretary", office="S/ES, Department of State"
    )
    assert cable.reasons == ["1.4(b)", "1.4(d)"]
    assert cable.tags == ["OVIP", "RICE, CONDOLEEZZA", "PREL", "LE"]
    assert cable.subject_classification == "U"


def test_classified_by_in_a_later_paragraph() -> None:
    # cable/2008/09/08STATE103511.html (excerpt): paragraph 2
    cable = parse_cable(
        "C O N F I D E N T I A L STATE 103511\n\nE.O. 12958: DECL: 09/24/2018\nTAGS: PREL\n"
        "SUBJECT: X\n\n1. (U) This is an action request. Urgent action is required from action "
        "addressees.\n\n2. (U) Classified by Acting DAS James Knight, Reasons 1.4\n(b) and (d).\n"
        "3. (U) Text.\n"
    )
    assert cable.classifier == Classifier(name="James Knight", title="Acting DAS", office=None)


def test_classified_by_run_onto_the_subject_line() -> None:
    # cable/2004/11/04BRASILIA2738.html (excerpt)
    cable = parse_cable(
        "C O N F I D E N T I A L BRASILIA 002738 \n\nSIPDIS \n\nE.O. 12958: DECL: 11/04/2014 \n"
        "TAGS: EAIR PTER ETRD BR \nSUBJECT: AVIATION SECURITY: DIALOGUE BETWEEN USG AND BRAZIL "
        "ON SUPPLYING PASSENGER NAME RECORD DATA Classified By: DCM Phillip Chicola Based upon "
        "Reason 1.4(B) and (D) \n\n1. (C) Based upon ongoing discussions between AmEmbassy\n"
    )
    assert cable.subject == (
        "AVIATION SECURITY: DIALOGUE BETWEEN USG AND BRAZIL ON SUPPLYING PASSENGER NAME RECORD DATA"
    )
    assert cable.classified_by == "DCM Phillip Chicola"
    assert cable.classifier == Classifier(name="Phillip Chicola", title="DCM", office=None)
    assert cable.reasons == ["1.4(b)", "1.4(d)"]


def test_classified_by_run_onto_a_ref_line() -> None:
    # cable/2005/09/05BRASILIA2692.html (excerpt): the REF list and the Classified By line
    cable = parse_cable(
        "C O N F I D E N T I A L SECTION 01 OF 02 BRASILIA 002692 \n\nSIPDIS \n\n"
        "E.O. 12958: DECL: 10/10/2015 \nTAGS: PGOV PREL SOCI BR\n"
        "TIP SUBJECT: BRAZIL'S LANDLESS MOVEMENT INVADES AMERICAN-OWNED FARM \n\n"
        "REF: BRASILIA 1317 Classified By: Political Counselor Dennis Hearne for reasons 1.4 "
        "(B) an d (D). \n\n1. (U) Summary. Between three and five hundred members\n",
        created="2005-10-11T10:00:00Z",
    )
    assert cable.subject == "BRAZIL'S LANDLESS MOVEMENT INVADES AMERICAN-OWNED FARM"
    assert cable.tags == ["PGOV", "PREL", "SOCI", "BR", "TIP"]
    assert [r.raw for r in cable.references] == ["BRASILIA 1317"]
    assert cable.classifier == Classifier(
        name="Dennis Hearne", title="Political Counselor", office=None
    )


def test_a_phrase_cut_by_the_page_drops_its_last_piece() -> None:
    # cable/2008/04/08MOSCOW1124.html-like (excerpt, written): `Classified By: Political Couns...`
    cable = parse_cable(
        "C O N F I D E N T I A L MOSCOW 001124\n\nE.O. 12958: DECL: 04/23/2018\nTAGS: PHUM\n"
        "SUBJECT: X\n\nClassified By: Political Counselor Alice Wel...\n\n1. (C) Text.\n"
    )
    assert cable.classifier == Classifier(name="Alice", title="Political Counselor", office=None)


def test_tables_are_what_tells_titles_from_names() -> None:
    # Without tables every word is a name word: the parser stays pure, the tables say more.
    assert classifier_of("Ambassador Adam Ereli", NameTables()).name == "Ambassador Adam Ereli"


def test_corpus_classifiers(corpus: list[CorpusPage]) -> None:
    """Every Classified By phrase of the corpus gives a classifier; nearly all name someone;
    no name holds reason text, no title holds the name."""
    with_phrase = [p.cable for p in corpus if p.cable.classified_by is not None]
    assert len(with_phrase) > 4400
    assert all(c.classifier is not None for c in with_phrase)
    named = [c for c in with_phrase if c.classifier and c.classifier.name]
    assert len(named) / len(with_phrase) > 0.97  # 98.2% when written
    for c in named:
        assert c.classifier is not None and c.classifier.name is not None
        name = c.classifier.name
        assert not re.search(r"\d|\breasons?\b|\bfor\b|\bper\b", name, re.I), (c.id, name)
        title = c.classifier.title or ""
        assert not any(w in title.split() for w in name.split() if len(w) > 2), (c.id, name)


# --- signers ---------------------------------------------------------------------------------


def test_one_signer_after_the_last_sentence_line() -> None:
    # shared/seeds/000 (end)
    text = "requested in para 6.  Thank you. \nORDWAY \n"
    assert signers_of(text) == (["ORDWAY"], text.index("ORDWAY"))


def test_two_signers_on_two_lines() -> None:
    # cable/2006/09/06TRIPOLI498.html (end)
    text = (
        "--Plant Disease Surveillance Workshop/GM Foods \n--Training Track \n--IRB Workshop \n"
        " \nGOLDRICH \nBERRY"
    )
    assert signers_of(text) == (["GOLDRICH", "BERRY"], text.index("GOLDRICH"))
    cable = parse_cable("S E C R E T TRIPOLI 000498\n\n1. (S) Text.\n\n" + text)
    assert (cable.signer, cable.signers) == ("GOLDRICH", ["GOLDRICH", "BERRY"])
    assert cable.paragraphs[-1].text.endswith("--IRB Workshop")


def test_two_signers_on_one_line() -> None:
    # written: two signers joined by a slash
    assert signers_of("sign the agreement in Washington next month. \n\nBODINE / SMITH\n")[0] == [
        "BODINE",
        "SMITH",
    ]


def test_a_signature_repeated_is_one_signer() -> None:
    # cable/2008/01/08BRASILIA159.html (end)
    text = "Pol-Mil talks in April. \n\nSOBEL \nSOBEL"
    assert signers_of(text)[0] == ["SOBEL"]
    # cable/2009/12/09BRASILIA1516.html (end)
    assert signers_of("on mitigation. END COMMENT. \n\nKUBISKE KUBISKE")[0] == ["KUBISKE"]


@pytest.mark.parametrize(
    ("text", "signers"),
    [
        # nara 1976STATE213790 (end): a 1970s telegram without banner
        ("IN THE ABSENCE OF AGREEMENT ON THE ISSUES OUTLINED ABOVE.\n\n\nKISSINGER", ["KISSINGER"]),
        # written in the same shape: the end mark after the signature
        ("IN THE ABSENCE OF AGREEMENT ON THE ISSUES OUTLINED ABOVE.\nKISSINGER\nNNNN",
         ["KISSINGER"]),
        # nara 1973BONN07634 (end): a review stamp after the signature
        ("COMPLICATIONS FOR OFFSET NEGOTIATIONS US INITIATIVE WOULD HAVE.\n\n\nHILLENBRAND\n\n\n"
         "NMAFVVZCZ\n*** Current Handling Restrictions *** n/a ***\n"
         "Current Classification *** CONFIDENTIAL", ["HILLENBRAND"]),
        # nara 1977STATE075309 (end): the quoted message's signer, then the sender's
        ("BELIEVE ANSWER LIES IN DAMASCUS, NOT HERE.\n\n\nPARKER UNQUOTE VANCE", ["VANCE"]),
        # nara 1977KINSHA07917 (end)
        ("WE ARE KEEPING LOW PROFILE.\n\n\nBORG UNQTE:CUTLER", ["CUTLER"]),
        # nara 1976NEWDE13223 (end)
        ("HAVE NOT BEEN HARASSED LIKE THE AMERICANS.\n\n\nSIGNED KORN\nUNQUOTE\nSAXBE", ["SAXBE"]),
        # nara 1975STATE105676 (end)
        ('AN "INCREDIBLY DEMANDING JOB WITH WHICH UNHCR IS FULLYSEIZED." \nKISSINGER\n\n\n'
         "UNQUOTE", ["KISSINGER"]),
        # cable/1966/12/66BUENOSAIRES2481.html (2011-08 sample): a downgrading group mark
        ("WHICH WOULD APPEAR MOST LIKELY TO SUCCEED. \n \nGP-3 \nSACCIO", ["SACCIO"]),
        # written: given names and initials, mixed case
        ("Post appreciates the Department's support.\n\nJohn M. Ordway\n", ["John M. Ordway"]),
        # cable/2006/03/06REYKJAVIK119.html (end): a particle in lower case
        ("or at least not imploding.  End comment. \nvan Voorst", ["van Voorst"]),
        # cable/2008/07/08TRIPOLI592.html (end): the line break before the name was lost
        ("as they have come of age.  End comment. GODFREY", ["GODFREY"]),
        # cable/2009/02/09CAIRO172.html (end): glued to the last sentence
        ("will consider the challenge on February 7.SCOBEY", ["SCOBEY"]),
        # cable/2007/12/07TRIPOLI1053.html (end): a database export's date after the name
        ("leery of U.S.-Libyan reengagement. End comment. STEVENS 0 12/18/2007", ["STEVENS"]),
        # cable/2009/11/09MANAMA646.html (end)
        ("are processed separately and issued on a case-by-case basis. #ERELI", ["ERELI"]),
        # cable/2009/10/09LONDON2445.html (end): after the post's website line
        ("exchange views on these issues.  Visit London's Classified Website: XXXXXXXXXXXX \n"
         "SUSMAN", ["SUSMAN"]),
        # cable/2008/06/08MANAMA565.html (end): after a rule of stars
        ("Embassy Manama's Classified Website: XXXXXXXXXXXX*************************************"
         "******** ******** HENZEL", ["HENZEL"]),
        # cable/2006/07/06MANAGUA1002.html (end): a page's preview cut inside a word follows
        ("The Pablo Escobar footage was filmed \nJune 24, 1984. \nTRIVELLI\n\nDANIEL ORTEGA AN...",
         ["TRIVELLI"]),
        # cable/2010/01/10BEIJING183.html (end): a sentence's last line above the name
        ("speech constituted a new direction for U.S. foreign policy on \n\n\nChina. \nHUNTSMAN",
         ["HUNTSMAN"]),
        # cable/2004/04/04BOGOTA3619.html (end), and the site's trailer
        ("suspect officials to less sensitive positions. \nWOOD \n\n"
         "=======================CABLE ENDS============================", ["WOOD"]),
        # cable/2005/10/05ISTANBUL1336.html (end): under a mixed-case address line
        ("     Ishak Haleva \n     Chief Rabbi of Jews Community in Turkey\nSMITH", ["SMITH"]),
        # cable/2010/02/10BRUSSELS183.html (end): a mail system's trailer after the signature
        ("cleared by Deputy National Security Advisor Michael Froman.\nMURRAY\nEnd Cable Text\n"
         "Zenaida X Toledo 07/30/2008 04:04:14 PM From DB/Inbox: TRANS\n.", ["MURRAY"]),
    ],
)  # fmt: skip
def test_signers(text: str, signers: list[str]) -> None:
    assert signers_of(text)[0] == signers


@pytest.mark.parametrize(
    "text",
    [
        # shared/seeds/001 (end): a last sentence
        "¶5. (U) Post requests Department guidance on responding to the Kazakhstani position.",
        # cable/2008/02/08STATE3800.html-like, written: END TEXT, a caption, a classification
        "the text of the demarche follows.\n\nEND TEXT",
        "the demarche was delivered.\n\nSIPDIS",
        "the demarche was delivered.\n\nCONFIDENTIAL",
        # written: a section heading at the very end
        "the demarche was delivered.\n\nComment",
        # cable/2004/06/04THEHAGUE1499.html-like, written: a wrapped sentence's last word
        "The Dutch will raise the matter in the North Atlantic Council with\nNATO",
        # cable/2004/06/04THEHAGUE1555.html (end): a sentence broken over lines
        "¶10 (U) This cable has been cleared by S/WCI Prosper and EUR \nStephens.",
        # written: a redacted line
        "we have not heard any confirmation.\n\nXXXXXXXXXXXX",
        # cable/2007/09/07STATE135366.html-like: `End Cable Text` alone
        "10.(U) Tripoli minimize considered.\n\nEnd Cable Text",
    ],
)
def test_no_signer(text: str) -> None:
    assert signers_of(text) == ([], len(text))


def test_signer_of_a_body_without_header_or_banner() -> None:
    # nara 1979PRETOR04480 (end), given alone: a body with no fields at all
    cable = parse_cable(
        "THE UNFP WOULD REMAIN WITH 2. WE DOUBT, HOWEVER, THAT THE RF AND UNFP WOULD READILY "
        "AGREE TO SUCH A REALLOCATION.\n\n5. MUZOREWA HAS NOT ANNOUNCED WHEN HE WILL MAKE HIS "
        "DECISION. AN ANNOUNCEMENT IS EXPECTED BEFORE MAY 30.\n\n\n\n\nEDMONDSON\n"
    )
    assert cable.signers == ["EDMONDSON"]
    assert cable.signer == "EDMONDSON"
    assert "EDMONDSON" not in cable.office_lines


def test_signer_of_a_body_without_numbered_paragraphs() -> None:
    # written in the shape of nara 1977TAIPEI05268 (end), given alone
    cable = parse_cable(
        "THE GOVERNMENT OF THE REPUBLIC OF CHINA WILL CONTINUE TO STAND FIRM.\n\n\nENDTEXT.\n\n\n"
        "UNGER\n"
    )
    assert cable.signers == ["UNGER"]


def test_corpus_signers(corpus: list[CorpusPage]) -> None:
    """Most pages are signed; no signer is a caption, a classification or an end mark."""
    signed = [p.cable for p in corpus if p.cable.signers]
    assert len(signed) / len(corpus) > 0.9  # 6,380 of 6,712 when written
    for c in signed:
        assert c.signer == c.signers[0]
        for s in c.signers:
            assert s.upper() not in {"SIPDIS", "END TEXT", "CONFIDENTIAL", "SECRET", "NNNN"}
            assert not re.search(r"\d|X{4}", s), (c.id, s)


def test_a_signer_before_the_teletype_end_lines() -> None:
    # Written, in the shape of a 1970s teletype copy: the signature, then `BT`, the message
    # number and `NNNN` (the shared NARA texts and site pages have these lines cut off).
    text = (
        "O 121530Z MAR 75\nFM SECSTATE WASHDC\nTO AMEMBASSY TEHRAN IMMEDIATE 5555\nBT\n"
        "S E C R E T STATE 055555\n\nE.O. 11652: GDS\nTAGS: PFOR, IR\nSUBJECT: SHAH VISIT\n\n"
        "1. THE SHAH WILL VISIT.\n\n2. WE AGREE.\nKISSINGER\nBT\n#5555\nNNNN\n"
    )
    cable = parse_cable(text)
    assert cable.signers == ["KISSINGER"]
    assert cable.body.endswith("2. WE AGREE.\nKISSINGER")
