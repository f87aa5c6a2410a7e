"""How many training iterations the people model wants, measured on a held-out fifth of the NARA
train split (dev and test are never tuned on): `python benchmarks/people_iterations.py 10 20 30`.
Prints PER precision and recall on the held-out telegrams for each count (a few minutes each).
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
import time

from _corpus import SHARED
from cablearchive.people.evaluate import Score, score_people, split_of
from cablearchive.people.model import PersonModel, train_person_model
from cablearchive.sources import RawDocument, iter_documents

NARA = SHARED / "corpora" / "nara-cfpf-1973-1979-entities.tar.xz"


def held_out(doc: RawDocument) -> RawDocument:
    """The telegram under a path of no split the training reads (`/holdout/`)."""
    member = (doc.source.member or "").replace("/train/", "/holdout/")
    return dataclasses.replace(doc, source=dataclasses.replace(doc.source, member=member))


def main(counts: list[int]) -> int:
    docs = [d for d in iter_documents([NARA]) if isinstance(d, RawDocument)]
    train = [d for d in docs if split_of(d) == "train"]
    held = train[::5]
    chosen = {id(d) for d in held}
    training = [held_out(d) if id(d) in chosen else d for d in train]
    print(f"{len(train)} train telegrams, {len(held)} held out")
    for count in counts:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as out:
            info = train_person_model(training, f"{out}/model", seed=0, iterations=count)
            model = PersonModel.load(info.path)
            score = Score()
            for doc, found in zip(held, model.find([d.text for d in held]), strict=True):
                score.add(score_people(doc, [f.text for f in found if f.label == "PER"]))
        seconds = time.perf_counter() - started
        print(
            f"{count} iterations: precision {score.precision:.3f}, recall {score.recall:.3f}"
            f" ({seconds:.0f} s)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main([int(a) for a in sys.argv[1:]] or [10, 20, 30]))
