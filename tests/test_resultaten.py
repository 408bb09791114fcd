"""Resultaten (canvas.resultaten, data.monitoring_store): numbers per ronde from one registry, each with a source."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from canvas.resultaten import RESULTS, RESULTS_AREAS, ResultValue, UnknownResult, result, trend
from data.store import AccessDenied, InvalidInput, NotFound


def test_every_result_belongs_to_a_results_area_of_seed_004_and_ids_are_unique():
    import canvas.resultaten as module

    assert len({r.id for r in RESULTS}) == len(RESULTS)
    assert {r.area for r in RESULTS} == set(RESULTS_AREAS)
    assert "seed 004" in module.__doc__ and "BBL" in module.__doc__
    with pytest.raises(UnknownResult, match="kies uit: Kandidaten gestart"):
        result("omzet")


def test_trend_gives_each_used_result_its_number_per_ronde_in_registry_order():
    t = datetime(2024, 1, 1, tzinfo=UTC)
    values = [
        ResultValue(workshop_id=2, ronde=2, result_id="geplaatst", value=5, source="x", updated_at=t),
        ResultValue(workshop_id=1, ronde=1, result_id="kandidaten_gestart", value=4, source="x", updated_at=t),
        ResultValue(workshop_id=2, ronde=2, result_id="kandidaten_gestart", value=9, source="x", updated_at=t),
    ]
    assert trend(values, [1, 2]) == {"kandidaten_gestart": [4, 9], "geplaatst": [None, 5]}


@pytest.fixture
def two(store):
    _, first, key = store.create_samenwerking(name="Toekomst in de Techniek", title="Ontwerp")
    _, other, other_key = store.create_samenwerking(name="NexTechnician", title="Evaluatie")
    return key, other_key, other


def test_a_number_is_set_per_ronde_updated_when_set_again_and_can_be_removed(store, two):
    key, *_ = two
    store.set_result(key, "kandidaten_gestart", 4, "Telling werkbedrijf")
    second, second_key = store.start_next_ronde(key, title="Looptijd")
    store.set_result(second_key, "kandidaten_gestart", 9, "Telling werkbedrijf")
    store.set_result(second_key, "kandidaten_gestart", 10, "Telling werkbedrijf, gecorrigeerd")
    assert [(v.ronde, v.value, v.source) for v in store.results_per_ronde(key)] == [
        (1, 4, "Telling werkbedrijf"),
        (2, 10, "Telling werkbedrijf, gecorrigeerd"),
    ]
    store.delete_result(second_key, "kandidaten_gestart")
    assert [v.ronde for v in store.results_per_ronde(key)] == [1]
    with pytest.raises(NotFound):
        store.delete_result(second_key, "kandidaten_gestart")


@pytest.mark.parametrize(
    ("result_id", "value", "source", "message"),
    [
        ("omzet", 1, "x", "Er is geen resultaat"),
        ("geplaatst", -1, "x", "heel getal"),
        ("geplaatst", 2.5, "x", "heel getal"),
        ("geplaatst", True, "x", "heel getal"),
        ("geplaatst", 3, "  ", "leeg"),
    ],
)
def test_a_wrong_number_or_one_without_a_source_is_refused(store, two, result_id, value, source, message):
    key, *_ = two
    with pytest.raises(InvalidInput, match=message):
        store.set_result(key, result_id, value, source)
    assert store.results(key) == []


def test_a_key_of_one_samenwerking_cannot_read_or_change_anothers_results(store, two):
    key, other_key, other = two
    store.set_result(other_key, "geplaatst", 7, "Eigen telling")
    with pytest.raises(AccessDenied):
        store.results(key, other.id)
    assert store.results_per_ronde(key) == []
    store.set_result(key, "geplaatst", 1, "Eigen telling")  # lands in the key's own ronde only
    with pytest.raises(NotFound):
        store.delete_result(key, "bedrijven")
    assert [v.value for v in store.results(other_key)] == [7]
    with pytest.raises(AccessDenied):
        store.set_result("geen-sleutel", "geplaatst", 1, "x")
