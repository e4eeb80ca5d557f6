"""The desktop interface (PySide6). Nothing in here decides anything about a case.

This package's ``__init__`` stays free of Qt imports: ``preflight`` runs before Qt loads.
"""
