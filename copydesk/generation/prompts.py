"""jinja2 prompt and copy templates, rendered strictly in one sandboxed environment.

Every template declares its version in a first-line comment, `{# version: 3 #}`; the version is
recorded with each draft as "<name>@<version>" so a reviewer can tell which wording produced it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, TemplateError, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment

from copydesk import resources

_VERSION = re.compile(r"\{#\s*version:\s*([\w.-]+)\s*#\}")


class TemplateProblem(ValueError):
    """A template that cannot be rendered; the message names the template and the line."""


@dataclass(frozen=True)
class Rendered:
    text: str
    template_version: str  # e.g. "slots@1"


@lru_cache(maxsize=4)
def environment(folder: str | None = None) -> SandboxedEnvironment:
    """The one environment: sandboxed (templates are data an admin may edit) and strict."""
    env = SandboxedEnvironment(
        loader=FileSystemLoader(folder or str(resources.templates_dir())),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["slot"] = lambda key: "{" + key + "}"  # a fact key as the slot the model writes
    return env


def template_version(name: str, folder: str | None = None) -> str:
    """'<stem>@<version>' from the template's `{# version: N #}` header."""
    env = environment(folder)
    source, filename, _ = env.loader.get_source(env, name)
    match = _VERSION.search(source.splitlines()[0] if source else "")
    if not match:
        raise TemplateProblem(f"{filename}:1: missing '{{# version: N #}}' header")
    stem = Path(name).name.split(".j2")[0].replace(".", "-")
    return f"{stem}@{match.group(1)}"


def template_source_sha256(name: str, folder: str | None = None) -> str:
    """The sha256 of a template's source, recorded with every draft it made."""
    import hashlib

    env = environment(folder)
    source, _, _ = env.loader.get_source(env, name)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def render(name: str, folder: str | None = None, **context) -> Rendered:
    """Render a template; any error names the template file and line."""
    env = environment(folder)
    try:
        template = env.get_template(name)
        text = template.render(**context)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(f"{exc.filename or name}:{exc.lineno}: {exc.message}") from exc
    except TemplateError as exc:
        line = _template_line(exc, name)
        raise TemplateProblem(f"{resources.templates_dir() / name}:{line}: {exc}") from exc
    return Rendered(text.strip(), template_version(name, folder))


def _template_line(exc: Exception, name: str) -> str:
    """The template line an error happened on, from the traceback jinja2 rewrites."""
    tb = exc.__traceback__
    line = "?"
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = str(tb.tb_lineno)
        tb = tb.tb_next
    return line
