"""The department server: a shared work queue on PostgreSQL, cases checked out as case
files for offline work and checked back in. Without a server the app works as always."""
