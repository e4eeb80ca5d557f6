"""Review logic: answers, the criteria engine, outcomes and deadlines. No Qt here."""
