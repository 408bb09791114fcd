"""Kenmerken of a samenwerking (canvas.kenmerken, data.monitoring_store): fixed lists, per ronde, key-checked."""

from __future__ import annotations

import pytest

from canvas.kenmerken import KENMERK_LISTS, RondeKenmerken, UnknownChoice, changes, choice
from canvas.model import Phase
from data.store import AccessDenied, InvalidInput


def test_every_list_has_unique_ids_a_label_and_names_its_source_in_the_module():
    import canvas.kenmerken as module

    for field, options in KENMERK_LISTS.items():
        ids = [o.id for o in options]
        assert len(ids) == len(set(ids)) and all(o.label for o in options), field
    for source in ("seed 000", "seed 001", "seed 004", "Figuur 6", "Schmid"):
        assert source in module.__doc__


def test_an_unknown_choice_is_refused_with_the_options_in_dutch():
    assert choice("type", "platform").label == "Platform"
    with pytest.raises(UnknownChoice, match="kies uit: Sociale onderneming, Werkgeversnetwerk, Platform"):
        choice("type", "stichting")


def test_lerende_community_is_no_use_of_a_ronde_and_old_values_read_as_looptijd():
    assert [p.value for p in Phase] == ["ontwerp", "looptijd", "evaluatie"]
    assert Phase("lerende_community") is Phase.LOOPTIJD


def test_changes_lists_what_moved_from_one_ronde_to_the_next():
    one = RondeKenmerken(workshop_id=1, ronde=1, type="platform", development_phase="ontwerpen")
    two = one.model_copy(update={"workshop_id": 2, "ronde": 2, "development_phase": "testen"})
    three = two.model_copy(update={"workshop_id": 3, "ronde": 3, "transitions": ("werk_naar_werk",)})
    assert [(c.ronde, c.label, c.before, c.after) for c in changes([one, two, three])] == [
        (2, "Ontwikkelfase", "Ontwerpen", "Testen"),
        (3, "Transities", "", "Werk-naar-werk"),
    ]


@pytest.fixture
def two(store):
    _, first, key = store.create_samenwerking(name="Toekomst in de Techniek", title="Ontwerp", region="Flevoland")
    _, other, other_key = store.create_samenwerking(name="NexTechnician", title="Evaluatie")
    return key, other_key, other


def test_kenmerken_are_kept_per_ronde_and_a_later_ronde_starts_from_the_last(store, two):
    key, *_ = two
    assert store.kenmerken(key).region == "Flevoland" and store.kenmerken(key).type == ""
    store.set_kenmerken(
        key,
        type="platform",
        initiator="overheid",
        transitions=["werkloosheid_naar_werk"],
        development_phase="ontwerpen",
    )
    second, second_key = store.start_next_ronde(key, title="Looptijd")
    assert store.kenmerken(second_key).type == "platform"  # carried over
    store.set_kenmerken(second_key, development_phase="testen", start_year=2019, region="Lelystad")
    per_ronde = store.kenmerken_per_ronde(key)
    assert [(k.ronde, k.development_phase, k.start_year) for k in per_ronde] == [
        (1, "ontwerpen", None),
        (2, "testen", 2019),
    ]
    assert store.samenwerking(second.samenwerking_id).region == "Lelystad"
    assert [c.label for c in changes(per_ronde)] == ["Regio", "Startjaar", "Ontwikkelfase"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("type", "stichting"), ("transitions", ["werk_naar_werk", "naar_mars"]), ("start_year", 1800), ("kleur", "rood")],
)
def test_a_value_outside_the_lists_is_refused_and_nothing_is_saved(store, two, field, value):
    key, *_ = two
    with pytest.raises(InvalidInput):
        store.set_kenmerken(key, initiator="onderwijs", **{field: value})
    assert store.kenmerken(key).initiator == ""


def test_a_key_of_one_samenwerking_cannot_read_or_change_anothers_kenmerken(store, two):
    key, other_key, other = two
    store.set_kenmerken(other_key, type="werkgeversnetwerk")
    with pytest.raises(AccessDenied):
        store.kenmerken(key, other.id)
    store.set_kenmerken(key, type="platform")  # writes to the key's own ronde only
    assert store.kenmerken(other_key).type == "werkgeversnetwerk"
    with pytest.raises(AccessDenied):
        store.set_kenmerken("geen-sleutel", type="platform")
