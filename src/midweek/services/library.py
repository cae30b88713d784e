"""The worksheet library and crisis contacts, read from package data and the person's files.

The only I/O around the worksheet engine: shipped templates come from the package
(``midweek/worksheets/*.toml``), a person's own templates from a directory they choose, and
crisis contacts from ``midweek/data/crisis_contacts.toml``, optionally overridden country
by country by a file of their own.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from midweek import i18n
from midweek.domain.errors import ValidationError
from midweek.domain.safety import CrisisResources, parse_crisis_contacts
from midweek.domain.safety import localized as localized_contacts
from midweek.i18n import _
from midweek.resources import shipped

if TYPE_CHECKING:
    from midweek.domain.worksheets import Template

__all__ = [
    "FALLBACK_COUNTRY",
    "crisis_resources",
    "load_template_file",
    "load_templates",
    "shipped_crisis_contacts",
    "shipped_templates",
]

#: Used for any country without its own entry.
FALLBACK_COUNTRY = "INTL"


# tomllib, importlib.resources and the worksheet engine are imported where they are used:
# together they cost ~35 ms, and most CLI commands import this module without reading any
# template (the crisis contacts shown after a hard entry need none of the engine).


def _parse_toml(raw: bytes, source: str, what: str) -> dict[str, object]:
    import tomllib

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValidationError(
            _("The {what} {source} is not UTF-8 text.").format(what=what, source=source)
        ) from None
    except tomllib.TOMLDecodeError as err:
        raise ValidationError(
            _("The {what} {source} is not valid TOML: {err}.").format(
                what=what, source=source, err=err
            )
        ) from None


def _read_bytes(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        reason = err.strerror or type(err).__name__
        raise ValidationError(
            _("I could not read the {what} {path}: {reason}.").format(
                what=what, path=path, reason=reason
            )
        ) from None


def _template_from(raw: bytes, source: str, stem: str) -> Template:
    data = _parse_toml(raw, source, "worksheet template")
    # The file name is the template's name, so two files can never claim the same name.
    data.setdefault("name", stem)
    if data["name"] != stem:
        raise ValidationError(
            _(
                "The worksheet template {source} is named “{data}”; please name the file "
                "{data}.toml or change its name to “{stem}”."
            ).format(source=source, data=data["name"], stem=stem)
        )
    from midweek.domain.worksheets import parse_template

    return parse_template(data, source=source)


@cache
def _shipped() -> dict[str, Template]:
    templates: dict[str, Template] = {}
    for entry in shipped("worksheets").glob("*.toml"):
        stem = entry.name.removesuffix(".toml")
        templates[stem] = _template_from(entry.read_bytes(), entry.name, stem)
    return dict(sorted(templates.items()))


def _spoken(templates: dict[str, Template]) -> dict[str, Template]:
    # Parsed once in English (the catalogs' message ids); shown in the reader's language.
    if i18n.current() == i18n.DEFAULT:
        return templates
    from midweek.domain.worksheets import localized

    return {name: localized(t) for name, t in templates.items()}


def shipped_templates() -> dict[str, Template]:
    """The templates that come with midweek, by name (parsed once per process), in the
    reader's language (``worksheets.localized``)."""
    return _spoken(dict(_shipped()))


def load_template_file(path: Path) -> Template:
    """One template from a TOML file whose name (``thought-record.toml``) is the template's."""
    return _template_from(_read_bytes(path, "worksheet template"), str(path), path.stem)


def load_templates(user_dir: Path | None) -> dict[str, Template]:
    """The shipped templates plus the person's own ``*.toml`` files in ``user_dir``, in the
    reader's language.

    A missing ``user_dir`` just means there are none yet. A person's template may not
    replace a shipped one of the same name. A file that cannot be read or is invalid
    raises ``ValidationError`` naming the file.
    """
    templates = dict(_shipped())
    if user_dir is None or not user_dir.exists():
        return _spoken(templates)
    if not user_dir.is_dir():
        raise ValidationError(
            _(
                "Your worksheet folder {user_dir} is a file, not a folder; please point to a "
                "folder."
            ).format(user_dir=user_dir)
        )
    for path in sorted(user_dir.glob("*.toml")):
        template = load_template_file(path)
        if template.name in templates:
            raise ValidationError(
                _(
                    "Your worksheet {path} uses the name “{template_name}”, which a built-in "
                    "worksheet already has; please rename the file (for example "
                    "my-{template_name}.toml) so both can be used."
                ).format(path=path, template_name=template.name)
            )
        templates[template.name] = template
    return _spoken(templates)


@cache
def shipped_crisis_contacts() -> dict[str, CrisisResources]:
    """The crisis contacts that come with midweek, by country code."""
    raw = shipped("data", "crisis_contacts.toml").read_bytes()
    return parse_crisis_contacts(_parse_toml(raw, "crisis_contacts.toml", "crisis contacts file"))


def crisis_resources(country: str, override_file: Path | None = None) -> CrisisResources:
    """Crisis contacts for ``country`` (ISO code, any case); unknown -> the INTL fallback;
    described in the reader's language.

    ``override_file`` (if it exists) replaces shipped countries with the person's own. An
    unreadable or invalid override raises ``ValidationError`` naming the file. Crisis
    contacts must always be shown, so a shell that catches that error should still call
    ``crisis_resources(country)`` without the override and show the shipped contacts.
    """
    resources = dict(shipped_crisis_contacts())
    if override_file is not None and override_file.exists():
        raw = _read_bytes(override_file, "crisis contacts file")
        data = _parse_toml(raw, str(override_file), "crisis contacts file")
        try:
            resources.update(parse_crisis_contacts(data))
        except ValidationError as err:
            raise ValidationError(
                _("In {override_file}: {err}").format(override_file=override_file, err=err)
            ) from None
    code = country.strip().upper()
    found = resources.get(code) or resources[FALLBACK_COUNTRY]
    # Descriptions and hours in the reader's language; names and numbers as they are.
    return found if i18n.current() == i18n.DEFAULT else localized_contacts(found)
