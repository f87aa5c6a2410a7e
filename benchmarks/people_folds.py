"""The people model's settings measured by 5-fold cross-validation over the NARA train split
(179 telegrams, about 800 annotated people; dev and test are never tuned on):
`python benchmarks/people_folds.py [--seed 0] [--iterations 20] [--silver 0] [--last-weights]
[--blank]`.

Each fold's telegrams are held out in turn (`people_iterations.held_out`), a model is trained on
the other four fifths, and what it finds in the fold is scored as `benchmarks/people.py` scores
dev and test: the model alone and all together (the rules' names, the model's, the signers),
with the model's names as found and as `cables enrich people` keeps them (`NameCheck`). A
fold's model takes three to four minutes on one core (a blank one two to three; seven with
silver cables).
"""

from __future__ import annotations

import argparse
import tempfile
import time

from _corpus import site_documents
from cablearchive.people import mention_rules
from cablearchive.people.enrichment import NameCheck
from cablearchive.people.evaluate import Score, score_people, split_of
from cablearchive.people.model import (
    BASE_PIPELINE,
    ITERATIONS,
    PersonModel,
    cable_texts,
    choose_silver,
    train_person_model,
)
from cablearchive.sources import RawDocument, iter_documents
from people import names_read
from people_iterations import NARA, held_out

FOLDS = 5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--iterations", type=int, default=ITERATIONS)
    parser.add_argument("--silver", type=int, default=0, help="Cablegate cables added")
    parser.add_argument("--last-weights", action="store_true", help="no averaged weights")
    parser.add_argument(
        "--blank", action="store_true", help=f"train from a blank pipeline, not {BASE_PIPELINE}"
    )
    args = parser.parse_args()
    docs = [d for d in iter_documents([NARA]) if isinstance(d, RawDocument)]
    train = [d for d in docs if split_of(d) == "train"]
    silver = choose_silver(cable_texts(site_documents()), args.silver) if args.silver else []
    rules, check = mention_rules(), NameCheck.load()
    scores = {way: Score() for way in ("model", "model checked", "all", "all checked")}
    started = time.perf_counter()
    for k in range(FOLDS):
        fold = train[k::FOLDS]
        chosen = {id(d) for d in fold}
        training = [held_out(d) if id(d) in chosen else d for d in train]
        with tempfile.TemporaryDirectory() as out:
            info = train_person_model(
                training,
                f"{out}/model",
                seed=args.seed,
                iterations=args.iterations,
                silver=silver,
                averaged=not args.last_weights,
                base=None if args.blank else BASE_PIPELINE,
            )
            found = PersonModel.load(info.path).find([d.text for d in fold])
        for doc, entities in zip(fold, found, strict=True):
            in_text, signers, people, kept = names_read(doc, entities, rules, check)
            scores["model"].add(score_people(doc, people))
            scores["model checked"].add(score_people(doc, kept))
            scores["all"].add(score_people(doc, in_text + people + signers))
            scores["all checked"].add(score_people(doc, in_text + kept + signers))
        print(f"fold {k + 1}/{FOLDS} done ({time.perf_counter() - started:.0f} s)", flush=True)
    print(
        f"seed {args.seed}, {args.iterations} iterations, {args.silver} silver cables,"
        f" {'last' if args.last_weights else 'averaged'} weights,"
        f" {'a blank pipeline' if args.blank else BASE_PIPELINE}:"
    )
    for way, score in scores.items():
        print(
            f"  {way:14} annotated {score.annotated}, found {score.found}, recall"
            f" {score.recall:.3f}; predicted {score.predicted}, right {score.right},"
            f" precision {score.precision:.3f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
