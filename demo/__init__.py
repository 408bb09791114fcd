"""The four practice cases of seed 001 as demo workshops, built from ``demo/workshops.json``.

Loaded on the first start of an empty database (and by ``pps-canvas demo``); a workshop whose code already
exists is left alone, so loading twice changes nothing.

A case may go on over time (Toekomst in de Techniek does): its ``rondes`` are the next rondes of the same
samenwerking (looptijd, evaluatie), written from the case text of seed 001, and each ronde may carry lesson
scores (``lessen``: per participant name, lesson number → [score, remark]), ``leervragen``, new ``acties``
(owner: a partner organisation), ``acties_bijwerken`` (closing or progressing earlier actions by their
text, in that ronde), ``kenmerken`` (``canvas.kenmerken``: what changed in that ronde) and
``resultaten`` (``canvas.resultaten``: result id → [number, source]), and the monitoring cycle of seed 003:
``factoren`` (per participant name, [kind, text]), ``themas`` (a title and the factors' texts), leervragen as
objects (``tekst``, ``thema``, ``dimensie``/``niveau`` in Tabel 4.2), ``leervragen_bijwerken`` (status and
answer of an earlier one) and per action the ``leervraag`` it answers, by text. Follow-up rondes are
made together with their first ronde.
"""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from typing import Any

from canvas.community import Sharing
from data.store import InvalidInput, Store, UnknownWorkshop

__all__ = ["DEMO_COMMUNITY", "demo_cases", "load_demo", "load_demo_with_community"]

DEMO_COMMUNITY = "Lerende community techniek (voorbeeld)"
DEMO_COMMUNITY_REGION = "Nederland"
DEMO_COMMUNITY_TEXT = (
    "Vier publiek-private samenwerkingen rond zij-instroom in de techniek leren van elkaar: NexTechnician, "
    "Startplein Techniek Rivierenland, Toekomst in de Maakindustrie en Toekomst in de Techniek."
)
DEMO_SHARING = Sharing(perspective=True, lessons=True, notes=True, names=False)


def demo_cases() -> list[dict[str, Any]]:
    text = resources.files("demo").joinpath("workshops.json").read_text(encoding="utf-8")
    return json.loads(text)["workshops"]


def load_demo(store: Store) -> dict[str, str]:
    """Create the demo workshops that are missing; returns ``{code: facilitator key}`` of those created.

    Workshops only, no community (what tests of workshops and backups load); the app's first start and
    ``pps-canvas demo`` use ``load_demo_with_community``.
    """
    return _load_cases(store)[0]


def load_demo_with_community(store: Store) -> tuple[dict[str, str], str | None]:
    """The demo workshops that are missing, and the demo community when all four cases were just made.

    Returns ``{code: facilitator key}`` of the workshops created and the coordinator key of the demo community
    (``None`` when it was not created now: it exists already, or some cases existed before).
    """
    created, first_keys = _load_cases(store)
    return created, _demo_community(store, first_keys)


def _demo_community(store: Store, first_keys: list[str]) -> str | None:
    if len(first_keys) != len(demo_cases()):
        return None
    try:
        community, coordinator_key = store.create_community(
            name=DEMO_COMMUNITY, region=DEMO_COMMUNITY_REGION, description=DEMO_COMMUNITY_TEXT
        )
    except InvalidInput:  # a community of that name exists already
        return None
    for key in first_keys:
        store.join_community(key, community.invite_code, DEMO_SHARING)
    return coordinator_key


def _load_cases(store: Store) -> tuple[dict[str, str], list[str]]:
    created: dict[str, str] = {}
    first_keys: list[str] = []
    for case in demo_cases():
        try:
            store.workshop(case["code"])
            continue
        except UnknownWorkshop:
            pass
        workshop, key = store.create_workshop(
            code=case["code"],
            pps_name=case["pps_name"],
            title=case["title"],
            region=case["region"],
            phase=case["phase"],
            date=date.fromisoformat(case["date"]),
            partners=case["partners"],
        )
        _fill_ronde(store, workshop.code, key, case)
        created[workshop.code] = key
        first_keys.append(key)
        for follow_up in case.get("rondes", []):
            ronde, key = store.start_next_ronde(
                key,
                title=follow_up["title"],
                phase=follow_up["phase"],
                date=date.fromisoformat(follow_up["date"]),
                code=follow_up["code"],
            )
            _fill_ronde(store, ronde.code, key, follow_up)
            created[ronde.code] = key
    return created, first_keys


def _fill_ronde(store: Store, code: str, key: str, ronde: dict[str, Any]) -> None:
    """Participants with their notes and lesson scores, conclusions, leervragen and actions of one ronde."""
    tokens: dict[str, str] = {}
    for person in ronde["participants"]:
        _, token = store.join(
            code,
            name=person["name"],
            organisation=person["organisation"],
            role=person["role"],
            sub_role=person.get("sub_role", ""),
        )
        tokens[person["name"]] = token
        for block_id, texts in person["notes"].items():
            for text in texts:
                store.add_note(token, block_id, text)
    if ronde.get("kenmerken"):
        store.set_kenmerken(key, **ronde["kenmerken"])
    for result_id, (value, source) in ronde.get("resultaten", {}).items():
        store.set_result(key, result_id, value, source)
    for block_id, text in ronde.get("conclusions", {}).items():
        store.set_conclusion(key, block_id, text)
    for name, scores in ronde.get("lessen", {}).items():
        store.set_lesson_scores(tokens[name], {int(i): (score, remark) for i, (score, remark) in scores.items()})
    # The monitoring cycle (seed 003): factors per participant, themes of them, leervragen placed in Tabel 4.2.
    factor_ids: dict[str, int] = {}
    for name, named in ronde.get("factoren", {}).items():
        for kind, text in named:
            factor_ids[text] = store.add_factor(tokens[name], kind, text).id
    themes = {t["titel"]: store.create_theme(key, t["titel"], [factor_ids[f] for f in t["factoren"]]).id
              for t in ronde.get("themas", [])}  # fmt: skip
    for item in ronde.get("leervragen", []):
        item = {"tekst": item} if isinstance(item, str) else item
        store.add_leervraag(key, item["tekst"], theme_id=themes.get(item.get("thema", "")),
                            dimension=item.get("dimensie"), level=item.get("niveau"))  # fmt: skip
    leervragen = {v.text: v.id for v in store.all_leervragen(key)}
    for change in ronde.get("leervragen_bijwerken", []):
        store.update_leervraag(key, leervragen[change["tekst"]], status=change["status"], answer=change["antwoord"])
    if factor_ids:
        store.set_factors_revealed(key, True)
    actions = {a.text: a for a in store.actions(key)}
    for change in ronde.get("acties_bijwerken", []):
        store.update_action(key, actions[change["tekst"]].id, status=change["status"], outcome=change["uitkomst"])
    samenwerking, _ = store.facilitated_samenwerking(key)
    owners = {p.organisation: p.id for p in samenwerking.partners}
    for action in ronde.get("acties", []):
        store.add_action(
            key,
            text=action["tekst"],
            owner_partner_id=owners[action["eigenaar"]],
            person=action.get("persoon", ""),
            due=date.fromisoformat(action["uiterlijk"]) if action.get("uiterlijk") else None,
            leervraag_id=leervragen[action["leervraag"]] if action.get("leervraag") else None,
        )
    # The synthesis (Synthese page): points per cell, each linked to the notes it sums up, found by their text.
    note_ids = {(n.role.value, n.text): n.id for n in store.notes(store.workshop(code).id)}
    for point in ronde.get("synthesis", []):
        linked = [note_ids[(point["role"], text)] for text in point["notes"]]
        store.add_bullet(key, point["role"], point["question"], point["text"], linked)
    # A finished case: everything on the board, like the worked examples in seed 001.
    store.set_revealed(key, True)
    if ronde.get("lessen"):
        store.set_lessons_revealed(key, True)
