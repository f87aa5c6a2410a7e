"""People as fields: who classified a cable (`Classified By:`), who signed it, and the person
TAGS (`OVIP RICE CONDOLEEZZA`).

Every part is kept as the text writes it (case, abbreviations); the reference tables only say
which words are titles (`Amb.`, `DCM`, `Acting`, `Counselor`), offices (`EAP`, `S/ES`, `POL`,
`Embassy`) or given names, so that what is left can be read as a name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cablearchive.parse.model import Classifier

# Cython's pure-Python mode, for the compiled build (setup.py): `@cython.cfunc` makes a helper
# that only this module calls, and calls for most cables, a C function once compiled (a call
# without Python's call protocol); the typed locals are C integers, strings or characters.
# Interpreted, `cython` gives do-nothing decorators and the Python types (see _cython_shadow).
if TYPE_CHECKING:
    from cablearchive.parse import _cython_shadow as cython
else:
    try:
        import cython
    except ImportError:  # Cython is a build requirement only
        from cablearchive.parse import _cython_shadow as cython


@dataclass(frozen=True)
class NameTables:
    """The reference tables the name rules consult (see `reference/README.md`).

    Keys are upper case without dots: `AMB` stands for `Amb.`, `AMB` and `Ambassador` written
    `AMB.`; `A/S`, `D'AFFAIRES`, `S/ES`.
    """

    # written -> kind: `title` (`AMBASSADOR`, `DCM`), `qualifier` (`ACTING`), `field`
    # (`POLITICAL`), `connector` (`OF`).
    titles: Mapping[str, str] = field(default_factory=dict)
    # code -> kind: `bureau` (`EAP`), `section` (`POL`, `P/E`), `mission` (`USEU`), `agency`
    # (`STATE`, `FBI`), `post` (`EMBASSY`).
    offices: Mapping[str, str] = field(default_factory=dict)
    given_names: frozenset[str] = frozenset()
    # (surname, first given name) of the person tags the release uses: (`RICE`, `CONDOLEEZZA`).
    person_tags: frozenset[tuple[str, str]] = frozenset()
    # Every TAGS code and known misspelling: a word that is one of these is never a name.
    tag_codes: frozenset[str] = frozenset()
    # The words a line of more TAGS is made of: the codes and the words of person tags.
    tag_words: frozenset[str] = field(init=False, default=frozenset())
    # Answers of `classifier_of`: a post's cables repeat the same few phrases.
    _memo: dict[tuple[str, bool], tuple[str | None, str | None, str | None]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # Labels of words (`_label`): the phrases are made of the same few hundred words.
    _labels: dict[tuple[str, bool], str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        people = {w for pair in self.person_tags for w in pair if w}
        object.__setattr__(self, "tag_words", self.tag_codes | people)


def word_key(word: str) -> str:
    """The table key of a written word: `Amb.` -> `AMB`, `d’Affaires` -> `D'AFFAIRES`."""
    key = word.upper().replace(".", "")
    if "’" in key or "‘" in key or "`" in key:
        key = key.replace("’", "'").replace("‘", "'").replace("`", "'")
    return key.strip("'\"()[]")


# --- Classified By -------------------------------------------------------------------------

# Parts of a phrase: `Gene A. Cretz, Ambassador, U.S. Embassy Tripoli, Department of State`.
_PART_BREAK = re.compile(r"\s*[,;:]\s*|\s+-+\s+|\s*\(\s*|\s*\)\s*")
_LEADING_BY = re.compile(
    r"^(?:(?:\(\w{1,4}\)|classif\w*\s+(?:(?:confidential|secret)\s*)?by|by)\b[\s:.]*)+", re.I
)
# `Charge d,Affaires`, `d’ Affaires`, `de Affairs`: the apostrophe mistyped, spaced or lost.
_DAFFAIRES = re.compile(r"\b([dD])(?:[,\s]\s?|['’]\s+|e\s+)(?=Affair|AFFAIR)")
# `Charge d'Affaires A. I. Carol Urban`: `a.i.` (ad interim) written as two initials.
_SPACED_AI = re.compile(r"(?<=[sS]|[eE]|[aA])([,]?\s+)[aA]\.\s+[iI]\.(?=\s)")
_REDACTED = re.compile(r"^X{4,}$", re.I)
_NAME_SUFFIXES = frozenset({"JR", "SR", "II", "III", "IV"})
# Lower-case words that belong to names: `Carol van Voorst`, `Arturo de la Cruz`.
_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "del", "della", "da", "das", "dos", "di", "du", "la", "le"}
    | {"bin", "al", "el", "y", "st", "ter", "ten"}
)
_NAME_WORD = re.compile(r"^[A-Z][A-Za-z'’-]*\.?(?:[A-Z][A-Za-z'’-]*\.?)*$")
# Words of a derivative classification (`Derived from Multiple Sources`): no person.
_NOT_NAMES = frozenset({"DERIVED", "MULTIPLE", "SOURCES", "SOURCE", "GUIDE", "CLASSIFICATION"})
# Parts that are not part of a classifier's phrase: reasons or a page's stray metadata.
_JUNK = re.compile(r"\d")
# Office words that make a part an office when it ends with them: `Political Section`.
_OFFICE_NOUNS = frozenset({"OFFICE", "BUREAU", "SECTION", "EMBASSY", "CONSULATE", "DEPARTMENT"})
# Parts of compounds: `A/POLCOUNS` (acting), `POL/C` (counselor), `D/Political Advisor` (deputy).
_COMPOUND_PARTS = frozenset({"A", "C", "D"})
# Title words written as one word with their field: `ESTHOFF`, `ECONCOUNS`, `POLMINCOUNS`.
_TITLE_ENDINGS = ("OFF", "COUNS", "COUNSELOR", "MINCOUNS")


def classifier_of(phrase: str, tables: NameTables, *, cut_short: bool = False) -> Classifier:
    """Name, title and office of a `Classified By` phrase (reasons already cut off).

    `Acting Deputy Chief of Mission Marc Wall` -> (`Marc Wall`, `Acting Deputy Chief of Mission`,
    None); `EAP DAS THOMAS J. CHRISTENSEN` -> (`THOMAS J. CHRISTENSEN`, `DAS`, `EAP`); `Jane Q.
    Doe, Acting Assistant Secretary, EUR` -> (`Jane Q. Doe`, `Acting Assistant Secretary`, `EUR`).
    `cut_short`: the page cut the phrase (`Classified By: Political Econ...`), so its last word
    is a fragment and is not read.
    """
    memo = tables._memo
    if (found := memo.get((phrase, cut_short))) is None:
        if len(memo) > 50_000:  # bounded: a hostile corpus cannot grow it without end
            memo.clear()
        found = memo[(phrase, cut_short)] = _read_classifier(phrase, tables, cut_short)
    return Classifier(*found)


def _read_classifier(
    phrase: str, tables: NameTables, cut_short: bool
) -> tuple[str | None, str | None, str | None]:
    text = _LEADING_BY.sub("", phrase.strip())
    if "ffair" in text or "FFAIR" in text:
        text = _SPACED_AI.sub(r"\1a.i.", _DAFFAIRES.sub(r"\1'", text))
    if cut_short:
        text = text[: text.rstrip().rfind(" ") + 1] if " " in text.strip() else ""
    name: str | None = None
    titles: list[str] = []
    offices: list[str] = []
    for part in _PART_BREAK.split(text):
        words = _mend_broken_words([w for w in part.split() if w.strip("-.")])
        if not words:
            continue
        if _JUNK.search(part):
            break  # the phrase ran into reasons the cut missed, or a page's metadata
        lowered = not any(c.isupper() for c in part)  # `com jonathan farrar`
        labels = [_label(w, lowered, tables) for w in words]
        labels = _places_after_posts(words, labels, tables)
        if all(lab == "J" for lab in labels) and name is not None:
            name = f"{name}, {' '.join(words)}"  # `Robert O. Blake, Jr.`
            continue
        if _is_office_part(words, labels, name is not None or bool(titles)):
            offices.append(" ".join(words))
            continue
        title, office, person = _read_part(words, labels, named=name is not None)
        if person and name is None:
            name = person
        elif person and name and not titles and not offices and " " not in name and not title:
            name = f"{name}, {person}"  # surname first: `Stepheson, Barbara J, Ambassador`
        elif person:
            offices.append(person)  # after the name: a place (`Consul General, Monterrey`)
        if title and title.upper() not in (t.upper() for t in titles):
            titles.append(title)  # `Ambassador, Ambassador` from a doubled phrase: once
        if office:
            offices.append(office)
    return name, ", ".join(titles) or None, ", ".join(offices) or None


# Lower-case words that are words, not a piece of a broken name: `Carter and`, `Langdale per`.
_SMALL_WORDS = frozenset(
    [
        "and",
        "for",
        "of",
        "the",
        "to",
        "by",
        "per",
        "in",
        "on",
        "at",
        "a",
        "an",
        "or",
        "nor",
        "from",
        "with",
        "as",
        "ai",
    ]
)


def _mend_broken_words(words: list[str]) -> list[str]:
    """`Michae l Corbin`, `Do nald A. Blome`, `J osiah`: a line break split a name; join the
    piece back."""
    out: list[str] = []
    for w in words:
        prev = out[-1] if out else ""
        if (
            prev
            and w.isalpha()
            and w.islower()
            and len(w) <= 6
            and w not in _PARTICLES
            and w not in _SMALL_WORDS
            and prev[-1:].isalpha()
            and prev[:1].isupper()
            and (not prev.isupper() or (len(prev) == 1 and len(w) >= 3))
        ):
            out[-1] += w
        else:
            out.append(w)
    return out


def _label(word: str, lowered: bool, tables: NameTables) -> str:
    """T title word, C connector, O office, S section (office or title word), N name word,
    J name suffix, X redaction, B a word that belongs to neither."""
    memo = tables._labels
    if (found := memo.get((word, lowered))) is None:
        found = _read_label(word, lowered, tables)
        if len(word) <= 64:  # words, not runs of text: the memo stays small
            if len(memo) > 50_000:  # bounded: a hostile corpus cannot grow it without end
                memo.clear()
            memo[(word, lowered)] = found
    return found


def _read_label(word: str, lowered: bool, tables: NameTables) -> str:
    key = word_key(word)
    kind = tables.titles.get(key)
    if kind is not None and (key != "AI" or "." in word or word == "ai"):
        return "C" if kind == "connector" else "T"
    office = tables.offices.get(key)
    if office is not None and (len(key) > 1 or "/" in key):
        if office == "section":
            return "S"  # `POL`, `Econ`: an office, or part of a title (`Econ Counselor`)
        bare = word.strip(".()")
        if office == "bureau" and bare != bare.upper():
            pass  # bureaus are written in capitals; `Af` or `Eur` is no bureau
        elif office != "post" and len(key) <= 3 and bare[1:].islower():
            pass  # `Doe` is a name, `DOE` or `DoE` the Department of Energy
        else:
            return "O"
    if "/" in key or "-" in key:
        parts = [p for p in re.split(r"[/-]", key) if p]
        if parts and "/" in key and tables.offices.get(parts[0]) == "bureau" and len(parts[0]) > 1:
            return "O"  # `ISN/MTR`, `EUR/RPM`, `INR/OPS`
        known = [p in tables.titles or p in tables.offices or p in _COMPOUND_PARTS for p in parts]
        if parts and all(known):
            return "T" if any(p in tables.titles or p in _COMPOUND_PARTS for p in parts) else "S"
    if _REDACTED.match(key):
        return "X"
    if key in _NAME_SUFFIXES:
        return "J"
    if key in _NOT_NAMES:
        return "B"
    if key.isalpha() and any(
        key.endswith(e) and (key[: -len(e)] in tables.offices or key[: -len(e)] in tables.titles)
        for e in _TITLE_ENDINGS
    ):
        return "T"  # `ESTHOFF`, `ECONCOUNS`: a field and a title in one word
    bare = word.strip('“”"')
    if bare in _PARTICLES or _NAME_WORD.match(bare.capitalize() if lowered else bare):
        return "N"
    return "B"


def _places_after_posts(words: list[str], labels: list[str], tables: NameTables) -> list[str]:
    """The place after a post is part of the office: `U.S. Embassy Tripoli`, `Consulate General
    Istanbul`, `AMCONGEN NAPLES`."""
    out = list(labels)
    post = False
    for i, word in enumerate(words):
        label = labels[i]
        if label == "O":
            post = tables.offices.get(word_key(word)) == "post"
        elif post and (label == "N" or word_key(word) == "GENERAL"):
            out[i] = "O"
        else:
            post = False
    return out


def _is_office_part(words: list[str], labels: list[str], after_name_or_title: bool) -> bool:
    """`U.S. Embassy Tripoli`, `Department of State`, `S/ES`, `Iran Regional Presence Office`."""
    if all(lab in ("O", "C", "S") for lab in labels) and labels[0] != "C":
        return True
    return after_name_or_title and word_key(words[-1]) in _OFFICE_NOUNS and labels[-1] != "N"


def _read_part(
    words: list[str], labels: list[str], *, named: bool
) -> tuple[str | None, str | None, str | None]:
    """(title, office, name) of one comma-separated part of a phrase; `named`: an earlier part
    gave the name, so words before a title are the title's (`PRT Team Leader`)."""
    labels = list(labels)
    for k in range(1, len(labels) - 1):
        # Two classifiers (`Poloff Steven Prohaska and DTRA Fred Carter`): the first is read.
        if (
            labels[k] == "C"
            and labels[k - 1] == "N"
            and word_key(words[k]) in ("AND", "&")
            and any(lab in "TOS" for lab in labels[k:])
        ):
            words, labels = words[:k], labels[:k]
            break
    n = len(labels)
    # A section code is part of a title when a title word follows (`POL Officer`, `Econ MC`);
    # otherwise it names an office (`P/E D. Mccullough`).
    for i in range(n - 1, -1, -1):
        if labels[i] == "S":
            nxt = next((lab for lab in labels[i + 1 :] if lab != "C"), None)
            labels[i] = "T" if nxt == "T" else "O"
    runs: list[tuple[int, int]] = []  # [start, end) of name words
    i = 0
    while i < n:
        if labels[i] == "N":
            j = i
            while j < n and (labels[j] == "N" or (labels[j] == "J" and j > i)):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    titled = [i for i, lab in enumerate(labels) if lab == "T"]
    # A name has a word longer than an initial (`Amb. P` was cut short), and is not inside a
    # title (`ASSISTANT SECRETARY FOR SOUTH ASIAN AFFAIRS`).
    runs = [
        r
        for r in runs
        if any(len(w.strip('.“”"')) > 1 for w in words[r[0] : r[1]])
        and not (titled and titled[0] < r[0] and r[1] <= titled[-1])
    ]
    marked = [i for i, lab in enumerate(labels) if lab in ("T", "O")]
    chosen: tuple[int, int] | None = None
    if runs:
        after = [r for r in runs if marked and r[0] > marked[-1]]
        # The name follows its title (`Ambassador Adam Ereli`) or comes first (`DENNIS HEARNE
        # POLITICAL COUNSELOR`).
        if after:
            chosen = after[0]
        elif not (named and titled and runs[0][0] < titled[0]):
            chosen = runs[0]
    title_words: list[str] = []
    if titled:
        # The title runs from its first to its last title word, with the unknown words between
        # (`Coordinator For Interagency Provincial Affairs`) and before it when the name follows
        # (`Somalia Unit Counselor Bob Patterson`); never over the name or an office.
        first = titled[0]
        if chosen is None or chosen[0] > titled[-1]:
            while first > 0 and labels[first - 1] in ("N", "B"):
                first -= 1
        title_words = [
            w
            for i, w in enumerate(words[: titled[-1] + 1])
            if i >= first and labels[i] != "O" and not (chosen and chosen[0] <= i < chosen[1])
        ]
    office_words = [w for w, lab in zip(words, labels, strict=True) if lab == "O"]
    person = " ".join(words[chosen[0] : chosen[1]]).rstrip(",") if chosen else None
    return (" ".join(title_words) or None, " ".join(office_words) or None, person or None)


# --- signatures ----------------------------------------------------------------------------

# How much of the text's last line is read for its signature.
_LAST_LINE_CHARS = 300
# Lines after the signature that are not text: end marks, classification and review stamps, a
# page's trailer, stray quotes and backslashes of exports, a database dump's query.
_AFTER_SIGNATURE = re.compile(
    r"^(?:N{3,4}|BT|#|[\"'>\\./|*=,-]*|\.\.\.|=*\s*(?:END\s+OF\s+)?CABLE\s+ENDS?\s*=*"
    r"|END\s+CABLE\s+TEXT|(?:SENSITIVE\s+BUT\s+)?(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET"
    r"|TOP\s+SECRET|LIMITED\s+OFFICIAL\s+USE)(?:\s*//?\s*[A-Z ]+)?|NMAFVVZCZ|GP-?\d|GDS|XGDS-?\d"
    r"|\*\*\*.*|\d{4}[A-Z]{4,6}\d{5}\s*-.*|DECLASSIFIED/RELEASED.*|SYSTEMATIC\s+REVIEW.*"
    r"|NOTE\s+BY\s+OC/T.*|\*\s*MISSING\s+SECTION.*|SELECT\s.*\sFROM\s.*|<_\w+>.*"
    r"|UNQUOTE|UNQTE)$",
    re.I,
)


@cython.cfunc
def _after_signature(line: str) -> bool:
    """Whether a last line is no text but what may follow a signature."""
    if line.endswith("...") and line[-4:-3].isalnum():
        return True  # a page's preview of other text, cut inside a word: `DANIEL ORTEGA AN...`
    if "DB/Inbox" in line or "Current Classification" in line or "Current Handling" in line:
        return True  # a mail system's trailer, a review stamp
    return _AFTER_SIGNATURE.match(line) is not None


# Marks that close a text or a quoted message, before the signature: `END TEXT`, `UNQUOTE`.
_CLOSING = re.compile(
    r"(?:\bEND\s*(?:OF\s+)?(?:TEXT|QUOTE|COMMENT|SUMMARY|POINTS|NOTE)\b\.?|\bUNQUOTE\b|\bUNQTE\b:?"
    r"|\bMINIMIZE\s+CONSIDERED\b\.?)\s*$",
    re.I,
)
# What follows a signature on its own line: an end mark, a dump's date (`STEVENS 0 12/18/2007`,
# `BURNS 2006-03-31`).
_SIGNATURE_TAIL = re.compile(
    r"\s+(?:N{3,4}\b.*|(?:\d+\s+)?\d{1,2}/\d{1,2}/\d{4}(?:\s+\d+(?:\s+[A-Z,]+)?)?|\d{4}-\d\d-\d\d)"
    r"\s*$",
    re.S,
)
# One signer: a surname, perhaps with given names or initials (`John M. Ordway`, `van Voorst`,
# `STRAUSZ-HUPE`, `VAN DEN HEUVEL`).
_SIGNER_WORD = r"(?:[A-Z][A-Za-z'’-]*\.?|[A-Z]\.|van|von|de|der|den|del|da|di|du|la|le)"
_SIGNER = re.compile(rf"^{_SIGNER_WORD}(?:[ ]{_SIGNER_WORD}){{0,3}}$")
# Two signers on one line: `BODINE / SMITH`.
_TWO_SIGNERS = re.compile(r"^([A-Z][A-Z'’-]+)\s*/\s*([A-Z][A-Z'’-]+)$")
# What a signature on the text's last line follows: a sentence, a link or a rule of stars, a
# closing mark, a page line (`CAIRO 00001918 002 OF 002 Scobey`).
_BEFORE_SAME_LINE = re.compile(
    r"(?:[.!?)\]\"'”*/]|XX|\.cfm|\.html?|END\s+(?:TEXT|COMMENT)|UNQUOTE|MINIMIZE\s+CONSIDERED"
    r"|\bOF\s+\d{2,3})\s+$",
    re.I,
)
# The last word of the last line, when it is a name: `ERELI`, `#ERELI`, `XXXXXXXXXXXXTUTTLE`.
_SAME_LINE_SIGNER = re.compile(r"#?(?:X{4,})?([A-Z][A-Za-z'’-]+)")
# A name glued to the last sentence: `... on February 7.SCOBEY`.
_GLUED_SIGNER = re.compile(r"(?<=[a-z0-9)\]\"'”]\.)([A-Z][A-Z'’-]{2,})$")
_DIGIT = re.compile(r"\d")
_UNQUOTE = re.compile(r"\b(?:UNQUOTE|UNQTE)\b:?\s*")
# Words a wrapped line ends with when the sentence runs on: the next line is no signature.
_RUN_ON_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "and",
        "or",
        "by",
        "for",
        "in",
        "on",
        "at",
        "from",
        "with",
        "as",
        "than",
        "that",
        "into",
    ]
)
# Words that end a text without being anyone's name: captions, classifications, end marks,
# sections and headings, courtesies.
_NOT_SIGNERS = frozenset(
    [
        "END",
        "TEXT",
        "ENDTEXT",
        "QUOTE",
        "UNQUOTE",
        "UNQTE",
        "BT",
        "NNNN",
        "NNN",
        "SIPDIS",
        "NOFORN",
        "EXDIS",
        "NODIS",
        "LIMDIS",
        "SENSITIVE",
        "UNCLASSIFIED",
        "UNCLAS",
        "CONFIDENTIAL",
        "SECRET",
        "CLASSIFIED",
        "DECLASSIFIED",
        "EXEMPT",
        "GDS",
        "COMMENT",
        "SUMMARY",
        "NOTE",
        "NOTES",
        "BACKGROUND",
        "INTRODUCTION",
        "CONCLUSION",
        "CONCLUSIONS",
        "ANALYSIS",
        "RECOMMENDATION",
        "RECOMMENDATIONS",
        "ACTION",
        "REQUEST",
        "REQUESTED",
        "PARTICIPANTS",
        "ATTACHMENT",
        "ENCLOSURE",
        "POINTS",
        "TALKING",
        "NONPAPER",
        "AGENDA",
        "SCHEDULE",
        "DETAILS",
        "DISCUSSION",
        "OUTLOOK",
        "CONTACTS",
        "SIGNED",
        "THANKS",
        "THANK",
        "REGARDS",
        "BEST",
        "YOU",
        "MINIMIZE",
        "CONSIDERED",
        "PAGE",
        "SECTION",
        "OF",
        "AND",
        "THE",
        "FOR",
        "TO",
        "IN",
        "ON",
        "AT",
        "BY",
        "WITH",
        "IS",
        "ARE",
        "WAS",
        "WERE",
        "WILL",
        "BE",
        "HAS",
        "HAVE",
        "HE",
        "SHE",
        "WE",
        "THEY",
        "IT",
        "THIS",
        "THAT",
        "NOT",
        "NO",
        "YES",
        "CABLE",
        "ENDS",
        "MISSING",
        "DRAFTED",
        "CLEARED",
        "APPROVED",
        "APPROVAL",
        "CONCUR",
        "INFO",
        "TAGS",
        "SUBJECT",
        "REF",
        "REFS",
        "PARA",
        "BIO",
        "BIOGRAPHY",
        "TOTAL",
    ]
)


def signers_of(text: str) -> tuple[list[str], int]:
    """The names that sign the end of `text` (a cable's body), and where the signature starts.

    `... POINTS FOR USE.\nMERANTE` -> ([MERANTE], offset of `MERANTE`); two signers stand on
    two lines (`GOLDRICH` / `BERRY`) or one (`BODINE / SMITH`); 1970s telegrams end
    `KISSINGER` before `NNNN` or a classification line; a lost line break leaves the name after
    the last sentence (`... End comment. CRETZ`). A last sentence, a caption, `END TEXT`, a
    classification or a heading is never a signer.
    """
    none: tuple[list[str], int] = ([], len(text))
    end = _trimmed_end(text, len(text))
    while end > 0:  # walk back over what may follow a signature
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if not line or len(line) > 200 or not _after_signature(line):
            break
        end = _trimmed_end(text, start)
    if end <= 0:
        return none
    start = text.rfind("\n", 0, end) + 1
    line = text[start:end]
    sig = _signature_text(line[-_LAST_LINE_CHARS:])
    # A quoted message's signer, then the sender's: `PARKER UNQUOTE VANCE`.
    if "UNQ" in sig and (quoted := _UNQUOTE.search(sig)) and quoted.end() < len(sig):
        names = _signer_line(sig[quoted.end() :])
        return (names, start + line.rfind(sig[quoted.end() :])) if names else none
    if (
        2 < len(sig) <= 25
        and sig.isalpha()
        and sig.isupper()
        and sig not in _NOT_SIGNERS
        and sig.strip("X")
    ):
        names = [sig]  # the common signature: `ORDWAY`
    else:
        names = _signer_line(sig)
    if names:
        found = _own_line(text, start, names)
        if found is None:
            return names, start
        return found if found[0] else none
    # The name after the last sentence, on its line: `... this issue closely. DANILOVICH`.
    last = sig.rsplit(None, 1)[-1] if sig else ""
    glued = False
    m = _SAME_LINE_SIGNER.fullmatch(last)
    if m is None:
        m, glued = _GLUED_SIGNER.search(last), True
    if m is None:
        return none
    name = m.group(1)
    head = sig[: len(sig) - len(last) + m.start(1)].rstrip("#")
    if head[-1:].isalnum():
        head += " "  # `XXXXXXXXXXXXTUTTLE`: a redaction glued to the name
    words = head[-60:].split()
    if words and words[-1].upper() == name.upper():
        head = head.rstrip()[: -len(words[-1])]  # `SCOBEY Scobey`
    link = any(w in head for w in ("http", "www.", "Website", "Web Site", "sgov"))
    if not (glued or link or _BEFORE_SAME_LINE.search(head[-60:])):
        return none
    if not _plausible_signer(name) or (name != name.upper() and len(name) < 4):
        return none
    return [name], start + line.rfind(name)


@cython.cfunc
def _trimmed_end(text: str, end: int) -> int:
    """`end` moved back over whitespace."""
    while end > 0 and text[end - 1] in " \t\n\r\f\v":
        end -= 1
    return end


@cython.cfunc
def _signature_text(line: str) -> str:
    """A last line without what follows or wraps its signature: `#ERELI`, `MULFORD "`,
    `SOBEL .`, `HOAGLAND NNNN`, `STEVENS 0 12/18/2007`, `CARTER \\`."""
    sig = line.strip()
    if "NNN" in sig or _DIGIT.search(sig, max(0, len(sig) - 80)):
        sig = _SIGNATURE_TAIL.sub("", sig)
    sig = sig.strip().lstrip("#\"'").rstrip("\"', \\")
    if sig.endswith(".."):
        sig = sig.rstrip(". ")
    elif sig.endswith(" ."):
        sig = sig[:-2].rstrip(" ,")
    return sig


@cython.cfunc
def _own_line(text: str, start: int, names: list[str]) -> tuple[list[str], int] | None:
    """The signature on its own line at `start`, if the text before lets one stand there: None
    when the names stand as they are, (names, offset) when they change (two signers), ([], 0)
    when it is no signature."""
    base = max(0, start - 600)  # only the last lines before it are read
    before = text[base:start]
    if base == 0 and not before.strip():
        return None  # the signature is all there is
    prev_end = len(before) - 1
    prev_start = before.rfind("\n", 0, prev_end) + 1
    prev = before[prev_start:prev_end].strip()
    if not prev:
        return None  # after a blank line
    # `GOLDRICH` over `BERRY`: two signers, when a text end or a blank line comes first.
    if (
        len(names) == 1
        and (second := _signer_line(prev, last=False))
        and _ends_text(before[:prev_start])
    ):
        if second[0].upper() == names[0].upper():
            return second, base + prev_start  # the page repeated the signature
        return [*second, *names], base + prev_start
    if _ends_text(before):
        return None
    # An all-capitals name under a line of mixed-case text that does not run on (a list, a
    # table, an address: `Chief Rabbi of Jews Community in Turkey` / `SMITH`).
    name = names[0]
    last_word = prev.rsplit(None, 1)[-1].strip(",;:").lower()
    if (
        len(names) == 1
        and name.isupper()
        and len(name) >= 4
        and any(c.islower() for c in prev)
        and last_word not in _RUN_ON_WORDS
    ):
        return None
    return [], 0


@cython.cfunc
def _signer_line(line: str, *, last: bool = True) -> list[str]:
    """The signers a line holds alone, or [] when it is anything else. The text's last line may
    end with a period (`DANILOVICH.`); a line above it that does ends a sentence (`China.`)."""
    if len(line) > 80:
        return []  # a line of text, not a signature
    line = " ".join(line.split()).rstrip("\\").strip()
    if last:
        line = line.rstrip(".")
    if not line or len(line) > 40 or line.endswith("."):
        return []
    if "/" in line and (two := _TWO_SIGNERS.match(line)) is not None:
        pair = [two.group(1), two.group(2)]
        return pair if all(_plausible_signer(s) for s in pair) else []
    if _SIGNER.match(line) and _plausible_signer(line):
        words = line.split()
        if len(words) == 2 and words[0].upper() == words[1].upper():
            return [words[0]]  # `KUBISKE KUBISKE`: the page repeated it
        return [line]
    return []


def _plausible_signer(name: str) -> bool:
    words = [w.strip(".").upper() for w in name.split()]
    if not _NOT_SIGNERS.isdisjoint(words):
        return False
    # A redaction is no name, nor is an initial alone.
    return all(w.strip("X") for w in words) and any(len(w) > 1 for w in words)


def _ends_text(before: str) -> bool:
    """Whether the text before a signature line ends where a signature may follow: a blank
    line, a sentence, `END TEXT`/`UNQUOTE`, a link, a rule, a redaction."""
    end = _trimmed_end(before, len(before))
    if end == 0:
        return True
    if before.count("\n", end) > 1:
        return True  # a blank line
    last_line = before[before.rfind("\n", 0, end) + 1 : end].strip()
    if last_line[-1:] in ".:;!?)]\"'”*/":
        return True  # a sentence's end, a link's, a rule of stars
    if "http" in last_line or "www." in last_line or last_line.endswith("XX"):
        return True
    if len(last_line) > 200:
        return False
    return _CLOSING.search(last_line) is not None or _after_signature(last_line)
