"""Interviews, preparation and quotes (issue 22): the store's rules and the Interview page in AppTest.

An interview is recorded with the facilitator key only; its notes carry the source *interview* and the
interviewer; a note written before the day of the session is *voorbereiding*; the board shows both labels.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest

from canvas.clock import local, now
from canvas.model import NoteSource
from data.store import AccessDenied, InvalidInput, NotFound, Store, WorkshopClosed
from stakeholders.roles import Role, role_info
from tests.apptest import page_text, run_app

TOMORROW = local(now()).date() + dt.timedelta(days=1)


@pytest.fixture
def ronde(store: Store):
    _, workshop, key = store.create_samenwerking(
        name="Samen Techniek", title="Ontwerpsessie", partners=[("Gemeente Lelystad", "overheid")]
    )
    return store, workshop, key


def test_an_interview_note_carries_its_source_the_interviewer_and_the_quote_mark(ronde):
    store, workshop, key = ronde
    person = store.start_interview(
        key, name="Beleidsadviseur", role="overheid", organisation="Gemeente Lelystad", interviewer="Mirjam"
    )
    note = store.add_interview_note(
        key, person.id, "sociaal_probleem", "Te veel mensen staan langs de kant", quote=True
    )
    assert (note.source, note.interviewer, note.quote) == (NoteSource.INTERVIEW, "Mirjam", True)
    assert [p.name for p in store.interviewees(key)] == ["Beleidsadviseur"]
    (stored,) = store.notes(workshop.id)
    assert stored.source is NoteSource.INTERVIEW and stored.author_organisation == "Gemeente Lelystad"
    # The same save sent again after its reply was lost is one note.
    again = store.add_interview_note(key, person.id, "oplossing", "Samen opleiden", request_key="k" * 22)
    assert store.add_interview_note(key, person.id, "oplossing", "Samen opleiden", request_key="k" * 22).id == again.id
    assert len(store.notes(workshop.id)) == 2
    assert not store.set_quote(key, note.id, False).quote


def test_only_the_facilitator_key_of_the_ronde_records_an_interview(ronde):
    store, workshop, key = ronde
    _, other, other_key = store.create_samenwerking(name="Ander", title="Sessie", partners=[])
    person = store.start_interview(key, name="Docent", role="onderwijs", interviewer="Mirjam")
    with pytest.raises(AccessDenied):
        store.start_interview("niet-de-sleutel", name="X", role="overheid", interviewer="Y")
    with pytest.raises(NotFound):  # a key of another samenwerking does not reach this interview
        store.add_interview_note(other_key, person.id, "oplossing", "Tekst")
    with pytest.raises(AccessDenied):
        store.interviewees("")
    assert store.interviewees(other_key) == []
    # A participant with their own link writes for themselves: the interviewer cannot write in their name.
    joined, _ = store.join(workshop.code, name="Erik", role="ondernemer")
    with pytest.raises(AccessDenied):
        store.add_interview_note(key, joined.id, "oplossing", "Tekst")
    # A note of another workshop is not this key's to mark as a quote.
    other_person = store.start_interview(other_key, name="Z", role="overheid", interviewer="Y")
    foreign = store.add_interview_note(other_key, other_person.id, "oplossing", "Tekst")
    with pytest.raises(AccessDenied):
        store.set_quote(key, foreign.id, True)
    with pytest.raises(InvalidInput):
        store.start_interview(key, name="", role="overheid", interviewer="Mirjam")
    store.set_closed(key, True)
    with pytest.raises(WorkshopClosed):
        store.add_interview_note(key, person.id, "oplossing", "Te laat")


def test_a_note_written_before_the_day_of_the_session_is_preparation(ronde):
    store, workshop, key = ronde
    _, token = store.join(workshop.code, name="Erik", role="ondernemer")
    assert store.add_note(token, "oplossing", "Zonder datum").source is NoteSource.WORKSHOP
    store.set_date(key, TOMORROW)
    prepared = store.add_note(token, "oplossing", "Thuis bedacht")
    assert prepared.source is NoteSource.VOORBEREIDING
    store.set_date(key, local(now()).date())
    assert store.add_note(token, "kosten", "In de zaal").source is NoteSource.WORKSHOP
    # Moving the date does not rewrite what was written before.
    sources = {n.text: n.source for n in store.notes(workshop.id)}
    assert sources["Thuis bedacht"] is NoteSource.VOORBEREIDING
    # Hidden from the room until revealed, as every note.
    assert store.visible_notes(store.workshop(workshop.code)) == []
    store.set_revealed(key, True)
    assert {n.source for n in store.visible_notes(store.workshop(workshop.code))} == set(NoteSource) - {
        NoteSource.INTERVIEW
    }


def test_the_interview_page_starts_an_interview_and_saves_a_quote_with_its_label(ronde):
    store, workshop, key = ronde
    at = run_app(page="interview", key=key)
    assert not at.exception
    at.text_input(key="interview_nieuw_naam").set_value("Beleidsadviseur werk")
    at.selectbox(key="interview_nieuw_rol").set_value(Role.OVERHEID)
    at.text_input(key="interview_nieuw_organisatie").set_value("Gemeente Lelystad")
    at.text_input(key="interview_interviewer").set_value("Mirjam")
    at.button(key="interview_nieuw_beginnen").click().run()
    assert not at.exception
    (person,) = store.interviewees(key)
    assert person.interviewer == "Mirjam" and "Interviewer: Mirjam" in page_text(at)
    at.text_area(key=f"interview_tekst_{person.id}").set_value("Wij zien mensen die willen maar niet kunnen")
    at.checkbox(key=f"interview_citaat_{person.id}").check()
    at.button(key=f"interview_bewaren_{person.id}").click().run()
    assert not at.exception and "Bewaard bij" in page_text(at)
    (note,) = store.notes(workshop.id)
    assert note.quote and note.source is NoteSource.INTERVIEW
    assert at.text_area(key=f"interview_tekst_{person.id}").value == ""
    assert "🎙️ interview (door Mirjam) · ❝ citaat" in page_text(at)


def test_the_interview_page_without_a_key_explains_and_shows_nothing(ronde):
    at = run_app(page="interview")
    assert not at.exception and "Zo kom je binnen als begeleider" in page_text(at)
    wrong = run_app(page="interview", key="niet-de-sleutel")
    assert not wrong.exception and "klopt niet" in page_text(wrong)


@pytest.mark.parametrize("role", [Role.OVERHEID, Role.ONDERWIJS])
def test_the_interview_guide_pdf_holds_every_block_its_question_and_the_roles_hints(role):
    from pypdf import PdfReader

    from canvas.blocks import BLOCKS
    from canvas.hints import hints
    from exports.interview_guide import interview_guide
    from exports.report_pdf import report_pdf

    pdf = report_pdf(interview_guide(role))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert f"Interviewleidraad · {role_info(role).label}" in text
    assert "geen vragenlijst uit de publicatie" in text
    for blk in BLOCKS:
        assert blk.title in text and " ".join(blk.question.split()) in text
        for question in hints(blk.id, role):
            assert " ".join(question.split()) in text, question
    other = Role.ONDERNEMER
    theirs = [" ".join(q.split()) for b in BLOCKS for q in hints(b.id, other) if q not in hints(b.id, role)]
    assert theirs and not any(q in text for q in theirs)
