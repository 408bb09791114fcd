"""Compare two rondes of a samenwerking: which notes are new, gone or stayed; who fell silent; lesson scores.

Pure functions over domain objects (no storage, no UI). This module imports ``rapidfuzz`` besides pydantic:
deciding whether two short Dutch sentences say the same thing is a solved problem there (fast C++, well
kept), and hand-written edit distances would be slower and less tested.

When does a note count as *gebleven*? A note of ronde B is matched with a note of ronde A of the same
stakeholder (role) in the same block when their wording is close enough: ``similarity`` at least
``SIMILARITY_THRESHOLD``. The scorer is ``rapidfuzz.fuzz.token_sort_ratio`` on lower-cased text without
punctuation (``rapidfuzz.utils.default_process``): word order does not matter ("open dagen en
loopbaanoriëntatie" = "loopbaanoriëntatie en open dagen"), added or dropped words lower the score.

The threshold is measured on the demo data (``data/demo/workshops.json``, tests/test_compare.py): two
*different* notes of one stakeholder in one block score at most 56 there (112 pairs); notes rewritten for a
next ronde ("Het netwerk van bedrijven: dat is de echte kracht" → "Het netwerk van bedrijven blijft de echte
kracht") score 75–100, while a note that turned its meaning around with the same words ("Gastlessen door
onze leermeesters" → "Leermeesters hebben geen tijd meer voor gastlessen") scores 60. 70 sits in that gap.
Pairs are matched greedily, best score first, so each note is used once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from enum import StrEnum
from statistics import mean

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz, utils

from canvas.blocks import BLOCKS
from canvas.lessons import LESSONS
from canvas.model import Note, Participant
from canvas.rounds import LessonScore, Partner, Ronde
from stakeholders.roles import Role, role_info

__all__ = [
    "SIMILARITY_THRESHOLD",
    "Change",
    "EngagementRow",
    "LessonSpread",
    "LessonTrend",
    "NoteChange",
    "RondeContent",
    "RoleStat",
    "by_block_and_role",
    "compare_notes",
    "engagement",
    "lesson_spread",
    "lesson_trend",
    "similarity",
]

SIMILARITY_THRESHOLD = 70.0

_BLOCK_ORDER = {b.id: i for i, b in enumerate(BLOCKS)}
_ROLE_ORDER = {r: i for i, r in enumerate(Role)}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Change(StrEnum):
    NIEUW = "nieuw"
    VERDWENEN = "verdwenen"
    GEBLEVEN = "gebleven"

    @property
    def label(self) -> str:
        return {"nieuw": "Nieuw", "verdwenen": "Verdwenen", "gebleven": "Gebleven"}[self.value]

    @property
    def icon(self) -> str:
        return {"nieuw": "🆕", "verdwenen": "➖", "gebleven": "🔁"}[self.value]


class NoteChange(_Frozen):
    """One note in the comparison: ``before`` (ronde A), ``after`` (ronde B), or both when it stayed."""

    block_id: str
    role: Role
    change: Change
    before: Note | None = None
    after: Note | None = None
    similarity: float = 0.0

    @property
    def text(self) -> str:
        """The newest wording: ronde B's for a note that stayed or is new, ronde A's for one that went."""
        note = self.after or self.before
        assert note is not None
        return note.text


def similarity(a: str, b: str) -> float:
    """0–100: how close two notes are in wording, ignoring case, punctuation and word order."""
    return float(fuzz.token_sort_ratio(a, b, processor=utils.default_process))


def compare_notes(
    before: Iterable[Note], after: Iterable[Note], *, threshold: float = SIMILARITY_THRESHOLD
) -> list[NoteChange]:
    """Every live note of ronde A and ronde B, marked nieuw / verdwenen / gebleven per block and role.

    Sorted by canvas block, then role, then gebleven, nieuw, verdwenen (each in the order written).
    """
    groups: dict[tuple[str, Role], tuple[list[Note], list[Note]]] = defaultdict(lambda: ([], []))
    for n in before:
        if not n.deleted:
            groups[(n.block_id, n.role)][0].append(n)
    for n in after:
        if not n.deleted:
            groups[(n.block_id, n.role)][1].append(n)

    result: list[NoteChange] = []
    for (block_id, role), (old, new) in sorted(
        groups.items(), key=lambda kv: (_BLOCK_ORDER.get(kv[0][0], 99), _ROLE_ORDER[kv[0][1]])
    ):
        old = sorted(old, key=lambda n: (n.created_at, n.id))
        new = sorted(new, key=lambda n: (n.created_at, n.id))
        scored = sorted(
            ((similarity(a.text, b.text), i, j) for i, a in enumerate(old) for j, b in enumerate(new)),
            key=lambda t: (-t[0], t[1], t[2]),
        )
        used_old: set[int] = set()
        pairs: dict[int, tuple[int, float]] = {}
        for score, i, j in scored:
            if score < threshold:
                break
            if i in used_old or j in pairs:
                continue
            used_old.add(i)
            pairs[j] = (i, score)
        for j, b in enumerate(new):
            if j in pairs:
                i, score = pairs[j]
                result.append(
                    NoteChange(
                        block_id=block_id, role=role, change=Change.GEBLEVEN, before=old[i], after=b, similarity=score
                    )
                )
        for j, b in enumerate(new):
            if j not in pairs:
                result.append(NoteChange(block_id=block_id, role=role, change=Change.NIEUW, after=b))
        for i, a in enumerate(old):
            if i not in used_old:
                result.append(NoteChange(block_id=block_id, role=role, change=Change.VERDWENEN, before=a))
    return result


def by_block_and_role(changes: Iterable[NoteChange]) -> dict[str, dict[Role, list[NoteChange]]]:
    """The changes of ``compare_notes`` per block id (every block present), then per role that has any."""
    grouped: dict[str, dict[Role, list[NoteChange]]] = {b.id: {} for b in BLOCKS}
    for c in changes:
        grouped.setdefault(c.block_id, {}).setdefault(c.role, []).append(c)
    return grouped


# -- betrokkenheid ------------------------------------------------------------------------------------


class RondeContent(_Frozen):
    """What one ronde holds for the engagement view: who came and what they wrote."""

    ronde: Ronde
    participants: tuple[Participant, ...]
    notes: tuple[Note, ...]


class EngagementRow(_Frozen):
    """One stakeholder (a role) or one organisation over the rondes, oldest ronde first.

    ``silent[i]`` is true when this row wrote notes in a ronde before ``i`` and none in ronde ``i`` (whether
    nobody came or they came and wrote nothing).
    """

    kind: str  # "rol" or "organisatie"
    label: str
    role: Role
    attendance: tuple[int, ...]
    notes: tuple[int, ...]
    silent: tuple[bool, ...]

    @property
    def silent_now(self) -> bool:
        return bool(self.silent) and self.silent[-1]


def _silences(notes: Sequence[int]) -> tuple[bool, ...]:
    spoke_before = False
    flags = []
    for count in notes:
        flags.append(spoke_before and count == 0)
        spoke_before = spoke_before or count > 0
    return tuple(flags)


def _organisation_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def engagement(rondes: Sequence[RondeContent], partners: Iterable[Partner] = ()) -> list[EngagementRow]:
    """Per role, then per organisation: participants and live notes in every ronde, with silences flagged.

    Roles: the three of seed 001 always, other roles when anyone of them ever came. Organisations: every
    partner of the samenwerking (also one that never came) and every organisation a participant named,
    matched case-insensitively; the row's role is the partner's, else the role most of its people chose.
    """
    rows: list[EngagementRow] = []
    seen_roles = {p.role for r in rondes for p in r.participants}
    for role in Role:
        if role not in (Role.ONDERNEMER, Role.OVERHEID, Role.ONDERWIJS) and role not in seen_roles:
            continue
        attendance = tuple(sum(1 for p in r.participants if p.role is role) for r in rondes)
        notes = tuple(sum(1 for n in r.notes if n.role is role and not n.deleted) for r in rondes)
        rows.append(
            EngagementRow(
                kind="rol",
                label=role_info(role).label,
                role=role,
                attendance=attendance,
                notes=notes,
                silent=_silences(notes),
            )
        )

    labels: dict[str, str] = {}
    partner_role: dict[str, Role] = {}
    for partner in partners:
        key = _organisation_key(partner.organisation)
        labels.setdefault(key, partner.organisation)
        partner_role.setdefault(key, partner.role)
    people_roles: dict[str, Counter[Role]] = defaultdict(Counter)
    for r in rondes:
        for p in r.participants:
            key = _organisation_key(p.organisation)
            if not key:
                continue
            labels.setdefault(key, " ".join(p.organisation.split()))
            people_roles[key][p.role] += 1
    for key, label in labels.items():
        role = partner_role.get(key) or people_roles[key].most_common(1)[0][0]
        attendance = tuple(sum(1 for p in r.participants if _organisation_key(p.organisation) == key) for r in rondes)
        notes = tuple(
            sum(1 for n in r.notes if not n.deleted and _organisation_key(n.author_organisation) == key) for r in rondes
        )
        rows.append(
            EngagementRow(
                kind="organisatie",
                label=label,
                role=role,
                attendance=attendance,
                notes=notes,
                silent=_silences(notes),
            )
        )
    return rows


# -- de tien lessen ------------------------------------------------------------------------------------


class RoleStat(_Frozen):
    mean: float
    count: int
    low: int
    high: int


class LessonSpread(_Frozen):
    """The scores of one lesson in one ronde, per role; ``spread`` is the gap between the role averages."""

    lesson_id: int
    per_role: dict[Role, RoleStat]
    overall: float | None
    spread: float | None
    lowest_role: Role | None = None
    highest_role: Role | None = None


def lesson_spread(scores: Iterable[LessonScore]) -> list[LessonSpread]:
    """For each of the ten lessons: average, count and range per role, and how far the roles lie apart.

    ``spread`` needs at least two roles that scored the lesson; with one or none it is ``None``.
    """
    per_lesson: dict[int, dict[Role, list[int]]] = defaultdict(lambda: defaultdict(list))
    for s in scores:
        per_lesson[s.lesson_id][s.role].append(s.score)
    result = []
    for lesson in LESSONS:
        by_role = per_lesson.get(lesson.id, {})
        stats = {
            role: RoleStat(mean=mean(values), count=len(values), low=min(values), high=max(values))
            for role, values in sorted(by_role.items(), key=lambda kv: _ROLE_ORDER[kv[0]])
        }
        everything = [v for values in by_role.values() for v in values]
        spread = lowest = highest = None
        if len(stats) >= 2:
            lowest = min(stats, key=lambda r: (stats[r].mean, _ROLE_ORDER[r]))
            highest = max(stats, key=lambda r: (stats[r].mean, -_ROLE_ORDER[r]))
            spread = stats[highest].mean - stats[lowest].mean
        result.append(
            LessonSpread(
                lesson_id=lesson.id,
                per_role=stats,
                overall=mean(everything) if everything else None,
                spread=spread,
                lowest_role=lowest,
                highest_role=highest,
            )
        )
    return result


class LessonTrend(_Frozen):
    """One lesson over the rondes (oldest first): the average of everyone and per role, ``None`` = no scores."""

    lesson_id: int
    overall: tuple[float | None, ...]
    per_role: dict[Role, tuple[float | None, ...]]

    @property
    def change(self) -> float | None:
        """The last ronde's average minus the one before it that has scores (``None`` when there is none)."""
        known = [v for v in self.overall if v is not None]
        if len(known) < 2 or self.overall[-1] is None:
            return None
        return known[-1] - known[-2]


def lesson_trend(rondes: Sequence[Sequence[LessonScore]]) -> list[LessonTrend]:
    """For each lesson: its average per ronde (``rondes`` oldest first, each the scores of one ronde)."""
    spreads = [lesson_spread(scores) for scores in rondes]
    roles = sorted({s.role for scores in rondes for s in scores}, key=lambda r: _ROLE_ORDER[r])
    result = []
    for index, lesson in enumerate(LESSONS):
        overall = tuple(ronde[index].overall for ronde in spreads)
        per_role = {
            role: tuple(
                ronde[index].per_role[role].mean if role in ronde[index].per_role else None for ronde in spreads
            )
            for role in roles
        }
        result.append(LessonTrend(lesson_id=lesson.id, overall=overall, per_role=per_role))
    return result
