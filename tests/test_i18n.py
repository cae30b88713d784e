"""Languages: choosing one (browser, environment), reading messages through the catalogs,
and catalogs that are complete, current, keep every placeholder and keep the tone."""

from __future__ import annotations

import ast
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

import midweek
from midweek import i18n, messages

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(midweek.__file__).parent
TRANSLATED = [code for code in i18n.LANGUAGES if code != i18n.DEFAULT]


def catalog(language: str) -> dict[str, str]:
    path = i18n.LOCALE_DIR / language / "LC_MESSAGES" / "midweek.po"
    with path.open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id and isinstance(m.id, str)}


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("es", "es"),
        ("es-MX", "es"),
        ("de_DE.UTF-8", "de"),
        ("DE", "de"),
        ("en-GB", "en"),
        ("fr", None),
        ("", None),
        ("C.UTF-8", None),
        (None, None),
        ("  es ", "es"),
    ],
)
def test_a_language_tag_becomes_a_language_midweek_speaks_or_none(
    tag: str | None, code: str | None
) -> None:
    assert i18n.normalise(tag) == code


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("es-ES,es;q=0.9,en;q=0.8", "es"),
        ("fr-FR,fr;q=0.9,de;q=0.7,en;q=0.5", "de"),  # French is not spoken: the next best
        ("en;q=0.4, de;q=0.8", "de"),  # the highest q, not the first
        ("de, es", "de"),  # a tie: the order given
        ("es;q=0, de;q=0.1", "de"),  # q=0 means "not this one"
        ("fr, it", None),
        ("", None),
        ("es;q=banana", None),
    ],
)
def test_the_browsers_accept_language_picks_the_best_language_spoken(
    header: str, code: str | None
) -> None:
    assert i18n.from_accept_language(header) == code


def test_the_cli_takes_midweek_lang_then_the_systems_language_then_english() -> None:
    assert i18n.from_environment({"MIDWEEK_LANG": "de", "LANG": "es_ES.UTF-8"}) == "de"
    assert i18n.from_environment({"LANG": "es_ES.UTF-8"}) == "es"
    assert i18n.from_environment({"LC_ALL": "de_AT.UTF-8", "LANG": "es_ES"}) == "de"
    assert i18n.from_environment({"LANG": "C.UTF-8"}) == "en"
    assert i18n.from_environment({"MIDWEEK_LANG": "klingon"}) == "en"
    assert i18n.from_environment({}) == "en"


def test_a_constant_is_read_in_the_language_of_the_moment_and_english_is_untouched() -> None:
    es, de = catalog("es"), catalog("de")
    english = messages.NOT_EMERGENCY
    with i18n.use("es"):
        assert messages.NOT_EMERGENCY == es[english] != english
        labels = messages.BARRIER_LABELS
        with i18n.use("de"):
            assert de[english] == messages.NOT_EMERGENCY
        assert es[english] == messages.NOT_EMERGENCY  # the block ended: Spanish again
    assert english == messages.NOT_EMERGENCY
    assert set(labels) == set(messages.BARRIER_LABELS)  # the same keys, translated values
    assert all(labels[k] == es[v] for k, v in messages.BARRIER_LABELS.items())
    with pytest.raises(ValueError, match="klingon"):
        i18n.choose("klingon")


def test_an_empty_string_is_never_turned_into_the_catalogs_header() -> None:
    with i18n.use("de"):
        assert i18n._("") == ""


def test_catalogs_are_complete_current_compiled_and_keep_every_placeholder() -> None:
    """`scripts/i18n check`: the .pot holds every sentence of the source, each language
    translates all of them with the same {placeholders}, and the .mo files match."""
    run = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n"), "check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr


SHAME = {
    "es": ("fallaste", "fracas", "racha", "perezos", "deberías haber"),
    "de": ("versäumt", "versagt", "versagen", "serie", "faul", "hättest", "verpasst"),
}


def _published(language: str) -> set[str]:
    """The English of the entries marked as an instrument's validated wording."""
    path = i18n.LOCALE_DIR / language / "LC_MESSAGES" / "midweek.po"
    with path.open("rb") as f:
        return {
            m.id
            for m in read_po(f)
            if isinstance(m.id, str) and any("validated wording" in c for c in m.auto_comments)
        }


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_translation_keeps_the_tone_no_exclamation_no_shame(language: str) -> None:
    """midweek's own voice. A questionnaire's published wording is quoted as published (the
    Spanish PHQ-9 item 6 says "fracaso"): only PHQ-9 and GAD-7 texts may carry that mark."""
    from midweek.domain.instruments import INSTRUMENTS

    published = _published(language)
    questionnaire = {
        text
        for inst in INSTRUMENTS.values()
        for text in (inst.stem, *inst.items, *(label for _v, label in inst.options))
    }
    assert published == questionnaire
    translations = [
        t for k, t in catalog(language).items() if isinstance(t, str) and t and k not in published
    ]
    assert len(translations) > 700
    for text in translations:
        assert "!" not in text and "¡" not in text, text
        lowered = text.lower()
        for word in SHAME[language]:
            if word == "fracas" and "no es un fracaso" in lowered:
                continue
            if word == "versagen" and "kein versagen" in lowered:
                continue
            assert word not in lowered, (word, text)


def _read_at_import(path: Path) -> list[str]:
    """``messages.X`` read outside any function (so frozen in English at import)."""
    found: list[str] = []

    def visit(node: ast.AST, inside: bool) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for part in [*node.decorator_list, *node.args.defaults]:
                visit(part, inside)
            for default in node.args.kw_defaults:
                if default is not None:
                    visit(default, inside)
            for arg in [*node.args.args, *node.args.kwonlyargs]:
                if arg.annotation is not None:
                    visit(arg.annotation, inside)
            for child in node.body:
                visit(child, True)
            return
        if isinstance(node, ast.Lambda):
            visit(node.body, True)
            return
        if (
            not inside
            and isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "messages"
        ):
            found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} messages.{node.attr}")
        for child in ast.iter_child_nodes(node):
            visit(child, inside)

    visit(ast.parse(path.read_text("utf-8")), False)
    return found


def test_no_module_keeps_a_sentence_read_at_import_time() -> None:
    """A sentence read when a module is imported stays in English for everyone: read it
    where it is said (inside the function)."""
    frozen = [
        hit
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "messages.py"
        for hit in _read_at_import(path)
    ]
    assert frozen == []


@given(st.text(alphabet=string.ascii_letters + "-_;=,. 0123456789", max_size=40))
def test_accept_language_never_fails_and_answers_a_language_spoken_or_none(header: str) -> None:
    assert i18n.from_accept_language(header) in (None, *i18n.LANGUAGES)


def _today(tmp_path: Path, **env: str) -> str:
    import os

    base = {k: v for k, v in os.environ.items() if k not in ("MIDWEEK_LANG", "LANG", "LC_ALL")}
    run = subprocess.run(
        [sys.executable, "-m", "midweek", "today"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**base, "PYTHONPATH": str(PACKAGE.parent), **env},
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_the_cli_speaks_midweek_lang_else_the_systems_language(tmp_path: Path) -> None:
    welcome = messages.TODAY_EMPTY
    spanish, german = catalog("es")[welcome], catalog("de")[welcome]
    assert spanish and german
    assert spanish in _today(tmp_path, MIDWEEK_LANG="es").replace("\n", " ")
    assert german in _today(tmp_path, LANG="de_DE.UTF-8").replace("\n", " ")
    # The person's own choice wins over the system's; an unknown one is English.
    assert welcome in _today(tmp_path, MIDWEEK_LANG="en", LANG="de_DE.UTF-8").replace("\n", " ")
    assert welcome in _today(tmp_path, LANG="fr_FR.UTF-8").replace("\n", " ")


def test_no_sentence_in_messages_is_named_twice() -> None:
    """A second constant of the same name silently replaces the first (and its catalog
    entry with it)."""
    tree = ast.parse((PACKAGE / "messages.py").read_text("utf-8"))
    seen: dict[str, int] = {}
    twice = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        for target in targets:
            if isinstance(target, ast.Name):
                if target.id in seen:
                    twice.append((target.id, seen[target.id], node.lineno))
                seen[target.id] = node.lineno
    assert twice == []


def _format_calls(path: Path) -> list[tuple[int, set[str], set[str]]]:
    """Every ``_("…").format(…)`` in a module: its line, the template's names, the names
    given (calls that pass ``**mapping`` are left out: their names are not written down)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and isinstance(node.func.value, ast.Call)
            and isinstance(node.func.value.func, ast.Name)
            and node.func.value.func.id in ("_", "ngettext")
        ):
            continue
        if any(k.arg is None for k in node.keywords) or node.args:
            continue
        templates = [a.value for a in node.func.value.args if isinstance(a, ast.Constant)]
        wanted = {n for t in templates if isinstance(t, str) for n in _names(t)}
        found.append((node.lineno, wanted, {k.arg for k in node.keywords if k.arg}))
    return found


def _names(template: str) -> set[str]:
    return {n.split(".")[0].split("[")[0] for _, n, _, _ in string.Formatter().parse(template) if n}


def test_every_translated_sentence_is_given_exactly_the_names_it_uses() -> None:
    """A name missing from .format() is a KeyError when the sentence is said; one given but
    unused is a sentence that lost a word."""
    wrong = [
        f"{path.relative_to(PACKAGE)}:{line} uses {sorted(wanted)}, given {sorted(given)}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for line, wanted, given in _format_calls(path)
        if wanted != given
    ]
    assert wrong == []
