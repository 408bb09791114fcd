"""Verloop (facilitator key): one samenwerking over its rondes.

Four views: **Verloop** (pick two rondes, default the last two; per block the gedeeld perspectief then and
now and every stakeholder's notes marked nieuw / verdwenen / gebleven, ``canvas.compare``), **Betrokkenheid**
(attendance and notes per ronde per stakeholder and organisation, silences flagged; a chart with a table
beside it), **Lessen** (the ten lessons: spread per stakeholder and the change over rondes, only for rondes
whose scores the facilitator revealed) and **Acties** (with leervragen). Note texts come only from revealed
blocks, as on the board; counts include hidden notes, never their words.
"""

from __future__ import annotations

import streamlit as st

from app_pages.ui.access import facilitator_key, how_to_get_in
from app_pages.ui.kenmerken_form import kenmerken_table
from app_pages.ui.rounds import change_badge
from app_pages.ui.store import get_store
from app_pages.ui.text import isolate, plain
from app_pages.ui.verloop_charts import PLOT_CONFIG, engagement_chart, results_chart, spread_chart
from canvas.blocks import BLOCKS_BY_ID, WALK_ORDER
from canvas.compare import (
    Change,
    RondeContent,
    by_block_and_role,
    compare_notes,
    engagement,
    lesson_spread,
    lesson_trend,
)
from canvas.lessons import LESSONS, LESSONS_BY_ID
from canvas.resultaten import RESULTS_BY_ID, trend
from canvas.rounds import Ronde
from data.store import StoreError
from stakeholders.roles import Role, role_info

VIEWS = {
    "verloop": "🔀 Verloop",
    "kenmerken": "🏷️ Kenmerken",
    "resultaten": "📊 Resultaten",
    "betrokkenheid": "👥 Betrokkenheid",
    "lessen": "🧭 Lessen",
    "acties": "✅ Acties",
}
VIEW = "verloop_weergave"

store = get_store()

key = facilitator_key()
if not key:
    st.title("Verloop")
    st.markdown("Hier vergelijk je de rondes van een samenwerking: wat veranderde er, wie haakte af, en de lessen.")
    how_to_get_in()
    st.stop()
try:
    samenwerking, workshop = store.facilitated_samenwerking(key)
except StoreError as error:
    st.title("Verloop")
    st.error(plain(str(error)))
    how_to_get_in()
    st.stop()

rondes = store.rondes(samenwerking.id)
by_id = {r.workshop_id: r for r in rondes}
st.markdown(
    f"## Verloop · {plain(samenwerking.name)}  \n"
    + plain(
        " · ".join(
            part
            for part in (
                samenwerking.region,
                f"{len(rondes)} {'ronde' if len(rondes) == 1 else 'rondes'}",
                f"{len(samenwerking.partners)} partners",
            )
            if part
        )
    )
)

if VIEW not in st.session_state:
    wanted = st.query_params.get("weergave", "verloop")
    st.session_state[VIEW] = wanted if wanted in VIEWS else "verloop"
view = st.segmented_control(
    "Weergave", list(VIEWS), format_func=VIEWS.get, required=True, key=VIEW, label_visibility="collapsed"
)
st.query_params["weergave"] = view


def pick_two() -> tuple[Ronde, Ronde] | None:
    """Ronde A (earlier) and B (later), default the last two; ``None`` when there is only one ronde."""
    if len(rondes) < 2:
        st.info(
            "Deze samenwerking heeft nog maar één ronde. Start de volgende ronde op Begeleiden › Rondes en "
            "acties; daarna zie je hier wat er veranderde."
        )
        return None
    ids = [r.workshop_id for r in rondes]
    left, right = st.columns(2)
    a = left.selectbox("Toen (ronde A)", ids, index=len(ids) - 2, format_func=lambda i: by_id[i].label, key="verloop_a")
    b = right.selectbox("Nu (ronde B)", ids, index=len(ids) - 1, format_func=lambda i: by_id[i].label, key="verloop_b")
    if a == b:
        st.warning("Kies twee verschillende rondes om te vergelijken.")
        return None
    first, second = sorted((by_id[a], by_id[b]), key=lambda r: r.number)
    return first, second


def verloop_view() -> None:
    pair = pick_two()
    if pair is None:
        return
    a, b = pair
    wa, wb = store.workshop_by_id(a.workshop_id), store.workshop_by_id(b.workshop_id)
    notes_a, notes_b = store.visible_notes(wa), store.visible_notes(wb)
    changes = compare_notes(notes_a, notes_b)
    counts = {c: sum(1 for x in changes if x.change is c) for c in Change}
    st.markdown(
        " · ".join(
            f"{c.icon} **{counts[c]}** {c.label.lower()}" for c in (Change.NIEUW, Change.GEBLEVEN, Change.VERDWENEN)
        )
    )
    hidden = [r.label for r, w, shown in ((a, wa, notes_a), (b, wb, notes_b)) if len(store.notes(w.id)) > len(shown)]
    if hidden:
        st.caption("🔒 Niet alle notities zijn zichtbaar in: " + plain(", ".join(hidden)) + ". Alleen wat de zaal zag.")
    st.caption(
        "Gebleven: een notitie van dezelfde stakeholder in hetzelfde blok met bijna dezelfde woorden. "
        "Nieuw: alleen nu. Verdwenen: alleen toen (doorgestreept)."
    )
    only_changed = st.toggle("Alleen blokken met verschil", key="verloop_alleen_verschil")
    grouped = by_block_and_role(changes)
    then, now = store.conclusions(wa.id), store.conclusions(wb.id)
    for block_id in WALK_ORDER:
        per_role = grouped[block_id]
        c_then, c_now = then.get(block_id), now.get(block_id)
        differs = any(x.change is not Change.GEBLEVEN for xs in per_role.values() for x in xs) or (
            (c_then.text if c_then else "") != (c_now.text if c_now else "")
        )
        if only_changed and not differs:
            continue
        with st.container(border=True, key=f"verloop_blok_{block_id}"):
            st.markdown(f"#### {plain(BLOCKS_BY_ID[block_id].title)}")
            left, right = st.columns(2)
            for column, ronde, conclusion in ((left, a, c_then), (right, b, c_now)):
                with column:
                    st.caption(f"Gedeeld perspectief · {plain(ronde.label)}")
                    st.markdown(plain(conclusion.text) if conclusion else "*(geen gedeeld perspectief)*")
            if not per_role:
                st.caption("Geen zichtbare notities in deze rondes.")
                continue
            roles = list(per_role)
            for column, role in zip(st.columns(len(roles)), roles, strict=True):
                info = role_info(role)
                with column:
                    with st.container(key=f"badge-{role.value}-verloop-{block_id}"):
                        st.markdown(f"{info.icon} {info.label}")
                    for x in per_role[role]:
                        note_id = (x.after or x.before).id  # type: ignore[union-attr]
                        detail = ""
                        if x.change is Change.GEBLEVEN and x.before is not None and x.before.text != x.text:
                            detail = "toen: " + x.before.text
                        change_badge(x.change, x.text, key=f"{block_id}-{note_id}", detail=detail)


def _contents() -> list[RondeContent]:
    return [
        RondeContent(
            ronde=r,
            participants=tuple(store.participants(r.workshop_id)),
            notes=tuple(store.notes(r.workshop_id)),
        )
        for r in rondes
    ]


def betrokkenheid_view() -> None:
    rows = engagement(_contents(), samenwerking.partners)
    labels = [f"Ronde {r.number}" for r in rondes]
    silent = [r for r in rows if r.silent_now]
    if silent and len(rondes) > 1:
        st.warning(
            f"⚠ **Stil in ronde {rondes[-1].number}:** "
            + plain("; ".join(f"{r.label} ({'stakeholder' if r.kind == 'rol' else 'organisatie'})" for r in silent))
            + ". Zij schreven eerder wel notities, nu niet. Vraag na of zij nog betrokken zijn."
        )
    elif len(rondes) > 1:
        st.success("Iedereen die eerder notities schreef, deed dat in de laatste ronde ook.")

    def table(kind: str) -> list[dict[str, str | int]]:
        result = []
        for r in (x for x in rows if x.kind == kind):
            info = role_info(r.role)
            line: dict[str, str | int] = {"Stakeholder" if kind == "rol" else "Organisatie": r.label}
            if kind != "rol":
                line["Stakeholder"] = f"{info.icon} {info.label}"
            for label, present, notes, flag in zip(labels, r.attendance, r.notes, r.silent, strict=True):
                line[label] = f"{notes} ({present})" + (" ⚠ stil" if flag else "")
            result.append(line)
        return result

    st.caption("In de tabellen: notities, met tussen haakjes hoeveel mensen er waren. ⚠ stil: schreef eerder wel.")
    chart, side = st.columns([3, 2], gap="medium")
    role_rows = [r for r in rows if r.kind == "rol"]
    with chart:
        st.plotly_chart(engagement_chart(role_rows, labels), key="verloop_betrokkenheid_chart", config=PLOT_CONFIG)
    with side:
        st.markdown("**Per stakeholder** (de cijfers van de grafiek)")
        st.dataframe(table("rol"), hide_index=True, width="stretch", key="verloop_betrokkenheid_rollen")
    st.markdown("**Per organisatie** (partners en wie meedeed)")
    st.dataframe(table("organisatie"), hide_index=True, width="stretch", key="verloop_betrokkenheid_orgs")


def _scores_of(ronde: Ronde):
    return store.lesson_scores(key, ronde.workshop_id) if ronde.lessons_revealed else []


def lessen_view() -> None:
    ids = [r.workshop_id for r in rondes]
    chosen = by_id[
        st.selectbox("Ronde", ids, index=len(ids) - 1, format_func=lambda i: by_id[i].label, key="verloop_lessen_ronde")
    ]
    if not chosen.lessons_revealed:
        n = store.lesson_scorers(chosen.workshop_id)
        st.info(
            f"🔒 De scores van {plain(chosen.label)} zijn nog verborgen ({n} "
            f"{'deelnemer scoorde' if n == 1 else 'deelnemers scoorden'}). Laat ze zien op Begeleiden › Rondes "
            "en acties."
        )
    scores = _scores_of(chosen)
    if scores:
        spreads = lesson_spread(scores)
        roles = [r for r in Role if any(r in s.per_role for s in spreads)]
        chart, side = st.columns([3, 2], gap="medium")
        with chart:
            st.plotly_chart(spread_chart(spreads, roles), key="verloop_lessen_chart", config=PLOT_CONFIG)
        with side:
            widest = sorted((s for s in spreads if s.spread is not None), key=lambda s: -s.spread)[:3]
            if widest:
                st.markdown("**Hier lopen de stakeholders het verst uiteen:**")
                for s in widest:
                    low, high = s.per_role[s.lowest_role], s.per_role[s.highest_role]
                    st.markdown(
                        f"- **{s.lesson_id}. {plain(LESSONS_BY_ID[s.lesson_id].title)}**: "
                        f"{role_info(s.highest_role).label.lower()} {high.mean:.1f}, "
                        f"{role_info(s.lowest_role).label.lower()} {low.mean:.1f}"
                    )
            st.dataframe(
                [
                    {
                        "Les": f"{s.lesson_id}. {LESSONS_BY_ID[s.lesson_id].title}",
                        **{
                            role_info(r).label: (f"{s.per_role[r].mean:.1f}" if r in s.per_role else "–") for r in roles
                        },
                        "Verschil": f"{s.spread:.1f}" if s.spread is not None else "–",
                    }
                    for s in spreads
                ],
                hide_index=True,
                width="stretch",
                key="verloop_lessen_tabel",
            )
            st.caption("Gemiddelde score per stakeholder (1 = nog niet, 5 = helemaal); verschil = hoogste min laagste.")
        remarks = [s for s in scores if s.remark.strip()]
        with st.expander(f"Toelichtingen ({len(remarks)})", key="verloop_lessen_toelichting"):
            anonymous = store.workshop_by_id(chosen.workshop_id).anonymous
            for s in sorted(remarks, key=lambda s: s.lesson_id):
                who = role_info(s.role).label + ("" if anonymous else f" · {isolate(s.author_name)}")
                st.markdown(f"**Les {s.lesson_id}** · {plain(who)} · score {s.score}: {plain(s.remark)}")
    if len(rondes) > 1:
        st.markdown(
            "**Verandering over de rondes**: gemiddelde van iedereen, met tussen haakjes het laagste en hoogste "
            "gemiddelde van een stakeholder (alleen rondes met zichtbare scores)"
        )
        trends = lesson_trend([_scores_of(r) for r in rondes])

        def cell(t, index: int) -> str:
            overall = t.overall[index]
            if overall is None:
                return "–"
            sides = [v[index] for v in t.per_role.values() if v[index] is not None]
            spread = f" ({min(sides):.1f}–{max(sides):.1f})" if len(sides) > 1 else ""
            return f"{overall:.1f}{spread}"

        def sides_now(t) -> str:
            last = max((i for i, v in enumerate(t.overall) if v is not None), default=None)
            if last is None:
                return "–"
            return " · ".join(
                f"{role_info(role).label.lower()} {v[last]:.1f}"
                for role, v in t.per_role.items()
                if v[last] is not None
            )

        st.dataframe(
            [
                {
                    "Les": f"{t.lesson_id}. {LESSONS_BY_ID[t.lesson_id].title}",
                    **{f"Ronde {r.number}": cell(t, i) for i, r in enumerate(rondes)},
                    "Verandering": (
                        "–"
                        if t.change is None
                        else (f"▲ +{t.change:.1f}" if t.change > 0 else f"▼ {t.change:.1f}" if t.change < 0 else "= 0")
                    ),
                    "Per stakeholder (laatste ronde met scores)": sides_now(t),
                }
                for t in trends
            ],
            hide_index=True,
            width="stretch",
            key="verloop_lessen_trend",
        )
    st.caption("De tien lessen uit ‘Wat leren we uit de praktijkvoorbeelden?’: " + plain(f"{len(LESSONS)} lessen."))


def kenmerken_view() -> None:
    st.caption("Type, initiatiefnemer, transities, doelgroepen, regio, startjaar en ontwikkelfase per ronde.")
    kenmerken_table(store.kenmerken_per_ronde(key))
    st.page_link("app_pages/monitoring.py", label="Kenmerken aanpassen op Monitoring", icon="🔎")


def resultaten_view() -> None:
    values = store.results_per_ronde(key)
    if not values:
        st.info("Er zijn nog geen resultaten vastgelegd. Vul ze per ronde in op Monitoring › Resultaten.")
        st.page_link("app_pages/monitoring.py", label="Naar Monitoring", icon="🔎")
        return
    series = trend(values, [r.number for r in rondes])
    labels = [f"Ronde {r.number}" for r in rondes]
    chart, side = st.columns([3, 2], gap="medium")
    with chart:
        st.plotly_chart(results_chart(series, labels), key="verloop_resultaten_chart", config=PLOT_CONFIG)
    with side:
        st.markdown("**De cijfers van de grafiek**")
        st.dataframe(
            [
                {
                    "Resultaat": RESULTS_BY_ID[rid].label,
                    # All text, so every column aligns the same way ("–" beside numbers would not).
                    **{label: ("–" if v is None else str(v)) for label, v in zip(labels, numbers, strict=True)},
                }
                for rid, numbers in series.items()
            ],
            hide_index=True,
            width="stretch",
            key="verloop_resultaten_tabel",
        )
        st.caption("Totaal sinds de start van de samenwerking, zoals bekend op de datum van de ronde. – = niet geteld.")
    with st.expander(f"Bronnen ({len(values)})", key="verloop_resultaten_bronnen"):
        for v in values:
            st.markdown(f"Ronde {v.ronde} · **{plain(v.result.label)}** {v.value}: {plain(v.source)}")


def acties_view() -> None:
    actions = store.actions(key)
    if not actions:
        st.info("Er zijn nog geen acties afgesproken. Leg ze vast op Begeleiden › Rondes en acties.")
    else:
        open_count = sum(1 for a in actions if not a.status.is_closed)
        st.markdown(
            f"**{len(actions)} {'actie' if len(actions) == 1 else 'acties'}**, waarvan {open_count} nog open of bezig."
        )
        st.dataframe(
            [
                {
                    "Actie": a.text,
                    "Eigenaar": a.owner_label,
                    "Uiterlijk": f"{a.due:%d-%m-%Y}" if a.due else "",
                    "Status": a.status.label,
                    "Uitkomst": a.outcome,
                    "Afgesproken in": f"ronde {a.ronde_created}",
                    "Gesloten in": f"ronde {a.ronde_closed}" if a.ronde_closed else "",
                }
                for a in actions
            ],
            hide_index=True,
            width="stretch",
            key="verloop_acties",
        )
    st.markdown("**Leervragen per ronde** (❓ open · ⏳ in behandeling · ✅ beantwoord)")
    vragen = store.all_leervragen(key)
    for r in rondes:
        of_ronde = [v for v in vragen if v.ronde == r.number]
        if of_ronde:
            st.markdown(
                f"*{plain(r.label)}*  \n"
                + "  \n".join(
                    f"{v.status.icon} {plain(v.text)}"
                    + (f" · *{plain(v.cell.label)}*" if v.cell else "")
                    + (f" · antwoord (ronde {v.ronde_answered}): {plain(v.answer)}" if v.answer else "")
                    for v in of_ronde
                )
            )
    if not vragen:
        st.caption("Nog geen leervragen.")


{
    "verloop": verloop_view,
    "kenmerken": kenmerken_view,
    "resultaten": resultaten_view,
    "betrokkenheid": betrokkenheid_view,
    "lessen": lessen_view,
    "acties": acties_view,
}[view]()
