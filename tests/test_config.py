"""Settings as data: every setting is one record, read through it, documented from it."""

from __future__ import annotations

import ast
import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest

from midweek import config
from midweek.config import SETTINGS, describe, load_settings, without_password
from midweek.domain.errors import ValidationError

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
#: Settings derived from others, not read from the environment.
DERIVED = {"templates_dir", "sources"}


def _readme_rows() -> dict[str, tuple[str, str]]:
    """The README's settings table: variable -> (meaning, default), as written."""
    section = README.read_text(encoding="utf-8").split("## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        found = re.fullmatch(r"\| `(MIDWEEK_[A-Z_]+)` \| (.*) \| (.*) \|", line)
        if found:
            rows[found[1]] = (found[2], found[3])
    return rows


def test_the_readme_table_and_the_records_agree() -> None:
    rows = _readme_rows()
    records = {s.env: (s.help, s.documented_default) for s in SETTINGS}
    assert sorted(rows) == sorted(records), "run scripts/settings-table"
    for env, (meaning, default) in records.items():
        assert rows[env] == (meaning, default), f"{env}: run scripts/settings-table"


def test_the_table_script_finds_no_difference_and_sees_one() -> None:
    script = ROOT / "scripts" / "settings-table"
    check = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout
    namespace: dict[str, object] = {"__file__": str(script), "__name__": "settings_table"}
    exec(compile(script.read_text(encoding="utf-8"), str(script), "exec"), namespace)
    stale = README.read_text(encoding="utf-8").replace("`5000`", "`3000`", 1)
    assert namespace["rewritten"](stale) == README.read_text(encoding="utf-8")  # type: ignore[operator]


def test_the_docs_name_no_setting_that_does_not_exist() -> None:
    known = {s.env for s in SETTINGS} | {f"{s.env}_FILE" for s in SETTINGS if s.from_file}
    for doc in [README, *sorted((ROOT / "docs").glob("*.md"))]:
        named = set(re.findall(r"MIDWEEK_[A-Z][A-Z_]*[A-Z]", doc.read_text(encoding="utf-8")))
        # MIDWEEK_TEST_*: the test suite's own switches (tests/conftest.py), not settings.
        named = {n for n in named if not n.startswith("MIDWEEK_TEST_")}
        assert named <= known, (doc.name, named - known)


def test_every_field_of_the_settings_has_exactly_one_record() -> None:
    fields = {f.name for f in dataclasses.fields(config.Settings)} - DERIVED
    names = [s.name for s in SETTINGS]
    assert sorted(names) == sorted(fields)
    assert len({s.env for s in SETTINGS}) == len(SETTINGS)
    assert all(s.env.startswith("MIDWEEK_") and s.help.strip() for s in SETTINGS)


def _base(tmp_path: Path) -> dict[str, str]:
    return {"MIDWEEK_DATA_DIR": str(tmp_path), "MIDWEEK_KEY_FILE": str(tmp_path / "k")}


def test_literal_defaults_are_what_the_code_uses(tmp_path: Path) -> None:
    loaded = load_settings({**_base(tmp_path), "LANG": "de_DE.UTF-8"})
    assert loaded.busy_timeout_ms == 5000 and loaded.debug is False
    assert loaded.trusted_proxies == () and loaded.country is None and loaded.secret_key is None
    assert loaded.database_url == str(tmp_path / "midweek.db")
    assert loaded.language == "de"  # unset MIDWEEK_LANG: the system's, as the CLI speaks
    for s in SETTINGS:
        if isinstance(s.default, str):
            assert getattr(loaded, s.name) == s.parse(s.default), s.env


def test_each_value_knows_where_it_came_from(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("s" * 40 + "\n", encoding="utf-8")
    env = {
        **_base(tmp_path),
        "MIDWEEK_SECRET_KEY_FILE": str(secret),
        "MIDWEEK_COUNTRY": " gb ",
        "MIDWEEK_LANG": "es_MX",
        "MIDWEEK_TRUSTED_PROXIES": "10.0.0.5, 10.1.0.0/16",
    }
    loaded = load_settings(env, db="sqlite:///:memory:")
    assert loaded.secret_key == "s" * 40 and loaded.country == "GB" and loaded.language == "es"
    assert loaded.trusted_proxies == ("10.0.0.5/32", "10.1.0.0/16")
    assert loaded.push_services == ()  # unset: the browsers' own services
    named = load_settings({**env, "MIDWEEK_PUSH_SERVICES": " Push.Example.org., localhost ,"})
    assert named.push_services == ("push.example.org", "localhost")
    assert loaded.sources == {
        "MIDWEEK_DATA_DIR": "environment",
        "MIDWEEK_DATABASE_URL": "option",
        "MIDWEEK_KEY_FILE": "environment",
        "MIDWEEK_COUNTRY": "environment",
        "MIDWEEK_CRISIS_CONTACTS_FILE": "default",
        "MIDWEEK_BUSY_TIMEOUT_MS": "default",
        "MIDWEEK_SECRET_KEY": "file",
        "MIDWEEK_TRUSTED_PROXIES": "environment",
        "MIDWEEK_PUSH": "default",
        "MIDWEEK_PUSH_SERVICES": "default",
        "MIDWEEK_PUSH_CONTACT": "default",
        "MIDWEEK_DEBUG": "default",
        "MIDWEEK_LANG": "environment",
    }


def test_an_empty_file_is_no_setting_and_the_language_is_never_read_from_one(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "empty"
    empty.write_text("\n", encoding="utf-8")
    spanish = tmp_path / "lang"
    spanish.write_text("es", encoding="utf-8")
    loaded = load_settings(
        {
            **_base(tmp_path),
            "MIDWEEK_BUSY_TIMEOUT_MS_FILE": str(empty),
            "MIDWEEK_LANG_FILE": str(spanish),
        }
    )
    assert loaded.busy_timeout_ms == 5000 and loaded.language == "en"
    assert loaded.sources["MIDWEEK_BUSY_TIMEOUT_MS"] == "default"


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("MIDWEEK_BUSY_TIMEOUT_MS", "soon", "should be a number of milliseconds, not “soon”"),
        ("MIDWEEK_TRUSTED_PROXIES", "10.0.0.5, proxy", "“proxy” is not one"),
        ("MIDWEEK_PUSH_SERVICES", "fcm.googleapis.com, https://x/", "“https://x/” is not one"),
        ("MIDWEEK_SECRET_KEY_FILE", "/nowhere/secret", "MIDWEEK_SECRET_KEY_FILE points to"),
    ],
)
def test_a_bad_value_is_one_sentence(tmp_path: Path, name: str, value: str, said: str) -> None:
    with pytest.raises(ValidationError, match=said):
        load_settings({**_base(tmp_path), name: value})


def test_describe_hides_secrets_passwords_and_on_the_web_anything_private(tmp_path: Path) -> None:
    env = {
        **_base(tmp_path),
        "MIDWEEK_SECRET_KEY": "a-long-secret-nobody-should-see-0123456789",
        "MIDWEEK_DATABASE_URL": "postgresql://midweek:hunter2hunter2@db.internal:5433/mw?password=x",
        "MIDWEEK_TRUSTED_PROXIES": "10.0.0.5",
        "MIDWEEK_COUNTRY": "NZ",
    }
    loaded = load_settings(env)
    everything = {x.env: x for x in describe(loaded)}
    assert [x.env for x in describe(loaded)] == [s.env for s in SETTINGS]
    assert (
        everything["MIDWEEK_SECRET_KEY"].value is None and everything["MIDWEEK_SECRET_KEY"].hidden
    )
    assert (
        everything["MIDWEEK_DATABASE_URL"].value == "postgresql://midweek:•••@db.internal:5433/mw"
    )
    assert everything["MIDWEEK_TRUSTED_PROXIES"].value == "10.0.0.5/32"
    assert everything["MIDWEEK_CRISIS_CONTACTS_FILE"].value is None
    assert not everything["MIDWEEK_CRISIS_CONTACTS_FILE"].hidden  # not set is not hidden
    on_the_web = {x.env: x for x in describe(loaded, public_only=True)}
    shown = {env for env, x in on_the_web.items() if x.value is not None}
    assert shown == {
        "MIDWEEK_COUNTRY",
        "MIDWEEK_BUSY_TIMEOUT_MS",
        "MIDWEEK_PUSH",
        "MIDWEEK_DEBUG",
        "MIDWEEK_LANG",
    }
    assert on_the_web["MIDWEEK_DATA_DIR"].hidden and on_the_web["MIDWEEK_TRUSTED_PROXIES"].hidden
    assert without_password("/home/sam/midweek.db") == "/home/sam/midweek.db"
    assert without_password("postgresql://sam@db/mw") == "postgresql://sam@db/mw"


def _midweek_reads(tree: ast.AST) -> list[str]:
    """``os.environ[…]``, ``….get(…)`` and ``os.getenv(…)`` reads of a MIDWEEK_ name."""
    found = []
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            key = node.slice
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"get", "getenv", "pop"}
            and node.args
        ):
            key = node.args[0]
        if isinstance(key, ast.Constant) and str(key.value).startswith("MIDWEEK_"):
            found.append(f"line {node.lineno}: {key.value}")
    return found


def test_no_setting_is_read_from_the_environment_outside_the_records() -> None:
    src = ROOT / "src" / "midweek"
    reads = {
        str(path.relative_to(src)): hits
        for path in sorted(src.rglob("*.py"))
        if path.name != "config.py"
        and (hits := _midweek_reads(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert reads == {}
    # The check sees a read when there is one.
    assert _midweek_reads(ast.parse('import os\nos.environ.get("MIDWEEK_COUNTRY")')) == [
        "line 2: MIDWEEK_COUNTRY"
    ]
