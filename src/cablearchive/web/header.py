"""The transmission header explained: what each routing indicator, serial, security line,
precedence and date-time group of a header means, for the viewer's hover titles."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cablearchive.parse.dates import parse_dtg
from cablearchive.parse.header import PRECEDENCE_LETTERS, SECURITY_LEVELS
from cablearchive.reference.routing import RoutingIndicator


@dataclass(frozen=True, slots=True)
class HeaderToken:
    text: str
    title: str | None = None  # the explanation shown on hover
    kind: str | None = None  # css hint: route, serial, dtg...


_ROUTE = re.compile(r"^R[A-Z]{3,6}$")
_DTG = re.compile(r"^\d{6}Z$")  # the first word of a date-time group


def _security(letter: str) -> str:
    if letter == "E":  # EFTO: sent encrypted, but not classified
        return "unclassified, encrypted for transmission only (EFTO)"
    return SECURITY_LEVELS[letter]


def _route_title(
    route: str, table: Mapping[str, RoutingIndicator], sender: str | None = None
) -> str | None:
    """What a routing indicator stands for. `sender` is the FM line of the cable, for the
    indicator of the DE line: it is the sending station's, whoever the tables give it to."""
    found = table.get(route)
    if sender:
        title = f"routing indicator {route} of the sending station, {sender}"
        if found is not None and found.station != sender:
            # RUEHTA is Almaty's in 2006 and Astana's in the 2010 tables.
            title += f" (the routing tables give {found.station}: indicators change owners)"
        return title
    if found is None:
        return None
    title = f"routing indicator {route}: {found.station}"
    if found.other_names:
        # Indicators change owners over time: say so rather than pick one silently.
        title += " (the tables also give: " + "; ".join(found.other_names[:3]) + ")"
    return title


def _dtg_title(text: str) -> str | None:
    """`131521Z JUL 06` -> its meaning, read by the parser's own DTG rule."""
    when = parse_dtg(text)
    if when is None:
        return None
    month = calendar.month_name[when.month]
    return f"date-time group: {when.day} {month} {when.year}, {when:%H:%M} UTC"


def _explain_line(
    line: str, table: Mapping[str, RoutingIndicator], sender: str | None
) -> list[HeaderToken]:
    words = line.split(" ")
    first = words[0] if words else ""
    tokens: list[HeaderToken] = []
    if first.startswith("VZCZC"):
        return [HeaderToken(line, "transmission id: start of message (VZCZC), channel and number")]
    for i, word in enumerate(words):
        title: str | None = None
        kind: str | None = None
        route = word.split("/", 1)[0]
        of_sender = sender if first == "DE" and i == 1 else None
        if _ROUTE.match(route) and (title := _route_title(route, table, of_sender)):
            kind = "route"
            if "/" in word:
                tokens.append(HeaderToken(route, title, kind))
                tokens.append(HeaderToken(word[len(route) :]))
                tokens.append(HeaderToken(" "))
                continue
        elif first == "DE" and word.startswith("#"):
            serial, _, section = word[1:].partition("/")
            title = f"message serial {serial}" + (f", section {section}" if section else "")
            kind = "serial"
        elif first == "DE" and i == len(words) - 1 and re.fullmatch(r"\d{7}", word):
            title = f"filed on day {int(word[:3])} of the year at {word[3:5]}:{word[5:]} UTC"
            kind = "serial"
        elif word in ("ZNY", "ZNR"):
            title = "classified message" if word == "ZNY" else "unclassified message"
        elif len(word) == 5 and word[0] in SECURITY_LEVELS and word == word[0] * 5:
            title = f"security: {_security(word[0])}"
        elif i == 0 and len(words) > 1 and re.fullmatch(r"[ZOPR]{1,2}", word):
            title = "precedence: " + " / ".join(PRECEDENCE_LETTERS[c] for c in dict.fromkeys(word))
        elif i + 2 < len(words) and _DTG.match(word):
            title = _dtg_title(" ".join(words[i : i + 3]))
            if title:
                tokens.append(HeaderToken(" ".join(words[i : i + 3]), title, "dtg"))
                tokens.append(HeaderToken(" "))
                del words[i + 1 : i + 3]
                continue
        elif i == 0 and word == "XMT":
            title = "transmit to the collective above except these posts (XMT)"
        elif word in ("FM", "TO", "INFO", "DE", "BT"):
            title = {
                "FM": "from",
                "TO": "action addressees",
                "INFO": "information addressees",
                "DE": "from station (routing indicator), serial and filing time",
                "BT": "break: start or end of the text",
            }[word]
        tokens.append(HeaderToken(word, title, kind))
        tokens.append(HeaderToken(" "))
    return tokens[:-1] if tokens and tokens[-1].text == " " else tokens


@dataclass(frozen=True, slots=True)
class Excepted:
    """A collective addressee and the posts an XMT line leaves out of it."""

    route: str | None
    name: str
    posts: tuple[str, ...]

    def written_in(self, line: str) -> bool:
        """Whether `line` is the header line that addresses the collective."""
        written = f"{self.route}/{self.name}" if self.route else self.name
        return " ".join(written.split()) in " ".join(line.split())


def header_lines(
    header: str,
    table: Mapping[str, RoutingIndicator],
    sender: str | None = None,
    excepted: Iterable[Excepted] = (),
) -> list[list[HeaderToken]]:
    """The transmission header as lines of tokens, each routing indicator, serial, security
    line and date-time group with its meaning; `sender` is the cable's FM line. Each collective
    of `excepted` gets, at the end of its line, the posts its XMT line leaves out: the XMT line
    itself may be lines below, after other addressees."""
    pending = list(excepted)
    lines = []
    for line in header.splitlines():
        tokens = _explain_line(line, table, sender)
        for collective in [c for c in pending if c.written_in(line)]:
            pending.remove(collective)
            posts = ", ".join(collective.posts)
            tokens.append(HeaderToken("  "))
            tokens.append(
                HeaderToken(
                    f"except {posts}",
                    f"the XMT line leaves {posts} out of {collective.name}",
                    "xmt",
                )
            )
        lines.append(tokens)
    return lines
