"""Small reusable widgets (time fields, staff picker, table views)."""
