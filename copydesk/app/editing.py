"""An editing session: the text in the editor and what it is a version of.

The Compose page holds one. It knows whether the text is a new draft, the next version of a
saved draft, or a revision of copy a reviewer returned; where the words came from (a model,
a copy template, the marketer) and when an edit makes them the marketer's own; what to
autosave and how to bring it back. The window only shows it; the CLI could drive it alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from copydesk.enums import Status
from copydesk.store.repository import Version
from copydesk.workflow import BlockedByFindings, Workflow, WorkflowError

AUTOSAVE_SLOT = "compose"


@dataclass(frozen=True)
class Target:
    """What the copy is for."""

    product_id: str | None
    segment_id: str | None
    channel: str
    lang: str


@dataclass
class Provenance:
    source: str = "manual"  # "model", "template" or "manual"
    model_id: str = ""
    seed: int | None = None
    template_version: str = ""

    def as_dict(self) -> dict:
        return {"source": self.source, "model_id": self.model_id, "seed": self.seed, "template_version": self.template_version}


class NothingToSave(WorkflowError):
    """The editor is empty."""


class Blocked(WorkflowError):
    """Submit refused: the version has block findings and no override reason was given."""

    def __init__(self, version: Version, blocks: list, report):
        self.version, self.blocks, self.report = version, blocks, report
        listed = "; ".join(f"{f.rule}: {f.message}" for f in blocks[:5])
        super().__init__(f"{version.label} has {len(blocks)} blocking finding(s) ({listed})")


@dataclass
class EditingState:
    """What the editor's text is (the view shows it as the line under the editor)."""

    kind: str  # "new", "generated", "based_on", "saved", "submitted", "revising", "recovered"
    version: Version | None = None  # the saved / submitted / revised / reused version
    detail: str = ""  # the model or template name for "generated"


@dataclass
class EditingSession:
    """One editor's worth of work. `workflow` gives the acting user's Workflow (or None when the
    database or catalog cannot be used)."""

    workflow: Callable[[], Workflow | None]
    draft_id: int | None = None  # saved: the text's next save is the next version of this draft
    saved_text: str | None = None
    based_on: int | None = None  # reused approved copy: the new draft records where it came from
    provenance: Provenance = field(default_factory=Provenance)
    origin_text: str | None = None  # a generated draft's words, to tell when the marketer edited them
    state: EditingState = field(default_factory=lambda: EditingState("new"))

    # --- starting ------------------------------------------------------------------------

    def use_draft(self, draft) -> str:
        """A generated draft becomes a new draft's text (returned, for the editor)."""
        template = draft.backend == "template"
        self.provenance = Provenance("template" if template else "model", draft.model, draft.seed, draft.template_version)
        self.origin_text = draft.text
        self.draft_id, self.saved_text, self.based_on = None, None, None
        self.state = EditingState("generated", detail="" if template else draft.model)
        return draft.text

    def start_from(self, version: Version) -> str:
        """Reuse approved copy: a new draft with its text that records where it came from."""
        self.provenance = Provenance("manual", version.model_id, version.seed, version.template_version)
        self.origin_text = None
        self.draft_id, self.saved_text, self.based_on = None, None, version.id
        self.state = EditingState("based_on", version)
        return version.text

    def revise(self, version: Version) -> str:
        """Work on copy a reviewer returned: the next save is version N+1 of the same draft."""
        workflow = self.workflow()
        if workflow is not None:
            latest = workflow.history(version.draft_id)[-1]
            if latest.id != version.id:
                version = latest  # revise the newest version, never fork an older one
            if latest.status == Status.REJECTED:
                raise WorkflowError(f"{latest.label} was rejected; start a new draft instead (you can reuse its text)")
        self.provenance = Provenance("manual", version.model_id, version.seed, version.template_version)
        self.origin_text = None
        self.draft_id, self.saved_text, self.based_on = version.draft_id, version.text, None
        self.state = EditingState("revising", version)
        return version.text

    # --- saving and submitting -------------------------------------------------------------

    def is_saved(self, text: str) -> bool:
        return self.draft_id is not None and text.strip() == (self.saved_text or "").strip()

    def provenance_for(self, text: str) -> Provenance:
        """Edited after generation, the words are the marketer's own."""
        if self.origin_text is not None and text.strip() != self.origin_text.strip():
            return replace(self.provenance, source="manual")
        return self.provenance

    def save(self, text: str, target: Target) -> Version:
        """Save the text as a new draft or as the draft's next version; unchanged text is not saved
        again (the latest version is returned). Raises WorkflowError (the text stays the caller's)."""
        workflow = self._workflow()
        text = text.strip()
        if not text:
            raise NothingToSave("there is no text to save yet")
        if self.is_saved(text):
            return workflow.history(self.draft_id)[-1]
        provenance = self.provenance_for(text).as_dict()
        if self.draft_id is None:
            if target.product_id is None or target.segment_id is None:
                raise WorkflowError("pick a product and a segment first")
            version = workflow.start_draft(product_id=target.product_id, segment_id=target.segment_id,
                                           channel=target.channel, lang=target.lang, text=text,
                                           based_on=self.based_on, **provenance)
        else:
            version = workflow.save_version(self.draft_id, text, **provenance)
        self.draft_id, self.saved_text = version.draft_id, text
        self.state = EditingState("saved", version)
        self.discard_autosave()
        return version

    def submit(self, text: str, target: Target, override_reason: str = "") -> Version:
        """Save, then submit for review. Raises Blocked when block findings need an override reason."""
        version = self.save(text, target)
        try:
            version = self._workflow().submit(version.id, override_reason)
        except BlockedByFindings as exc:
            blocks = [f for f in exc.report.findings if f.severity == "block"]
            raise Blocked(version, blocks, exc.report) from None
        self.state = EditingState("submitted", version)
        return version

    def _workflow(self) -> Workflow:
        workflow = self.workflow()
        if workflow is None:
            raise WorkflowError("the database or the catalog cannot be used, so copy cannot be saved")
        return workflow

    # --- autosave --------------------------------------------------------------------------

    def needs_autosave(self, text: str) -> bool:
        return bool(text.strip()) and text != (self.saved_text or "")

    def autosave(self, text: str, target: Target) -> bool:
        """Keep unsaved text in the database, so a crash loses nothing (True when kept)."""
        workflow = self.workflow()
        if workflow is None or not self.needs_autosave(text):
            return False
        context = {"product": target.product_id, "segment": target.segment_id, "channel": target.channel,
                   "lang": target.lang, "draft_id": self.draft_id, "based_on": self.based_on,
                   "provenance": self.provenance.as_dict(), "origin_text": self.origin_text,
                   "saved_text": self.saved_text}
        workflow.autosave(AUTOSAVE_SLOT, text, context)
        return True

    def recover(self) -> tuple[str, Target, str] | None:
        """(text, target, saved_at) left unsaved by a crash or close, with this session restored to it."""
        workflow = self.workflow()
        saved = workflow.recover(AUTOSAVE_SLOT) if workflow is not None else None
        if not saved:
            return None
        context = saved["context"]
        self.draft_id = context.get("draft_id")
        self.based_on = context.get("based_on")
        self.provenance = Provenance(**context["provenance"]) if context.get("provenance") else Provenance()
        self.origin_text = context.get("origin_text")
        self.saved_text = context.get("saved_text")
        self.state = EditingState("recovered")
        target = Target(context.get("product"), context.get("segment"), context.get("channel") or "sms", context.get("lang") or "en")
        return saved["text"], target, saved["saved_at"]

    def discard_autosave(self) -> None:
        workflow = self.workflow()
        if workflow is not None:
            try:
                workflow.discard_autosave(AUTOSAVE_SLOT)
            except Exception:
                pass  # a stale autosave is harmless: it holds text that is also saved
