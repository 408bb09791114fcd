"""User text on a page: made inert for Markdown, and isolated so it cannot reorder the words around it.

Why Markdown stays: user text is drawn inside Markdown in many places (a name in a caption, a note after a bold
label, a title in an expander or badge), and Streamlit has no plain-text caption, badge or label. So instead of
drawing it with ``st.text`` everywhere, ``plain()`` makes it inert for everything Streamlit 1.67's Markdown
renderer (``StreamlitMarkdown``: remark-gfm, remark-math, remark-directive, remark-emoji and Streamlit's own
plugins) does with text. Each kind, and how it is stopped:

- CommonMark and GFM syntax (emphasis, links and ``<autolinks>``, images, HTML, entities, headings (also a line
  of ``===`` under another), lists, tables, strikethrough, code): a backslash before every ASCII punctuation
  character that can start it; spaces that start a line (four make a code block) as character references.
- GFM autolink literals (``www.x.nl``, ``https://x.nl``, ``a@b.nl``): found in the decoded text, so a word
  joiner goes between ``www`` and its dot, after the ``:`` and after the ``@``.
- LaTeX ``$...$`` (remark-math): the escaped ``$``.
- Directives ``:color[...]``, ``:blue-badge[...]``, ``:small[...]``, ``:help[...]``: the escaped ``:``.
- Plugins that work on the *decoded* text, after escapes are gone, so a backslash does not stop them:
  emoji shortcodes (``:smile:``), ``:streamlit:`` (an image) and ``:material/name:`` (an icon; Streamlit rewrites
  ``:material/`` in the source before parsing), and the typographic ligatures ``->`` ``<-`` ``<->`` ``--``
  ``>=`` ``<=`` ``~=`` (between spaces they become arrows, a dash, ≥ ≤ ≈). Here a WORD JOINER (U+2060, invisible,
  no width, no line break) goes after the ``:`` and between the two or three signs, so no pattern matches.

Bidirectional text: a name or note with Hebrew, Arabic or direction controls (RLO, LRE, PDF...) could reorder the
Dutch words beside it in the same line. Each line of such text is wrapped in FIRST STRONG ISOLATE ... POP
DIRECTIONAL ISOLATE (the HTML ``<bdi>`` of plain text, which Markdown keeps as characters), balanced so that a
stray isolate mark inside the text cannot close the wrapper early. Text without right-to-left letters or controls
is left as it is. ``isolate`` does the same for Excel cells (exports use it through canvas.text).
"""

from __future__ import annotations

import re

from canvas.text import WORD_JOINER, isolate

__all__ = ["WORD_JOINER", "isolate", "plain"]

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&@=])")
# Spaces or tabs that start a line: four of them would make a code block. As character references they are text.
_INDENT = re.compile(r"^[ \t]+")
# JavaScript's \s, which Streamlit's ligature plugin uses: Python's \s lacks U+FEFF.
_JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_LIGATURE = re.compile(rf"(?<![^{_JS_SPACE}])(<->|->|<-|--|>=|<=|~=)(?![^{_JS_SPACE}])")
# A colon that opens an emoji shortcode or :streamlit: (``:word:``, ``:+1:``), ``:material/``, or a URL's ``://``.
# Only these: a time such as 10:30 keeps its colon untouched.
_SHORTCODE_COLON = re.compile(r":(?=[\w+\-]+:|material/|//)")
# Bare www. addresses and e-mail addresses (a@b.nl): GFM turns them into links in the decoded text too.
_WWW_DOT = re.compile(r"(?i)(?<=www)\.")
_AT = re.compile(r"@(?=[\w\-]+\.[\w\-])")


def _inert_line(line: str) -> str:
    line = _LIGATURE.sub(lambda m: WORD_JOINER.join(m.group(1)), line)
    line = _SHORTCODE_COLON.sub(":" + WORD_JOINER, line)
    line = _WWW_DOT.sub(WORD_JOINER + ".", line)
    line = _AT.sub("@" + WORD_JOINER, line)
    line = _MARKDOWN_SPECIAL.sub(r"\\\1", line)
    line = _INDENT.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(0)), line)
    return isolate(line)


def plain(text: str) -> str:
    """User text made inert for ``st.markdown``, captions and labels: shown exactly as typed, never as markup.

    Line breaks the participant typed are kept (a Markdown hard break); each line is bidi-isolated on its own,
    because a line break ends the reach of direction controls anyway.
    """
    return "  \n".join(_inert_line(line) for line in text.replace("\r\n", "\n").split("\n"))
