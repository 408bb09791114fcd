"""A lerende community: samenwerkingen that share what they learned, side by side (seed 001, fourth use).

Pure types and functions over what members chose to share (no storage, no UI). The store
(``data.community_store``) decides *what* is shared and hands it over as ``MemberPerspective`` and
``LibraryItem`` objects; this module puts them side by side:

- ``merged_table``: the community-perspectieventabel, like seed 001's own table across four cases: stakeholder
  rows × the four questions, every bullet labelled with the samenwerking it came from, and bullets that say the
  same thing grouped together (``group_similar``). A last row "Samen" holds each member's gedeeld perspectief.
- ``block_side_by_side``: one canvas block, how each member filled it.
- ``filter_overview`` and ``filter_library``: the filters of the overview table and the lessenbibliotheek.

When do two bullets *say the same thing*? ``rapidfuzz.fuzz.token_set_ratio`` on lower-cased text without
punctuation (``rapidfuzz.utils.default_process``) is at least ``GROUP_THRESHOLD`` (70, as in
``canvas.compare``). ``token_set_ratio`` and not ``compare``'s ``token_sort_ratio``: there the *same* people
rewrite their own note, here *different* samenwerkingen phrase one idea at different lengths ("Zij-instromers
die een BBL-diploma halen" / "Zij-instromers die een erkend certificaat of BBL-diploma willen halen": 100 with
the set, 73 sorted). Measured on the four demo cases (tests/test_community.py): of the 2,520 pairs of one
stakeholder and one question from two different cases, 19 reach 70, all of them about one thing ("Inclusieve
arbeidsmarkt in de regio" / "… in de polder" 91, "Reguliere OCW-bekostiging per BBL-student" / "Reguliere
bekostiging voor BBL-studenten" 81, "Klantmanagers die de kandidaten goed kennen" / "Klantmanagers die de
werkzoekende kennen" 82); just below stay apart pairs that only share a word or two ("Docenten, lokalen en
werkplaatsen" / "Praktijklokalen en docenten techniek" 68, "Nauwer contact met de trajectcoach …" / "Nauwer
contact met bedrijven …" 67). Grouping is single-link: a bullet joins the first group holding a bullet it is
close to. It is a reading aid only; no text is merged or changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz, utils

from canvas.blocks import BLOCK_ORDER, BLOCKS_BY_ID, Question
from canvas.lessons import LESSONS_BY_ID
from canvas.model import Phase
from canvas.rounds import Ronde
from stakeholders.roles import MAIN_ROLES, Role, role_info

__all__ = [
    "GEDEELD_ROW",
    "GROUP_THRESHOLD",
    "BlockColumn",
    "Bullet",
    "BulletGroup",
    "Community",
    "CommunitySnapshot",
    "CommunityTable",
    "ItemKind",
    "LibraryItem",
    "MemberPerspective",
    "Membership",
    "OverviewRow",
    "Sharing",
    "SourceKind",
    "block_side_by_side",
    "filter_library",
    "filter_overview",
    "group_similar",
    "merged_table",
    "row_label",
    "same_thing",
]

GROUP_THRESHOLD = 70.0
# The row of the merged table that holds each member's gedeeld perspectief (what the whole room agreed on).
GEDEELD_ROW = "gedeeld"
_ROLE_ORDER = {r: i for i, r in enumerate(Role)}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Community(_Frozen):
    """A group of samenwerkingen that learn from each other, run by a coordinator (who holds its key)."""

    id: int
    name: str
    region: str = ""
    description: str = ""
    invite_code: str
    created_at: dt.datetime


class Sharing(_Frozen):
    """What a member samenwerking shares with its community; its own facilitator chooses.

    ``perspective``: the gedeeld perspectief per block (and the synthesis, once that exists), on by default.
    ``lessons``: lesson scores with their remarks, leervragen and actions, on by default.
    ``notes``: the participants' revealed notes, off by default. ``names``: the names of participants (of
    notes and remarks, and the person of an action), off by default; without it nobody is named.
    """

    perspective: bool = True
    lessons: bool = True
    notes: bool = False
    names: bool = False

    @property
    def summary(self) -> str:
        parts = [
            label
            for on, label in (
                (self.perspective, "gedeeld perspectief"),
                (self.lessons, "lessen en acties"),
                (self.notes, "notities"),
                (self.names, "namen"),
            )
            if on
        ]
        return ", ".join(parts) if parts else "niets"


class Membership(_Frozen):
    """A samenwerking's place in a community, as its own facilitator sees it (no other member is in it)."""

    community_id: int
    community_name: str
    samenwerking_id: int
    sharing: Sharing
    joined_at: dt.datetime


class SourceKind(StrEnum):
    GEDEELD = "gedeeld"
    SYNTHESE = "synthese"  # a point of the member's synthesis (issue 13): a cell of its Perspectieventabel
    NOTITIE = "notitie"

    @property
    def label(self) -> str:
        return {"gedeeld": "gedeeld perspectief", "synthese": "synthese", "notitie": "notitie"}[self.value]


class Bullet(_Frozen):
    """One line a member shared, with where it comes from. ``role`` is ``None`` for a gedeeld perspectief."""

    samenwerking_id: int
    samenwerking: str
    role: Role | None
    question: Question
    block_id: str = ""  # "" for a synthesis point, which belongs to a question, not to one block
    text: str
    kind: SourceKind
    author: str = ""  # only when the member shares names

    @property
    def row(self) -> str:
        return GEDEELD_ROW if self.role is None else self.role.value

    @property
    def block_title(self) -> str:
        """Where in the member's canvas it comes from: the block, or "synthese" for a synthesis point."""
        return BLOCKS_BY_ID[self.block_id].title if self.block_id else self.kind.label


class MemberPerspective(_Frozen):
    """What one member shares of its canvas: bullets of one ronde (``ronde``; ``None`` when it has none yet)."""

    samenwerking_id: int
    samenwerking: str
    region: str = ""
    ronde: Ronde | None = None
    sharing: Sharing
    bullets: tuple[Bullet, ...] = ()


def same_thing(a: str, b: str) -> float:
    """0–100: how far two bullets say the same thing (word sets, case and punctuation ignored)."""
    return float(fuzz.token_set_ratio(a, b, processor=utils.default_process))


class BulletGroup(_Frozen):
    """Bullets of one cell that say the same thing (often one bullet alone)."""

    bullets: tuple[Bullet, ...]

    @property
    def samenwerkingen(self) -> tuple[str, ...]:
        seen: dict[int, str] = {}
        for b in self.bullets:
            seen.setdefault(b.samenwerking_id, b.samenwerking)
        return tuple(seen.values())

    @property
    def shared(self) -> bool:
        """More than one samenwerking said this."""
        return len(self.samenwerkingen) > 1


def group_similar(bullets: Sequence[Bullet], *, threshold: float = GROUP_THRESHOLD) -> list[BulletGroup]:
    """The bullets in groups that say the same thing; groups that more samenwerkingen share first.

    Within a group and among groups of equal reach the order given is kept.
    """
    groups: list[list[Bullet]] = []
    for bullet in bullets:
        for group in groups:
            if any(same_thing(bullet.text, other.text) >= threshold for other in group):
                group.append(bullet)
                break
        else:
            groups.append([bullet])
    made = [BulletGroup(bullets=tuple(g)) for g in groups]
    return [g for _, g in sorted(enumerate(made), key=lambda t: (-len(t[1].samenwerkingen), t[0]))]


class CommunityTable(_Frozen):
    """Rows (stakeholders, then "gedeeld") × the four questions; every cell a list of groups."""

    rows: tuple[str, ...]
    cells: dict[str, dict[Question, tuple[BulletGroup, ...]]]

    def cell(self, row: str, question: Question) -> tuple[BulletGroup, ...]:
        return self.cells[row][question]

    def samenwerkingen(self) -> tuple[str, ...]:
        seen: dict[int, str] = {}
        for per_q in self.cells.values():
            for groups in per_q.values():
                for g in groups:
                    for b in g.bullets:
                        seen.setdefault(b.samenwerking_id, b.samenwerking)
        return tuple(seen.values())


def row_label(row: str) -> str:
    """The label of a row of the merged table: "Samen (gedeeld perspectief)" or the stakeholder's label."""
    if row == GEDEELD_ROW:
        return "Samen (gedeeld perspectief)"
    return role_info(Role(row)).label


def merged_table(perspectives: Iterable[MemberPerspective], *, threshold: float = GROUP_THRESHOLD) -> CommunityTable:
    """The community-perspectieventabel over every member's bullets.

    Rows: the three stakeholders of seed 001 when any member shares notes and any other role that has bullets
    (as in seed 001's table), then "gedeeld" (always). Within a cell, bullets keep the members' order, then
    canvas order, before grouping.
    """
    members = list(perspectives)
    bullets = [b for m in members for b in m.bullets]
    order = {m.samenwerking_id: i for i, m in enumerate(members)}
    bullets.sort(key=lambda b: (order[b.samenwerking_id], BLOCK_ORDER.get(b.block_id, -1)))  # synthesis first
    roles = {b.role for b in bullets if b.role is not None}
    if any(m.sharing.notes for m in members):
        roles |= set(MAIN_ROLES)
    rows = [*(r.value for r in sorted(roles, key=_ROLE_ORDER.__getitem__)), GEDEELD_ROW]
    cells: dict[str, dict[Question, tuple[BulletGroup, ...]]] = {}
    for row in rows:
        cells[row] = {}
        for question in Question:
            mine = [b for b in bullets if b.row == row and b.question is question]
            cells[row][question] = tuple(group_similar(mine, threshold=threshold))
    return CommunityTable(rows=tuple(rows), cells=cells)


class BlockColumn(_Frozen):
    """How one member filled one block: its gedeeld perspectief and (if it shares them) the notes."""

    samenwerking_id: int
    samenwerking: str
    ronde: Ronde | None
    gedeeld: str = ""
    notes: tuple[Bullet, ...] = ()
    shares_notes: bool = False

    @property
    def empty(self) -> bool:
        return not self.gedeeld and not self.notes


def block_side_by_side(perspectives: Iterable[MemberPerspective], block_id: str) -> list[BlockColumn]:
    """One column per member (in the order given) for this block; a member that left it empty keeps its column."""
    BLOCKS_BY_ID[block_id]  # an unknown block is a KeyError here, not an empty comparison
    columns = []
    for m in perspectives:
        mine = [b for b in m.bullets if b.block_id == block_id]
        gedeeld = "\n".join(b.text for b in mine if b.kind is SourceKind.GEDEELD)
        notes = tuple(
            sorted(
                (b for b in mine if b.kind is SourceKind.NOTITIE),
                key=lambda b: _ROLE_ORDER[b.role] if b.role else -1,
            )
        )
        columns.append(
            BlockColumn(
                samenwerking_id=m.samenwerking_id,
                samenwerking=m.samenwerking,
                ronde=m.ronde,
                gedeeld=gedeeld,
                notes=notes,
                shares_notes=m.sharing.notes,
            )
        )
    return columns


# -- overzicht ------------------------------------------------------------------------------------------


class OverviewRow(_Frozen):
    """One member in the overview table: who it is, how far it got, who takes part (counts, never names)."""

    samenwerking_id: int
    name: str
    region: str = ""
    theme: str = ""
    partners: dict[Role, tuple[str, ...]] = {}
    rondes: tuple[Ronde, ...] = ()
    last_date: dt.date | None = None
    participants: dict[Role, int] = {}
    sharing: Sharing
    joined_at: dt.datetime

    @property
    def phases(self) -> tuple[Phase, ...]:
        seen: list[Phase] = []
        for r in self.rondes:
            if r.phase not in seen:
                seen.append(r.phase)
        return tuple(seen)

    @property
    def current_phase(self) -> Phase | None:
        return self.rondes[-1].phase if self.rondes else None


def filter_overview(
    rows: Iterable[OverviewRow], *, regions: Iterable[str] = (), phase: Phase | None = None, text: str = ""
) -> list[OverviewRow]:
    """Rows in any of ``regions`` (all when empty), that went through ``phase``, whose name, theme, region
    or a partner contains ``text`` (case-insensitive)."""
    wanted_regions = set(regions)
    needle = " ".join(text.split()).casefold()
    found = []
    for row in rows:
        if wanted_regions and row.region not in wanted_regions:
            continue
        if phase is not None and phase not in row.phases:
            continue
        if needle:
            hay = " ".join([row.name, row.region, row.theme, *(o for orgs in row.partners.values() for o in orgs)])
            if needle not in hay.casefold():
                continue
        found.append(row)
    return found


# -- lessenbibliotheek ----------------------------------------------------------------------------------


class ItemKind(StrEnum):
    LES = "les"
    LEERVRAAG = "leervraag"
    ACTIE = "actie"

    @property
    def label(self) -> str:
        return {"les": "Les", "leervraag": "Leervraag", "actie": "Actie"}[self.value]


class LibraryItem(_Frozen):
    """One thing a member shared for others to learn from: a lesson (scores and remarks), leervraag or action.

    For a lesson: ``lesson_id``, the average ``score`` of that ronde and ``text`` = the remarks. For an action:
    ``detail`` = status, owner organisation (and the person only when the member shares names), ``outcome``.
    """

    kind: ItemKind
    samenwerking_id: int
    samenwerking: str
    region: str = ""
    ronde: int
    phase: Phase
    lesson_id: int | None = None
    score: float | None = None
    scores: int = 0
    # A lesson's average per stakeholder with its count, beside the average of everyone: that one hides the
    # differences between the sides, which are what a lerende community wants to see.
    per_role: tuple[tuple[Role, float, int], ...] = ()
    text: str = ""
    outcome: str = ""
    detail: str = ""

    @property
    def per_role_text(self) -> str:
        """'ondernemer 4,0 (2) · overheid 3,0 (1)'; empty when there is nothing per stakeholder."""
        return " · ".join(
            f"{role_info(role).label.lower()} {f'{value:.1f}'.replace('.', ',')} ({count})"
            for role, value, count in self.per_role
        )

    @property
    def search_text(self) -> str:
        """What the full-text search reads: the words people wrote (and the lesson's short title)."""
        title = LESSONS_BY_ID[self.lesson_id].title if self.lesson_id else ""
        return " ".join(p for p in (title, self.text, self.outcome) if p)

    @property
    def title(self) -> str:
        if self.kind is ItemKind.LES and self.lesson_id:
            return f"Les {self.lesson_id}: {LESSONS_BY_ID[self.lesson_id].title}"
        return self.kind.label


def filter_library(
    items: Iterable[LibraryItem],
    *,
    lesson_id: int | None = None,
    region: str | None = None,
    phase: Phase | None = None,
    kinds: Iterable[ItemKind] = (),
) -> list[LibraryItem]:
    """Items of ``lesson_id`` (only lessons then), in ``region``, from a ronde in ``phase``, of ``kinds``."""
    wanted = set(kinds)
    return [
        i
        for i in items
        if (lesson_id is None or i.lesson_id == lesson_id)
        and (not region or i.region == region)
        and (phase is None or i.phase is phase)
        and (not wanted or i.kind in wanted)
    ]


class CommunitySnapshot(_Frozen):
    """Everything a coordinator may see of a community at one moment (for the Excel file)."""

    community: Community
    overview: tuple[OverviewRow, ...]
    perspectives: tuple[MemberPerspective, ...]
    library: tuple[LibraryItem, ...]
