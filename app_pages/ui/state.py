"""Session-state keys that more than one place reads or writes, by name instead of as bare strings.

Widget keys that only their own page reads stay next to their widget; a key listed here is shared.
"""

from __future__ import annotations

# The facilitator key of this browser session (from ``?key=``; app_pages.ui.access).
FACILITATOR_KEY = "facilitator_key"
# The coordinator key of a lerende community (from ``?ckey=``; app_pages.ui.community).
COORDINATOR_KEY = "coordinator_key"
# The participant's private token (from ``?p=``; app_pages.ui.access).
PARTICIPANT_TOKEN = "participant_token"
# Set by Deelnemen after joining: Invullen opens the "your own link" panel once.
JUST_JOINED = "invullen_welkom"
# Begeleiden: the code of a workshop created in this session, until its link is confirmed as saved.
NEW_WORKSHOP = "begeleiden_new_key"
# Begeleiden: the toggle that makes a workshop anonymous.
ANONYMOUS_TOGGLE = "begeleiden_anonymous"
# Canvas: the block in focus ("" for the whole canvas).
CANVAS_FOCUS = "canvas_focus"
# Canvas: "overzicht" (the whole canvas on one screen) or "details" (app_pages/ui/overview.py).
CANVAS_VIEW = "canvas_weergave"
# The ?blok= each page last wrote into the address (app_pages.ui.history): another one there means Back/Forward.
CANVAS_ADDRESS = "canvas_blok_in_adres"
WALK_ADDRESS = "invullen_blok_in_adres"

# Invullen, the walk.
WALK_BLOCK = "invullen_blok"
WALK_NEW_TEXT = "invullen_new"
WALK_EDITING = "invullen_editing"
WALK_EDIT_TEXT = "invullen_edit_text"
WALK_EDIT_VERSION = "invullen_edit_version"
WALK_STALE_TEXT = "invullen_stale_text"
WALK_UNDO = "invullen_undo"
WALK_FLASH = "invullen_flash"
WALK_EDIT_KEPT = "invullen_edit_kept"
WALK_VIEW = "invullen_weergave"
# The message while a new note waits for the database (app_pages/invullen.py); its text and key are kept by
# app_pages.ui.request_keys under WALK_NOTE_WRITE (each with the participant id) until the store acknowledges it.
WALK_WAITING = "invullen_wacht_op_database"
WALK_NOTE_WRITE = "invullen_notitie"
# The key of the block list the walk drew last (the list gets a new key when its ✓ marks change).
WALK_JUMP_LIST = "invullen_bloklijst"


def reveal_toggle(block_id: str | None) -> str:
    """Begeleiden: the key of the reveal toggle of one block, or of all blocks (``None``)."""
    return f"begeleiden_reveal_{block_id or 'all'}"
