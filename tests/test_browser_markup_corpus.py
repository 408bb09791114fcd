"""Issue 11, item 5 in Chromium: user text is never markup, on every page that shows it.

The corpus is built from what Streamlit 1.67's Markdown renderer does with text (its documentation of
``st.markdown``, labels, badges, captions, and its frontend plugins; see app_pages/ui/text.py):
CommonMark and GFM (emphasis, strikethrough, code, headings, quotes, lists, tables, links, autolinks, bare URLs
and e-mail addresses, images, HTML, entities, an indented code block, a setext heading), LaTeX, directives
(colours, badges, ``:small[]``, ``:help[]``), emoji shortcodes, ``:streamlit:``, Material icons and the typographic
ligatures. Every text carries the marker ``ZQ``. On each page the test asserts, in the real DOM:

- every text is visible exactly as typed (the invisible word joiners and isolates plain() adds aside);
- no element was made of it: no link to or image from the corpus, no KaTeX, no coloured text or badge, no
  Material icon or Streamlit logo in a Markdown container, no help icon, and no emphasis, code, heading,
  quote, list or table element that holds a *part* of a user text (the project itself may set a whole user
  text in bold, never a piece of it).

And bidi: a name with a right-to-left override does not reverse the words drawn after it.
"""

from __future__ import annotations

import re
import time

import pytest

from data.store import Store
from stakeholders.roles import Role
from tests.browser import ARTIFACTS, screenshot, wait_for_app

pytestmark = pytest.mark.browser

RLO = "\u202e"
MARKUP_CORPUS = (
    "ZQ **vet** en __ook vet__ en *schuin* en _cursief_ en ~~weg~~ en ~ook weg~ en `code`",
    "# ZQ kop",
    "> ZQ citaat",
    "- ZQ lijst\n- twee",
    "1. ZQ genummerd",
    "| ZQ | b |\n|---|---|\n| 1 | 2 |",
    "ZQ regel\n===",
    "    ZQ ingesprongen code",
    "```\nZQ blok\n```",
    "ZQ [een link](https://example.org/a) en [ref][1]\n[1]: https://example.org/r",
    "ZQ <https://example.org/auto> en www.example.org en https://example.org/kaal en mail@example.org",
    "ZQ ![plaatje](https://example.org/p.png)",
    "ZQ <b>html</b> <img src=x onerror=alert(1)> <script>alert(1)</script>",
    "ZQ &amp; &lt;b&gt; &#65; &copy;",
    "ZQ $E = mc^2$ en $$x^2$$",
    "ZQ :red[rood] :blue-background[blauw] :rainbow[regenboog]",
    "ZQ :blue-badge[badge] :small[klein] :help[hulp] :shimmer[glans]",
    "ZQ :smile: :+1: :rocket: :streamlit: :material/home: :material/warning:",
    "ZQ a -> b <- c <-> d -- e >= f <= g ~= h",
    "ZQ <-> aan het begin en aan het eind ->",
    "ZQ regel een\nregel twee",
    "ZQ :color[x]{foreground='red'} en \\*escaped\\* en H~2~O en x^2^",
)
NAME = "ZQ **Bo** :smile: -> [x](y)"
ORGANISATION = ":material/home: ZQ $x$ <i>org</i>"
PPS = ":streamlit: ZQ **PPS** :red[rood]"
TITLE = "ZQ ronde -> :blue-badge[een]"
SECOND_TITLE = "ZQ tweede ronde :smile:"
CONCLUSION = "ZQ gedeeld **samen** :rocket: [link](https://example.org/c) $y$ -> verder"
OLD_CONCLUSION = "ZQ eerste versie _oud_ :+1:"
LEERVRAAG = "ZQ leervraag :material/help: **waarom**?"
REMARK = "ZQ toelichting ~~niet~~ :smile:"
BIDI_NAME = f"Rina{RLO}xob"

USER_TEXTS = (*MARKUP_CORPUS, NAME, ORGANISATION, PPS, TITLE, SECOND_TITLE, CONCLUSION, OLD_CONCLUSION)
USER_TEXTS += (LEERVRAAG, REMARK)
WIDE = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}

# Elements made of markup, and where they come from in Streamlit's renderer.
MADE_OF_MARKUP = """() => {
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  const found = [];
  const say = (what, e) => found.push(what + ': ' + (e.outerHTML || '').slice(0, 160));
  main.querySelectorAll('a[href*="example.org"], a[href="y"], a[href^="mailto:"]').forEach(e => say('link', e));
  main.querySelectorAll('img[src*="example.org"], img[src="x"], img[alt="Streamlit logo"]').forEach(e => say('img', e));
  main.querySelectorAll('.katex, .katex-display, math').forEach(e => say('latex', e));
  main.querySelectorAll('.stMarkdownColoredText, .stMarkdownColoredBackground, .stMarkdownBadge, .stMarkdownShimmer')
    .forEach(e => say('directive', e));
  main.querySelectorAll('streamlit-help-icon')
    .forEach(e => say('help', e));
  main.querySelectorAll('[data-testid="stMarkdownContainer"] span[role="img"]').forEach(e => say('icon', e));
  main.querySelectorAll('script:not([src])').forEach(e => { if (e.textContent.includes('alert')) say('script', e); });
  const tags = 'strong,em,b,i,del,s,code,pre,h1,h2,h3,h4,h5,h6,blockquote,li,table,sup,sub,mark,kbd,a';
  main.querySelectorAll('[data-testid="stMarkdownContainer"], [data-testid="stCaptionContainer"]').forEach(box => {
    box.querySelectorAll(tags).forEach(e => {
      if (e.textContent.includes('ZQ')) found.push('PART ' + e.tagName + ': ' + e.textContent.slice(0, 160));
    });
  });
  return found;
}"""
INVISIBLE = re.compile("[\u2060\u2068\u2069]")


def squeeze(text: str) -> str:
    return " ".join(INVISIBLE.sub("", text).split())


def check_page(page, where: str, expected: tuple[str, ...]) -> None:
    """Every ``expected`` text visible as typed, and nothing built from a user text's markup."""
    wait_for_app(page)
    deadline = time.monotonic() + 20  # a fragment (the board, a view) may still be drawing
    while True:
        shown = squeeze(page.locator('[data-testid="stMain"]').inner_text())
        missing = [t for t in expected if squeeze(t) not in shown]
        if not missing or time.monotonic() > deadline:
            break
        page.wait_for_timeout(500)
    if missing:
        screenshot(page, f"corpus-failed-{where}")
        (ARTIFACTS / f"corpus-failed-{where}.txt").write_text(shown)
    assert not missing, f"on {where}, not shown as typed: {missing}"
    made = page.evaluate(MADE_OF_MARKUP)
    # A project-made bold or italic around a *whole* user text is fine (a heading, a label); a piece is markup.
    whole = {squeeze(t) for t in USER_TEXTS}
    parts = [m for m in made if not (m.startswith("PART ") and any(w in squeeze(m.split(": ", 1)[1]) for w in whole))]
    assert not parts, f"on {where}, markup was made of user text: {parts}"


@pytest.fixture
def rooms(app_server):
    """Two rondes of a samenwerking whose every text is from the corpus; the second is open for notes."""
    store = Store.open(app_server.database_url)
    samenwerking, first, key1 = store.create_samenwerking(
        name=PPS, title=TITLE, region="Zuid", partners=[(ORGANISATION, "ondernemer")]
    )
    _, token1 = store.join(first.code, name=NAME, role=Role.ONDERNEMER, organisation=ORGANISATION)
    for text in MARKUP_CORPUS:
        store.add_note(token1, "sociaal_probleem", text)
    store.set_conclusion(key1, "sociaal_probleem", OLD_CONCLUSION)
    store.set_conclusion(key1, "sociaal_probleem", CONCLUSION)
    store.set_revealed(key1, True)
    store.add_leervraag(key1, LEERVRAAG)
    second, key2 = store.start_next_ronde(key1, title=SECOND_TITLE)
    _, token2 = store.join(second.code, name=NAME, role=Role.ONDERNEMER, organisation=ORGANISATION)
    for text in MARKUP_CORPUS[:6]:
        store.add_note(token2, "sociaal_probleem", text)
    store.set_lesson_score(token2, 1, 3, REMARK)
    store.set_lessons_revealed(key2, True)
    store.set_revealed(key2, True)
    _, other = store.join(first.code, name="Ann", role=Role.OVERHEID)
    return store, first, key1, token1, key2, token2, other


def test_every_page_shows_user_markup_as_literal_text_and_builds_no_element_of_it(app_server, chromium, rooms):
    url = app_server.url
    store, first, key1, token1, key2, token2, other = rooms
    context = chromium.new_context(viewport=WIDE)
    page = context.new_page()
    corpus = MARKUP_CORPUS

    # Invullen: the walk (own notes in the first block), the overview, and Van anderen (another participant).
    page.goto(f"{url}/invullen?p={token1}")
    page.get_by_label("Nieuwe notitie").wait_for()
    check_page(page, "Invullen (walk)", (*corpus, NAME, PPS, TITLE))
    screenshot(page, "corpus-invullen-1280x720")
    page.get_by_role("radio", name="Overzicht").click()
    check_page(page, "Invullen (Overzicht)", corpus)
    page.goto(f"{url}/invullen?p={other}")
    page.get_by_label("Nieuwe notitie").wait_for()
    page.get_by_role("radio", name="Van anderen").click()
    wait_for_app(page)
    for expander in page.locator('[data-testid="stExpander"] summary').all():
        if "Jouw eigen link" not in expander.inner_text():
            expander.click()
            wait_for_app(page)
    check_page(page, "Invullen (Van anderen)", (*corpus, NAME))

    # The board, focus mode and the Perspectieven table on the projector.
    page.goto(f"{url}/canvas?key={key1}")
    check_page(page, "Canvas", (*corpus, CONCLUSION, NAME, PPS, TITLE))
    screenshot(page, "corpus-canvas-1280x720")
    page.goto(f"{url}/canvas?key={key1}&blok=sociaal_probleem")
    check_page(page, "Canvas (focus)", (*corpus, CONCLUSION, NAME))
    screenshot(page, "corpus-focus-1280x720")
    page.goto(f"{url}/perspectieven?key={key1}")
    check_page(page, "Perspectieven", (*corpus, PPS, TITLE))
    screenshot(page, "corpus-perspectieven-1280x720")

    # Begeleiden: the gedeeld perspectief tab, with the visible notes and the earlier version opened.
    page.goto(f"{url}/begeleiden?key={key1}")
    wait_for_app(page)
    page.get_by_role("tab", name="🤝 Gedeeld perspectief").click()
    page.get_by_text("Zichtbare notities in dit blok").click()
    wait_for_app(page)
    page.get_by_text("Eerdere versies (1)").click()
    check_page(page, "Begeleiden (gedeeld perspectief)", (*corpus, NAME, OLD_CONCLUSION))
    screenshot(page, "corpus-begeleiden-1280x720")

    # Exporteren, Verloop (two rondes) and the lessons page of the second ronde.
    page.goto(f"{url}/exporteren?key={key2}")
    check_page(page, "Exporteren", (PPS, SECOND_TITLE))
    page.goto(f"{url}/verloop?key={key2}")
    check_page(page, "Verloop", (*corpus, CONCLUSION, PPS))
    screenshot(page, "corpus-verloop-1280x720")
    page.goto(f"{url}/verloop?key={key2}&weergave=lessen")
    page.get_by_text("Toelichtingen (1)").click()
    check_page(page, "Verloop (lessen)", (REMARK,))
    page.goto(f"{url}/verloop?key={key2}&weergave=acties")
    check_page(page, "Verloop (acties)", (LEERVRAAG,))
    page.goto(f"{url}/lessen?p={token2}")
    check_page(page, "Lessen", (PPS, SECOND_TITLE))
    context.close()


def test_a_name_with_a_right_to_left_override_does_not_reverse_the_words_after_it(app_server, chromium):
    store = Store.open(app_server.database_url)
    workshop, key = store.create_workshop(pps_name=f"Haven{RLO}stad", title="Ronde een")
    _, token = store.join(workshop.code, name=BIDI_NAME, role=Role.OVERHEID, organisation=f"Org{RLO}abc")
    store.add_note(token, "sociaal_probleem", f"Te weinig {RLO}technici")
    store.set_revealed(key, True)
    for viewport, size in ((WIDE, "1280x720"), (PHONE, "390x844")):
        page = chromium.new_context(viewport=viewport).new_page()
        page.goto(f"{app_server.url}/invullen?p={token}")
        page.get_by_label("Nieuwe notitie").wait_for()
        wait_for_app(page)
        badge = page.locator('[class*="st-key-badge-overheid-invullen_wie"]')
        # The role after the name reads left to right as written: the override ends with the name.
        assert_in_visual_order(badge, ["Rina", "Overheid"])
        assert_in_visual_order(page.locator('[class*="st-key-invullen_page"] strong').first, ["Haven", "Ronde"])
        screenshot(page, f"bidi-invullen-{size}")
        page.goto(f"{app_server.url}/canvas?key={key}&blok=sociaal_probleem")
        wait_for_app(page)
        caption = page.locator('[data-testid="stCaptionContainer"]', has_text="Rina").first
        assert_in_visual_order(caption, ["Overheid", "Rina", "Org"])
        screenshot(page, f"bidi-focus-{size}")
        page.context.close()


def assert_in_visual_order(locator, words: list[str]) -> None:
    """The words appear left to right on screen in this order, each drawn forwards (not mirrored)."""
    boxes = locator.evaluate(
        """(el, words) => words.map(w => {
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const n = walker.currentNode, i = n.data.indexOf(w);
            if (i >= 0) {
              const r = document.createRange();
              r.setStart(n, i); r.setEnd(n, i + 1);
              const first = r.getBoundingClientRect();
              r.setStart(n, i + w.length - 1); r.setEnd(n, i + w.length);
              const last = r.getBoundingClientRect();
              return {first: first.left, last: last.left, top: first.top};
            }
          }
          return null;
        })""",
        words,
    )
    assert all(boxes), f"not all of {words} found: {boxes}"
    for word, box in zip(words, boxes, strict=True):
        assert box["first"] < box["last"], f"{word!r} is drawn mirrored: {box}"
    for i in range(len(words) - 1):
        if abs(boxes[i]["top"] - boxes[i + 1]["top"]) < 4:
            assert boxes[i]["first"] < boxes[i + 1]["first"], f"{words[i + 1]!r} is drawn before {words[i]!r}: {boxes}"
