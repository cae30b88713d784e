"""Settings: one object, built by a factory from ``MIDWEEK_*`` environment variables.

Every setting is data with a help text (``SETTINGS``), so the documentation and a test
can check that each one is explained. A setting ``X`` may also be read from the file
named by ``X_FILE`` (for secrets on a server).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from midweek.domain.errors import ValidationError

APP_NAME = "midweek"


@dataclass(frozen=True)
class SettingDoc:
    env: str
    help: str
    default: str


SETTINGS: tuple[SettingDoc, ...] = (
    SettingDoc(
        "MIDWEEK_DATA_DIR",
        "Folder for the database and your own worksheet templates.",
        "the per-user data folder (e.g. ~/.local/share/midweek)",
    ),
    SettingDoc(
        "MIDWEEK_DATABASE_URL",
        "Where the data lives: a file path, sqlite:///PATH or postgresql://USER:PASS@HOST/DB. "
        "The --db option overrides it.",
        "DATA_DIR/midweek.db",
    ),
    SettingDoc(
        "MIDWEEK_KEY_FILE",
        "The key file that unlocks the encrypted text. Keep it safe and separate from backups.",
        "the per-user config folder (e.g. ~/.config/midweek/midweek.key)",
    ),
    SettingDoc(
        "MIDWEEK_COUNTRY",
        "Two-letter country code for the crisis contacts (US, GB, NZ…). When set, it wins "
        "over the country chosen in midweek (asked on first use, changed with `midweek country`).",
        "the country you chose in midweek; until then INTL (international directory)",
    ),
    SettingDoc(
        "MIDWEEK_CRISIS_CONTACTS_FILE",
        "A TOML file of crisis contacts that replaces the shipped list (same format as "
        "src/midweek/data/crisis_contacts.toml).",
        "the shipped list",
    ),
    SettingDoc(
        "MIDWEEK_BUSY_TIMEOUT_MS",
        "How long to wait for another midweek that is writing before saying the database is busy.",
        "5000",
    ),
    SettingDoc(
        "MIDWEEK_SECRET_KEY",
        "The web app's secret (at least 32 characters) for its form tokens. Give every "
        "`midweek serve` process of one site the same value (or MIDWEEK_SECRET_KEY_FILE).",
        "generated once into DATA_DIR/secret-key (0600) by `midweek serve`",
    ),
    SettingDoc(
        "MIDWEEK_TRUSTED_PROXIES",
        "Comma-separated addresses or networks (10.0.0.5, 10.0.0.0/24) of the reverse proxies "
        "in front of `midweek serve`. Only a request from one of them may say, with "
        "X-Forwarded-Proto, that it came over https (then cookies are marked Secure and "
        "Strict-Transport-Security is sent) and, with X-Forwarded-For, whose address it is "
        "(for sign-in throttling); from anyone else those headers are ignored.",
        "none: the X-Forwarded-* headers are never trusted",
    ),
    SettingDoc(
        "MIDWEEK_DEBUG",
        "Set to 1 to show full tracebacks for internal errors (same as --debug).",
        "0",
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


def _get(env: Mapping[str, str], name: str) -> str | None:
    """Value of ``name``, or the contents of the file named by ``name_FILE``."""
    value = env.get(name)
    if value:
        return value
    file_name = env.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ValidationError(
                f"{name}_FILE points to {file_name}, which cannot be read ({exc.strerror})."
            ) from exc
    return None


def load_settings(env: Mapping[str, str] | None = None, *, db: str | None = None) -> Settings:
    """Build the settings from the environment; ``db`` (the --db option) wins over it."""
    env = os.environ if env is None else env
    data_dir_raw = _get(env, "MIDWEEK_DATA_DIR")
    key_raw = _get(env, "MIDWEEK_KEY_FILE")
    if data_dir_raw is None or key_raw is None:
        import platformdirs  # only when a default is needed

    data_dir = (
        Path(data_dir_raw).expanduser()
        if data_dir_raw
        else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )
    key_file = (
        Path(key_raw).expanduser()
        if key_raw
        else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "midweek.key"
    )
    database_url = db or _get(env, "MIDWEEK_DATABASE_URL") or str(data_dir / "midweek.db")
    country = (_get(env, "MIDWEEK_COUNTRY") or "").strip().upper() or None
    contacts = _get(env, "MIDWEEK_CRISIS_CONTACTS_FILE")
    busy_raw = _get(env, "MIDWEEK_BUSY_TIMEOUT_MS") or "5000"
    if not busy_raw.isdigit():
        raise ValidationError(
            f"MIDWEEK_BUSY_TIMEOUT_MS should be a number of milliseconds, not “{busy_raw}”."
        )
    proxies = _proxies(_get(env, "MIDWEEK_TRUSTED_PROXIES") or "")
    debug = (_get(env, "MIDWEEK_DEBUG") or "0").strip().lower() in {"1", "true", "yes", "on"}
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        key_file=key_file,
        templates_dir=data_dir / "worksheets",
        country=country,
        crisis_contacts_file=Path(contacts).expanduser() if contacts else None,
        busy_timeout_ms=int(busy_raw),
        debug=debug,
        secret_key=_get(env, "MIDWEEK_SECRET_KEY"),
        trusted_proxies=proxies,
    )


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
