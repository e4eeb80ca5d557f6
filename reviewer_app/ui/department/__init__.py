"""The Department page: the department server's queue, shown only when one is set up."""
