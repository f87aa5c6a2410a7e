"""Vectors for cables (issue 12): passages, the models that embed them, similar cables and
search by meaning. Pure where it can be: texts in, vectors out; the store keeps them."""

from cablearchive.vectors.lsa import LsaModel, lsa_tokens
from cablearchive.vectors.passages import Passage, passages_of

__all__ = ["LsaModel", "Passage", "lsa_tokens", "passages_of"]
