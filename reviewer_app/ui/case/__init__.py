"""The case view: header, checklist with outcome banner, policy pane, decision and audit tabs."""
