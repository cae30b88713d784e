"""Every sentence midweek says to a person, in one place, so its tone can be reviewed.

Tone (PRODUCT.md): warm, plain, no shame. Partial practice counts; skipping is
information, not failure; choosing not to pursue a goal is a legitimate outcome.
No streaks, no red marks, no "missed".

Validation sentences ("Mood is a number from 0 to 10…") stay beside the rule that raises
them in ``domain/``, so a rule and its explanation change together; a test holds them to
the same tone.
"""

from __future__ import annotations

from midweek.domain.barriers import NextStep
from midweek.domain.entities import BarrierKind, GoalStatus, Outcome

# --- general -----------------------------------------------------------------------------

NOT_EMERGENCY = (
    "midweek is not monitored by anyone and is not an emergency service. "
    "If you are in danger, call your local emergency number."
)
INTERNAL_ERROR = (
    "Something went wrong inside midweek — this is our mistake, not yours. Nothing was "
    "changed. Run the command again with --debug to see the details."
)
NO_TTY_TEXT = "Please give the text as an argument or on standard input."


def missing(what: str, how: str) -> str:
    return f"Please say {what} ({how})."


def try_again(how: str) -> str:
    return f"That doesn't look quite right — please try again ({how})."


# --- today -------------------------------------------------------------------------------

TODAY_EMPTY = (
    "Welcome. Nothing is planned yet — after your next session, note what you learned with "
    "`midweek session add`, and any homework with `midweek homework add`."
)
LAST_TIME = "Last time you learned"
NO_PRACTICE_DUE = "No practice planned this week. Rest counts too."
OPEN_QUESTIONS = "Questions for your therapist"
PROMPT_HEADER = "Something to write about"
NEXT_SESSION = "Next session"


def progress_line(credit: float, planned: int, minutes: int, planned_minutes: int) -> str:
    """'1.5 of 3 practices this week, 25 of 60 minutes' — partial practice counts."""
    if credit > planned:
        return (
            f"{_num(credit)} practices this week — more than the {planned} planned, "
            f"{minutes} minutes"
        )
    return (
        f"{_num(credit)} of {planned} practice{'s' if planned != 1 else ''} this week, "
        f"{minutes} of {planned_minutes} minutes"
    )


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else f"{x:.1f}".rstrip("0").rstrip(".")


# --- practice ----------------------------------------------------------------------------

LOGGED: dict[Outcome, str] = {
    Outcome.DONE: "Logged — well done for making the time.",
    Outcome.PARTIAL: "Logged — partly done counts. Every practice builds the skill.",
    Outcome.SKIPPED: "Logged. Noticing that it didn't happen is useful too.",
}
WORKSHEET_SAVED = "Worksheet saved. Doing one on your own initiative is practice too."
REFLECT_OFFER = "Would you like to note what got in the way? (Enter to skip)"
QUALITY_PROMPT = "How well did it go, from 0 (not at all) to 4 (very well)? (Enter to skip)"
OUTCOME_PROMPT = "How did it go — done, partial or skipped?"

BARRIER_LABELS: dict[BarrierKind, str] = {
    BarrierKind.TIME: "No time or energy",
    BarrierKind.OTHERS_FIRST: "Other people came first",
    BarrierKind.PERFECTIONISM: "It had to be perfect, or not at all",
    BarrierKind.FEAR: "It felt scary or uncertain",
    BarrierKind.AMBIVALENCE: "Not sure I want this change (yet)",
    BarrierKind.CONFUSION: "Not sure how to do it",
    BarrierKind.OTHER: "Something else",
}

BARRIER_REFLECTIONS: dict[BarrierKind, str] = {
    BarrierKind.TIME: (
        "Life leaves little room some weeks. A smaller practice that fits is worth more "
        "than a big one that doesn't."
    ),
    BarrierKind.OTHERS_FIRST: (
        "Caring for others matters, and so do you. A little protected time is a boundary, "
        "not selfishness."
    ),
    BarrierKind.PERFECTIONISM: (
        "Practice doesn't have to be done right to count. Five imperfect minutes still "
        "build the skill."
    ),
    BarrierKind.FEAR: (
        "Change can feel uncertain. You choose the pace — smaller steps are still steps."
    ),
    BarrierKind.AMBIVALENCE: (
        "It's your choice whether and when to change. It can help to check this goal "
        "against what matters to you, and to talk it over with your therapist."
    ),
    BarrierKind.CONFUSION: (
        "Not being sure how to do it is a very good question to bring to your therapist."
    ),
    BarrierKind.OTHER: "Thank you for noticing what got in the way.",
}

NEXT_STEP_LABELS: dict[NextStep, str] = {
    NextStep.SHRINK: "Shrink it: a smaller, shorter version",
    NextStep.RESCHEDULE: "Reschedule it: pick a time that really is free",
    NextStep.ASK_THERAPIST: "Ask my therapist about it",
    NextStep.PLAN_BOUNDARY: "Plan a boundary: protect a little time for myself",
    NextStep.SLOW_PACE: "Slow the pace: take a smaller step first",
    NextStep.CHECK_VALUES: "Check it against my values",
}
BARRIER_KIND_PROMPT = "What got in the way? Pick a number"
NEXT_STEP_PROMPT = "A next step that might help? Pick a number, or type your own (Enter to skip)"
BARRIER_SAVED = "Noted. This will be part of your prep for next session."

# --- goals -------------------------------------------------------------------------------

GOAL_STATUS_SAID: dict[GoalStatus, str] = {
    GoalStatus.ACTIVE: "Marked as active.",
    GoalStatus.PAUSED: "Paused. You can pick it up again whenever it suits you.",
    GoalStatus.NOT_PURSUING: (
        "Marked as not pursuing. Choosing not to pursue a goal is a legitimate choice."
    ),
    GoalStatus.ACHIEVED: "Marked as achieved — that's worth noticing.",
}

# --- journal / questions -----------------------------------------------------------------

JOURNAL_SAVED = "Saved to your journal."


def editor_failed(editor: str, reason: str) -> str:
    return f"The editor “{editor}” could not be started ({reason}); set $EDITOR, or pass the text."


def draft_kept(path: object) -> str:
    return f"Your text is kept safe in {path} — nothing you wrote is lost."


JOURNAL_NO_MATCH = "No journal entries match that."
QUESTION_SAVED = "Saved — it will be in your prep for the next session."
QUESTION_DISCUSSED = "Marked as discussed."
NO_OPEN_QUESTIONS = "No open questions."

THEME_PROMPTS = (
    "What came up around “{theme}” since your last session?",
    "When did “{theme}” show up this week, and what did you notice in your body?",
    "What would a small step on “{theme}” look like tomorrow?",
)
TAKEAWAY_PROMPTS = (
    "Last time you learned: “{takeaway}”. Where did that show up since?",
    "How could you try “{takeaway}” once before your next session?",
)
GENERAL_PROMPTS = (
    "What is one thing that went a little better than expected this week?",
    "What felt heavy today, and what helped, even a little?",
    "What would you like your therapist to know about this week?",
)

# --- check-ins and safety ----------------------------------------------------------------

CHECKIN_SAVED = "Check-in saved. Thank you for taking a moment for yourself."
SAFETY_HEADER = "You don't have to carry this alone"
SAFETY_BODY = (
    "Some of what you shared suggests things may be very hard right now. If you are "
    "thinking about harming yourself, please reach out now:"
)

# --- sessions / homework -----------------------------------------------------------------

SESSION_SAVED = "Session saved."
HOMEWORK_SAVED = "Homework saved."
HOMEWORK_ENDED = "Homework ended. What you practised still counts."
GOAL_SAVED = "Goal saved."

# --- backup ------------------------------------------------------------------------------

BACKUP_WRITTEN = (
    "Backup written. The text in it stays encrypted: keep your key file "
    "(see `midweek where`) safe too, separately — without it the backup cannot be read."
)
RESTORED = "Restored. Your data is exactly as it was in the backup."


# --- lists and views (empty states, headings, hints) -------------------------------------

NO_SESSIONS = "No sessions yet. Add one with `midweek session add`."
NO_GOALS = "No goals yet. Add one with `midweek goal add`."
NO_HOMEWORK = "No homework running. Add some with `midweek homework add`."
NO_JOURNAL = "No journal entries yet."
NO_CHECKINS = "No check-ins yet."
NO_BARRIERS = "Nothing noted yet."
THIS_WEEK = "This week's practice"
TAKEAWAY_PROMPT = "What did you learn? (Enter when done)"
IMPORTANCE_PROMPT = "How important is this to you, 0–10?"
CONFIDENCE_PROMPT = "How confident do you feel you can do it, 0–10?"
PER_WEEK_PROMPT = "How many times a week?"
MINUTES_PROMPT = "How many minutes each time?"
BARRIER_NOTE_PROMPT = "Anything you'd like to add? (Enter to skip)"
KIND_PROMPT = "What got in the way?"
ANSWER_0_TO_3 = "Please answer 0, 1, 2 or 3."
RESTORE_CONFIRM = "Restoring replaces all your current data with the backup. Continue?"
RESTORE_NEEDS_YES = "Restoring replaces all current data; add --yes to confirm."
KEY_FILE_ADVICE = (
    "Keep the key file safe and separate from backups: without it the text cannot be read."
)
DEMO_TITLE = "midweek demo — six weeks of a made-up person's between-session work."
DEMO_REAL = "Try it for real: `midweek session add` after your next session, then `midweek today`."
DEMO_KEEP_HINT = "To explore this data yourself: midweek demo --keep DIR"


def pick_a_number(n: int) -> str:
    return f"Please type a number from 1 to {n}, or press Enter to skip."


def log_hint(ident: object) -> str:
    return f"Log a practice with: midweek log {ident} done"


def homework_saved(ident: object, per_week: int, minutes: int) -> str:
    return f"{HOMEWORK_SAVED} (homework {ident}: {per_week}× a week, {minutes} min)"


def search_truncated(n: int) -> str:
    return f"Showing the {n} most recent; use --all for every match."


def instrument_result(name: str, total: int, maximum: int, band: str) -> str:
    return f"{name}: {total} of {maximum} — {band}."


def own_templates_hint(folder: object) -> str:
    return f"Your own templates go in {folder}"


def file_exists(path: object) -> str:
    return f"{path} already exists; use --force to replace it."


def unreadable_file(what: str, path: object, reason: object) -> str:
    return f"The {what} {path} cannot be read ({reason})."


def unreadable_answers(source: str, reason: object) -> str:
    return f"The answers in {source} are not valid JSON or TOML ({reason})."


def answers_not_object(source: str) -> str:
    return f"The answers in {source} should be an object of field: answer."


def unwritable_backup(path: object, reason: object) -> str:
    return f"The backup could not be written to {path} ({reason})."


def demo_where(folder: object) -> str:
    return f"(A throw-away database in {folder}; your own data is not touched.)"


def demo_explore(folder: object, key: object) -> str:
    return f"To explore the demo data: export MIDWEEK_DATA_DIR={folder} MIDWEEK_KEY_FILE={key}"


def no_such_worksheet(name: str, available: str) -> str:
    return f"There is no worksheet called “{name}”. Available: {available}."


def not_an_outcome(raw: str) -> str:
    return f"“{raw}” is not one of done, partial or skipped."


def not_a_kind(raw: str, kinds: str) -> str:
    return f"“{raw}” is not a kind I know; use {kinds}."


# --- errors raised by the use cases ------------------------------------------------------

BACKUP_NOT_JSON = "This file is not a midweek backup (it is not readable JSON)."
BACKUP_NOT_OURS = "This file is not a midweek backup."
BACKUP_DAMAGED = "This backup is damaged (its checksum does not match), so nothing was restored."
ANSWERS_NEED_WORKSHEET = "Worksheet answers need a worksheet."
WHICH_HOMEWORK = (
    "Several homework assignments use this worksheet; please add --homework ID "
    "(see `midweek homework list`)."
)


def backup_version(version: object) -> str:
    return (
        f"This backup has format version {version}, which this version of midweek cannot "
        "read; please upgrade midweek."
    )


def already_discussed(ident: object) -> str:
    return f"Question {ident} is already marked as discussed."


def already_ended(ident: object) -> str:
    return f"Homework {ident} has already ended."


# --- the thread ----------------------------------------------------------------------------

THREAD_EMPTY = (
    "No sessions to follow yet. After a session, note what you learned with "
    "`midweek session add`, and the thread starts there."
)
THREAD_NO_MATCH = "No sessions match that yet."
THREAD_LEARNED = "Learned"
THREAD_HOMEWORK = "Homework"
THREAD_NOTHING_LOGGED = "nothing logged yet"
THREAD_BARRIERS = "Got in the way"
THREAD_WRITING = "Related writing"
THREAD_SIMILAR = "similar"


def thread_title(theme: str | None, goal: str | None, shown: int, earlier: int) -> str:
    subject = f"“{theme}”" if theme else f"goal “{goal}”" if goal else "all sessions"
    more = f"; {earlier} earlier — use --all to see them" if earlier else ""
    return f"The thread: {subject} ({shown} session{'s' if shown != 1 else ''}{more})"
