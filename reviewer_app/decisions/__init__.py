"""Decisions: who may decide what, the letter each decision produces, signing and storing it."""
