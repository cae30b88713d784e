"""Edits and deletions through the real server leave no plaintext on disk or in the log:
the corrected text, and a deleted entry waiting in the trash, are ciphertext only."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from midweek.services import journal
from midweek.storage import open_store
from midweek.web.security import CSRF_FIELD

from .test_no_plaintext import (  # noqa: F401 - ``server`` is the fixture
    Server,
    _ok,
    _pg_rows,
    _signed_in,
    _sqlite_files,
    assert_absent,
    server,
)


def test_edited_and_deleted_text_is_nowhere_on_disk_nor_in_the_log(
    server: Server,  # noqa: F811 - the fixture imported above
    key_file: Path,
) -> None:
    phrase = f"canary{uuid.uuid4().hex}"
    first = f"canaryfirst{uuid.uuid4().hex}"
    c, token = _signed_in(server.base_url, "alice")
    saved = _ok(c.post("/journal", data={CSRF_FIELD: token, "text": first}))
    kept = _ok(c.post("/journal", data={CSRF_FIELD: token, "text": "to be corrected"}))
    gone_id = int(re.findall(r"/journal/(\d+)", saved.headers["location"])[0])
    kept_id = int(re.findall(r"/journal/(\d+)", kept.headers["location"])[0])
    _ok(c.post(f"/edit/journal/{kept_id}", data={CSRF_FIELD: token, "text": f"now {phrase}"}))
    _ok(c.post(f"/edit/journal/{gone_id}", data={CSRF_FIELD: token, "text": f"gone {phrase}"}))
    _ok(c.post(f"/delete/journal/{gone_id}", data={CSRF_FIELD: token, "next": "/journal"}))
    _ok(c.post("/questions", data={CSRF_FIELD: token, "text": "a question"}))
    c.close()

    store = open_store(server.db_url, key_file)
    try:
        found = journal.search(store.unit_of_work(person_id=server.person_id), phrase)
        assert [e.id for e in found.entries] == [kept_id]  # the other waits in the trash
        with store.unit_of_work(person_id=server.person_id) as uow:
            assert [i.item_id for i in uow.trash.list()] == [gone_id]
    finally:
        store.close()

    sqlite = server.db_url.startswith("/") or server.db_url.startswith("sqlite")
    server.stop()
    if sqlite:
        db = _sqlite_files(server.db_url)
        for path in (db, Path(str(db) + "-wal"), Path(str(db) + "-shm")):
            if path.exists():
                assert_absent(phrase, path.read_bytes(), path.name)
                assert_absent(first, path.read_bytes(), path.name)
    else:
        assert _pg_rows(server.db_url, phrase) == []
        assert _pg_rows(server.db_url, first) == []
    for out in (server.log_file, server.stdout, server.stderr):
        assert_absent(phrase, out.read_bytes(), out.name)
