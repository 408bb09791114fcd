"""Hostile notes for the file exports: long, right-to-left, emoji, formula-like, markup; and ways to read files back."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

from data.store import Store

LONG_WORDS = ("Samenwerking tussen gemeente, ROC en werkgevers vraagt geduld en heldere afspraken. " * 7)[:500]
LONG_TOKEN = "https://example.org/" + "zeer-lange-verwijzing-zonder-spaties-" * 13
ARABIC = "نحتاج إلى المزيد من الفنيين في المنطقة، لا سيما في قطاع التنقل"
HEBREW = "אנחנו צריכים יותר טכנאים באזור, במיוחד בתחום הניידות"
MIXED = "De gemeente zegt: אנחנו צריכים יותר טכנאים en wij zijn het eens"
EMOJI = "Samen sterk 💪🏽 en trots 🇳🇱 op de werkplaats 🏭"
# What the emoji note reads as in the PDF: its emoji by name (the font has no emoji), the rest as typed.
EMOJI_IN_PDF = ("Samen sterk", "[flexed biceps]", "en trots", "[NL]", "op de werkplaats", "[factory]")

HOSTILE: dict[str, list[tuple[str, str]]] = {
    # role -> [(block, text)]
    "ondernemer": [
        ("sociaal_probleem", LONG_WORDS[:500]),
        ("sociaal_probleem", "=1+1"),
        ("oplossing", "<script>alert('x')</script>"),
        ("kosten", "+31 6 12345678 en -2 en @SUM(A1:A3)"),
        ("kernactiviteiten", EMOJI),
    ],
    "overheid": [
        ("sociaal_probleem", ARABIC),
        ("begunstigden", HEBREW),
        ("relaties", "**vet** en _cursief_ en [een link](http://example.org) en # geen kop"),
    ],
    "onderwijs": [
        ("sociaal_probleem", MIXED),
        ("kernbronnen", LONG_TOKEN[:500]),
        ("financiering", "Café, coöperatie, naïef — „aanhalingstekens” en €50\nTweede regel"),
    ],
}


def hostile_workshop(store: Store) -> tuple[object, str]:
    workshop, key = store.create_workshop(pps_name="Stad & Ommeland <b>", title="Test =1+1 🚀", region="Zuid")
    for n, (role, notes) in enumerate(HOSTILE.items()):
        _, token = store.join(workshop.code, name=f"Persoon {n}", organisation="Org", role=role)
        for block_id, text in notes:
            store.add_note(token, block_id, text)
    store.set_conclusion(key, "sociaal_probleem", "Gedeeld: " + ARABIC + " — en dat is urgent")
    return store.workshop(workshop.code), key


_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def squeeze(text: str) -> str:
    """Text as compared: compatibility forms folded (Arabic joined forms back to letters), no bidi marks, no spaces."""
    text = unicodedata.normalize("NFKC", _BIDI_CONTROLS.sub("", text))
    return "".join(text.split())


def pdftotext(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, str(pdf), "-"], check=True, capture_output=True, text=True, timeout=120
    ).stdout


def soffice_convert(source: Path, out_dir: Path, *, import_filter: str | None = None, target: str = "pdf") -> Path:
    """Convert with LibreOffice, headless, with a profile of its own; the converted file, or an AssertionError."""
    assert shutil.which("soffice"), "LibreOffice (soffice) is not installed: .ci/run installs it"
    profile = out_dir / "lo-profile"
    args = ["soffice", f"-env:UserInstallation=file://{profile}", "--headless"]
    if import_filter:
        args.append(f"--infilter={import_filter}")
    result = subprocess.run(
        [*args, "--convert-to", target, "--outdir", str(out_dir / "out"), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    converted = out_dir / "out" / (source.stem + ".pdf")
    assert result.returncode == 0 and converted.exists(), result.stdout + result.stderr
    return converted
