"""Windows and dialogs: intake form, order window, one dialog per order action."""
