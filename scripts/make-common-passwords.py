#!/usr/bin/env python3
"""Write src/midweek/data/common-passwords.txt: the floor of passwords midweek refuses.

This is NOT a breach corpus (none can be downloaded at run time, and none is shipped).
It is generated, deterministically, from the patterns that dominate every published list
of common passwords (NCSC "100k-most-used", SplashData/NordPass yearly top lists):

1. root words seen at the top of those lists (password, qwerty, letmein, iloveyou,
   welcome, admin, monkey, dragon, football, sunshine, princess, ...), plus a few words a
   person is likely to try *here* (midweek, therapy, recovery, ...), each as is, in
   "leet" spelling (a->@, o->0, e->3, i->1, s->$), doubled, and with "my"/"the" in front;
2. keyboard walks (qwertyuiop, 1qaz2wsx3edc, asdfghjkl, azerty/qwertz rows, ...) and
   their repetitions, digit and letter runs (1234567890..., abcdef...);
3. one character, or two digits, repeated 12-24 times, and short chunks repeated.

The tails people add (123, !, 2024, 1984!) are not listed: the check
(``domain.accounts.password_problem``) compares both the password and its *core* --
the password without leading and trailing digits, punctuation and spaces -- with the
list, so "Password2024!" and "iloveyou123456" are refused through their cores
"password" and "iloveyou". Everything is lower case (the check compares in lower case).
Run this again after changing the patterns; the output is sorted, so the diff shows what
changed.
"""

from __future__ import annotations

import itertools
import string
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "midweek" / "data" / "common-passwords.txt"
MIN_LENGTH = 12  # the policy minimum: runs and repeats are listed from this length

ROOTS = """
password passwort motdepasse contraseña passw0rd qwerty qwertz azerty letmein iloveyou
welcome admin administrator monkey dragon football baseball basketball soccer hockey
sunshine princess trustno1 starwars whatever superman batman spiderman michael jennifer
jordan shadow master computer internet freedom charlie summer winter spring autumn
hello hellokitty loveme lovely secret changeme default login access abc abcdef liverpool
arsenal chelsea manchester pokemon minecraft fortnite matrix mustang harley ranger thomas
daniel andrew joshua jessica ashley michelle nicole hannah samsung apple google facebook
microsoft chocolate cookie cheese banana flower butterfly tigger pepper buster ginger
maggie bailey angel jesus heaven blessed family forever friends money qazwsx zaq12wsx
asdfgh zxcvbn 1q2w3e4r q1w2e3r4 aa123456 abc123 mypassword newpassword security test
testing guest user root sample demo killer hunter ninja love sexy mother father
midweek therapy therapist counselling counseling psychology mentalhealth wellbeing
anxiety depression recovery mindfulness selfcare happiness healing
""".split()  # noqa: SIM905 - easier to read and extend as words

# fmt: off
WALKS = [
    "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertyuiopasdfghjkl", "qwertyuiopasdfghjklzxcvbnm",
    "azertyuiop", "qwertzuiop", "qsdfghjklm", "1qaz2wsx3edc", "1qaz2wsx3edc4rfv",
    "qazwsxedcrfv", "zaq12wsxcde3", "zaq1xsw2cde3", "!qaz@wsx#edc", "1q2w3e4r5t6y",
    "q1w2e3r4t5y6", "1q2w3e4r5t6y7u8i", "qweasdzxc", "qweasdzxcqweasd", "asdfasdfasdf",
    "qwerqwerqwer", "zxcvzxcvzxcv", "1234qwer", "qwer1234", "1234qwerasdf", "qwerty123456",
    "123456qwerty", "asdf1234", "1qazxsw2", "poiuytrewq", "lkjhgfdsa", "mnbvcxz",
    "0987654321", "1234567890", "0123456789", "9876543210", "147258369", "159753", "741852963",
    "abcdefghijklmnopqrstuvwxyz", "abc123abc123", "a1b2c3d4e5f6",
]
# fmt: on


def leet(word: str) -> str:
    return word.translate(str.maketrans({"a": "@", "o": "0", "e": "3", "i": "1", "s": "$"}))


def candidates() -> set[str]:
    out: set[str] = set()
    for root in ROOTS:
        for form in {root, leet(root)}:
            out.update({form, form + form, "my" + form, "the" + form})
    for walk in WALKS:
        for n in (1, 2, 3):
            out.add(walk * n)
    digits = "1234567890" * 3
    letters = string.ascii_lowercase
    for length in range(MIN_LENGTH, 25):
        out.update({digits[:length], digits[::-1][:length], letters[:length]})
        for ch in string.ascii_lowercase + string.digits + "!.*#":
            out.add(ch * length)
        for a, b in itertools.product(string.digits, repeat=2):
            if a != b:
                out.add((a + b) * (length // 2) + (a if length % 2 else ""))
    for chunk in ("123", "1234", "12345", "abc", "abcd", "qwe", "asd", "zxc", "xyz", "aaa111"):
        for n in range(2, 9):
            out.add(chunk * n)
    return {c.lower() for c in out}


def main() -> None:
    words = sorted(candidates())
    header = [
        "# Passwords midweek refuses: a generated floor, not a breach corpus.",
        "# Built by scripts/make-common-passwords.py (patterns documented there); lower case.",
        "# Compared with the password and with its core (no leading/trailing digits or",
        f"# punctuation), so tails like 123 or 2024! need no entries. {len(words)} entries.",
    ]
    OUT.write_text("\n".join(header + words) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} entries to {OUT}")


if __name__ == "__main__":
    main()
