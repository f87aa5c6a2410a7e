"""Similar cables, measured against the links the cables make themselves (issue 12):
`python benchmarks/similar.py`.

Quality, on the 6,712 real Cablegate pages of ../shared: every cable that cites, or is cited
by, another cable of the corpus (its REF lines, resolved to ids) asks for its 10 most similar
cables, and the cables it is linked to are the ones it should find. The link is hidden: the
texts compared are the subject and paragraphs (the REF block is not among them) with every
run of three digits or more removed, so that no serial number can give a link away. Reported
for each way of finding similar cables: recall@10 (the share of a cable's linked cables among
its 10, at most 10 counted) and nDCG@10, averaged over the cables that ask.

Ways: BM25, tantivy's own more-like-this query over the same texts (the baseline); TF-IDF
cosine; LSA (`vectors/lsa.py`, TF-IDF reduced by SVD, trained on these texts themselves);
hybrid: LSA and BM25 fused by reciprocal rank. Writes benchmarks/results/similar.md.
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import tantivy

from _corpus import RESULTS, site_documents
from cablearchive.parse import Cable
from cablearchive.pipeline import cable_from_document
from cablearchive.store.similar import DEFAULT_DIM
from cablearchive.vectors import LsaModel, passages_of
from cablearchive.vectors.index import quantize
from cablearchive.vectors.lsa import lsa_tokens, tfidf_rows

K = 10
RRF_K = 60  # reciprocal rank fusion's constant (Cormack et al., 2009)
_SERIAL = re.compile(r"\d{3,}")

Ranker = Callable[[int], list[int]]  # a query cable's position -> positions, best first


@dataclass
class Corpus:
    ids: list[str]
    texts: list[str]
    links: list[set[int]]  # for each cable, the positions of the cables it is linked to
    passages: list[list[str]]  # for each cable, its passages (digit runs removed), in order


def load() -> Corpus:
    cables = [c for d in site_documents() if isinstance(c := cable_from_document(d), Cable)]
    by_id: dict[str, int] = {}
    kept: list[Cable] = []
    for c in cables:
        if c.id not in by_id:
            by_id[c.id] = len(kept)
            kept.append(c)
    links: list[set[int]] = [set() for _ in kept]
    for i, c in enumerate(kept):
        for ref in c.references:
            j = by_id.get(ref.id or "")
            if j is not None and j != i:
                links[i].add(j)
                links[j].add(i)
    raw = [[p.text for p in passages_of(c.subject, [q.text for q in c.paragraphs])] for c in kept]
    texts = [_SERIAL.sub(" ", " ".join(ps)) for ps in raw]
    passages = [[_SERIAL.sub(" ", p) for p in ps] for ps in raw]
    return Corpus([c.id for c in kept], texts, links, passages)


def score(corpus: Corpus, rank: Ranker) -> tuple[float, float, int]:
    """Mean recall@K and nDCG@K over the cables with links, and their number."""
    recalls, ndcgs = [], []
    for i, linked in enumerate(corpus.links):
        if not linked:
            continue
        top = [j for j in rank(i) if j != i][:K]
        hits = [1.0 if j in linked else 0.0 for j in top]
        recalls.append(sum(hits) / min(len(linked), K))
        dcg = sum(h / math.log2(r + 2) for r, h in enumerate(hits))
        ideal = sum(1 / math.log2(r + 2) for r in range(min(len(linked), K)))
        ndcgs.append(dcg / ideal)
    return statistics.mean(recalls), statistics.mean(ndcgs), len(recalls)


def dense_ranker(vectors: np.ndarray) -> Ranker:
    def rank(i: int) -> list[int]:
        scores = vectors @ vectors[i]
        top = np.argpartition(-scores, K + 1)[: K + 1]
        return [int(j) for j in top[np.argsort(-scores[top])]]

    return rank


def _as_stored(vectors: np.ndarray) -> np.ndarray:
    """The vectors as the archive keeps them: int8 and a scale each, read back as float32."""
    data, scales = quantize(vectors)
    restored: np.ndarray = data.astype(np.float32) * scales.reshape(-1, 1)
    return restored


def tfidf_ranker(corpus: Corpus, model: LsaModel) -> Ranker:
    from collections import Counter

    x = tfidf_rows([Counter(lsa_tokens(t)) for t in corpus.texts], model.vocabulary, model.idf)
    xt = x.T.tocsr()

    def rank(i: int) -> list[int]:
        scores = np.asarray((x[i] @ xt).todense()).ravel()
        top = np.argpartition(-scores, K + 1)[: K + 1]
        return [int(j) for j in top[np.argsort(-scores[top])]]

    return rank


def bm25_ranker(corpus: Corpus) -> Ranker:
    """tantivy's more-like-this over an index of the texts in memory (BM25 of the query
    cable's most telling terms)."""
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("n", stored=True, indexed=True)
    builder.add_text_field("body", stored=True)
    index = tantivy.Index(builder.build())
    writer = index.writer(heap_size=200_000_000, num_threads=1)
    for n, text in enumerate(corpus.texts):
        writer.add_document(tantivy.Document(n=n, body=[text]))
    writer.commit()
    index.reload()
    searcher = index.searcher()
    address: dict[int, tantivy.DocAddress] = {}
    for _score, a in searcher.search(tantivy.Query.all_query(), len(corpus.texts)).hits:
        address[int(searcher.doc(a)["n"][0])] = a

    def rank(i: int) -> list[int]:
        query = tantivy.Query.more_like_this_query(
            address[i], min_doc_frequency=2, min_term_frequency=1, max_query_terms=25
        )
        hits = searcher.search(query, K + 1).hits
        return [int(searcher.doc(a)["n"][0]) for _s, a in hits]

    return rank


def fused(rankers: Sequence[Ranker], depth: int = 50) -> Ranker:
    """Reciprocal rank fusion of the rankers' lists (each cut at `depth`)."""
    deep = [r for r in rankers]

    def rank(i: int) -> list[int]:
        scores: dict[int, float] = {}
        for r in deep:
            for place, j in enumerate(r(i)[:depth]):
                scores[j] = scores.get(j, 0.0) + 1.0 / (RRF_K + place + 1)
        return sorted(scores, key=lambda j: -scores[j])

    return rank


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dims", type=int, nargs="+", default=[128, 256, 512])
    args = parser.parse_args()
    started = time.perf_counter()
    corpus = load()
    loaded = time.perf_counter() - started
    rows: list[tuple[str, float, float, int, float]] = []

    def measure(name: str, make: Callable[[], Ranker]) -> Ranker:
        t = time.perf_counter()
        ranker = make()
        r, n, q = score(corpus, ranker)
        rows.append((name, r, n, q, time.perf_counter() - t))
        print(f"{name}: recall@10 {r:.3f} nDCG@10 {n:.3f} ({q} cables)", flush=True)
        return ranker

    bm25 = measure("BM25 (tantivy more-like-this)", lambda: bm25_ranker(corpus))
    base = LsaModel.fit(corpus.texts, 8)
    measure("TF-IDF cosine", lambda: tfidf_ranker(corpus, base))
    lsa: dict[int, Ranker] = {}
    for dim in args.dims:
        model = LsaModel.fit(corpus.texts, dim)
        lsa[dim] = measure(
            f"LSA {dim} (vectors/lsa.py)", lambda m=model: dense_ranker(m.embed(corpus.texts))
        )
    stored = LsaModel.fit(corpus.texts, DEFAULT_DIM)
    measure(
        f"LSA {DEFAULT_DIM} as the archive stores it (int8, vectors/index.py)",
        lambda: dense_ranker(_as_stored(stored.embed(corpus.texts))),
    )
    best = max(args.dims)
    measure(f"hybrid: LSA {best} + BM25, reciprocal rank fusion", lambda: fused([lsa[best], bm25]))

    lines = [
        "# Similar cables, against the links the cables make",
        "",
        "Command: `python benchmarks/similar.py`. The 6,712 Cablegate site pages "
        f"({len(corpus.ids)} cables, read in {loaded:.0f} s); a cable linked to others of the "
        "corpus (cites or is cited) asks for its 10 most similar; the texts compared are the "
        "subject and paragraphs with digit runs of 3 or more removed (the link hidden).",
        "",
        "| way | recall@10 | nDCG@10 | cables asking | seconds |",
        "|---|---|---|---|---|",
        *(f"| {n} | {r:.3f} | {g:.3f} | {q} | {s:.1f} |" for n, r, g, q, s in rows),
    ]
    (RESULTS / "similar.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
