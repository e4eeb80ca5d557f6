"""Dialogs: the reviewer profile and the messages shown for bad input."""
