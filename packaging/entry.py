"""The frozen bundle's entry point: the same `reviewer-app` command as the pip install."""

from reviewer_app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
