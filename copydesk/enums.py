"""The codes stored in the database, as enums: a typo is then an error, not a silent mismatch.

They are `str` enums, so `Status.SUBMITTED == "submitted"` and the stored values stay the
plain strings other tools read."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    REJECTED = "rejected"
    RETIRED = "retired"
    WITHDRAWN = "withdrawn"


class Role(StrEnum):
    MARKETER = "marketer"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class Verdict(StrEnum):
    PASS = "pass"
    WARN = "warn"
    BLOCK = "block"


# Which statuses a writer may submit.
SUBMITTABLE = (Status.DRAFT, Status.CHANGES_REQUESTED)
