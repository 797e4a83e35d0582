"""Plain-Python domain rules: no Qt, no database, no printing libraries."""
