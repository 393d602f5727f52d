"""The one Jinja environment: sandboxed (templates are edited by ministries), strict.

Templates write one paragraph per line as ``@style: text``; ``render_blocks``
turns the output into (style, text) pairs for the .docx writer. A value that
contains line breaks stays inside its paragraph (as a paragraph-internal
break marker), so user text can never inject a style line.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .config import templates_dir
from .errors import AssistantError

PARAGRAPH_BREAK = "\u2029"  # inside one @style line: several paragraphs of that style


def _finalize(value) -> str:
    text = "" if value is None else str(value)
    return text.replace("\r\n", "\n").replace("\n", PARAGRAPH_BREAK)


@lru_cache(maxsize=4)
def environment(folder: str):
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        loader=FileSystemLoader(folder),
        undefined=StrictUndefined,
        autoescape=False,  # output goes into Word paragraphs, not HTML
        finalize=_finalize,
        keep_trailing_newline=False,
    )


def render_blocks(name: str, context: dict, folder: Path | None = None) -> list[tuple[str, str]]:
    """Render a template into [(style, text)]; errors name the template and line."""
    from jinja2 import TemplateError, TemplateSyntaxError, UndefinedError

    folder = folder or templates_dir()
    env = environment(str(folder))
    try:
        output = env.get_template(name).render(**context)
    except TemplateSyntaxError as exc:
        raise AssistantError(
            f"sjabloon {exc.filename or name} regel {exc.lineno}: {exc.message}"
        ) from exc
    except UndefinedError as exc:
        raise AssistantError(f"sjabloon {name}: onbekende variabele ({exc.message})") from exc
    except TemplateError as exc:
        raise AssistantError(f"sjabloon {name}: {exc}") from exc
    blocks = []
    for line in output.split("\n"):
        if not line.strip():
            continue
        style, sep, text = line.partition(":")
        if not style.startswith("@") or not sep:
            raise AssistantError(f"sjabloon {name}: regel zonder '@stijl:' ({line[:60]!r})")
        for part in text.strip().split(PARAGRAPH_BREAK):
            blocks.append((style[1:].strip(), part.strip()))
    return blocks


def undeclared_variables(name: str, folder: Path | None = None) -> set[str]:
    """Variables a template uses but does not define: they must all be in the context."""
    from jinja2 import meta

    folder = folder or templates_dir()
    env = environment(str(folder))
    source = env.loader.get_source(env, name)[0]
    return meta.find_undeclared_variables(env.parse(source))
