"""Groeperen: suggest groups of similar notes within one cell (or one block), for the facilitator to judge.

Advisory only: a suggestion merges nothing. The facilitator accepts it (and can then make one bullet of
it), rejects it, or undoes either; the store keeps those decisions (``data.store``).

Method (README.md, "Synthese"): TF-IDF over **character n-grams of 3 to 5 letters within words**
(scikit-learn's ``TfidfVectorizer(analyzer="char_wb")``), cosine similarity, and average-linkage grouping
at ``THRESHOLD``. Character n-grams suit short Dutch notes: inflections and compounds share most of their
letters ("zij-instromers" / "zij-instroom", "betalen" / "betaalt", "herstart" / "herstarten"), where a
word-level fuzzy match (rapidfuzz's token ratios, tried on the demo notes) scored those pairs below
unrelated pairs that share little words such as "de", "aan" and "in". Before counting, text is lowercased,
hyphens inside a word are dropped ("zij-instroom" → "zijinstroom", so "zij instroom" and "zijinstroom" meet),
and Dutch function words are removed. IDF is computed over all notes given, so words every cell uses
("kandidaten", "bedrijven") weigh little.

Why a library: a pure-Python version of the same sums took 12 s for 5,400 notes on this machine (the target
is under 1 s); scikit-learn's counting and scipy's sparse matrices do it in a fraction of that (``_vectors``
makes the n-grams once per distinct word, which gives the same numbers as ``TfidfVectorizer`` in a fifth of
its time). It pulls in numpy (already there for Streamlit) and scipy. This module is the one place in
``canvas/`` that imports them. Nothing is
downloaded at run time: no model, no word lists beyond the stop words below.

Threshold: 0.33, chosen on the demo notes (demo/workshops.json, 637 pairs of notes in the same block).
Near-duplicates score well above it ("Wij betalen als bedrijven mee aan de RIF-aanvraag" / "School betaalt
mee aan de RIF-aanvraag" 0.65; "De nieuwkomer die bij ons zijn loopbaan herstart" / "Deelnemers die hun
loopbaan herstarten" 0.59); from 0.33 to 0.45 come notes on one topic ("Loopbaanoriëntatie en open dagen op
scholen" / "Voorlichting op vmbo-scholen en open dagen" 0.34), the kind a facilitator wants side by side;
just below 0.33 come pairs that share a word but not a point ("Taaldocenten en BBL-trajecten" / "De taaldocent
sluit aan bij het eerste gesprek" 0.32). About 2 % of the pairs pass: few enough to judge one by one.
tests/test_grouping.py keeps these examples.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import StrEnum

import numpy as np
from pydantic import BaseModel, ConfigDict

from canvas.blocks import BLOCKS_BY_ID, Question
from canvas.model import Note
from stakeholders.roles import Role

__all__ = [
    "THRESHOLD",
    "GroupSuggestion",
    "Scope",
    "block_scope",
    "cell_scope",
    "group_texts",
    "similarity",
    "suggest_groups",
]

THRESHOLD = 0.33

# Dutch function words: they carry no topic and would make any two notes look alike.
STOP_WORDS = frozenset(
    """
    de het een en of van voor in op met te aan door om bij als ook dat die dit deze is zijn was wordt worden
    er niet geen naar uit tot over onder na dan nog wel meer maar zo al wat wie hoe waar we wij ons onze ze
    zij hun je jij jullie ik mij mijn u hij haar hem men
    """.split()
)

_HYPHEN_IN_WORD = re.compile(r"(?<=\w)-(?=\w)")
_NOT_WORD = re.compile(r"[\W_]+")


class Scope(StrEnum):
    CELL = "cel"
    BLOCK = "blok"


def cell_scope(role: Role, question: Question) -> str:
    """The scope key of a cell, as the store keeps it with a decision: ``cel:ondernemer:financiering``."""
    return f"{Scope.CELL}:{role.value}:{question.value}"


def block_scope(block_id: str) -> str:
    return f"{Scope.BLOCK}:{block_id}"


def _scope_of(note: Note, scope: Scope) -> str:
    if scope is Scope.CELL:
        return cell_scope(note.role, BLOCKS_BY_ID[note.block_id].feeds)
    return block_scope(note.block_id)


def normalise(text: str) -> str:
    """Lowercase, hyphens inside words dropped, punctuation to spaces, Dutch function words out."""
    text = _HYPHEN_IN_WORD.sub("", text.lower())
    return " ".join(w for w in _NOT_WORD.split(text) if w and w not in STOP_WORDS)


def _vectors(texts: Sequence[str]):
    """Unit-length TF-IDF rows (a scipy sparse matrix), or ``None`` when no text has a letter to count.

    The same numbers as ``TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), preprocessor=normalise,
    sublinear_tf=True)``, computed faster: "char_wb" takes its n-grams within words only, so a text's counts
    are the sum of its words' counts. The n-grams are made once per distinct word (a workshop repeats its
    words a lot) and summed per text with one sparse product; scikit-learn's own loop made them again for
    every text, about 0.9 s of the 1 s budget for 5,400 notes.
    """
    # Imported here, not at the top: scikit-learn and scipy take over a second to import, and every page and
    # every `pps-canvas` command imports this module (through canvas.rounds) while few of them group anything.
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, text in enumerate(texts):
        for word in normalise(text).split():
            rows.append(row)
            columns.append(vocabulary.setdefault(word, len(vocabulary)))
    if not vocabulary:  # only punctuation, emoji or function words
        return None
    words_in_text = csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(len(texts), len(vocabulary))
    )
    grams_in_word = CountVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), lowercase=False, dtype=np.float32
    ).fit_transform(list(vocabulary))
    counts = words_in_text @ grams_in_word
    return TfidfTransformer(sublinear_tf=True).fit_transform(counts).astype(np.float32)


def similarity(a: str, b: str, *, corpus: Iterable[str] = ()) -> float:
    """Cosine similarity of two texts (0..1), with IDF over ``a``, ``b`` and ``corpus``."""
    matrix = _vectors([a, b, *corpus])
    if matrix is None:
        return 0.0
    return float((matrix[0] @ matrix[1].T).toarray()[0, 0])


class GroupSuggestion(BaseModel):
    """Notes that read alike; ``score`` is their average pairwise similarity."""

    model_config = ConfigDict(frozen=True)

    scope: str
    note_ids: tuple[int, ...]
    score: float

    @property
    def key(self) -> tuple[str, tuple[int, ...]]:
        return self.scope, self.note_ids


def suggest_groups(
    notes: Iterable[Note], *, scope: Scope = Scope.CELL, threshold: float = THRESHOLD
) -> list[GroupSuggestion]:
    """Groups of two or more similar live notes within each scope (cell or block), strongest first.

    Average linkage: two groups join when the mean similarity between their notes is at least ``threshold``,
    so a chain of slightly similar notes does not snowball into one big group.
    """
    live = [n for n in notes if not n.deleted]
    if len(live) < 2:
        return []
    matrix = _vectors([n.text for n in live])
    if matrix is None:
        return []
    by_scope: dict[str, list[int]] = {}
    for index, note in enumerate(live):
        by_scope.setdefault(_scope_of(note, scope), []).append(index)
    out: list[GroupSuggestion] = []
    for scope_key, rows in by_scope.items():
        if len(rows) < 2:
            continue
        sub = matrix[rows]
        sim = (sub @ sub.T).toarray()
        for members, score in _average_linkage(sim, threshold):
            ids = tuple(sorted(live[rows[m]].id for m in members))
            out.append(GroupSuggestion(scope=scope_key, note_ids=ids, score=round(score, 3)))
    out.sort(key=lambda g: (-g.score, g.scope, g.note_ids))
    return out


def group_texts(texts: Sequence[str], *, threshold: float = THRESHOLD) -> list[tuple[tuple[int, ...], float]]:
    """Groups of two or more similar texts, as positions in ``texts`` with their average similarity, strongest
    first: the same method as ``suggest_groups``, for short texts that are not notes (seed 003's factoren)."""
    matrix = _vectors(list(texts)) if len(texts) >= 2 else None
    if matrix is None:
        return []
    groups = _average_linkage((matrix @ matrix.T).toarray(), threshold)
    return sorted(((tuple(g), round(score, 3)) for g, score in groups), key=lambda x: (-x[1], x[0]))


def _average_linkage(sim: np.ndarray, threshold: float) -> list[tuple[list[int], float]]:
    """Clusters of size ≥ 2 from a square similarity matrix, merging the most similar pairs first."""
    n = sim.shape[0]
    upper = np.triu(sim, k=1)
    i_idx, j_idx = np.nonzero(upper >= threshold)
    if not len(i_idx):
        return []
    order = np.argsort(-upper[i_idx, j_idx], kind="stable")
    firsts, seconds = i_idx[order].tolist(), j_idx[order].tolist()
    cluster_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    for i, j in zip(firsts, seconds, strict=True):
        a, b = cluster_of[i], cluster_of[j]
        if a == b:
            continue
        group_a, group_b = members[a], members[b]
        # Two single notes: their own similarity passed the threshold already.
        if (len(group_a) > 1 or len(group_b) > 1) and sim[np.ix_(group_a, group_b)].mean() < threshold:
            continue
        group_a.extend(group_b)
        for m in members.pop(b):
            cluster_of[m] = a
    out = []
    for group in members.values():
        if len(group) < 2:
            continue
        block = sim[np.ix_(group, group)]
        pairs = len(group) * (len(group) - 1)
        out.append((sorted(group), float((block.sum() - np.trace(block)) / pairs)))
    return out
