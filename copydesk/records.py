"""Library export (CSV, JSON) and the approval record a compliance officer files (HTML, DOCX, text).

The record is built once as plain sections and then written in each format, so the HTML the
GUI prints to PDF, the DOCX and the text say exactly the same thing. It is written for people:
segment and fact names rather than ids, local times to the minute with their zone, and what
changed since the previous version as the two texts one above the other (no diff markup).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from copydesk import __version__
from copydesk.catalog import CHANNELS
from copydesk.config import write_atomic
from copydesk.diffing import BeforeAfter, before_after
from copydesk.labels import fact_label, local_time, product_label, segment_label
from copydesk.store import repository
from copydesk.store.audit import canonical_json
from copydesk.store.audit import head as audit_head
from copydesk.store.db import Store, now
from copydesk.store.repository import Version

EXPORT_COLUMNS = (
    "id", "draft_id", "number", "status", "campaign_name", "product_id", "segment_id", "channel", "lang", "text",
    "author", "created_at", "source", "model_id", "seed", "template_version", "verdict", "submitted_by",
    "submitted_at", "decided_by", "decided_at", "expires_at", "retired_at", "retired_reason", "catalog_sha256",
    "rule_packs",
)
# Spreadsheet programs run cells that start with these as formulas (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_row(version: Version) -> dict:
    """One library row as flat fields (what CSV and JSON export write)."""
    row = {column: getattr(version, column, "") for column in EXPORT_COLUMNS}
    row["catalog_sha256"] = version.frozen.get("catalog", {}).get("sha256", "")
    row["rule_packs"] = ", ".join(f"{k} {v}" for k, v in sorted(version.rule_packs.items()))
    return row


def export_json(versions: list[Version]) -> str:
    """Full records, including check reports and what each approval froze."""
    return json.dumps([v.to_dict() for v in versions], ensure_ascii=False, indent=2) + "\n"


def export_csv(versions: list[Version]) -> str:
    """A spreadsheet-safe CSV (opened by Excel with Chinese intact when written with a BOM)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for version in versions:
        row = export_row(version)
        writer.writerow({k: ("'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v) for k, v in row.items()})
    return buffer.getvalue()


def write_export(versions: list[Version], path: Path, fmt: str | None = None) -> Path:
    """Write CSV or JSON (chosen by `fmt` or the file suffix); the file appears whole or not at all."""
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    if fmt == "csv":
        data = "\ufeff" + export_csv(versions)
    elif fmt == "json":
        data = export_json(versions)
    else:
        raise ValueError(f"{path}: unknown export format '{fmt}'; use .csv or .json")
    write_atomic(path, data.encode("utf-8"))
    return path


# --- the approval record ---------------------------------------------------------------

@dataclass
class Comparison:
    """Two texts one above the other; the changed words are struck through in the first and bold
    in the second where the format allows (HTML, DOCX), and plain in text."""

    before_title: str
    after_title: str
    texts: BeforeAfter


@dataclass
class Section:
    title: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    text: str = ""  # shown verbatim in a box
    table: list[list[str]] = field(default_factory=list)  # first row is the header
    comparison: Comparison | None = None  # shown after the fields


FINGERPRINT_NOTE = "Record fingerprint (SHA-256 of the approval snapshot)"
CHANGE_LEGEND = "Struck through: removed from the previous version. Bold: added in this version."


@dataclass
class ApprovalRecord:
    title: str
    version_id: int
    sections: list[Section]
    fingerprint: str  # SHA-256 of what the approval froze, to match the record to the database

    def to_html(self) -> str:
        out = ["<html><head><meta charset='utf-8'><style>",
               "body{font-family:sans-serif;font-size:10pt} h1{font-size:15pt} h2{font-size:12pt;margin-top:14pt}",
               "table{border-collapse:collapse} td,th{border:1px solid #999;padding:3px 6px;text-align:left;vertical-align:top}",
               ".copy{border:1px solid #333;padding:8px;white-space:pre-wrap;font-size:11pt}",
               "h3{font-size:10pt;margin-bottom:2pt} .legend{color:#555}",
               "</style></head><body>", f"<h1>{html.escape(self.title)}</h1>"]
        for section in self.sections:
            out.append(f"<h2>{html.escape(section.title)}</h2>")
            if section.fields:
                out.append("<table>" + "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in section.fields) + "</table>")
            if section.comparison:
                out.append(_comparison_html(section.comparison))
            if section.text:
                out.append(f"<div class='copy'>{html.escape(section.text)}</div>")
            if section.table:
                head, *rows = section.table
                out.append("<table><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in head) + "</tr>")
                out.extend("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
                out.append("</table>")
        out.append(f"<p>{FINGERPRINT_NOTE}: {self.fingerprint}</p></body></html>")
        return "\n".join(out)

    def to_text(self) -> str:
        """The record as plain text (e-mail, a ticket): the same sections, no markup."""
        out = [self.title, "=" * _width(self.title)]
        for section in self.sections:
            out += ["", section.title, "-" * _width(section.title)]
            width = max((len(k) for k, _ in section.fields), default=0)
            out += [f"{k + ':':<{width + 1}} {v}" for k, v in section.fields]
            if section.comparison:
                c = section.comparison
                out += ["", c.before_title, _indent(c.texts.before_text), "", c.after_title, _indent(c.texts.after_text)]
            if section.text:
                out += ["", _indent(section.text)]
            if section.table:
                head, *rows = section.table
                out.append(" | ".join(head))
                out += [" | ".join(" ".join(cell.split()) for cell in row) for row in rows]
        out += ["", f"{FINGERPRINT_NOTE}: {self.fingerprint}"]
        return "\n".join(out) + "\n"

    def write_docx(self, path: Path) -> Path:
        from docx import Document  # imported here: only records need it
        from docx.oxml.ns import qn

        document = Document()
        style = document.styles["Normal"]
        style.font.name = "Arial"
        # East Asian text needs its own font slot or Word falls back to a font without Hanzi.
        style.element.rPr.rFonts.set(qn("w:eastAsia"), "Microsoft YaHei")
        document.add_heading(self.title, level=1)
        for section in self.sections:
            document.add_heading(section.title, level=2)
            if section.fields:
                table = document.add_table(rows=0, cols=2)
                table.style = "Table Grid"
                for key, value in section.fields:
                    cells = table.add_row().cells
                    cells[0].text, cells[1].text = key, value
            if section.comparison:
                _comparison_docx(document, section.comparison)
            if section.text:
                document.add_paragraph(section.text, style="Intense Quote")
            if section.table:
                head, *rows = section.table
                table = document.add_table(rows=1, cols=len(head))
                table.style = "Table Grid"
                for cell, value in zip(table.rows[0].cells, head):
                    cell.text = value
                for row in rows:
                    for cell, value in zip(table.add_row().cells, row):
                        cell.text = value
        document.add_paragraph(f"{FINGERPRINT_NOTE}: {self.fingerprint}")
        buffer = io.BytesIO()
        document.save(buffer)
        write_atomic(path, buffer.getvalue())
        return path

    def write(self, path: Path) -> Path:
        """Write by suffix: .docx, .html or .txt (the GUI and `library record` print .pdf via Qt)."""
        suffix = path.suffix.lower()
        if suffix == ".docx":
            return self.write_docx(path)
        if suffix in (".html", ".htm"):
            write_atomic(path, self.to_html().encode("utf-8"))
            return path
        if suffix == ".txt":
            write_atomic(path, self.to_text().encode("utf-8"))
            return path
        raise ValueError(f"{path}: unknown record format '{suffix}'; use .docx, .html, .txt or .pdf")


def _width(text: str) -> int:
    """Columns a terminal gives the text: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines()) or "    "


def _comparison_html(comparison: Comparison) -> str:
    def box(pieces, changed_tag: str) -> str:
        spans = (f"<{changed_tag}>{html.escape(p.text)}</{changed_tag}>" if p.op != "equal" else html.escape(p.text)
                 for p in pieces)
        return f"<div class='copy'>{''.join(spans)}</div>"

    # <s> and <b>: the tags Qt's HTML (the PDF) and every browser draw.
    return (f"<p class='legend'>{html.escape(CHANGE_LEGEND)}</p>"
            f"<h3>{html.escape(comparison.before_title)}</h3>{box(comparison.texts.before, 's')}"
            f"<h3>{html.escape(comparison.after_title)}</h3>{box(comparison.texts.after, 'b')}")


def _comparison_docx(document, comparison: Comparison) -> None:
    document.add_paragraph(CHANGE_LEGEND)
    for title, pieces, mark in ((comparison.before_title, comparison.texts.before, "strike"),
                                (comparison.after_title, comparison.texts.after, "bold")):
        document.add_paragraph().add_run(title).bold = True
        paragraph = document.add_paragraph(style="Intense Quote")
        for piece in pieces:
            run = paragraph.add_run(piece.text)
            if piece.op != "equal":
                setattr(run.font, mark, True)


MAX_LISTED_CHANGES = 12


def _quote(phrase: str) -> str:
    words = " ".join(phrase.split())
    return f"“{words}”" if words else "a space or line break"


def change_list(texts: BeforeAfter) -> list[tuple[str, str]]:
    """The changes as numbered lines a person reads: “2” → “3”, “today” removed, “now” added."""
    lines = []
    for removed, added in texts.changes():
        if removed and added:
            lines.append(f"{_quote(removed)} → {_quote(added)}")
        elif removed:
            lines.append(f"{_quote(removed)} removed")
        else:
            lines.append(f"{_quote(added)} added")
    shown = [(f"Change {i + 1}", line) for i, line in enumerate(lines[:MAX_LISTED_CHANGES])]
    if len(lines) > MAX_LISTED_CHANGES:
        shown.append(("…", f"and {len(lines) - MAX_LISTED_CHANGES} more changes; compare the two texts below"))
    return shown or [("Changes", "none: the text is the same")]


def _override_note(frozen: dict) -> str:
    override = frozen.get("identity_override")
    return f" (identity override: acted under OS login {override.get('os_login', '?')})" if override else ""


def _audit_evidence(store: Store, version: Version) -> Section:
    """Where the approval sits in the audit chain, and the chain's head now: with a witness
    file IT keeps, these two lines prove the database was not rolled back or rewritten since."""
    entry = store.conn.execute("SELECT id, hash FROM audit WHERE subject = ? AND action = 'version.approve' "
                               "ORDER BY id DESC LIMIT 1", (f"version:{version.id}",)).fetchone()
    position, digest = audit_head(store)
    return Section("Audit evidence", fields=[
        ("Approval entry", f"audit row {entry[0]}, hash {entry[1]}" if entry else "— (not approved)"),
        ("Chain head when this record was made", f"audit row {position}, hash {digest}"),
        ("Check", "copydesk audit verify --witness <the witness file IT keeps>"),
    ])


def _when(stamp: str | None, empty: str = "—") -> str:
    """A stored UTC time as the local time where the record is made, with its zone."""
    return local_time(stamp, zone=True) if stamp else empty


def build_record(store: Store, version_id: int, catalog=None) -> ApprovalRecord:
    """The approval record of one version: what was approved, on what evidence, by whom.

    `catalog` (the one in use) gives the segment's name; without it the segment id is shown as words."""
    version = repository.get_version(store, version_id)
    if version is None:
        raise LookupError(f"no version #{version_id} in {store.path}")
    frozen = version.frozen
    product = frozen.get("product", {})
    product_name = product.get("name") or product_label(catalog, version.product_id)
    report = frozen.get("check_report") or version.check_report
    sections = [
        Section("Decision", fields=[
            ("Status", version.status.replace("_", " ")),
            ("Approved by", frozen.get("approved_by", "—") + _override_note(frozen)), ("Approved at", _when(frozen.get("approved_at"))),
            ("Written by", ", ".join(frozen.get("authors", [version.author]))),
            ("Submitted by", f"{version.submitted_by or '—'} at {_when(version.submitted_at)}"),
            ("Override reason", version.override_reason or "none"),
            ("Expires", version.expires_at or "no expiry"),
            ("Retired", f"{_when(version.retired_at)} ({version.retired_reason})" if version.retired_at else "no"),
        ]),
        Section("Campaign", fields=[
            ("Campaign", version.campaign_name), ("Product", product_name),
            ("Segment", segment_label(catalog, version.segment_id)), ("Channel", _channel_name(version.channel)),
            ("Language", LANGUAGE_NAMES.get(version.lang, version.lang)), ("Version", version.label),
        ]),
        Section("Approved text", text=frozen.get("text", version.text)),
        Section(f"Compliance check: {report['verdict']}", table=[["Rule", "Severity", "Message", "Citation"]] + [
            [f["rule"], f["severity"], f["message"], f.get("citation", "")] for f in report["findings"]
        ] if report["findings"] else [], fields=[] if report["findings"] else [("Findings", "none")]),
        Section("Product facts the copy was checked against",
                table=[["Fact", "Value"]] + [[fact_label(k), v] for k, v in product.get("facts", {}).items()] if product else [],
                fields=[] if product else [("Facts", "not frozen (the version is not approved)")]),
        Section("Required disclosures", fields=[(str(i + 1), d) for i, d in enumerate(product.get("disclosures", []))] or [("Disclosures", "none")]),
        Section("Provenance", fields=[
            ("Source", version.source), ("Model", version.model_id or "—"), ("Seed", "—" if version.seed is None else str(version.seed)),
            ("Template version", version.template_version or "—"),
            ("Catalog", f"{frozen.get('catalog', {}).get('source', '—')} (sha256 {frozen.get('catalog', {}).get('sha256', '—')})"),
            ("Catalog ids", f"product {version.product_id}, segment {version.segment_id}"),
            ("Rule packs", ", ".join(f"{k} {v}" for k, v in sorted((frozen.get("rule_packs") or version.rule_packs).items()))),
        ]),
        Section("Review history", table=[["When", "Reviewer", "Decision", "Comment"]] + [
            [_when(d["at"]), d["reviewer"], d["decision"].replace("_", " "), d["comment"]] for d in version.decisions
        ] if version.decisions else [], fields=[] if version.decisions else [("Decisions", "none yet")]),
    ]
    previous = [v for v in repository.draft_versions(store, version.draft_id) if v.number < version.number]
    if previous:
        sections.append(changes_section(previous[-1], version))
    sections.append(_audit_evidence(store, version))
    sections.append(Section("This record", fields=[("Generated at", _when(now())), ("By", f"copydesk {__version__}"),
                                                   ("Database", str(store.path))]))
    fingerprint = hashlib.sha256(canonical_json(frozen).encode("utf-8")).hexdigest() if frozen else "— (not approved)"
    title = f"Approval record — {product_name} — version #{version.id}"
    return ApprovalRecord(title, version.id, sections, fingerprint)


LANGUAGE_NAMES = {"en": "English", "zh": "Chinese (中文)"}


def _channel_name(channel: str) -> str:
    return CHANNELS[channel].name if channel in CHANNELS else channel


def changes_section(old: Version, new: Version) -> Section:
    """What changed since the previous version: a list of the changes, then both texts."""
    texts = before_after(old.text, new.text, new.lang)
    comparison = Comparison(f"Before: {old.label}, written {_when(old.created_at)}",
                            f"After: {new.label}, written {_when(new.created_at)}", texts)
    return Section(f"Changes since {old.label}", fields=change_list(texts), comparison=comparison)
