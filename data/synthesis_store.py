"""The store's part for the synthesis (issue 13): points per cell, decisions on suggested groups, votes.

Kept in its own module, mixed into ``data.store.Store`` (as ``data.timer_store``). Access rules, as everywhere
in the store: only the facilitator key writes the synthesis, decides on groups and opens or closes a vote;
only a participant's own token casts or takes back that participant's votes, and never in a closed vote or
a closed workshop. The vote limits (N votes per participant, one per item) are checked here, inside the
write's transaction, and backed by a unique constraint. Results of a vote stay hidden until it is closed.

The rules of the voting itself are documented in ``canvas.synthesis`` and README.md ("Synthese").
``synthesis_rows`` and ``insert_synthesis`` carry all of it through backup and restore
(``Store.export_workshop_rows`` / ``Store.restore_workshops``), notes referred to by author and place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from canvas.blocks import BLOCKS_BY_ID, Question, block
from canvas.clock import as_utc
from canvas.clock import now as _now
from canvas.synthesis import (
    DEFAULT_VOTES,
    MAX_BULLET_LENGTH,
    MAX_VOTES,
    Bullet,
    BulletVersion,
    GroupDecision,
    ItemKind,
    Vote,
    VoteSession,
)
from canvas.text import has_control_chars
from data.errors import InvalidInput, NotFound, StaleNote, StoreError, WorkshopClosed
from data.receipts import receipt
from data.tables import (
    BulletNoteRow,
    BulletRow,
    BulletVersionRow,
    GroupDecisionRow,
    NoteRow,
    ParticipantRow,
    VoteRow,
    VoteSessionRow,
    WorkshopRow,
)
from stakeholders.roles import Role, parse_role

__all__ = ["SynthesisStore", "VoteRefused", "insert_synthesis", "synthesis_rows"]


class VoteRefused(StoreError):
    """A vote the rules do not allow (limit reached, twice on one item, vote closed, results still hidden)."""


def _clean_point(value: str, *, what: str) -> str:
    """A point's text, checked as ``data.store`` checks a note (same messages); kept exactly as typed.

    Not ``data.store._clean_text`` itself: data.store imports this module, and the import graph has no cycles.
    """
    value = "" if value is None else str(value)
    if has_control_chars(value):
        raise InvalidInput(f"{what} bevat onzichtbare stuurtekens; haal die weg en probeer opnieuw.")
    if not value.strip():
        raise InvalidInput(f"{what} is leeg; schrijf eerst iets.")
    if len(value) > MAX_BULLET_LENGTH:
        size, limit = f"{len(value):,}".replace(",", "."), f"{MAX_BULLET_LENGTH:,}".replace(",", ".")
        raise InvalidInput(f"{what} is te lang: {size} tekens, het maximum is {limit}.")
    return value


class SynthesisStore:
    """Synthesis, group decisions and votes; ``self`` is a ``data.store.Store`` (engine, ``_run``, ``_writer``,
    ``_bump``, keys).

    Not annotated as ``Store``: data.store imports this module, and the import graph has no cycles.
    """

    # -- synthesis: bullets per cell (facilitator key) ------------------------------------------------

    def _bullet_in(self, session: Session, workshop_id: int, bullet_id: int) -> BulletRow:
        row = session.get(BulletRow, bullet_id)
        if row is None or row.workshop_id != workshop_id:
            raise NotFound("Dit punt van de synthese bestaat niet (meer).")
        return row

    def _cell_notes_checked(
        self, session: Session, workshop_id: int, role: str, question: str, note_ids: Iterable[int]
    ) -> list[int]:
        """The note ids, checked: notes of this workshop, in this cell, not deleted."""
        ids = list(dict.fromkeys(int(i) for i in note_ids))
        if not ids:
            return []
        found = session.exec(
            select(NoteRow, ParticipantRow)
            .join(ParticipantRow, col(NoteRow.participant_id) == col(ParticipantRow.id))
            .where(col(NoteRow.id).in_(ids))
        ).all()
        by_id = {n.id: (n, p) for n, p in found}
        for note_id in ids:
            if note_id not in by_id or by_id[note_id][0].workshop_id != workshop_id:
                raise NotFound("Een van de gekozen notities bestaat niet in deze workshop.")
            note, author = by_id[note_id]
            if note.deleted:
                raise InvalidInput("Een van de gekozen notities is verwijderd; kies alleen notities die er nog zijn.")
            if author.role != role or BLOCKS_BY_ID[note.block_id].feeds.value != question:
                raise InvalidInput("Een punt vat alleen notities uit zijn eigen cel samen (zelfde kant, zelfde vraag).")
        return ids

    def _new_bullet_version(self, session: Session, row: BulletRow, text: str) -> None:
        now = _now()
        row.version += 1
        row.text = text
        row.updated_at = now
        session.add(row)
        session.add(BulletVersionRow(bullet_id=row.id, version=row.version, text=text, saved_at=now))

    def add_bullet(
        self,
        key: str,
        role: Role | str,
        question: Question | str,
        text: str,
        note_ids: Iterable[int] = (),
        *,
        request_key: str | None = None,
    ) -> Bullet:
        """A new point at the end of a cell, linked to these notes (none: a point "zonder notitie").

        ``request_key`` (``data.receipts``): the same point sent again after a lost reply is stored once.
        """
        workshop = self.facilitated_workshop(key)
        role, question = _cell(role, question)
        text = _clean_point(text, what="Het punt")
        once = receipt(key, "bullet", request_key)

        def work(session: Session) -> int:
            if (landed := self._landed(session, once)) is not None:
                return landed
            ids = self._cell_notes_checked(session, workshop.id, role.value, question.value, note_ids)
            last = session.exec(
                select(func.max(BulletRow.position)).where(
                    BulletRow.workshop_id == workshop.id, BulletRow.role == role.value, BulletRow.question == question
                )
            ).one()
            now = _now()
            row = BulletRow(
                workshop_id=workshop.id,
                role=role.value,
                question=question.value,
                position=(last or 0) + 1,
                text=text,
                created_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
            session.add(BulletVersionRow(bullet_id=row.id, version=1, text=text, saved_at=now))
            for note_id in ids:
                session.add(BulletNoteRow(bullet_id=row.id, note_id=note_id))
            assert row.id is not None
            self._keep(session, once, row.id)
            self._bump(session, workshop.id)
            return row.id

        return self.bullet(self._run(work, receipt=once))

    def edit_bullet(self, key: str, bullet_id: int, text: str, *, expected_version: int | None = None) -> Bullet:
        """New text for a point; every earlier text stays in its history (``bullet_history``)."""
        workshop = self.facilitated_workshop(key)
        text = _clean_point(text, what="Het punt")

        def work(session: Session) -> None:
            row = self._bullet_in(session, workshop.id, bullet_id)
            if expected_version is not None and row.version != expected_version:
                raise StaleNote(
                    "Dit punt is intussen op een ander scherm gewijzigd; je ziet nu de nieuwste tekst. "
                    "Jouw wijziging is niet opgeslagen."
                )
            if row.text != text:
                self._new_bullet_version(session, row, text)
                self._bump(session, workshop.id)

        self._run(work)
        return self.bullet(bullet_id)

    def move_bullet(self, key: str, bullet_id: int, step: int) -> Bullet:
        """Move a point one place up (``step=-1``) or down (``+1``) among the live points of its cell."""
        workshop = self.facilitated_workshop(key)
        if step not in (-1, 1):
            raise InvalidInput("Een punt schuift één plaats omhoog of omlaag.")

        def work(session: Session) -> None:
            row = self._bullet_in(session, workshop.id, bullet_id)
            cell = session.exec(
                select(BulletRow)
                .where(
                    BulletRow.workshop_id == workshop.id,
                    BulletRow.role == row.role,
                    BulletRow.question == row.question,
                    col(BulletRow.removed).is_(False),
                )
                .order_by(col(BulletRow.position), col(BulletRow.id))
            ).all()
            index = next(i for i, b in enumerate(cell) if b.id == row.id)
            other = index + step
            if not 0 <= other < len(cell):
                return
            cell[index], cell[other] = cell[other], cell[index]
            for position, b in enumerate(cell, start=1):
                if b.position != position:
                    b.position = position
                    session.add(b)
            self._bump(session, workshop.id)

        self._run(work)
        return self.bullet(bullet_id)

    def split_bullet(
        self, key: str, bullet_id: int, first_text: str, second_text: str, second_note_ids: Iterable[int] = ()
    ) -> tuple[Bullet, Bullet]:
        """Split a point in two: the first keeps its place (new text, a new version), the second comes right
        after it and takes the notes in ``second_note_ids`` along (they must be linked to the first)."""
        workshop = self.facilitated_workshop(key)
        first_text = _clean_point(first_text, what="Het eerste punt")
        second_text = _clean_point(second_text, what="Het tweede punt")
        moving = {int(i) for i in second_note_ids}

        def work(session: Session) -> int:
            row = self._bullet_in(session, workshop.id, bullet_id)
            links = session.exec(select(BulletNoteRow).where(BulletNoteRow.bullet_id == row.id)).all()
            if moving - {link.note_id for link in links}:
                raise InvalidInput("Het tweede punt kan alleen notities meenemen die bij het eerste punt horen.")
            later = session.exec(
                select(BulletRow).where(
                    BulletRow.workshop_id == workshop.id,
                    BulletRow.role == row.role,
                    BulletRow.question == row.question,
                    BulletRow.position > row.position,
                )
            ).all()
            for b in later:
                b.position += 1
                session.add(b)
            if row.text != first_text:
                self._new_bullet_version(session, row, first_text)
            now = _now()
            new = BulletRow(
                workshop_id=workshop.id,
                role=row.role,
                question=row.question,
                position=row.position + 1,
                text=second_text,
                created_at=now,
                updated_at=now,
            )
            session.add(new)
            session.flush()
            session.add(BulletVersionRow(bullet_id=new.id, version=1, text=second_text, saved_at=now))
            for link in links:
                if link.note_id in moving:
                    link.bullet_id = new.id
                    session.add(link)
            self._bump(session, workshop.id)
            assert new.id is not None
            return new.id

        new_id = self._run(work)
        return self.bullet(bullet_id), self.bullet(new_id)

    def _set_removed(self, key: str, bullet_id: int, removed: bool) -> Bullet:
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> None:
            row = self._bullet_in(session, workshop.id, bullet_id)
            row.removed = removed
            row.updated_at = _now()
            session.add(row)
            self._bump(session, workshop.id)

        self._run(work)
        return self.bullet(bullet_id)

    def remove_bullet(self, key: str, bullet_id: int) -> Bullet:
        """Take a point out of the synthesis; ``restore_bullet`` brings it back with its links."""
        return self._set_removed(key, bullet_id, True)

    def restore_bullet(self, key: str, bullet_id: int) -> Bullet:
        return self._set_removed(key, bullet_id, False)

    def link_notes(self, key: str, bullet_id: int, note_ids: Iterable[int]) -> Bullet:
        """Add notes (of the point's own cell) to what a point sums up."""
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> None:
            row = self._bullet_in(session, workshop.id, bullet_id)
            ids = self._cell_notes_checked(session, workshop.id, row.role, row.question, note_ids)
            have = {
                link.note_id for link in session.exec(select(BulletNoteRow).where(BulletNoteRow.bullet_id == row.id))
            }
            for note_id in ids:
                if note_id not in have:
                    session.add(BulletNoteRow(bullet_id=row.id, note_id=note_id))
            self._bump(session, workshop.id)

        self._run(work)
        return self.bullet(bullet_id)

    def unlink_note(self, key: str, bullet_id: int, note_id: int) -> Bullet:
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> None:
            row = self._bullet_in(session, workshop.id, bullet_id)
            for link in session.exec(
                select(BulletNoteRow).where(BulletNoteRow.bullet_id == row.id, BulletNoteRow.note_id == note_id)
            ):
                session.delete(link)
            self._bump(session, workshop.id)

        self._run(work)
        return self.bullet(bullet_id)

    def bullet(self, bullet_id: int) -> Bullet:
        with Session(self.engine) as session:
            row = session.get(BulletRow, bullet_id)
            if row is None:
                raise NotFound("Dit punt van de synthese bestaat niet (meer).")
            links = session.exec(select(BulletNoteRow.note_id).where(BulletNoteRow.bullet_id == bullet_id)).all()
        return _bullet(row, links)

    def bullets(self, workshop_id: int, *, include_removed: bool = False) -> list[Bullet]:
        """The synthesis of a workshop, per cell in the facilitator's order (public: the projector shows it)."""
        with Session(self.engine) as session:
            query = select(BulletRow).where(BulletRow.workshop_id == workshop_id)
            if not include_removed:
                query = query.where(col(BulletRow.removed).is_(False))
            rows = session.exec(query.order_by(col(BulletRow.position), col(BulletRow.id))).all()
            links = session.exec(
                select(BulletNoteRow.bullet_id, BulletNoteRow.note_id)
                .join(BulletRow, col(BulletNoteRow.bullet_id) == col(BulletRow.id))
                .where(BulletRow.workshop_id == workshop_id)
                .order_by(col(BulletNoteRow.id))
            ).all()
        per_bullet: dict[int, list[int]] = {}
        for bullet_id, note_id in links:
            per_bullet.setdefault(bullet_id, []).append(note_id)
        return [_bullet(r, per_bullet.get(r.id or 0, [])) for r in rows]

    def bullet_history(self, bullet_id: int) -> list[BulletVersion]:
        with Session(self.engine) as session:
            rows = session.exec(
                select(BulletVersionRow)
                .where(BulletVersionRow.bullet_id == bullet_id)
                .order_by(col(BulletVersionRow.version))
            ).all()
        return [BulletVersion(bullet_id=r.bullet_id, version=r.version, text=r.text, saved_at=r.saved_at) for r in rows]

    # -- suggested groups: the facilitator's decisions -------------------------------------------------

    def decide_group(self, key: str, scope: str, note_ids: Iterable[int], *, accepted: bool) -> GroupDecision:
        """Accept or reject a suggested group (a later decision on the same group replaces the earlier one)."""
        workshop = self.facilitated_workshop(key)
        ids = sorted({int(i) for i in note_ids})
        if len(ids) < 2:
            raise InvalidInput("Een groep heeft minstens twee notities.")
        if not _SCOPE.fullmatch(scope or ""):
            raise InvalidInput(f"Onbekende plek voor een groep: {scope!r}.")
        joined = " ".join(str(i) for i in ids)
        if len(joined) > 2000:
            raise InvalidInput("Deze groep is te groot om te bewaren; kies minder notities.")

        def work(session: Session) -> GroupDecisionRow:
            found = session.exec(select(NoteRow.id).where(col(NoteRow.id).in_(ids), NoteRow.workshop_id == workshop.id))
            if len(found.all()) != len(ids):
                raise NotFound("Een van de notities van deze groep bestaat niet in deze workshop.")
            row = session.exec(
                select(GroupDecisionRow).where(
                    GroupDecisionRow.workshop_id == workshop.id,
                    GroupDecisionRow.scope == scope,
                    GroupDecisionRow.note_ids == joined,
                )
            ).first()
            if row is None:
                row = GroupDecisionRow(workshop_id=workshop.id, scope=scope, note_ids=joined, accepted=accepted)
            row.accepted = accepted
            row.decided_at = _now()
            session.add(row)
            session.flush()
            return row

        return _decision(self._run(work))

    def undo_group_decision(self, key: str, decision_id: int) -> None:
        """Forget a decision: the group is a plain suggestion again."""
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> None:
            row = session.get(GroupDecisionRow, decision_id)
            if row is None or row.workshop_id != workshop.id:
                raise NotFound("Deze beslissing over een groep bestaat niet (meer).")
            session.delete(row)

        self._run(work)

    def group_decisions(self, workshop_id: int) -> list[GroupDecision]:
        with Session(self.engine) as session:
            rows = session.exec(
                select(GroupDecisionRow)
                .where(GroupDecisionRow.workshop_id == workshop_id)
                .order_by(col(GroupDecisionRow.id))
            ).all()
        return [_decision(r) for r in rows]

    # -- votes ------------------------------------------------------------------------------------------

    def open_vote(
        self,
        key: str,
        kind: ItemKind | str = ItemKind.NOTE,
        *,
        blocks: Iterable[str] = (),
        votes_per_participant: int = DEFAULT_VOTES,
    ) -> VoteSession:
        """Open a vote on notes or on synthesis points, in these blocks (none: the whole canvas).

        One vote at a time per workshop, so a participant never has to choose which vote they are in.
        """
        workshop = self.facilitated_workshop(key)
        if workshop.closed:
            raise WorkshopClosed("De workshop is gesloten: er kan geen stemming meer beginnen.")
        try:
            kind = ItemKind(kind)
        except ValueError:
            raise InvalidInput(f"Onbekend soort stemming {kind!r}.") from None
        chosen = {block(b).id for b in blocks}
        if not isinstance(votes_per_participant, int) or not 1 <= votes_per_participant <= MAX_VOTES:
            raise InvalidInput(f"Geef elke deelnemer 1 tot {MAX_VOTES} stemmen.")

        def work(session: Session) -> VoteSessionRow:
            # Lock the workshop row, so two facilitator tabs cannot open two votes at the same moment.
            session.exec(select(WorkshopRow).where(WorkshopRow.id == workshop.id).with_for_update()).one()
            if self._open_session_row(session, workshop.id) is not None:
                raise VoteRefused("Er loopt al een stemming. Sluit die eerst.")
            row = VoteSessionRow(
                workshop_id=workshop.id,
                kind=kind.value,
                blocks=" ".join(b for b in BLOCKS_BY_ID if b in chosen),
                votes_per_participant=votes_per_participant,
                opened_at=_now(),
            )
            session.add(row)
            session.flush()
            self._bump(session, workshop.id)
            return row

        return _vote_session(self._run(work))

    def close_vote(self, key: str, session_id: int) -> VoteSession:
        """Close a vote: no more votes, and the results can be shown."""
        workshop = self.facilitated_workshop(key)

        def work(session: Session) -> VoteSessionRow:
            row = session.get(VoteSessionRow, session_id)
            if row is None or row.workshop_id != workshop.id:
                raise NotFound("Deze stemming bestaat niet.")
            if row.closed_at is None:
                row.closed_at = _now()
                session.add(row)
                session.flush()
                # The board, focus mode and the synthesis order by votes from now on.
                self._bump(session, workshop.id)
            return row

        return _vote_session(self._run(work))

    @staticmethod
    def _open_session_row(session: Session, workshop_id: int) -> VoteSessionRow | None:
        return session.exec(
            select(VoteSessionRow).where(
                VoteSessionRow.workshop_id == workshop_id, col(VoteSessionRow.closed_at).is_(None)
            )
        ).first()

    def open_vote_session(self, workshop_id: int) -> VoteSession | None:
        with Session(self.engine) as session:
            row = self._open_session_row(session, workshop_id)
        return None if row is None else _vote_session(row)

    def vote_sessions(self, workshop_id: int) -> list[VoteSession]:
        with Session(self.engine) as session:
            rows = session.exec(
                select(VoteSessionRow).where(VoteSessionRow.workshop_id == workshop_id).order_by(col(VoteSessionRow.id))
            ).all()
        return [_vote_session(r) for r in rows]

    def cast_vote(
        self, token: str, session_id: int, kind: ItemKind | str, item_id: int, *, request_key: str | None = None
    ) -> Vote:
        """One vote of this participant on one note or point. Refused (``VoteRefused``, a Dutch sentence)
        when the vote is closed, the item is outside the vote, it already has this participant's vote, or
        the participant has no votes left. With ``request_key`` (``data.receipts``), the same tap sent again
        after a lost reply returns the vote it cast instead of "al gestemd"."""
        try:
            kind = ItemKind(kind)
        except ValueError:
            raise InvalidInput(f"Onbekend soort stem {kind!r}.") from None
        once = receipt(token, "vote", request_key)

        def work(session: Session) -> VoteRow:
            if (landed := self._landed(session, once)) is not None:
                cast = session.get(VoteRow, landed)
                if cast is None:
                    raise NotFound("Deze stem is intussen weer ingetrokken.")
                return cast
            participant = self._writer(session, token)
            # Lock this participant's row (PostgreSQL), so two taps at once cannot both take the last vote.
            session.exec(select(ParticipantRow).where(ParticipantRow.id == participant.id).with_for_update()).one()
            vote_session = session.get(VoteSessionRow, session_id)
            if vote_session is None or vote_session.workshop_id != participant.workshop_id:
                raise NotFound("Deze stemming bestaat niet in jouw workshop.")
            if vote_session.closed_at is not None:
                raise VoteRefused("Deze stemming is gesloten; stemmen kan niet meer.")
            if kind.value != vote_session.kind:
                raise VoteRefused(f"In deze stemming stem je op {ItemKind(vote_session.kind).label}.")
            self._check_vote_item(session, vote_session, kind, item_id)
            mine = session.exec(
                select(VoteRow).where(VoteRow.session_id == session_id, VoteRow.participant_id == participant.id)
            ).all()
            if any(v.kind == kind.value and v.item_id == item_id for v in mine):
                raise VoteRefused("Je hebt hier al op gestemd; één stem per punt.")
            if len(mine) >= vote_session.votes_per_participant:
                raise VoteRefused(
                    _all_votes_used(vote_session.votes_per_participant) + " Haal eerst ergens een stem weg."
                )
            row = VoteRow(
                session_id=session_id, participant_id=participant.id, kind=kind.value, item_id=item_id, cast_at=_now()
            )
            session.add(row)
            session.flush()
            # Counted again after the insert, which holds SQLite's write lock: a vote cast at the same moment
            # in another tab is either seen here or refused there.
            used = session.exec(
                select(func.count())
                .select_from(VoteRow)
                .where(VoteRow.session_id == session_id, VoteRow.participant_id == participant.id)
            ).one()
            if used > vote_session.votes_per_participant:
                raise VoteRefused(_all_votes_used(vote_session.votes_per_participant))
            self._keep(session, once, row.id)
            return row

        try:
            return _vote(self._run(work, receipt=once))
        except IntegrityError:
            raise VoteRefused("Je hebt hier al op gestemd; één stem per punt.") from None

    def _check_vote_item(self, session: Session, vote_session: VoteSessionRow, kind: ItemKind, item_id: int) -> None:
        blocks = set(vote_session.blocks.split())
        if kind is ItemKind.NOTE:
            note = session.get(NoteRow, item_id)
            workshop = session.get(WorkshopRow, vote_session.workshop_id)
            assert workshop is not None
            if note is None or note.workshop_id != vote_session.workshop_id or note.deleted:
                raise NotFound("Deze notitie bestaat niet (meer).")
            revealed = workshop.revealed_all or note.block_id in workshop.revealed_blocks.split()
            if (blocks and note.block_id not in blocks) or not revealed:
                raise VoteRefused("Op deze notitie kun je in deze stemming niet stemmen.")
            return
        bullet = session.get(BulletRow, item_id)
        if bullet is None or bullet.workshop_id != vote_session.workshop_id or bullet.removed:
            raise NotFound("Dit punt bestaat niet (meer).")
        if blocks and not any(BLOCKS_BY_ID[b].feeds.value == bullet.question for b in blocks):
            raise VoteRefused("Op dit punt kun je in deze stemming niet stemmen.")

    def withdraw_vote(self, token: str, session_id: int, kind: ItemKind | str, item_id: int) -> None:
        """Take one's own vote back, while the vote is open."""

        def work(session: Session) -> None:
            participant = self._writer(session, token)
            vote_session = session.get(VoteSessionRow, session_id)
            if vote_session is None or vote_session.workshop_id != participant.workshop_id:
                raise NotFound("Deze stemming bestaat niet in jouw workshop.")
            if vote_session.closed_at is not None:
                raise VoteRefused("Deze stemming is gesloten; je stem blijft staan.")
            for row in session.exec(
                select(VoteRow).where(
                    VoteRow.session_id == session_id,
                    VoteRow.participant_id == participant.id,
                    VoteRow.kind == ItemKind(kind).value,
                    VoteRow.item_id == item_id,
                )
            ):
                session.delete(row)

        # Taking back a vote that is gone already changes nothing: sent again after a lost reply, it is the same.
        self._run(work, repeatable=True)

    def my_votes(self, token: str, session_id: int) -> list[Vote]:
        participant = self._participant_row(token)
        with Session(self.engine) as session:
            rows = session.exec(
                select(VoteRow)
                .where(VoteRow.session_id == session_id, VoteRow.participant_id == participant.id)
                .order_by(col(VoteRow.id))
            ).all()
        return [_vote(r) for r in rows]

    def vote_turnout(self, session_id: int) -> tuple[int, int]:
        """``(participants who voted, votes cast)``: shown while a vote runs, without saying on what."""
        with Session(self.engine) as session:
            voters, votes = session.exec(
                select(func.count(func.distinct(VoteRow.participant_id)), func.count()).where(
                    VoteRow.session_id == session_id
                )
            ).one()
        return int(voters), int(votes)

    def vote_results(self, session_id: int) -> dict[tuple[ItemKind, int], int]:
        """Votes per item of a closed vote; ``VoteRefused`` while it is open (results stay hidden till then)."""
        with Session(self.engine) as session:
            vote_session = session.get(VoteSessionRow, session_id)
            if vote_session is None:
                raise NotFound("Deze stemming bestaat niet.")
            if vote_session.closed_at is None:
                raise VoteRefused("De uitslag blijft verborgen tot de begeleider de stemming sluit.")
            rows = session.exec(
                select(VoteRow.kind, VoteRow.item_id, func.count())
                .where(VoteRow.session_id == session_id)
                .group_by(col(VoteRow.kind), col(VoteRow.item_id))
            ).all()
        return {(ItemKind(k), i): int(c) for k, i, c in rows}

    def vote_counts(self, workshop_id: int, kind: ItemKind | str) -> dict[int, int]:
        """Votes per item id over all *closed* votes of this kind: what the board and synthesis sort by."""
        kind = ItemKind(kind)
        with Session(self.engine) as session:
            rows = session.exec(
                select(VoteRow.item_id, func.count())
                .join(VoteSessionRow, col(VoteRow.session_id) == col(VoteSessionRow.id))
                .where(
                    VoteSessionRow.workshop_id == workshop_id,
                    col(VoteSessionRow.closed_at).is_not(None),
                    VoteRow.kind == kind.value,
                )
                .group_by(col(VoteRow.item_id))
            ).all()
        return {int(i): int(c) for i, c in rows}


_SCOPE = re.compile(
    r"(cel:(" + "|".join(r.value for r in Role) + r"):(" + "|".join(q.value for q in Question) + r"))"
    r"|(blok:(" + "|".join(BLOCKS_BY_ID) + r"))"
)


def _all_votes_used(limit: int) -> str:
    return "Je hebt je stem al gebruikt." if limit == 1 else f"Je hebt al je {limit} stemmen gebruikt."


def _cell(role: Role | str, question: Question | str) -> tuple[Role, Question]:
    try:
        role = parse_role(role)
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    try:
        return role, Question(question)
    except ValueError:
        raise InvalidInput(f"Onbekende vraag {question!r}.") from None


def _bullet(row: BulletRow, note_ids: Iterable[int]) -> Bullet:
    assert row.id is not None
    return Bullet(
        id=row.id,
        workshop_id=row.workshop_id,
        role=Role(row.role),
        question=Question(row.question),
        position=row.position,
        text=row.text,
        version=row.version,
        removed=row.removed,
        note_ids=tuple(note_ids),
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
    )


def _decision(row: GroupDecisionRow) -> GroupDecision:
    assert row.id is not None
    return GroupDecision(
        id=row.id,
        workshop_id=row.workshop_id,
        scope=row.scope,
        note_ids=tuple(int(i) for i in row.note_ids.split()),
        accepted=row.accepted,
        decided_at=as_utc(row.decided_at),
    )


def _vote_session(row: VoteSessionRow) -> VoteSession:
    assert row.id is not None
    return VoteSession(
        id=row.id,
        workshop_id=row.workshop_id,
        kind=ItemKind(row.kind),
        blocks=frozenset(row.blocks.split()),
        votes_per_participant=row.votes_per_participant,
        opened_at=as_utc(row.opened_at),
        closed_at=None if row.closed_at is None else as_utc(row.closed_at),
    )


def _vote(row: VoteRow) -> Vote:
    return Vote(
        session_id=row.session_id,
        participant_id=row.participant_id,
        kind=ItemKind(row.kind),
        item_id=row.item_id,
        cast_at=as_utc(row.cast_at),
    )


# -- backup and restore: the synthesis of one workshop as plain data and back ---------------------------

NoteRef = tuple[str, int]  # a note by its author's token hash and its place in that author's list


def synthesis_rows(
    session: Session, workshop_id: int, ref_of: Mapping[int, NoteRef], hash_of: Mapping[int, str]
) -> dict[str, list[dict[str, Any]]]:
    """Bullets (with versions and note links), group decisions and votes of a workshop, by references.

    ``ref_of`` gives each note id its reference, ``hash_of`` each participant id its token hash: database
    ids stay out. A bullet is referred to by its place in the ``synthesis`` list.
    """

    def ref(note_id: int) -> dict[str, Any]:
        participant, place = ref_of[note_id]
        return {"participant": participant, "note": place}

    bullets = session.exec(
        select(BulletRow).where(BulletRow.workshop_id == workshop_id).order_by(col(BulletRow.id))
    ).all()
    index_of = {b.id: i for i, b in enumerate(bullets)}
    versions: dict[int, list[dict[str, Any]]] = {}
    links: dict[int, list[dict[str, Any]]] = {}
    if bullets:
        ids = list(index_of)
        for v in session.exec(
            select(BulletVersionRow)
            .where(col(BulletVersionRow.bullet_id).in_(ids))
            .order_by(col(BulletVersionRow.bullet_id), col(BulletVersionRow.version))
        ):
            versions.setdefault(v.bullet_id, []).append(
                {"version": v.version, "text": v.text, "saved_at": as_utc(v.saved_at)}
            )
        for link in session.exec(
            select(BulletNoteRow).where(col(BulletNoteRow.bullet_id).in_(ids)).order_by(col(BulletNoteRow.id))
        ):
            links.setdefault(link.bullet_id, []).append(ref(link.note_id))
    decisions = session.exec(
        select(GroupDecisionRow).where(GroupDecisionRow.workshop_id == workshop_id).order_by(col(GroupDecisionRow.id))
    ).all()
    sessions = session.exec(
        select(VoteSessionRow).where(VoteSessionRow.workshop_id == workshop_id).order_by(col(VoteSessionRow.id))
    ).all()
    votes: dict[int, list[dict[str, Any]]] = {}
    if sessions:
        for v in session.exec(
            select(VoteRow).where(col(VoteRow.session_id).in_([s.id for s in sessions])).order_by(col(VoteRow.id))
        ):
            item = {"note": ref(v.item_id)} if v.kind == ItemKind.NOTE else {"bullet": index_of[v.item_id]}
            votes.setdefault(v.session_id, []).append(
                {"participant": hash_of[v.participant_id], **item, "cast_at": as_utc(v.cast_at)}
            )
    return {
        "synthesis": [
            {
                "role": b.role,
                "question": b.question,
                "position": b.position,
                "text": b.text,
                "version": b.version,
                "removed": b.removed,
                "created_at": as_utc(b.created_at),
                "updated_at": as_utc(b.updated_at),
                "versions": versions.get(b.id or 0, []),
                "notes": links.get(b.id or 0, []),
            }
            for b in bullets
        ],
        "group_decisions": [
            {
                "scope": d.scope,
                "notes": [ref(int(i)) for i in d.note_ids.split()],
                "accepted": d.accepted,
                "decided_at": as_utc(d.decided_at),
            }
            for d in decisions
        ],
        "vote_sessions": [
            {
                "kind": s.kind,
                "blocks": s.blocks.split(),
                "votes_per_participant": s.votes_per_participant,
                "opened_at": as_utc(s.opened_at),
                "closed_at": as_utc(s.closed_at) if s.closed_at else None,
                "votes": votes.get(s.id or 0, []),
            }
            for s in sessions
        ],
    }


def insert_synthesis(
    session: Session,
    data: Mapping[str, Any],
    workshop_id: int,
    person_ids: Mapping[str, int],
    note_ids: Mapping[NoteRef, int],
) -> None:
    """The synthesis of a restored workshop (the shape ``synthesis_rows`` gives), references made new ids.

    The references must have been checked (``exports.backup.parse``); a workshop from a backup made before
    the synthesis existed has none of these lists.
    """

    def note(ref: Mapping[str, Any]) -> int:
        return note_ids[(ref["participant"], ref["note"])]

    bullet_ids: list[int] = []
    for b in data.get("synthesis", ()):
        bullet = BulletRow(
            workshop_id=workshop_id,
            role=parse_role(b["role"]).value,
            question=Question(b["question"]).value,
            position=b["position"],
            text=b["text"],
            version=b["version"],
            removed=b["removed"],
            created_at=as_utc(b["created_at"]),
            updated_at=as_utc(b["updated_at"]),
        )
        session.add(bullet)
        session.flush()
        assert bullet.id is not None
        bullet_ids.append(bullet.id)
        for v in b["versions"]:
            session.add(
                BulletVersionRow(
                    bullet_id=bullet.id, version=v["version"], text=v["text"], saved_at=as_utc(v["saved_at"])
                )
            )
        for ref in b["notes"]:
            session.add(BulletNoteRow(bullet_id=bullet.id, note_id=note(ref)))
    for d in data.get("group_decisions", ()):
        session.add(
            GroupDecisionRow(
                workshop_id=workshop_id,
                scope=d["scope"],
                note_ids=" ".join(str(i) for i in sorted(note(ref) for ref in d["notes"])),
                accepted=d["accepted"],
                decided_at=as_utc(d["decided_at"]),
            )
        )
    for s in data.get("vote_sessions", ()):
        vote_session = VoteSessionRow(
            workshop_id=workshop_id,
            kind=ItemKind(s["kind"]).value,
            blocks=" ".join(b for b in BLOCKS_BY_ID if b in set(s["blocks"])),
            votes_per_participant=s["votes_per_participant"],
            opened_at=as_utc(s["opened_at"]),
            closed_at=as_utc(s["closed_at"]) if s["closed_at"] else None,
        )
        session.add(vote_session)
        session.flush()
        assert vote_session.id is not None
        for v in s["votes"]:
            on_note = v.get("note") is not None
            session.add(
                VoteRow(
                    session_id=vote_session.id,
                    participant_id=person_ids[v["participant"]],
                    kind=(ItemKind.NOTE if on_note else ItemKind.BULLET).value,
                    item_id=note(v["note"]) if on_note else bullet_ids[v["bullet"]],
                    cast_at=as_utc(v["cast_at"]),
                )
            )
    session.flush()
