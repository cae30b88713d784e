"""The language midweek speaks: English as written, or a gettext catalog.

Every sentence is written in English in ``messages.py``; that English is the message id.
Spanish and German live in ``locale/<lang>/LC_MESSAGES/midweek.po`` (compiled to ``.mo``
by ``scripts/i18n compile``, with Babel, at build time; only the standard library's
``gettext`` reads them at run time).

The language is a context variable, so each web request and each CLI process speaks its
own: ``use("es")`` for a block, ``choose("de")`` for the rest of the context. English needs
no catalog and loads nothing, so the CLI's start-up cost stays as it was.

``messages`` reads through this module: a constant such as ``messages.WEB_TITLE`` is
translated when it is read (``translate_module``), and a function in ``messages`` that
builds a sentence uses ``_``/``ngettext`` for its parts.
"""

from __future__ import annotations

import contextvars
import types
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gettext import NullTranslations

#: Languages midweek speaks, English first (the default and the message ids).
LANGUAGES: dict[str, str] = {"en": "English", "es": "Español", "de": "Deutsch"}
DEFAULT = "en"
DOMAIN = "midweek"
LOCALE_DIR = Path(__file__).parent / "locale"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("midweek_language", default=DEFAULT)


def normalise(raw: str | None) -> str | None:
    """A language code midweek speaks from a tag such as ``es-MX``, ``de_DE.UTF-8`` or
    ``ES``; None for anything else (an empty value included)."""
    if not raw:
        return None
    code = raw.strip().replace("_", "-").split(".", 1)[0].split("-", 1)[0].lower()
    return code if code in LANGUAGES else None


def from_accept_language(header: str | None) -> str | None:
    """The best language midweek speaks from an HTTP ``Accept-Language`` header (RFC 9110
    12.5.4: the highest ``q`` first, ties in the order given); None if none fits."""
    best: tuple[float, int, str] | None = None
    for index, part in enumerate((header or "").split(",")):
        tag, _sep, params = part.strip().partition(";")
        code = normalise(tag)
        if code is None:
            continue
        q = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if best is None or (q, -index) > (best[0], -best[1]):
            best = (q, index, code)
    return best[2] if best else None


def from_environment(env: Mapping[str, str]) -> str:
    """The CLI's language: ``MIDWEEK_LANG``, else the system's (``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``, as gettext reads them), else English.

    Read here rather than through ``config.SETTINGS``: the CLI chooses its language before
    any other setting is parsed, so that a bad setting is explained in that language. The
    MIDWEEK_LANG record in ``config`` uses this same rule, so the two cannot disagree."""
    for name in ("MIDWEEK_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return normalise(value) or DEFAULT
    return DEFAULT


@cache
def _catalog(language: str) -> NullTranslations:
    import gettext  # only when a language other than English is spoken

    # A missing catalog (a broken install) speaks English rather than failing.
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


def current() -> str:
    """The language of this context."""
    return _current.get()


def choose(language: str) -> None:
    """Speak ``language`` for the rest of this context (a request, a CLI run)."""
    if language not in LANGUAGES:
        raise ValueError(f"not a language midweek speaks: {language!r}")
    _current.set(language)


@contextmanager
def use(language: str) -> Iterator[None]:
    """Speak ``language`` inside the block, then what was spoken before."""
    if language not in LANGUAGES:
        raise ValueError(f"not a language midweek speaks: {language!r}")
    token = _current.set(language)
    try:
        yield
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """``message`` (English, the id) in this context's language."""
    language = _current.get()
    if language == DEFAULT or not message:  # gettext("") is the catalog's header
        return message
    return _catalog(language).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for ``n`` in this context's language (its own plural rules)."""
    language = _current.get()
    if language == DEFAULT:
        return singular if n == 1 else plural
    return _catalog(language).ngettext(singular, plural, n)


def translated(value: Any) -> Any:
    """A string in this context's language; a dict's values and a tuple's items likewise;
    anything else as it is."""
    if isinstance(value, str):
        return _(value)
    if isinstance(value, dict):
        return {key: translated(item) for key, item in value.items()}
    if isinstance(value, tuple):
        return tuple(translated(item) for item in value)
    return value


class _TranslatingModule(types.ModuleType):
    """A module whose public constants are read in the current language."""

    def __getattribute__(self, name: str) -> Any:
        value = super().__getattribute__(name)
        if name.startswith("_") or _current.get() == DEFAULT:
            return value
        return translated(value)


def translate_module(module: types.ModuleType) -> None:
    """Make ``module.X`` answer in the current language (``messages`` calls this)."""
    module.__class__ = _TranslatingModule
