"""Shared page helpers, one module per job: store, text, style, notes, access, links, state, charts."""
