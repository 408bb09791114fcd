"""The README stays honest: every setting, command and guarantee it must name is there."""

from __future__ import annotations

import re
from pathlib import Path

from cli import _parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_gives_exactly_the_two_setup_commands():
    block = re.search(r"## Twee commando's\n(.*?)\n## ", README, re.S).group(1)
    commands = re.findall(r"^make \w+", block, re.M)
    assert commands == ["make run", "make test"]


def test_every_environment_variable_the_app_reads_is_documented():
    sources = "".join(
        p.read_text(encoding="utf-8") for folder in ("data", "canvas") for p in (ROOT / folder).glob("*.py")
    )
    read = set(re.findall(r'env(?:iron)?(?:\.get)?\(?\[?"([A-Z_]+)"', sources))
    assert {"PPS_CANVAS_DB", "DATABASE_URL"} <= read
    for name in read:
        assert f"`{name}`" in README, name


def test_every_command_line_subcommand_is_documented():
    subcommands = next(a for a in _parser()._actions if a.choices and isinstance(a.choices, dict)).choices
    for name in subcommands:
        assert f"pps-canvas {name}" in README, name


def test_every_test_the_reliability_section_names_exists():
    section = README.split("## Betrouwbaarheid en veiligheid", 1)[1].split("\n## ", 1)[0]
    for path, _, name in re.findall(r"`(tests/[\w/]+\.py)(::(\w+))?`", section):
        file = ROOT / path
        assert file.exists(), path
        if name:
            assert f"def {name}(" in file.read_text(encoding="utf-8"), name
