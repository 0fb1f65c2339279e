"""Sphinx helpers that keep the reference at servicekit's public paths.

- Names from private modules (``servicekit.sla._policy.Target``) are shown and linked
  at the public path that exports them (``servicekit.sla.Target``), in signatures,
  docstrings and the field lists autodoc and napoleon write.
- Constants documented with ``autodata`` at a public path take the ``#:`` comment
  written beside their definition in the private module.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import cache
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.pycode import ModuleAnalyzer

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_PRIVATE = re.compile(r"\bservicekit((?:\.[a-z]\w*)*)((?:\._\w+)+)\.([A-Za-z_]\w*)")
#: Other names of one object, documented once at the path on the right.
ALIASES = {
    "Calendar": "servicekit.hours.CalendarLike",
    "SlaCalendar": "servicekit.hours.CalendarLike",
    "TimerCalendar": "servicekit.hours.CalendarLike",
    "servicekit.replies.Calendar": "servicekit.hours.CalendarLike",
    "servicekit.onboarding.TimerCalendar": "servicekit.hours.CalendarLike",
    "servicekit.sla.CalendarLike": "servicekit.hours.CalendarLike",
    "LocaleLike": "servicekit.typing.LocaleLike",
    "servicekit.i18n.LocaleLike": "servicekit.typing.LocaleLike",
}
PILLARS = ("hours", "sla", "channels", "onboarding", "replies", "i18n", "exceptions", "typing")


@cache
def _public_home(name: str) -> str | None:
    """The public module that exports ``name`` (``"Target"``), searched per pillar."""
    for pillar in PILLARS:
        module = importlib.import_module(f"servicekit.{pillar}")
        if name in getattr(module, "__all__", ()):
            return f"servicekit.{pillar}"
    return None


def public_path(text: str) -> str:
    """Rewrite ``servicekit.<pkg>._<private>.Name`` to the public path exporting it."""

    def swap(match: re.Match[str]) -> str:
        package = "servicekit" + match.group(1)
        name = match.group(3)
        module = importlib.import_module(package)
        if name in getattr(module, "__all__", ()):
            return f"{package}.{name}"
        home = _public_home(name)
        return f"{home}.{name}" if home else match.group(0)

    return _PRIVATE.sub(swap, text)


def _docstring(
    _app: Sphinx, what: str, name: str, _obj: Any, _options: Any, lines: list[str]
) -> None:
    if what == "data":
        comment = _constant_comment(name)
        if comment:
            lines[:] = comment
    lines[:] = [public_path(line) for line in lines]


def _signature(
    _app: Sphinx,
    _what: str,
    _name: str,
    _obj: Any,
    _options: Any,
    signature: str | None,
    annotation: str | None,
) -> tuple[str | None, str | None]:
    return (
        public_path(signature) if signature else signature,
        public_path(annotation) if annotation else annotation,
    )


@cache
def _constant_comment_cached(name: str) -> tuple[str, ...]:
    package_name, _, attribute = name.rpartition(".")
    package = importlib.import_module(package_name)
    names = [package_name]
    if hasattr(package, "__path__"):
        names += [info.name for info in pkgutil.iter_modules(package.__path__, package_name + ".")]
    for module_name in names:
        docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        if ("", attribute) in docs:
            return tuple(docs[("", attribute)])
    return ()


def _constant_comment(name: str) -> list[str]:
    return list(_constant_comment_cached(name))


def _missing(app: Sphinx, env: Any, node: Any, contnode: nodes.Element) -> nodes.Element | None:
    """Resolve a reference to a private path at the public path, if it exists."""
    target = node.get("reftarget", "")
    public = public_path(target)
    if node.get("refdomain") != "py":
        return None
    if target in ALIASES:
        public = ALIASES[target]
    elif "." not in target:
        home = _public_home(target)
        public = f"{home}.{target}" if home else target
    if public == target:
        return None
    domain = env.get_domain("py")
    return domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], public, node, contnode
    )


def _text_nodes(_app: Sphinx, doctree: nodes.document, _docname: str) -> None:
    """Shorten private paths left in rendered text (types napoleon writes verbatim)."""
    for text in list(doctree.findall(nodes.Text)):
        new = public_path(str(text))
        if new != str(text):
            text.parent.replace(text, nodes.Text(new))
    for reference in doctree.findall(nodes.reference):
        if "reftitle" in reference:
            reference["reftitle"] = public_path(reference["reftitle"])


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the handlers (Sphinx calls this for an extension)."""
    app.connect("autodoc-process-docstring", _docstring, priority=600)
    app.connect("autodoc-process-signature", _signature)
    app.connect("missing-reference", _missing)
    app.connect("doctree-resolved", _text_nodes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
