"""`midweek user …`: accounts from the command line, passwords never as arguments."""

from __future__ import annotations

import json
from typing import Any

import pytest

from midweek import messages

Run = Any

GOOD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fast(fast_hashing: None) -> None:
    """These tests are about the commands, not the cost of hashing."""


def test_add_list_reset_disable(run: Run) -> None:
    out = run("user", "add", "Alice", "--role", "client", "--password-stdin", input=GOOD + "\n")
    assert out.stdout == messages.account_added("alice", "client") + "\n"
    run("user", "add", "dr.bob", "--role", "therapist", "--password-stdin", input=GOOD + "\n")
    listed = json.loads(run("user", "list", "--json").stdout)
    assert [(a["username"], a["role"], a["disabled"]) for a in listed] == [
        ("alice", "client", False),
        ("dr.bob", "therapist", False),
    ]
    assert "password" not in json.dumps(
        [{k: v for k, v in a.items() if "changed" not in k} for a in listed]
    )
    text = run("user", "list").stdout
    assert "alice" in text and "therapist" in text and "$argon2" not in text
    out = run("user", "reset-password", "ALICE", "--password-stdin", input="a new long phrase\n")
    assert out.stdout == messages.password_reset("alice", 0) + "\n"
    out = run("user", "disable", "alice")
    assert out.stdout == messages.account_disabled("alice", 0) + "\n"
    listed = json.loads(run("user", "list", "--json").stdout)
    assert listed[0]["disabled"] is True and listed[0]["disabled_at"]


def test_weak_password_exits_2_with_one_sentence_and_writes_nothing(run: Run) -> None:
    out = run(
        "user", "add", "alice", "--role", "admin", "--password-stdin", input="short\n", ok=False
    )
    assert out.exit_code == 2
    assert out.stderr == f"midweek: {messages.PASSWORD_PROBLEMS['too-short']}\n"
    out = run(
        "user",
        "add",
        "alice",
        "--role",
        "admin",
        "--password-stdin",
        input="Password2024!\n",
        ok=False,
    )
    assert out.exit_code == 2
    assert out.stderr == f"midweek: {messages.PASSWORD_PROBLEMS['common']}\n"
    assert run("user", "list").stdout == messages.NO_ACCOUNTS + "\n"


def test_the_password_is_never_an_argument(run: Run) -> None:
    out = run("user", "add", "alice", "--role", "admin", GOOD, ok=False)
    assert out.exit_code == 2  # an extra argument is refused by the parser
    out = run("user", "add", "alice", "--role", "admin", ok=False)  # no terminal, no stdin flag
    assert out.exit_code == 2 and messages.PASSWORD_NEEDED in out.stderr


def test_on_a_terminal_the_password_is_asked_twice_hidden(run: Run, tty: None) -> None:
    out = run("user", "add", "alice", "--role", "admin", input=f"{GOOD}\n{GOOD}\n")
    assert GOOD not in out.stdout  # hidden input is not echoed
    assert messages.account_added("alice", "admin") in out.stdout
    out = run("user", "reset-password", "alice", input=f"{GOOD} 1\n{GOOD} 2\n", ok=False)
    assert out.exit_code == 2 and messages.PASSWORDS_DIFFER in out.stderr


def test_taken_and_unknown_names(run: Run) -> None:
    run("user", "add", "alice", "--role", "admin", "--password-stdin", input=GOOD)
    out = run("user", "add", "ALICE", "--role", "client", "--password-stdin", input=GOOD, ok=False)
    assert out.exit_code == 2 and "taken" in out.stderr
    out = run("user", "disable", "nobody", ok=False)
    assert out.exit_code == 2 and out.stderr == "midweek: There is no account “nobody”.\n"
