"""The workspace: the folder of case files, listed in a sortable, filterable table."""
