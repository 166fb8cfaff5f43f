"""The approval workflow: who may do what, which state moves are allowed, what approval freezes.

draft ─submit→ submitted ─approve→ approved ─(expiry, or a newer version approved)→ retired
                         ├request changes→ changes_requested ─submit→ submitted …
                         └reject→ rejected
A new version of a submitted draft withdraws the submitted one. Every move is checked here, in
the core, so the CLI, the GUI and any script get the same rules; every move writes the audit log
in the same transaction as the change.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from copydesk.enums import SUBMITTABLE, Role
from copydesk.catalog import CHANNELS, Catalog, CatalogLookupError, Product
from copydesk.identity import Identity
from copydesk.rules.engine import RuleEngine
from copydesk.rules.findings import Report
from copydesk.store import audit, repository
from copydesk.store.db import Store, now
from copydesk.store.repository import ROLES, LibraryFilter, RoleRequest, User, Version

SYSTEM_ACTOR = "copydesk"

# What each action needs. Reviewers may edit (their edit then bars them from approving it).
PERMISSIONS = {
    "write": (Role.MARKETER, Role.REVIEWER),
    "submit": (Role.MARKETER, Role.REVIEWER),
    "review": (Role.REVIEWER,),
    "retire": (Role.REVIEWER, Role.ADMIN),
    "manage_users": (Role.ADMIN,),
    "install_catalog": (Role.ADMIN,),
    "configure_model": (Role.ADMIN,),
}


class WorkflowError(Exception):
    """An action that is not allowed; the message says why and what to do instead."""


class NotAllowed(WorkflowError):
    """The user's role, or four-eyes, forbids the action."""


class InvalidState(WorkflowError):
    """The version is not in a state where this action applies."""


class BlockedByFindings(WorkflowError):
    """The text has `block` findings."""

    def __init__(self, message: str, report: Report):
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class CheckedText:
    report: Report
    rule_packs: dict


class Workflow:
    """The services the CLI and the GUI call, acting as one user."""

    def __init__(self, store: Store, catalog: Catalog, engine: RuleEngine, login: str | Identity):
        """`login`: an Identity from `identity.resolve()` (the CLI and the window), or a login
        string from code that already knows who acts (tests, the demo builder)."""
        self.store = store
        self.catalog = catalog
        self.engine = engine
        self.identity = login if isinstance(login, Identity) else Identity(login, login)
        if store.authenticated_login is not None:
            # A database server says who this is (its authenticated session_user), not the caller.
            self.identity = Identity(store.authenticated_login, store.authenticated_login)
        self.login = repository.normalize_login(self.identity.login)

    def _audit(self, actor: str, action: str, subject: str, details: dict | None = None) -> int:
        """An audit entry; under an identity override it says so (and names the OS login)."""
        details = dict(details or {})
        if self.identity.overridden and actor == self.login:
            details["identity"] = self.identity.record()
        return audit.append(self.store, actor, action, subject, details)

    # --- who ---------------------------------------------------------------------------

    @property
    def user(self) -> User:
        """The acting user, or NotAllowed when they are not registered (or deactivated)."""
        user = repository.get_user(self.store, self.login)
        if user is None or not user.active:
            raise NotAllowed(
                f"'{self.login}' is not an active copydesk user; an admin can add you with "
                f"'copydesk users add {self.login} --role marketer'"
            )
        return user

    def is_user(self) -> bool:
        """Whether the acting login is a registered copydesk user (active or not)."""
        return repository.get_user(self.store, self.login) is not None

    def require(self, action: str) -> User:
        """The acting user when their role allows `action` (a PERMISSIONS key); NotAllowed otherwise."""
        return self._require(action)

    def _require(self, action: str) -> User:
        user = self.user
        allowed = PERMISSIONS[action]
        if not any(user.has(role) for role in allowed):
            raise NotAllowed(
                f"{user.login} ({', '.join(user.roles) or 'no role'}) may not {action.replace('_', ' ')}; "
                f"that needs the role {' or '.join(allowed)}"
            )
        return user

    def bootstrap_first_user(self) -> User | None:
        """On an empty database the first person becomes admin and marketer (recorded)."""
        with self.store.transaction():
            if repository.count_users(self.store):
                return None
            user = repository.put_user(self.store, self.login, ("marketer", "admin"), "", SYSTEM_ACTOR)
            self._audit(SYSTEM_ACTOR, "user.bootstrap", f"user:{self.login}", {"roles": list(user.roles)})
        return user

    def add_user(self, login: str, roles: list[str], name: str = "") -> User | RoleRequest:
        """Add a user or change their roles: admins only (or anyone, to create the first admin).

        Where another active admin exists, the change waits for them to confirm it (a
        RoleRequest is returned), so one admin cannot hand herself a reviewer on her own."""
        unknown = [r for r in roles if r not in ROLES]
        if unknown or not roles:
            raise WorkflowError(f"unknown role {', '.join(unknown) or '(none)'}; choose from: {', '.join(ROLES)}")
        roles_tuple = tuple(r for r in ROLES if r in roles)
        with self.store.transaction():
            first = repository.count_users(self.store) == 0
            if first and "admin" not in roles_tuple:
                raise WorkflowError("the first user must be an admin (add --role admin), so someone can manage users")
            if not first:
                self._require("manage_users")
            before = repository.get_user(self.store, login)
            if before is not None and before.has("admin") and "admin" not in roles_tuple:
                self._refuse_removing_last_admin(before.login)
            if before is not None and before.roles == roles_tuple:
                user = repository.put_user(self.store, login, roles_tuple, name, self.login, before.active)
                self._audit(self.login, "user.rename", f"user:{user.login}", {"name": name})
                return user
            if not first and self._other_admins():
                request = repository.add_role_request(self.store, login, roles_tuple, name, self.login)
                self._audit(self.login, "user.role_request", f"role_request:{request.id}",
                            {"login": request.login, "roles": list(roles_tuple), "name": name,
                             "before": list(before.roles) if before else None})
                return request
            user = repository.put_user(self.store, login, roles_tuple, name, self.login)
            self._audit(self.login, "user.add" if before is None else "user.update", f"user:{user.login}",
                        {"roles": list(roles_tuple), "name": name, "before": before.to_dict()["roles"] if before else None})
        return user

    def _other_admins(self) -> list[User]:
        return [u for u in repository.list_users(self.store) if u.has("admin") and u.login != self.login]

    def role_requests(self) -> list[RoleRequest]:
        return repository.pending_role_requests(self.store)

    def confirm_role_request(self, request_id: int) -> User:
        """A second admin confirms a role change; it then takes effect (recorded as the requester's)."""
        with self.store.transaction():
            request = self._pending_request(request_id, "confirm")
            before = repository.get_user(self.store, request.login)
            if before is not None and before.has("admin") and "admin" not in request.roles:
                self._refuse_removing_last_admin(before.login)
            repository.decide_role_request(self.store, request.id, "confirmed", self.login)
            self._audit(self.login, "user.role_confirm", f"role_request:{request.id}", {"login": request.login})
            user = repository.put_user(self.store, request.login, request.roles, request.name, request.requested_by,
                                       before.active if before else True)
            self._audit(self.login, "user.add" if before is None else "user.update", f"user:{user.login}",
                        {"roles": list(request.roles), "name": request.name, "requested_by": request.requested_by,
                         "request": request.id, "before": list(before.roles) if before else None})
        return user

    def refuse_role_request(self, request_id: int) -> RoleRequest:
        with self.store.transaction():
            request = self._pending_request(request_id, "refuse")
            repository.decide_role_request(self.store, request.id, "refused", self.login)
            self._audit(self.login, "user.role_refuse", f"role_request:{request.id}", {"login": request.login})
        return repository.get_role_request(self.store, request_id)

    def _pending_request(self, request_id: int, action: str) -> RoleRequest:
        self._require("manage_users")
        request = repository.get_role_request(self.store, request_id)
        if request is None or request.status != "pending":
            raise InvalidState(f"no pending role request {request_id}; 'copydesk users requests' lists them")
        if action == "confirm" and request.requested_by == self.login:
            raise NotAllowed(f"four-eyes: {self.login} asked for role request {request_id}, so another admin must confirm it")
        return request

    def set_active(self, login: str, active: bool) -> User:
        """Deactivate or reactivate a user (users are never deleted: the record names them)."""
        with self.store.transaction():
            self._require("manage_users")
            user = repository.get_user(self.store, login)
            if user is None:
                raise WorkflowError(f"no user '{login}'")
            if not active and user.has("admin"):
                self._refuse_removing_last_admin(user.login)
            user = repository.put_user(self.store, user.login, user.roles, user.name, self.login, active)
            self._audit(self.login, "user.activate" if active else "user.deactivate", f"user:{user.login}")
        return user

    def _refuse_removing_last_admin(self, login: str) -> None:
        admins = [u for u in repository.list_users(self.store) if u.has("admin") and u.login != login]
        if not admins:
            raise WorkflowError(f"{login} is the last active admin; add another admin first, or nobody could manage users")

    def require_catalog_install(self) -> User:
        """Only an admin may change the facts every check rests on (before anything is copied)."""
        return self._require("install_catalog")

    def record_catalog_install(self, catalog: Catalog, origin: str) -> None:
        """Put a catalog install into the audit chain: which file, which bytes (sha256), by whom."""
        with self.store.transaction():
            user = self._require("install_catalog")
            self._audit(user.login, "catalog.install", f"catalog:{catalog.sha256[:16]}",
                        {"source": catalog.source, "origin": origin, "sha256": catalog.sha256,
                         "products": len(catalog.products), "segments": len(catalog.segments)})

    def record_rule_packs(self) -> bool:
        """Put the rule packs in force into the audit chain when they differ from the last ones
        recorded (a house pack dropped into the folder, a pack upgraded): True when recorded.
        Who copied the file is not known, so copydesk records it, naming who noticed."""
        packs = {}
        for pack in self.engine.rule_set.packs:
            try:
                digest = hashlib.sha256(Path(pack.path).read_bytes()).hexdigest()
            except OSError:
                digest = ""
            packs[pack.id] = {"version": pack.version, "sha256": digest, "file": str(pack.path)}
        last = self.store.query("SELECT details FROM audit WHERE subject = 'rules' ORDER BY id DESC LIMIT 1")
        if last and json.loads(last[0]["details"]).get("packs") == packs:
            return False
        with self.store.transaction():
            self._audit(SYSTEM_ACTOR, "rules.install", "rules", {"packs": packs, "seen_by": self.login})
        return True

    # --- checking ----------------------------------------------------------------------

    def product(self, product_id: str) -> Product:
        try:
            return self.catalog.product(product_id)
        except CatalogLookupError as exc:
            raise WorkflowError(f"{exc}. Import a catalog that has it, or start a draft for another product") from None

    def check(self, text: str, product_id: str, channel: str, lang: str, segment_id: str | None = None) -> CheckedText:
        """Run the rule engine as the workflow does before every save, submit and approval, for the
        draft's segment (its restrictions) when the catalog still has it."""
        segment = None
        if segment_id:
            try:
                segment = self.catalog.segment(segment_id)
            except CatalogLookupError:
                segment = None  # a segment the catalog dropped restricts nothing it can name
        report = self.engine.check(text, self.product(product_id), channel, lang, segment=segment)
        return CheckedText(report, dict(self.engine.rule_set.versions))

    # --- writing -----------------------------------------------------------------------

    def start_draft(self, *, product_id: str, segment_id: str, channel: str, lang: str | None = None, text: str,
                    source: str = "manual", model_id: str = "", seed: int | None = None, template_version: str = "",
                    campaign_name: str = "", based_on: int | None = None) -> Version:
        """A new campaign draft with its first version (checked and recorded)."""
        product = self.product(product_id)
        try:
            self.catalog.segment(segment_id)
        except CatalogLookupError as exc:
            raise WorkflowError(str(exc)) from None
        if channel not in CHANNELS:
            raise WorkflowError(f"unknown channel '{channel}'; choose from: {', '.join(CHANNELS)}")
        lang = lang or product.lang
        text, campaign_name = clean_text(text), clean_text(campaign_name).strip()
        self._require_text(text)
        checked = self.check(text, product_id, channel, lang, segment_id)
        with self.store.transaction():
            user = self._require("write")
            if based_on is not None and repository.get_version(self.store, based_on, with_decisions=False) is None:
                raise WorkflowError(f"no version #{based_on} to start from")
            # People read this name in the queue, the library and records: names, not ids.
            name = campaign_name or f"{product.name} · {self.catalog.segment(segment_id).name} · {CHANNELS[channel].name}"
            campaign_id = repository.create_campaign(self.store, name, product_id, segment_id, channel, lang, user.login)
            draft_id = repository.create_draft(self.store, campaign_id, user.login, based_on)
            version_id = self._insert(draft_id, text, user, source, model_id, seed, template_version, checked)
            self._audit(user.login, "draft.create", f"version:{version_id}",
                         {"draft": draft_id, "campaign": campaign_id, "product": product_id, "segment": segment_id,
                          "channel": channel, "lang": lang, "source": source, "verdict": checked.report.verdict,
                          "based_on": based_on})
        return self.version(version_id)

    def save_version(self, draft_id: int, text: str, *, source: str = "manual", model_id: str = "",
                     seed: int | None = None, template_version: str = "") -> Version:
        """Save an edit as the draft's next version. Editing approved copy needs a new approval."""
        text = clean_text(text)
        self._require_text(text)
        latest = repository.latest_version(self.store, draft_id)
        if latest is None:
            raise WorkflowError(f"no draft {draft_id}")
        checked = self.check(text, latest.product_id, latest.channel, latest.lang, latest.segment_id)
        with self.store.transaction():
            user = self._require("write")
            latest = repository.latest_version(self.store, draft_id)  # re-read under the write lock
            if latest.status == "rejected":
                raise InvalidState(f"draft {draft_id} was rejected; start a new draft instead (you can reuse its text)")
            if latest.status == "submitted":
                repository.update_version(self.store, latest.id, status="withdrawn")
                self._audit(user.login, "version.withdraw", f"version:{latest.id}", {"reason": "edited while submitted"})
            version_id = self._insert(draft_id, text, user, source, model_id, seed, template_version, checked)
            self._audit(user.login, "version.save", f"version:{version_id}",
                         {"draft": draft_id, "previous": latest.id, "source": source, "verdict": checked.report.verdict})
        return self.version(version_id)

    def _insert(self, draft_id, text, user, source, model_id, seed, template_version, checked: CheckedText) -> int:
        if source not in ("model", "template", "manual"):
            raise WorkflowError(f"unknown source '{source}'; expected model, template or manual")
        return repository.insert_version(
            self.store, draft_id, text=text, author=user.login, source=source, model_id=model_id, seed=seed,
            template_version=template_version, verdict=checked.report.verdict, check_report=checked.report.to_dict(),
            rule_packs=checked.rule_packs,
        )

    @staticmethod
    def _require_text(text: str) -> None:
        if not text.strip():
            raise WorkflowError("the text is empty; write or generate some copy first")

    # --- submitting and reviewing --------------------------------------------------------

    def submit(self, version_id: int, override_reason: str = "") -> Version:
        """Send the latest version for review; the check runs again. Block findings need a reason."""
        version = self.version(version_id)
        checked = self.check(version.text, version.product_id, version.channel, version.lang, version.segment_id)
        blocks = [f for f in checked.report.findings if f.severity == "block"]
        override_reason = clean_text(override_reason).strip()
        if blocks and not override_reason:
            listed = "; ".join(f"{f.rule}: {f.message}" for f in blocks[:5])
            raise BlockedByFindings(
                f"{version.label} has {len(blocks)} blocking finding(s) ({listed}). Fix them, or submit with an "
                "override reason for the reviewer (it is recorded; blocked copy still cannot be approved)",
                checked.report,
            )
        with self.store.transaction():
            user = self._require("submit")
            version = self.version(version_id)
            self._require_latest(version, "submit")
            if version.status not in SUBMITTABLE:
                raise InvalidState(f"{version.label} is {version.status.replace('_', ' ')}; only a draft or a version with changes requested can be submitted")
            repository.update_version(self.store, version_id, status="submitted", submitted_by=user.login, submitted_at=now(),
                                      verdict=checked.report.verdict, check_report=checked.report.to_dict(),
                                      rule_packs=checked.rule_packs, override_reason=override_reason)
            self._audit(user.login, "version.submit", f"version:{version_id}",
                         {"verdict": checked.report.verdict, "override_reason": override_reason,
                          "rule_packs": checked.rule_packs})
        return self.version(version_id)

    def approve(self, version_id: int, comment: str = "", expires_at: str = "") -> Version:
        """Approve a submitted version (reviewer, not a contributor) and freeze what it rests on."""
        comment = clean_text(comment).strip()
        version = self.version(version_id)
        product = self.product(version.product_id)
        checked = self.check(version.text, version.product_id, version.channel, version.lang, version.segment_id)
        if expires_at and _parse_date(expires_at) <= date.today():
            raise WorkflowError(f"the expiry date {expires_at} is not in the future, so the approval would lapse at once; "
                                "give a later date (YYYY-MM-DD) or none")
        if expires_at:
            # An approval must not outlast the offer it approves: check the copy as of the expiry date.
            later = self.engine.check(version.text, product, version.channel, version.lang, on=_parse_date(expires_at))
            ended = next((f for f in later.findings if f.rule == "grounding.expired_offer"), None)
            if ended is not None:
                raise WorkflowError(f"the approval would run to {expires_at}, past the end of the offer this copy states "
                                    f"({ended.message}); set the expiry on or before the offer's end date")
        with self.store.transaction():
            user = self._review_guard(version_id, "approve")
            version = self.version(version_id)
            if checked.report.verdict == "block":
                raise BlockedByFindings(
                    f"{version.label} has blocking findings under the current rules, so nobody can approve it; "
                    "request changes instead", checked.report)
            approved_at = now()
            frozen = {
                "text": version.text,
                "product": {"id": product.id, "name": product.name, "kind": product.kind, "facts": dict(product.facts),
                            "disclosures": list(product.disclosures)},
                "catalog": {"source": self.catalog.source, "sha256": self.catalog.sha256},
                "segment_id": version.segment_id, "channel": version.channel, "lang": version.lang,
                "rule_packs": checked.rule_packs,
                "check_report": checked.report.to_dict(),
                "model_id": version.model_id, "seed": version.seed, "template_version": version.template_version,
                "source": version.source,
                "authors": sorted(repository.contributors(self.store, version)),
                "submitted_by": version.submitted_by, "submitted_at": version.submitted_at,
                "override_reason": version.override_reason,
                "approved_by": user.login, "approved_at": approved_at, "comment": comment, "expires_at": expires_at,
            }
            if self.identity.overridden:
                frozen["identity_override"] = self.identity.record()
            repository.record_decision(self.store, version_id, "approved", user.login, comment, approved_at,
                                       verdict=checked.report.verdict, check_report=checked.report.to_dict(),
                                       rule_packs=checked.rule_packs, frozen=frozen, expires_at=expires_at)
            self._audit(user.login, "version.approve", f"version:{version_id}",
                         {"comment": comment, "expires_at": expires_at, "catalog_sha256": self.catalog.sha256,
                          "rule_packs": checked.rule_packs, "verdict": checked.report.verdict})
            for older in repository.draft_versions(self.store, version.draft_id):
                if older.status == "approved" and older.id != version_id:
                    reason = f"replaced by {version.label}"
                    repository.retire_version(self.store, older.id, reason, approved_at)
                    self._audit(user.login, "version.retire", f"version:{older.id}", {"reason": reason})
        return self.version(version_id)

    def request_changes(self, version_id: int, comment: str) -> Version:
        return self._decide(version_id, "changes_requested", comment)

    def reject(self, version_id: int, comment: str) -> Version:
        return self._decide(version_id, "rejected", comment)

    def _decide(self, version_id: int, status: str, comment: str) -> Version:
        action = "request changes on" if status == "changes_requested" else "reject"
        comment = clean_text(comment)
        if not comment.strip():
            raise WorkflowError(f"say why you {action} it: a comment is required")
        with self.store.transaction():
            user = self._review_guard(version_id, action)
            repository.record_decision(self.store, version_id, status, user.login, comment.strip(), now())
            self._audit(user.login, f"version.{'request_changes' if status == 'changes_requested' else 'reject'}",
                         f"version:{version_id}", {"comment": comment.strip()})
        return self.version(version_id)

    def _review_guard(self, version_id: int, action: str) -> User:
        """Role, state and four-eyes checks shared by every review decision (inside the transaction)."""
        user = self._require("review")
        version = self.version(version_id)
        if version.status != "submitted":
            raise InvalidState(f"{version.label} is {version.status.replace('_', ' ')}, not submitted; only submitted versions can be reviewed")
        writers = repository.contributors(self.store, version)
        if user.login in writers:
            raise NotAllowed(f"four-eyes: {user.login} wrote or edited {version.label}, so another reviewer must {action} it")
        # An admin who set up this reviewer's account (or last changed its roles) could have made
        # it for herself: such a reviewer may not decide on that admin's copy.
        sponsors = ({user.created_by, user.roles_by} & writers) - {SYSTEM_ACTOR, "", user.login}
        if sponsors:
            sponsor = sorted(sponsors)[0]
            raise NotAllowed(f"four-eyes: {sponsor} wrote {version.label} and also set up {user.login}'s reviewer account "
                             f"or roles, so a reviewer {sponsor} did not appoint must {action} it")
        return user

    def withdraw(self, version_id: int) -> Version:
        """Take a submitted version back out of the queue (its submitter or a contributor)."""
        with self.store.transaction():
            user = self._require("submit")
            version = self.version(version_id)
            if version.status != "submitted":
                raise InvalidState(f"{version.label} is {version.status}, not submitted")
            if user.login not in repository.contributors(self.store, version) | {version.submitted_by}:
                raise NotAllowed(f"only its author or submitter can withdraw {version.label}")
            repository.update_version(self.store, version_id, status="withdrawn")
            self._audit(user.login, "version.withdraw", f"version:{version_id}", {"reason": "withdrawn"})
        return self.version(version_id)

    def retire(self, version_id: int, reason: str) -> Version:
        """Stop using approved copy (it stays in the library as retired)."""
        if not reason.strip():
            raise WorkflowError("say why the copy is retired")
        with self.store.transaction():
            user = self._require("retire")
            version = self.version(version_id)
            if version.status != "approved":
                raise InvalidState(f"{version.label} is {version.status}; only approved copy can be retired")
            repository.retire_version(self.store, version_id, reason.strip(), now())
            self._audit(user.login, "version.retire", f"version:{version_id}", {"reason": reason.strip()})
        return self.version(version_id)

    def retire_expired(self, today: date | None = None) -> list[int]:
        """Retire approved copy whose expiry date has come (run at start-up; recorded as copydesk)."""
        today_text = (today or date.today()).isoformat()
        retired = []
        with self.store.transaction():
            for version_id in repository.approved_due_to_expire(self.store, today_text):
                repository.retire_version(self.store, version_id, "expired", now())
                self._audit(SYSTEM_ACTOR, "version.retire", f"version:{version_id}", {"reason": "expired"})
                retired.append(version_id)
        return retired

    def _require_latest(self, version: Version, action: str) -> None:
        latest = repository.latest_version(self.store, version.draft_id)
        if latest.id != version.id:
            raise InvalidState(f"{version.label} is not the latest version of draft {version.draft_id} (v{latest.number} is); {action} that one")

    # --- reading -----------------------------------------------------------------------

    def version(self, version_id: int) -> Version:
        version = repository.get_version(self.store, version_id)
        if version is None:
            raise WorkflowError(f"no version #{version_id} in {self.store.path}")
        return version

    def history(self, draft_id: int) -> list[Version]:
        return repository.draft_versions(self.store, draft_id)

    def queue(self) -> list[Version]:
        return repository.review_queue(self.store)

    def search(self, flt: LibraryFilter, limit: int = 200, offset: int = 0) -> list[Version]:
        return repository.search(self.store, flt, limit=limit, offset=offset)

    def fewshot_examples(self, kind: str, channel: str, lang: str, limit: int = 3) -> list[dict]:
        """Approved copy for the prompt's examples, in the prompt's {product, facts, ad} shape."""
        examples = []
        for version in repository.approved_examples(self.store, kind, channel, lang, limit):
            product = version.frozen.get("product", {})
            facts = [v for v in product.get("facts", {}).values() if any(c.isdigit() for c in v) and len(v) <= 60][:3]
            examples.append({"product": product.get("name", version.product_id), "facts": "; ".join(facts), "ad": version.text})
        return examples

    def autosave(self, slot: str, text: str, context: dict | None = None) -> None:
        """Keep unsaved editor text (no audit entry: it is not a state change)."""
        with self.store.transaction():
            repository.put_autosave(self.store, self.login, slot, text, context or {})

    def recover(self, slot: str) -> dict | None:
        return repository.get_autosave(self.store, self.login, slot)

    def discard_autosave(self, slot: str) -> None:
        with self.store.transaction():
            repository.clear_autosave(self.store, self.login, slot)

    def set_mark(self, mark: str, at: str) -> None:
        """Remember a time for the acting user in the library (e.g. when she read her inbox),
        so every PC she signs in on sees the same."""
        with self.store.transaction():
            repository.put_mark(self.store, self.login, mark, at)

    def mark(self, mark: str) -> str:
        return repository.get_mark(self.store, self.login, mark)


_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10)) | {127: None}


def clean_text(text: str) -> str:
    """What stored copy may hold: no NUL or other control characters (they broke a DOCX record
    and hide in pasted text), line ends as \n, tabs as spaces."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL).replace("\t", " ")


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise WorkflowError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None
