"""The cable record: the contract every stage after parsing relies on.

A `Cable` is a plain typed record. `to_dict()` is its JSON form, the one `cables parse --jsonl`
prints and the store keeps; its keys are the record contract and change only with a migration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

# `defense` and `intelligence` are messages of other systems cited in a REF block: a military
# message by its originator and date-time group (`SECDEF 041530`, `USCINCCENT 121200Z`), an
# intelligence report by its number (`DIA IIR 6 850 0123 08`, `TD-314/12345-08`). They are not
# cables of the State Department and never get a cable id.
# Which parser made a record: bump it whenever the parser reads more or reads differently, so
# that the archive parses again the texts an older parser read (ingest's outcome `reparsed`).
# 1: the second pass (classifier, signers, subject's mark, XMT, person TAGS, reference years,
# station spellings, every summary shape, texts that lost their line breaks).
PARSER_VERSION = 1

ReferenceKind = Literal[
    "cable",
    "email",
    "telcon",
    "memcon",
    "report",
    "letter",
    "fax",
    "defense",
    "intelligence",
    "other",
]
# Where a field's value came from: the cable text, the publisher's metadata, or derived
# from other fields (e.g. classification from a banner plus the SENSITIVE caption).
Origin = Literal["text", "metadata", "derived"]


@dataclass(slots=True)
class Addressee:
    """One FM/TO/INFO line: `RUEHC/SECSTATE WASHDC PRIORITY 6218`.

    `xmt` lists the posts an `XMT` line leaves out of a collective (`INFO RUEHEE/ARAB LEAGUE
    COLLECTIVE` ... `XMT AMEMBASSY KHARTOUM`): they are not addressees, they are excepted from
    this one. The JSON form carries `xmt` only when there are such posts, so the record of an
    ordinary addressee keeps its four keys.
    """

    route: str | None
    name: str
    precedence: str | None = None
    mcn: str | None = None
    xmt: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "route": self.route,
            "name": self.name,
            "precedence": self.precedence,
            "mcn": self.mcn,
        }
        if self.xmt:
            out["xmt"] = list(self.xmt)
        return out


@dataclass(slots=True)
class Classifier:
    """Who classified the cable, from its `Classified By:` line, as the text writes each part.

    `Acting Deputy Chief of Mission Marc Wall for Reasons 1.4 (b) and (d)` -> name `Marc Wall`,
    title `Acting Deputy Chief of Mission`, office None; `EAP DAS THOMAS J. CHRISTENSEN` -> name
    `THOMAS J. CHRISTENSEN`, title `DAS`, office `EAP`. A line that names only a title (`POLITICAL
    AND ECONOMIC COUNSELOR`) has no name; one that names only a surname (`AMBASSADOR SOBEL`) has
    just that. The whole phrase stays in `Cable.classified_by`.
    """

    name: str | None = None
    title: str | None = None
    office: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "office": self.office}


@dataclass(slots=True)
class Reference:
    """One entry of the REF block: `A. ALMATY 1946` or `B. 7/8/06 PORGES-MONK EMAIL`."""

    label: str | None
    raw: str
    kind: ReferenceKind
    id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "raw": self.raw, "kind": self.kind, "id": self.id}


@dataclass(slots=True)
class Paragraph:
    """A numbered (or leading unnumbered) paragraph of the body with its portion mark."""

    number: int | None
    classification: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "classification": self.classification, "text": self.text}


class Hints(NamedTuple):
    """What a source's metadata says of a cable beside its text: the Cablegate table, the CSV
    columns, the viewer's line, another tool's JSON fields. Values are as the publisher wrote
    them, except `created` and `released`, which are ISO 8601 UTC (`2006-07-13T15:21:00Z`) where
    they could be read. (A named tuple: immutable, and built at a tuple's cost per cable.)"""

    id: str | None = None
    created: str | None = None
    released: str | None = None
    classification: str | None = None
    origin: str | None = None
    subject: str | None = None
    tags: tuple[str, ...] = ()
    references: tuple[str, ...] = ()  # cited ids a format lists beside the text (cables.csv)
    document_number: str | None = None  # a NARA document number: `1975TELAV05348`

    def or_else(self, other: Hints) -> Hints:
        """These hints, with `other`'s wherever these have none."""
        return Hints._make(mine or theirs for mine, theirs in zip(self, other, strict=True))


@dataclass(frozen=True, slots=True)
class Source:
    """Where a document was read from: enough to find it again and to notice it changed."""

    path: str | None = None
    member: str | None = None
    offset: int | None = None
    format: str | None = None
    sha256: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "member": self.member,
            "offset": self.offset,
            "format": self.format,
            "sha256": self.sha256,
        }


@dataclass(slots=True)
class Cable:
    """One parsed cable. Fields the text does not carry are None (or empty lists)."""

    id: str | None = None
    aliases: list[str] = field(default_factory=list)
    subject: str | None = None
    # The portion mark written before the subject (`SUBJECT: (C) SECRETARY RICE'S ...` -> `C`).
    subject_classification: str | None = None
    created: str | None = None
    released: str | None = None
    classification: str | None = None
    origin: str | None = None
    transmission_id: str | None = None
    precedence: str | None = None
    station: str | None = None
    serial: str | None = None
    dtg: str | None = None
    from_: str | None = None
    from_route: str | None = None
    to: list[Addressee] = field(default_factory=list)
    info: list[Addressee] = field(default_factory=list)
    banner: str | None = None
    tags: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    classified_by: str | None = None
    classifier: Classifier | None = None
    reasons: list[str] = field(default_factory=list)
    declassify_on: str | None = None
    eo: str | None = None
    declassification: str | None = None
    captions: list[str] = field(default_factory=list)
    office_lines: list[str] = field(default_factory=list)
    # `signer` is the first of `signers` (most cables have one; some are signed by two).
    signer: str | None = None
    signers: list[str] = field(default_factory=list)
    sections: int = 1
    summary: str | None = None
    comment: str | None = None
    quotations: list[str] = field(default_factory=list)
    partial: bool = False
    paragraphs: list[Paragraph] = field(default_factory=list)
    header: str | None = None
    body: str = ""
    warnings: list[str] = field(default_factory=list)
    provenance: dict[str, Origin] = field(default_factory=dict)
    source: Source = field(default_factory=Source)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "aliases": list(self.aliases),
            "subject": self.subject,
            "subject_classification": self.subject_classification,
            "created": self.created,
            "released": self.released,
            "classification": self.classification,
            "origin": self.origin,
            "transmission_id": self.transmission_id,
            "precedence": self.precedence,
            "station": self.station,
            "serial": self.serial,
            "dtg": self.dtg,
            "from": self.from_,
            "from_route": self.from_route,
            "to": [a.to_dict() for a in self.to],
            "info": [a.to_dict() for a in self.info],
            "banner": self.banner,
            "tags": list(self.tags),
            "references": [r.to_dict() for r in self.references],
            "classified_by": self.classified_by,
            "classifier": self.classifier.to_dict() if self.classifier else None,
            "reasons": list(self.reasons),
            "declassify_on": self.declassify_on,
            "eo": self.eo,
            "declassification": self.declassification,
            "captions": list(self.captions),
            "office_lines": list(self.office_lines),
            "signer": self.signer,
            "signers": list(self.signers),
            "sections": self.sections,
            "summary": self.summary,
            "comment": self.comment,
            "quotations": list(self.quotations),
            "partial": self.partial,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "header": self.header,
            "body": self.body,
            "warnings": list(self.warnings),
            "provenance": dict(self.provenance),
            "source": self.source.to_dict(),
        }
