"""The hint questions per block per stakeholder: one or two questions that help each side answer a block.

The questions live in ``stakeholders/hints.json`` (words per role); this module joins them to the block
registry, so ``stakeholders`` never has to import ``canvas``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from canvas.blocks import BLOCKS_BY_ID, block
from stakeholders.roles import Role, parse_role

__all__ = ["hints"]


@cache
def _all_hints() -> dict[str, dict[str, tuple[str, ...]]]:
    raw = json.loads(resources.files("stakeholders").joinpath("hints.json").read_text(encoding="utf-8"))
    return {
        block_id: {role: tuple(questions) for role, questions in per_role.items()}
        for block_id, per_role in raw.items()
        if block_id in BLOCKS_BY_ID
    }


def hints(block_id: str, role: Role | str) -> tuple[str, ...]:
    """One or two questions that help this stakeholder answer this block from their own side."""
    block(block_id)
    return _all_hints().get(block_id, {}).get(parse_role(role).value, ())
