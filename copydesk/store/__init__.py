"""The SQLite library: opening and migrating the file, the audit chain, and the queries.

Nothing here knows about roles or states; `copydesk.workflow` holds those rules.
"""
