"""The frozen bundle's entry point: the same `reviewer-app` command as the pip install."""

from reviewer_app.cli import run

if __name__ == "__main__":
    run()
