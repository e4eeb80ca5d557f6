"""Training screens: training mode, guided walkthroughs, the presenter view and quizzes.

Everything that decides something (the library, walkthrough scripts, quiz scoring, the
demo workspace) lives in :mod:`reviewer_app.training`; these modules only show it.
"""
