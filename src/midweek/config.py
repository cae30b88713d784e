"""Settings: one object, built by a factory from ``MIDWEEK_*`` environment variables.

Every setting is one record in ``SETTINGS`` (environment name, parser, default, one-line
help, whether it is secret), and ``load_settings`` reads every setting through its record,
so a setting cannot exist without its help. The README's table is generated from the
records (``scripts/settings-table``) and a test fails when the two disagree; ``midweek
where`` and the web's Settings page list them with ``describe``. A setting ``X`` may also
be read from the file named by ``X_FILE`` (for secrets on a server).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from midweek import i18n
from midweek.domain.errors import ValidationError

APP_NAME = "midweek"

#: Where a setting's value came from (``describe`` and ``Settings.sources``).
ENVIRONMENT, FILE, OPTION, DEFAULT = "environment", "file", "option", "default"

Default = Callable[[Mapping[str, str], Mapping[str, Any]], Any]


@dataclass(frozen=True)
class Setting:
    """One setting: read from ``env`` (or the file named by ``env_FILE``) by ``parse``;
    when unset, ``default`` (a text given to ``parse``, or a function of the environment
    and the settings read before it). ``help`` and ``default_doc`` are the README's."""

    env: str
    name: str  # the attribute of ``Settings``
    help: str
    parse: Callable[[str], Any]
    default: str | Default
    default_doc: str = ""  # Markdown; empty: the literal default, as code
    secret: bool = False  # its value is never shown
    public: bool = False  # its value may be shown to anyone signed in to the web app
    from_file: bool = True  # also read from ``env_FILE``

    @property
    def documented_default(self) -> str:
        if self.default_doc:
            return self.default_doc
        assert isinstance(self.default, str), self.env
        return f"`{self.default}`"


def _path(raw: str) -> Path:
    return Path(raw).expanduser()


def _user_dir(kind: str) -> Path:
    import platformdirs  # only when a default is needed

    if kind == "data":
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def _country(raw: str) -> str | None:
    return raw.strip().upper() or None


def _milliseconds(raw: str) -> int:
    if not raw.isdigit():
        raise ValidationError(
            f"MIDWEEK_BUSY_TIMEOUT_MS should be a number of milliseconds, not “{raw}”."
        )
    return int(raw)


def _flag(raw: str) -> bool:
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _hosts(raw: str) -> tuple[str, ...]:
    """MIDWEEK_PUSH_SERVICES as lower-case host names; a clear sentence for a typo."""
    import re  # only when the setting is used

    found = []
    for part in (p.strip().rstrip(".").lower() for p in raw.split(",")):
        if not part:
            continue
        if not re.fullmatch(
            r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*", part
        ):
            raise ValidationError(
                f"MIDWEEK_PUSH_SERVICES should list host names like fcm.googleapis.com, "
                f"separated by commas; “{part}” is not one."
            )
        found.append(part)
    return tuple(found)


def _proxies(raw: str) -> tuple[str, ...]:
    """MIDWEEK_TRUSTED_PROXIES as normalised networks; a clear sentence for a typo."""
    if not raw.strip():
        return ()
    import ipaddress  # only when the setting is used (CLI start-up stays lean)

    found = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        try:
            found.append(str(ipaddress.ip_network(part, strict=False)))
        except ValueError:
            raise ValidationError(
                f"MIDWEEK_TRUSTED_PROXIES should list addresses or networks like 10.0.0.5 or "
                f"10.0.0.0/24, separated by commas; “{part}” is not one."
            ) from None
    return tuple(found)


def _language(raw: str) -> str:
    return i18n.normalise(raw) or i18n.DEFAULT


def _no_default(env: Mapping[str, str], got: Mapping[str, Any]) -> None:
    return None


#: Every setting, in the order they are read (a default may use the ones before it).
SETTINGS: tuple[Setting, ...] = (
    Setting(
        "MIDWEEK_DATA_DIR",
        "data_dir",
        "Folder for the database and your own worksheet templates.",
        _path,
        lambda env, got: _user_dir("data"),
        "the per-user data folder (e.g. `~/.local/share/midweek`)",
    ),
    Setting(
        "MIDWEEK_DATABASE_URL",
        "database_url",
        "Where the data lives: a file path, `sqlite:///PATH` or "
        "`postgresql://USER:PASS@HOST/DB`. `--db` overrides it.",
        str,
        lambda env, got: str(got["data_dir"] / "midweek.db"),
        "`DATA_DIR/midweek.db`",
    ),
    Setting(
        "MIDWEEK_KEY_FILE",
        "key_file",
        "The key file that unlocks the encrypted text. Keep it safe and separate from backups.",
        _path,
        lambda env, got: _user_dir("config") / "midweek.key",
        "the per-user config folder (e.g. `~/.config/midweek/midweek.key`)",
    ),
    Setting(
        "MIDWEEK_COUNTRY",
        "country",
        "Two-letter country code for the crisis contacts (US, GB, NZ…). When set, it wins "
        "over the country you chose in midweek (asked the first time crisis contacts are "
        "shown on a terminal, and on the first sign-in to the web app; `midweek country CODE` "
        "or Settings changes it).",
        _country,
        _no_default,
        "the country you chose; until then `INTL`",
        public=True,
    ),
    Setting(
        "MIDWEEK_CRISIS_CONTACTS_FILE",
        "crisis_contacts_file",
        "A TOML file of crisis contacts replacing the shipped list (same format as "
        "`src/midweek/data/crisis_contacts.toml`).",
        _path,
        _no_default,
        "the shipped list",
    ),
    Setting(
        "MIDWEEK_BUSY_TIMEOUT_MS",
        "busy_timeout_ms",
        "How long to wait for another midweek that is writing before saying the database is busy.",
        _milliseconds,
        "5000",
        public=True,
    ),
    Setting(
        "MIDWEEK_SECRET_KEY",
        "secret_key",
        "The web app's secret (32+ characters) for its form tokens; every `midweek serve` "
        "process of one site needs the same one (or `MIDWEEK_SECRET_KEY_FILE`).",
        str,
        _no_default,
        "generated once into `DATA_DIR/secret-key` (0600)",
        secret=True,
    ),
    Setting(
        "MIDWEEK_TRUSTED_PROXIES",
        "trusted_proxies",
        "Comma-separated addresses or networks (`10.0.0.5`, `10.0.0.0/24`) of the reverse "
        "proxies in front of `midweek serve`. Only a request from one of them may say with "
        "`X-Forwarded-Proto` that it came over https (then cookies are `Secure` and "
        "`Strict-Transport-Security` is sent) and with `X-Forwarded-For` whose address it is "
        "(for sign-in throttling); from anyone else those headers are ignored.",
        _proxies,
        "",
        "none: the `X-Forwarded-*` headers are never trusted",
    ),
    Setting(
        "MIDWEEK_PUSH",
        "push",
        "`0` when this server cannot reach the browsers' push services: Settings then says "
        "reminders come through a calendar instead, and `midweek reminders send` sends none.",
        _flag,
        "1",
        public=True,
    ),
    Setting(
        "MIDWEEK_PUSH_SERVICES",
        "push_services",
        "The push services reminders may be sent to, as host names separated by commas (a "
        "name covers the hosts below it). A browser's subscription to any other address is "
        "refused, so no one can make the server post to a host of their choosing.",
        _hosts,
        "",
        "the browsers' own: `fcm.googleapis.com`, `push.services.mozilla.com`, "
        "`push.apple.com`, `notify.windows.com`",
    ),
    Setting(
        "MIDWEEK_PUSH_CONTACT",
        "push_contact",
        "A `mailto:` or `https:` address where the push services can reach whoever runs "
        "this server (sent with every reminder, as Web Push asks).",
        str,
        "mailto:admin@localhost",
    ),
    Setting(
        "MIDWEEK_DEBUG",
        "debug",
        "`1` shows full tracebacks for internal errors (same as `--debug`).",
        _flag,
        "0",
        public=True,
    ),
    Setting(
        "MIDWEEK_LANG",
        "language",
        "The command line's language: `en`, `es` or `de` (see [Languages](#languages)).",
        _language,
        # Unset, the rule the CLI itself follows (it reads the language before any other
        # setting, through the same function): the system's language, else English.
        lambda env, got: i18n.from_environment(env),
        "the system's (`LC_ALL`, `LC_MESSAGES`, `LANG`), else English",
        public=True,
        from_file=False,
    ),
)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    key_file: Path
    templates_dir: Path
    country: str | None  # from MIDWEEK_COUNTRY; None: use the person's stored choice
    crisis_contacts_file: Path | None
    busy_timeout_ms: int
    debug: bool
    secret_key: str | None = None  # MIDWEEK_SECRET_KEY; None: generated for the server
    #: MIDWEEK_TRUSTED_PROXIES, as networks ("10.0.0.5/32"); empty: trust no proxy header.
    trusted_proxies: tuple[str, ...] = ()
    #: MIDWEEK_LANG, else the system's: the language the CLI speaks.
    language: str = i18n.DEFAULT
    #: MIDWEEK_PUSH: whether reminders go to browsers (Web Push); MIDWEEK_PUSH_CONTACT.
    push: bool = True
    push_contact: str = "mailto:admin@localhost"
    #: MIDWEEK_PUSH_SERVICES; empty: the browsers' own (``domain.push.PUSH_SERVICES``).
    push_services: tuple[str, ...] = ()
    #: Where each setting came from, by environment name (ENVIRONMENT, FILE, OPTION, DEFAULT).
    sources: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)


def _get(env: Mapping[str, str], name: str, *, from_file: bool = True) -> tuple[str, str] | None:
    """The text of ``name`` and where it came from (the environment, or the file named by
    ``name_FILE``); None when neither is set."""
    value = env.get(name)
    if value:
        return value, ENVIRONMENT
    file_name = env.get(f"{name}_FILE") if from_file else None
    if file_name:
        try:
            text = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ValidationError(
                f"{name}_FILE points to {file_name}, which cannot be read ({exc.strerror})."
            ) from exc
        if text:  # an empty file is no setting, like an empty variable
            return text, FILE
    return None


def load_settings(env: Mapping[str, str] | None = None, *, db: str | None = None) -> Settings:
    """Build the settings from the environment; ``db`` (the --db option) wins over it."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for s in SETTINGS:
        found = (db, OPTION) if db and s.name == "database_url" else None
        found = found or _get(env, s.env, from_file=s.from_file)
        if found is not None:
            values[s.name] = s.parse(found[0])
            sources[s.env] = found[1]
        else:
            values[s.name] = (
                s.parse(s.default) if isinstance(s.default, str) else s.default(env, values)
            )
            sources[s.env] = DEFAULT
    return Settings(**values, templates_dir=values["data_dir"] / "worksheets", sources=sources)


@dataclass(frozen=True)
class Shown:
    """One line of ``describe``: a setting, its value as text (None: not set, or not
    shown) and where it came from."""

    env: str
    value: str | None
    source: str
    hidden: bool  # a value exists but is not shown


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return ", ".join(value) or None
    return str(value)


def without_password(url: str) -> str:
    """A database URL with its password and query left out (a file path as it is)."""
    if "://" not in url:
        return url
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    user, at, host = parts.netloc.rpartition("@")
    if at and ":" in user:
        user = user.split(":", 1)[0] + ":•••"
    return f"{parts.scheme}://{user}{at}{host}{parts.path}"


def describe(settings: Settings, *, public_only: bool = False) -> list[Shown]:
    """Every setting with its value as text and its source; a secret's value never, and
    with ``public_only`` only the values anyone signed in may see (no paths, no network)."""
    shown = []
    for s in SETTINGS:
        text = _as_text(getattr(settings, s.name))
        if text is not None and s.name == "database_url":
            text = without_password(text)
        hidden = text is not None and (s.secret or (public_only and not s.public))
        source = settings.sources.get(s.env, DEFAULT)
        shown.append(Shown(s.env, None if hidden else text, source, hidden))
    return shown


def settings_table() -> str:
    """The README's table of settings, written from the records."""
    lines = ["| variable | meaning | default |", "|---|---|---|"]
    for s in SETTINGS:
        lines.append(f"| `{s.env}` | {s.help} | {s.documented_default} |")
    files = ", ".join(f"`{s.env}`" for s in SETTINGS if not s.from_file)
    lines += [
        "",
        "Any setting can also be read from a file named by the same variable with `_FILE` "
        f"appended, except {files} (the command line reads it before any other setting).",
    ]
    return "\n".join(lines) + "\n"
