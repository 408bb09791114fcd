"""The store's part for lerende communities: kept in its own module, mixed into ``data.store.Store``.

Access rules (issue 14), all checked here:

- A community is opened with its **coordinator key** (``secrets``, 192 bits; only its SHA-256 is stored, like a
  facilitator key). Every coordinator read goes through ``_coordinated(key)`` and sees only what members chose
  to share (``member_perspective``, ``_library_items``): never hidden notes, never names unless chosen.
- A samenwerking joins only through **its own facilitator key** and the community's invitation code, with its
  own sharing choices. A facilitator key opens nothing of the community: no method here returns another
  samenwerking's data for a facilitator key (``memberships`` lists the key's own samenwerking only).
- **Leaving deletes the membership row.** Nothing shared is ever copied: every view, search and export reads
  the live data through that row, so withdrawn data is gone from all of them at once. The full-text search
  keeps no index table for the same reason: it indexes the shared texts of one community on the fly, in the
  database's own engine (SQLite FTS5 in a per-connection TEMP table; PostgreSQL ``to_tsvector('dutch', …)``).
"""

from __future__ import annotations

import re
import secrets
from collections import Counter, defaultdict
from collections.abc import Iterable
from statistics import mean

from sqlalchemy import text as sql
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from canvas.blocks import BLOCKS_BY_ID, Question
from canvas.clock import as_utc
from canvas.clock import now as _now
from canvas.community import (
    BlockColumn,
    Bullet,
    Community,
    CommunitySnapshot,
    ItemKind,
    LibraryItem,
    MemberPerspective,
    Membership,
    OverviewRow,
    Sharing,
    SourceKind,
    block_side_by_side,
    filter_library,
)
from canvas.model import Phase
from canvas.rounds import ActionStatus
from data.checks import clean_line, clean_text, hash_secret, new_secret
from data.errors import AccessDenied, InvalidInput, NotFound, StoreError
from data.mappers import to_ronde
from data.tables import (
    ActionRow,
    BulletRow,
    CommunityMemberRow,
    CommunityRow,
    ConclusionRow,
    LeervraagRow,
    LessonScoreRow,
    NoteRow,
    ParticipantRow,
    PartnerRow,
    SamenwerkingRow,
    WorkshopRow,
    split_revealed_blocks,
)
from stakeholders.roles import Role

__all__ = ["CommunityStore", "INVITE_ALPHABET"]

# Invitation codes avoid characters that look alike (no 0/O, 1/I/L), like join codes.
INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
INVITE_LENGTH = 8
MAX_COMMUNITY_NAME = 120
MAX_DESCRIPTION = 500
MAX_QUERY = 200

_NAME_TAKEN = "Er bestaat al een community met de naam {name}; kies een andere naam."
_NO_KEY = "Deze pagina is alleen voor de coördinator van een community: open de coördinatorlink (?ckey=…)."
_WRONG_KEY = (
    "Deze coördinatorlink klopt niet. Gebruik de link die je kreeg toen de community werd aangemaakt, "
    "of vraag wie de server beheert om een nieuwe (pps-canvas community sleutel NAAM)."
)


def _row_to_community(row: CommunityRow) -> Community:
    assert row.id is not None
    return Community(
        id=row.id,
        name=row.name,
        region=row.region,
        description=row.description,
        invite_code=row.invite_code,
        created_at=as_utc(row.created_at),
    )


def _sharing(row: CommunityMemberRow) -> Sharing:
    return Sharing(
        perspective=row.share_perspective, lessons=row.share_lessons, notes=row.share_notes, names=row.share_names
    )


def _set_sharing(row: CommunityMemberRow, sharing: Sharing) -> None:
    row.share_perspective = sharing.perspective
    row.share_lessons = sharing.lessons
    row.share_notes = sharing.notes
    row.share_names = sharing.names


def _normalise_invite(raw: str) -> str:
    return re.sub(r"[\s\-_.]+", "", raw or "").upper()


def _lines(text: str) -> list[str]:
    """A gedeeld perspectief as bullets: one per line, list marks ("-", "•", "*") taken off."""
    found = []
    for line in text.splitlines():
        line = re.sub(r"^\s*(?:[-•*·]\s+)?", "", line).strip()
        if line:
            found.append(line)
    return found


def _search_words(query: str) -> list[str]:
    """The words of a search, letters and digits only: nothing a user types reaches FTS syntax."""
    return re.findall(r"[^\W_]+", query.casefold())[:20]


class CommunityStore:
    """Communities and their members; ``self`` is a ``data.store.Store`` (its engine, ``_run``, keys).

    Not annotated as ``Store``: data.store imports this module, and the import graph has no cycles.
    """

    # -- the community and its coordinator key --------------------------------------------------------

    def create_community(self, *, name: str, region: str = "", description: str = "") -> tuple[Community, str]:
        """A new community and its coordinator key (shown once; only its hash is kept)."""
        name = clean_line(name, what="De naam van de community", max_length=MAX_COMMUNITY_NAME, required=True)
        region = clean_line(region, what="De regio", max_length=MAX_COMMUNITY_NAME, required=False)
        description = clean_text(description, what="De omschrijving", max_length=MAX_DESCRIPTION, required=False)
        if self._community_named(name) is not None:
            raise InvalidInput(_NAME_TAKEN.format(name=name))
        key = new_secret()
        for _attempt in range(20):
            code = "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_LENGTH))

            def work(session: Session, code: str = code) -> CommunityRow:
                row = CommunityRow(
                    name=name,
                    region=region,
                    description=description,
                    invite_code=code,
                    coordinator_key_hash=hash_secret(key),
                    created_at=_now(),
                )
                session.add(row)
                session.flush()
                return row

            try:
                return _row_to_community(self._run(work)), key
            except IntegrityError:
                if self._community_named(name) is not None:
                    raise InvalidInput(
                        f"Er bestaat al een community met de naam {name}; kies een andere naam."
                    ) from None
                continue  # the invitation code was taken: draw another
        raise StoreError("Kon geen vrije uitnodigingscode vinden; probeer het opnieuw.")  # pragma: no cover

    def _community_named(self, name: str) -> CommunityRow | None:
        wanted = " ".join((name or "").split()).casefold()
        with Session(self.engine) as session:
            for row in session.exec(select(CommunityRow)):
                if " ".join(row.name.split()).casefold() == wanted:
                    return row
        return None

    def _coordinated(self, key: str) -> CommunityRow:
        if not key:
            raise AccessDenied(_NO_KEY)
        with Session(self.engine) as session:
            row = session.exec(
                select(CommunityRow).where(CommunityRow.coordinator_key_hash == hash_secret(key))
            ).first()
        if row is None:
            raise AccessDenied(_WRONG_KEY)
        return row

    def coordinated_community(self, key: str) -> Community:
        """The community this coordinator key opens; ``AccessDenied`` for a wrong or missing key."""
        return _row_to_community(self._coordinated(key))

    def communities(self) -> list[Community]:
        """Every community (names, regions, invitation codes: no member data), for the command line."""
        with Session(self.engine) as session:
            rows = session.exec(select(CommunityRow).order_by(col(CommunityRow.id))).all()
        return [_row_to_community(r) for r in rows]

    def community_by_name(self, name: str) -> Community:
        """For the command line (whoever holds the database): the community with this name, case ignored."""
        row = self._community_named(name)
        if row is None:
            raise NotFound(f"Er is geen community met de naam {name!r}. Zie pps-canvas community lijst.")
        return _row_to_community(row)

    def reset_coordinator_key(self, name: str) -> str:
        """A new coordinator key for the community with this name (the old one stops working)."""
        found = self.community_by_name(name)
        key = new_secret()

        def work(session: Session) -> None:
            row = session.get(CommunityRow, found.id)
            assert row is not None
            row.coordinator_key_hash = hash_secret(key)
            session.add(row)

        self._run(work)
        return key

    # -- the facilitator's side: opting in, choosing, leaving -----------------------------------------

    def community_invitation(self, invite_code: str) -> Community:
        """The community an invitation code names (its name and region only matter to the facilitator)."""
        code = _normalise_invite(invite_code)
        if not code:
            raise InvalidInput("Vul de uitnodigingscode in die je van de coördinator kreeg.")
        with Session(self.engine) as session:
            row = session.exec(select(CommunityRow).where(CommunityRow.invite_code == code)).first()
        if row is None:
            raise NotFound(f"Er is geen community met uitnodigingscode {code}. Controleer de code bij de coördinator.")
        return _row_to_community(row)

    def join_community(self, key: str, invite_code: str, sharing: Sharing | None = None) -> Membership:
        """Opt the samenwerking of this facilitator key into a community, sharing what ``sharing`` says."""
        samenwerking, _ = self.facilitated_samenwerking(key)
        community = self.community_invitation(invite_code)
        sharing = sharing or Sharing()

        def work(session: Session) -> CommunityMemberRow:
            existing = session.exec(
                select(CommunityMemberRow).where(
                    CommunityMemberRow.community_id == community.id,
                    CommunityMemberRow.samenwerking_id == samenwerking.id,
                )
            ).first()
            if existing is not None:
                raise InvalidInput(f"Deze samenwerking is al lid van {community.name}; pas aan wat je deelt.")
            now = _now()
            row = CommunityMemberRow(
                community_id=community.id, samenwerking_id=samenwerking.id, joined_at=now, updated_at=now
            )
            _set_sharing(row, sharing)
            session.add(row)
            session.flush()
            return row

        try:
            row = self._run(work)
        except IntegrityError:
            raise InvalidInput(f"Deze samenwerking is al lid van {community.name}; pas aan wat je deelt.") from None
        return Membership(
            community_id=community.id,
            community_name=community.name,
            samenwerking_id=samenwerking.id,
            sharing=_sharing(row),
            joined_at=as_utc(row.joined_at),
        )

    def _own_membership(self, session: Session, samenwerking_id: int, community_id: int) -> CommunityMemberRow:
        row = session.exec(
            select(CommunityMemberRow).where(
                CommunityMemberRow.community_id == community_id,
                CommunityMemberRow.samenwerking_id == samenwerking_id,
            )
        ).first()
        if row is None:
            raise NotFound("Deze samenwerking is (niet meer) lid van die community.")
        return row

    def set_sharing(self, key: str, community_id: int, sharing: Sharing) -> Membership:
        """Change what the samenwerking of this key shares with one of its communities; applies at once."""
        samenwerking, _ = self.facilitated_samenwerking(key)

        def work(session: Session) -> CommunityMemberRow:
            row = self._own_membership(session, samenwerking.id, community_id)
            _set_sharing(row, sharing)
            row.updated_at = _now()
            session.add(row)
            session.flush()
            return row

        self._run(work)
        return next(m for m in self.memberships(key) if m.community_id == community_id)

    def leave_community(self, key: str, community_id: int) -> None:
        """Withdraw: the samenwerking of this key leaves the community, and all it shared is gone at once."""
        samenwerking, _ = self.facilitated_samenwerking(key)

        def work(session: Session) -> None:
            session.delete(self._own_membership(session, samenwerking.id, community_id))

        self._run(work)

    def remove_member(self, key: str, samenwerking_id: int) -> str:
        """The coordinator takes a samenwerking out of the community (one that joined by mistake, or stopped);
        all it shared is gone at once, as when it withdraws itself. Returns its name. Its facilitator can join
        again with the invitation code: consent stays with the samenwerking."""
        community = self._coordinated(key)

        def work(session: Session) -> str:
            row = self._own_membership(session, samenwerking_id, community.id or 0)
            samenwerking = session.get(SamenwerkingRow, samenwerking_id)
            session.delete(row)
            return samenwerking.name if samenwerking is not None else ""

        return self._run(work)

    def memberships(self, key: str) -> list[Membership]:
        """The communities the samenwerking of this facilitator key belongs to, with its choices (no one else's)."""
        samenwerking, _ = self.facilitated_samenwerking(key)
        with Session(self.engine) as session:
            rows = session.exec(
                select(CommunityMemberRow, CommunityRow)
                .join(CommunityRow, col(CommunityMemberRow.community_id) == col(CommunityRow.id))
                .where(CommunityMemberRow.samenwerking_id == samenwerking.id)
                .order_by(col(CommunityMemberRow.joined_at), col(CommunityMemberRow.id))
            ).all()
        return [
            Membership(
                community_id=c.id or 0,
                community_name=c.name,
                samenwerking_id=m.samenwerking_id,
                sharing=_sharing(m),
                joined_at=as_utc(m.joined_at),
            )
            for m, c in rows
        ]

    # -- what a member shares ---------------------------------------------------------------------------

    @staticmethod
    def _members(session: Session, community_id: int) -> list[tuple[CommunityMemberRow, SamenwerkingRow]]:
        return list(
            session.exec(
                select(CommunityMemberRow, SamenwerkingRow)
                .join(SamenwerkingRow, col(CommunityMemberRow.samenwerking_id) == col(SamenwerkingRow.id))
                .where(CommunityMemberRow.community_id == community_id)
                .order_by(col(CommunityMemberRow.joined_at), col(CommunityMemberRow.id))
            ).all()
        )

    @staticmethod
    def _rondes(session: Session, samenwerking_id: int) -> list[WorkshopRow]:
        return list(
            session.exec(
                select(WorkshopRow)
                .where(WorkshopRow.samenwerking_id == samenwerking_id)
                .order_by(col(WorkshopRow.ronde))
            ).all()
        )

    @staticmethod
    def _current_ronde(session: Session, rondes: list[WorkshopRow]) -> WorkshopRow | None:
        """The newest ronde in which anything was written (gedeeld perspectief or a note), else the newest."""
        for row in reversed(rondes):
            wrote = session.exec(select(NoteRow.id).where(NoteRow.workshop_id == row.id).limit(1)).first()
            agreed = session.exec(select(ConclusionRow.id).where(ConclusionRow.workshop_id == row.id).limit(1)).first()
            if wrote is not None or agreed is not None:
                return row
        return rondes[-1] if rondes else None

    def member_perspective(
        self,
        session: Session,
        member: CommunityMemberRow,
        samenwerking: SamenwerkingRow,
        ronde_number: int | None = None,
    ) -> MemberPerspective:
        """What one member shares per stakeholder × question: **the one place** that decides it.

        Today: with ``perspective`` the gedeeld perspectief of every block (one bullet per line, in the row
        "gedeeld"); with ``notes`` the notes the room saw (revealed blocks, not deleted) per stakeholder; the
        author's name only with ``names``. All from the member's current ronde (``_current_ronde``), or from
        its ronde ``ronde_number`` when one is asked for (none when it has no ronde of that number).

        With ``perspective`` also the points of the member's synthesis (``SourceKind.SYNTHESE``), per
        stakeholder × question, in the synthesis' own order: what the facilitator distilled. A cell that has
        synthesis points shows those instead of its notes, as the ronde's own Perspectieven table does.
        Every community view, the search and the Excel file read bullets only from here.
        """
        assert samenwerking.id is not None
        sharing = _sharing(member)
        rondes = self._rondes(session, samenwerking.id)
        if ronde_number is None:
            current = self._current_ronde(session, rondes)
        else:
            current = next((r for r in rondes if r.ronde == ronde_number), None)
        bullets: list[Bullet] = []
        if current is not None and sharing.perspective:
            latest: dict[str, ConclusionRow] = {}
            for c in session.exec(
                select(ConclusionRow)
                .where(ConclusionRow.workshop_id == current.id)
                .order_by(col(ConclusionRow.version))
            ):
                latest[c.block_id] = c
            for block_id, c in sorted(latest.items(), key=lambda kv: list(BLOCKS_BY_ID).index(kv[0])):
                for line in _lines(c.text):
                    bullets.append(
                        Bullet(
                            samenwerking_id=samenwerking.id, samenwerking=samenwerking.name, role=None,
                            question=BLOCKS_BY_ID[block_id].feeds, block_id=block_id, text=line,
                            kind=SourceKind.GEDEELD,
                        )
                    )  # fmt: skip
        synthesised: set[tuple[str, str]] = set()
        if current is not None and sharing.perspective:
            for point in session.exec(
                select(BulletRow)
                .where(BulletRow.workshop_id == current.id, col(BulletRow.removed).is_(False))
                .order_by(col(BulletRow.role), col(BulletRow.question), col(BulletRow.position), col(BulletRow.id))
            ):
                synthesised.add((point.role, point.question))
                bullets.append(
                    Bullet(
                        samenwerking_id=samenwerking.id, samenwerking=samenwerking.name, role=Role(point.role),
                        question=Question(point.question), text=point.text, kind=SourceKind.SYNTHESE,
                    )
                )  # fmt: skip
        if current is not None and sharing.notes:
            revealed = set(split_revealed_blocks(current.revealed_blocks))
            rows = session.exec(
                select(NoteRow, ParticipantRow)
                .join(ParticipantRow, col(NoteRow.participant_id) == col(ParticipantRow.id))
                .where(NoteRow.workshop_id == current.id, col(NoteRow.deleted).is_(False))
                .order_by(col(NoteRow.created_at), col(NoteRow.id))
            ).all()
            for note, author in rows:
                if not (current.revealed_all or note.block_id in revealed):
                    continue  # a note the room never saw stays with its writer
                if (author.role, BLOCKS_BY_ID[note.block_id].feeds.value) in synthesised:
                    continue  # the cell's synthesis speaks for its notes
                bullets.append(
                    Bullet(
                        samenwerking_id=samenwerking.id, samenwerking=samenwerking.name, role=Role(author.role),
                        question=BLOCKS_BY_ID[note.block_id].feeds, block_id=note.block_id, text=note.text,
                        kind=SourceKind.NOTITIE, author=author.name if sharing.names else "",
                    )
                )  # fmt: skip
        return MemberPerspective(
            samenwerking_id=samenwerking.id,
            samenwerking=samenwerking.name,
            region=samenwerking.region,
            ronde=to_ronde(current) if current is not None else None,
            sharing=sharing,
            bullets=tuple(bullets),
        )

    def _overview_row(self, session: Session, member: CommunityMemberRow, samenwerking: SamenwerkingRow) -> OverviewRow:
        assert samenwerking.id is not None
        partners: dict[Role, list[str]] = defaultdict(list)
        for p in session.exec(
            select(PartnerRow).where(PartnerRow.samenwerking_id == samenwerking.id).order_by(col(PartnerRow.id))
        ):
            partners[Role(p.role)].append(p.organisation)
        rondes = self._rondes(session, samenwerking.id)
        current = self._current_ronde(session, rondes)
        counts: Counter[Role] = Counter()
        if current is not None:
            for role in session.exec(select(ParticipantRow.role).where(ParticipantRow.workshop_id == current.id)):
                counts[Role(role)] += 1
        dates = [r.date for r in rondes if r.date is not None]
        return OverviewRow(
            samenwerking_id=samenwerking.id,
            name=samenwerking.name,
            region=samenwerking.region,
            theme=samenwerking.theme,
            partners={r: tuple(v) for r, v in partners.items()},
            rondes=tuple(to_ronde(r) for r in rondes),
            last_date=max(dates) if dates else None,
            participants=dict(counts),
            sharing=_sharing(member),
            joined_at=as_utc(member.joined_at),
        )

    def _library_items(
        self, session: Session, member: CommunityMemberRow, samenwerking: SamenwerkingRow
    ) -> list[LibraryItem]:
        """Lessons (revealed rondes only; remarks without names), leervragen and actions, if the member shares them."""
        if not member.share_lessons:
            return []
        assert samenwerking.id is not None
        rondes = self._rondes(session, samenwerking.id)
        by_number = {r.ronde: r for r in rondes}
        base = {"samenwerking_id": samenwerking.id, "samenwerking": samenwerking.name, "region": samenwerking.region}
        items: list[LibraryItem] = []
        for r in rondes:
            phase = Phase(r.phase)
            if r.lessons_revealed:
                per_lesson: dict[int, list[tuple[LessonScoreRow, str]]] = defaultdict(list)
                for s, role in session.exec(
                    select(LessonScoreRow, ParticipantRow.role)
                    .join(ParticipantRow, col(LessonScoreRow.participant_id) == col(ParticipantRow.id))
                    .where(LessonScoreRow.workshop_id == r.id)
                    .order_by(col(LessonScoreRow.id))
                ):
                    per_lesson[s.lesson_id].append((s, role))
                for lesson_id, pairs in sorted(per_lesson.items()):
                    scores = [s for s, _ in pairs]
                    remarks = [s.remark.strip() for s in scores if s.remark.strip()]
                    by_role: dict[Role, list[int]] = defaultdict(list)
                    for s, role in pairs:
                        by_role[Role(role)].append(s.score)
                    per_role = tuple(
                        (role, mean(by_role[role]), len(by_role[role])) for role in Role if role in by_role
                    )
                    items.append(
                        LibraryItem(
                            kind=ItemKind.LES, ronde=r.ronde, phase=phase, lesson_id=lesson_id,
                            score=mean(s.score for s in scores), scores=len(scores), per_role=per_role,
                            text=" · ".join(remarks), **base,
                        )
                    )  # fmt: skip
            for q in session.exec(
                select(LeervraagRow).where(LeervraagRow.workshop_id == r.id).order_by(col(LeervraagRow.id))
            ):
                items.append(LibraryItem(kind=ItemKind.LEERVRAAG, ronde=r.ronde, phase=phase, text=q.text, **base))
        actions = session.exec(
            select(ActionRow, PartnerRow)
            .join(PartnerRow, col(ActionRow.owner_partner_id) == col(PartnerRow.id))
            .where(ActionRow.samenwerking_id == samenwerking.id)
            .order_by(col(ActionRow.ronde_created), col(ActionRow.id))
        ).all()
        for a, owner in actions:
            made_in = by_number.get(a.ronde_created)
            who = owner.organisation + (f", {a.person}" if member.share_names and a.person else "")
            items.append(
                LibraryItem(
                    kind=ItemKind.ACTIE, ronde=a.ronde_created,
                    phase=Phase(made_in.phase) if made_in else Phase.LOOPTIJD, text=a.text, outcome=a.outcome,
                    detail=f"{ActionStatus(a.status).label} · eigenaar {who}", **base,
                )
            )  # fmt: skip
        return items

    # -- what the coordinator sees --------------------------------------------------------------------

    def community_overview(self, key: str) -> list[OverviewRow]:
        """Every member in one table (region, theme, partners, rondes and phases, participants per stakeholder)."""
        community = self._coordinated(key)
        with Session(self.engine) as session:
            return [self._overview_row(session, m, s) for m, s in self._members(session, community.id or 0)]

    def member_perspectives(self, key: str) -> list[MemberPerspective]:
        """What every member shares of its canvas, in the order they joined (``canvas.community.merged_table``)."""
        community = self._coordinated(key)
        with Session(self.engine) as session:
            return [self.member_perspective(session, m, s) for m, s in self._members(session, community.id or 0)]

    def block_comparison(self, key: str, block_id: str, ronde_number: int | None = None) -> list[BlockColumn]:
        """Blok naast blok: how each member filled one block in its current ronde, or in its ronde
        ``ronde_number`` (a member without that ronde keeps its column, empty, with ``ronde`` None)."""
        if block_id not in BLOCKS_BY_ID:
            raise InvalidInput(f"Onbekend blok {block_id!r}.")
        if ronde_number is not None and ronde_number < 1:
            raise InvalidInput("Een rondenummer begint bij 1.")
        community = self._coordinated(key)
        with Session(self.engine) as session:
            perspectives = [
                self.member_perspective(session, m, s, ronde_number)
                for m, s in self._members(session, community.id or 0)
            ]
        return block_side_by_side(perspectives, block_id)

    def most_rondes(self, key: str) -> int:
        """The most rondes any member has: how far back Blok naast blok can look."""
        community = self._coordinated(key)
        with Session(self.engine) as session:
            return max(
                (len(self._rondes(session, s.id or 0)) for _, s in self._members(session, community.id or 0)),
                default=0,
            )

    def community_library(
        self,
        key: str,
        *,
        query: str = "",
        lesson_id: int | None = None,
        region: str | None = None,
        phase: Phase | None = None,
        kinds: Iterable[ItemKind] = (),
    ) -> list[LibraryItem]:
        """The lessenbibliotheek: shared lessons, leervragen and actions, filtered; with ``query`` in full text.

        The search is the database's own (SQLite FTS5, PostgreSQL ``to_tsvector('dutch', …)``) over the words
        people wrote; every word of the query must occur, as a word or the start of one ("kandida" finds
        "kandidaten"); best match first. Without a query: in the order members joined, then by ronde.
        """
        if query is not None and len(query) > MAX_QUERY:
            raise InvalidInput(f"De zoekvraag is te lang; gebruik hooguit {MAX_QUERY} tekens.")
        community = self._coordinated(key)

        def work(session: Session) -> list[LibraryItem]:
            items = [
                i for m, s in self._members(session, community.id or 0) for i in self._library_items(session, m, s)
            ]
            items = filter_library(items, lesson_id=lesson_id, region=region, phase=phase, kinds=kinds)
            words = _search_words(query or "")
            if not words:
                return items
            return [items[i] for i in self._full_text(session, [i.search_text for i in items], words)]

        return self._run(work)

    def _full_text(self, session: Session, texts: list[str], words: list[str]) -> list[int]:
        """Indices of ``texts`` that hold every word (as a word or a word's start), best match first.

        No index table: a community holds hundreds of short texts, and indexing them per search means a
        withdrawn text can never linger in an index. SQLite: an FTS5 table in the connection's TEMP schema
        (not in the database file, so nothing to migrate), filled and emptied within this transaction.
        PostgreSQL: the Dutch text-search configuration (stemming: "kandidaten" and "kandidaat" meet).
        """
        if not texts:
            return []
        if session.get_bind().dialect.name == "sqlite":
            session.execute(
                sql(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.community_search "
                    "USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')"
                )
            )
            session.execute(sql("DELETE FROM temp.community_search"))
            session.execute(
                sql("INSERT INTO temp.community_search (rowid, body) VALUES (:i, :body)"),
                [{"i": i, "body": t} for i, t in enumerate(texts)],
            )
            match = " AND ".join(f'"{w}"*' for w in words)
            found = session.execute(
                sql("SELECT rowid FROM temp.community_search WHERE community_search MATCH :q ORDER BY rank, rowid"),
                {"q": match},
            ).all()
            session.execute(sql("DELETE FROM temp.community_search"))
            return [int(r[0]) for r in found]
        query = " & ".join(f"{w}:*" for w in words)
        found = session.execute(
            sql(
                "SELECT t.i FROM unnest(CAST(:ids AS integer[]), CAST(:bodies AS text[])) AS t(i, body) "
                "WHERE to_tsvector('dutch', t.body) @@ to_tsquery('dutch', :q) "
                "ORDER BY ts_rank(to_tsvector('dutch', t.body), to_tsquery('dutch', :q)) DESC, t.i"
            ),
            {"ids": list(range(len(texts))), "bodies": texts, "q": query},
        ).all()
        return [int(r[0]) for r in found]

    def _snapshot(self, row: CommunityRow) -> CommunitySnapshot:
        with Session(self.engine) as session:
            members = self._members(session, row.id or 0)
            return CommunitySnapshot(
                community=_row_to_community(row),
                overview=tuple(self._overview_row(session, m, s) for m, s in members),
                perspectives=tuple(self.member_perspective(session, m, s) for m, s in members),
                library=tuple(i for m, s in members for i in self._library_items(session, m, s)),
            )

    def community_snapshot(self, key: str) -> CommunitySnapshot:
        """Everything this coordinator may see, read in one session (for the Excel file)."""
        return self._snapshot(self._coordinated(key))

    def community_snapshot_by_name(self, name: str) -> CommunitySnapshot:
        """For the command line (whoever holds the database): the same shared parts, never more."""
        row = self._community_named(name)
        if row is None:
            raise NotFound(f"Er is geen community met de naam {name!r}. Zie pps-canvas community lijst.")
        return self._snapshot(row)
