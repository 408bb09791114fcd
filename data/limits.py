"""How long each kind of text may be: one place, read by the store (which refuses longer text with a Dutch
message), the pages (which say how many characters are left) and the backup (which checks what it restores)."""

from __future__ import annotations

MAX_NAME_LENGTH = 80
MAX_ORGANISATION_LENGTH = 120
MAX_SUB_ROLE_LENGTH = 60
MAX_TITLE_LENGTH = 120
MAX_CONCLUSION_LENGTH = 2_000
# A remark on a lesson score, a leervraag, an action or its outcome: a sentence or three, like a note.
MAX_REMARK_LENGTH = 500
MAX_ACTION_LENGTH = 500
