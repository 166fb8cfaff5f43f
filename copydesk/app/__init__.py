"""The application layer: what the window and the CLI both do, without Qt.

The views hold layout and signals and call these; the CLI calls the same functions, so the
window cannot do what the CLI refuses. Business rules (who may do what, which state moves are
allowed) stay in copydesk.workflow; this layer composes them into the steps a person takes:
an editing session, the inbox, a version's history, settings changes.
"""
