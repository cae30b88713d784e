"""How rows become values and back: the repositories' shared machinery.

:class:`Context` is what a person's repository works with (the connection, the person,
their cipher, the dialect's value forms); :func:`reader_for` / :func:`writer_for` build
one function per column from its ``kind`` (free text encrypted, bound to row and column);
:class:`Mapper` turns a table's row tuples into its entity and back; :class:`ServerRepo`
is the base of the server's repositories, which belong to no person. Imported by every
repository room (person data, trash, imports, accounts, care links) and by the unit of
work; it imports only the tables, the dialect and the cipher's type.

Import only after :func:`midweek.storage.dialect.import_peewee` has run (it imports
:mod:`midweek.storage.tables`, which imports peewee).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from midweek.storage import tables as t
from midweek.storage.crypto import Cipher
from midweek.storage.dialect import Values

#: Columns every data table has that are not entity fields (``id`` is handled apart).
KEY_COLUMNS = frozenset({"id", "person_id", "uid"})

Reader = Callable[[Any, str], Any]
Writer = Callable[[Any, str], Any]


@dataclass(frozen=True)
class Context:
    """What a repository needs: the connection, the person, their cipher, value forms."""

    db: Any
    person_id: int
    cipher: Cipher
    values: Values


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def reader_for(field: Any, table: str, ctx: Context) -> Reader:
    """A function turning a stored value (of the row with ``uid``) into the entity's value."""
    kind: str = field.kind
    column: str = field.column_name
    if kind in ("int", "text"):
        return lambda v, uid: v
    if kind == "enum":
        enum = field.enum
        return lambda v, uid: None if v is None else enum(v)
    if kind == "bool":
        return lambda v, uid: None if v is None else bool(v)
    if kind == "ts":
        ts_in = ctx.values.ts_in
        return lambda v, uid: None if v is None else ts_in(v)
    if kind == "date":
        date_in = ctx.values.date_in
        return lambda v, uid: None if v is None else date_in(v)
    if kind == "json":
        return lambda v, uid: None if v is None else json.loads(v)
    if kind == "bytes":
        return lambda v, uid: None if v is None else bytes(v)
    decrypt = ctx.cipher.decrypt
    if kind == "secret":
        return lambda v, uid: None if v is None else decrypt(table, column, uid, v)
    if kind == "secret_json":
        load = getattr(field, "from_plain", None) or (lambda x: x)
        return lambda v, uid: (
            None if v is None else load(json.loads(decrypt(table, column, uid, v)))
        )
    raise AssertionError(f"unknown column kind {kind}")  # pragma: no cover


def writer_for(field: Any, table: str, ctx: Context) -> Writer:
    """A function turning an entity's value into what is stored for the row with ``uid``."""
    kind: str = field.kind
    column: str = field.column_name
    if kind in ("int", "text"):
        return lambda v, uid: v
    if kind == "enum":
        enum = field.enum
        return lambda v, uid: None if v is None else enum(v).value
    if kind == "bool":
        return lambda v, uid: None if v is None else bool(v)
    if kind == "ts":
        ts_out = ctx.values.ts_out
        return lambda v, uid: None if v is None else ts_out(v)
    if kind == "date":
        date_out = ctx.values.date_out
        return lambda v, uid: None if v is None else date_out(v)
    if kind == "json":
        return lambda v, uid: None if v is None else _dumps(v)
    if kind == "bytes":
        return lambda v, uid: None if v is None else bytes(v)
    encrypt = ctx.cipher.encrypt
    if kind == "secret":
        return lambda v, uid: None if v is None else encrypt(table, column, uid, v)
    if kind == "secret_json":
        dump = getattr(field, "to_plain", None) or (lambda x: x)
        return lambda v, uid: None if v is None else encrypt(table, column, uid, _dumps(dump(v)))
    raise AssertionError(f"unknown column kind {kind}")  # pragma: no cover


class Mapper:
    """Converts between one table's row tuples and its entity."""

    def __init__(self, model: Any, ctx: Context) -> None:
        self.model = model
        self.entity: type[Any] = t.ENTITIES[model]
        self.table: str = model._meta.table_name
        self.fields = [f for f in model._meta.sorted_fields if f.name not in KEY_COLUMNS]
        #: What to select: id, uid, then the entity's fields in model order.
        self.columns = [model.id, model.uid, *self.fields]
        self._readers = [(f.name, reader_for(f, self.table, ctx)) for f in self.fields]
        self._writers = [(f, f.name, writer_for(f, self.table, ctx)) for f in self.fields]

    def index(self, field: Any) -> int:
        """Position of ``field`` in a selected row (by identity: peewee overloads ``==``)."""
        return next(i for i, column in enumerate(self.columns) if column is field)

    def decode(self, row: tuple[Any, ...] | list[Any]) -> Any:
        uid = row[1]
        kwargs = {
            name: read(v, uid) for (name, read), v in zip(self._readers, row[2:], strict=True)
        }
        return self.entity(id=row[0], **kwargs)

    def encode(self, entity: Any, uid: str) -> dict[Any, Any]:
        return {f: write(getattr(entity, name), uid) for f, name, write in self._writers}


class ServerRepo:
    """The base of the server's repositories: rows that belong to no person."""

    def __init__(
        self, db: Any, values: Values, server_key: Callable[[str], bytes] | None = None
    ) -> None:
        self._db = db
        self._v = values
        #: purpose -> a key derived from the key file (see crypto.server_key).
        self._server_key = server_key

    #: What the repository seals its typed text for (its key-file key's purpose), if anything.
    _purpose: ClassVar[str] = ""

    def _cipher(self) -> Cipher:
        """The cipher for this repository's sealed text, under its purpose's key-file key."""
        assert self._server_key is not None, "the unit of work gives this repository its key"
        return Cipher(self._server_key(self._purpose))

    def _ts(self, value: datetime | None) -> Any:
        return None if value is None else self._v.ts_out(value)

    def _dt(self, value: Any) -> datetime | None:
        return None if value is None else self._v.ts_in(value)
