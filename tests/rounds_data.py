"""Two rondes of one samenwerking, written through the store: shared by the page, Excel and backup tests."""

from __future__ import annotations

from datetime import date

from data.store import Store


def two_rondes(store: Store):
    """Two rondes of one samenwerking: the school spoke in ronde 1 and is silent in ronde 2."""
    samenwerking, first, key1 = store.create_samenwerking(
        name="Toekomst in de Techniek",
        title="Ontwerpsessie",
        region="Flevoland",
        partners=[("Gemeente Dronten", "overheid"), ("MBO College Almere", "onderwijs"), ("Zuidberg", "ondernemer")],
        date=date(2024, 1, 15),
    )
    _, erik = store.join(first.code, name="Erik", role="ondernemer", organisation="Zuidberg")
    _, yvonne = store.join(first.code, name="Yvonne", role="overheid", organisation="Gemeente Dronten")
    _, saskia = store.join(first.code, name="Saskia", role="onderwijs", organisation="MBO College Almere")
    store.add_note(erik, "sociaal_probleem", "Het netwerk van bedrijven: dat is de echte kracht")
    store.add_note(erik, "sociaal_probleem", "Uitzendbureaus leveren snel, maar zelden mensen die blijven")
    store.add_note(saskia, "kosten", "Docenturen voor korte trajecten")
    store.add_note(yvonne, "kosten", "Startsubsidie van de gemeente")
    store.set_conclusion(key1, "sociaal_probleem", "Tekort aan technici én werklozen die niet aan de slag komen")
    store.set_lesson_scores(erik, {1: (2, "We praten nog langs elkaar heen"), 3: (4, "")})
    store.set_lesson_scores(yvonne, {1: (5, ""), 3: (4, "")})
    store.set_revealed(key1, True)
    store.set_lessons_revealed(key1, True)
    store.add_action(key1, text="Werkplein levert vijf kandidaten", owner_partner_id=samenwerking.partners[0].id)
    store.add_leervraag(key1, "Blijven de zij-instromers na een jaar aan het werk?")

    second, key2 = store.start_next_ronde(key1, title="Monitoring", phase="looptijd", date=date(2024, 6, 3))
    _, erik2 = store.join(second.code, name="Erik", role="ondernemer", organisation="Zuidberg")
    _, yvonne2 = store.join(second.code, name="Yvonne", role="overheid", organisation="Gemeente Dronten")
    store.add_note(erik2, "sociaal_probleem", "Het netwerk van bedrijven blijft de echte kracht")
    store.add_note(erik2, "sociaal_probleem", "Eigen wervingscampagne via sociale media")
    store.add_note(yvonne2, "kosten", "Startsubsidie van de gemeente")
    store.set_lesson_scores(erik2, {1: (4, "Agenda staat nu")})
    store.set_lesson_scores(yvonne2, {1: (5, "")})
    store.set_revealed(key2, True)
    return store, samenwerking, (first, key1, erik), (second, key2, erik2)
