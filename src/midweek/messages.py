"""Every sentence midweek says to a person, in one place, so its tone can be reviewed.

Tone (PRODUCT.md): warm, plain, no shame. Partial practice counts; skipping is
information, not failure; choosing not to pursue a goal is a legitimate outcome.
No streaks, no red marks, no "missed".

Validation sentences ("Mood is a number from 0 to 10…") stay beside the rule that raises
them in ``domain/``, so a rule and its explanation change together; a test holds them to
the same tone.

Why one long module: the point of it is that every sentence can be read, reviewed for tone
and extracted for translation (``scripts/i18n``) in one place; it holds no logic beyond
choosing and filling in a sentence.
"""

from __future__ import annotations

import math
import sys
from datetime import date, datetime
from typing import Protocol

from midweek import i18n as _i18n
from midweek.domain.barriers import NextStep
from midweek.domain.entities import BarrierKind, GoalStatus, Outcome
from midweek.i18n import _, ngettext

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
    return _("Please say {what} ({how}).").format(what=what, how=how)


def try_again(how: str) -> str:
    return _("That doesn't look quite right — please try again ({how}).").format(how=how)


# --- dates --------------------------------------------------------------------------------

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_ABBR = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_ABBR = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
#: The date styles of ``when``, one for every page and report.
_DATE_STYLES = (
    "short", "short-year", "short-time", "long", "long-year", "long-time",
    "date", "date-short", "date-time", "day-month",
)  # fmt: skip


def when(moment: date, style: str = "short") -> str:
    """A day (or moment) the one way midweek writes it, in the language of the moment:
    'short' Mon 7 Dec · 'short-year' Mon 7 Dec 2026 · 'short-time' Mon 7 Dec, 18:30 ·
    'long' Monday 7 December · 'long-year' Monday 7 December 2026 · 'long-time' Monday
    7 December 2026, 18:30 · 'date' 7 December 2026 · 'date-short' 7 Dec 2026 ·
    'date-time' 7 December 2026, 18:30 · 'day-month' 7 Dec."""
    if style not in _DATE_STYLES:
        raise ValueError(f"not a date style: {style!r}")
    full = style.startswith("long") or style in ("date", "date-time")
    weekday = _((WEEKDAY_NAMES if full else WEEKDAY_ABBR)[moment.weekday()])
    month = _((MONTH_NAMES if full else MONTH_ABBR)[moment.month - 1])
    parts = {"weekday": weekday, "day": moment.day, "month": month, "year": moment.year}
    if style in ("short", "short-time", "long"):
        text = _("{weekday} {day} {month}").format(**parts)
    elif style in ("short-year", "long-year", "long-time"):
        text = _("{weekday} {day} {month} {year}").format(**parts)
    elif style == "day-month":
        text = _("{day} {month}").format(**parts)
    else:
        text = _("{day} {month} {year}").format(**parts)
    if style.endswith("-time") and isinstance(moment, datetime):
        return _("{date}, {time}").format(date=text, time=f"{moment:%H:%M}")
    return text


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


#: What follows a week's practice amount ("2 of 5 practices this week"), space included.
THIS_WEEK_SUFFIX = " this week"


def halves(x: float) -> str:
    """A count to the nearest half, as people say it: 2.5 -> '2½', 0.5 -> '½', 3 -> '3'."""
    twice = math.floor(x * 2 + 0.5)
    whole, half = divmod(twice, 2)
    if not half:
        return str(whole)
    return f"{whole}½" if whole else "½"


def _whole_plan(planned: float) -> int:
    # A part-week plan (0.7 of a practice) is spoken of as the one practice it stands for.
    return math.floor(planned + 0.5) if planned >= 1 else (1 if planned > 0 else 0)


def _near_half(credit: float, plan: int) -> float:
    # Some credit never rounds to nothing, and less than the plan never rounds up to all of it.
    near = math.floor(credit * 2 + 0.5) / 2
    if credit > 0 and near == 0:
        near = 0.5
    if credit < plan and near >= plan:
        near = plan - 0.5
    return near


def practice_amount(
    credit: float,
    planned: float,
    *,
    done: int | None = None,
    partial: int | None = None,
    unit: str = "practice",
    period: str = "",
) -> str:
    """Partial credit in whole practices and words, never '3.7 of 5':
    '2 done and 1 partly — about 2½ of 5 practices', '1 of 3 practices', 'about 17 of 28'.

    ``done`` and ``partial`` are the counts of logs behind ``credit`` when known; a plan of
    part of a week (0.7) is spoken of as the whole practice it rounds to (at least 1).
    ``unit`` is the noun ('' for none), pluralised here; ``period`` follows it.
    """
    plan = _whole_plan(planned)
    partly = bool(partial)
    whole = credit == int(credit) and not partly
    near = credit if whole else _near_half(credit, plan)
    amount = halves(near) if whole else _("about {n}").format(n=halves(near))
    counts = ""
    if partly:
        counts = (
            _("{done} done and {partial} partly — ").format(done=done, partial=partial)
            if done
            else _("{partial} partly — ").format(partial=partial)
        )
    when = _(period) if period else ""
    if plan == 0:
        return f"{counts}{amount}{_noun(unit, near)}{when}"
    if credit > plan:
        more = _("{counts}{amount}{noun}{period}, more than the {plan} planned")
        if not counts:
            more = _("{amount}{noun}{period} — more than the {plan} planned")
        return more.format(
            counts=counts, amount=amount, noun=_noun(unit, near), period=when, plan=plan
        )
    return _("{counts}{amount} of {plan}{noun}{period}").format(
        counts=counts, amount=amount, plan=plan, noun=_noun(unit, plan), period=when
    )


def _noun(unit: str, n: float) -> str:
    """The unit after an amount, with its space: ' practice', ' practices' (none for '')."""
    many = 1 if n == 1 else 2
    if unit == "practice":
        return ngettext(" practice", " practices", many)
    if unit == "planned practice":
        return ngettext(" planned practice", " planned practices", many)
    return f" {unit}{_s(n)}" if unit else ""


def progress_line(
    credit: float,
    planned: float,
    minutes: int,
    planned_minutes: float,
    *,
    done: int | None = None,
    partial: int | None = None,
    period: str = THIS_WEEK_SUFFIX,
) -> str:
    """'2 done and 1 partly — about 2½ of 5 practices this week, 50 of 75 minutes'."""
    amount = practice_amount(credit, planned, done=done, partial=partial, period=period)
    if credit > _whole_plan(planned) or planned <= 0:
        return _("{amount}, {minutes} minutes").format(amount=amount, minutes=minutes)
    return _("{amount}, {minutes} of {planned} minutes").format(
        amount=amount, minutes=minutes, planned=round(planned_minutes)
    )


def progress_of(week: _Progress, *, period: str = THIS_WEEK_SUFFIX) -> str:
    """``progress_line`` for a week's progress or a period's totals (both carry the counts)."""
    return progress_line(
        week.credit,
        week.planned,
        week.minutes,
        week.planned_minutes,
        done=week.done,
        partial=week.partial,
        period=period,
    )


class _Progress(Protocol):
    @property
    def credit(self) -> float: ...
    @property
    def planned(self) -> float: ...
    @property
    def minutes(self) -> int: ...
    @property
    def planned_minutes(self) -> float: ...
    @property
    def done(self) -> int: ...
    @property
    def partial(self) -> int: ...


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
    return _(
        "The editor “{editor}” could not be started ({reason}); set $EDITOR, or pass the text."
    ).format(editor=editor, reason=reason)


def draft_kept(path: object) -> str:
    return _("Your text is kept safe in {path} — nothing you wrote is lost.").format(path=path)


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

# --- everything out, and erasure -----------------------------------------------------------

ARCHIVE_README = """This is everything midweek holds about you, as it was on {day}.

journal/              one Markdown file per journal entry
records.json          every record (sessions, homework, practice, journal, barriers,
                      questions, check-ins, plans, safety plan...), readable JSON
midweek-backup.json   a backup that midweek can restore exactly (its text is encrypted:
                      it opens only with your key file)
fhir-bundle.json      homework, worksheets and PHQ-9/GAD-7 as FHIR R4B, for health records
prep-report.pdf       your current prep report (what you left out of it is not in it)

Apart from the backup, nothing in this archive is encrypted. Keep it somewhere private,
and delete it when you no longer need it.
"""


def archive_written(path: object, counts: dict[str, int]) -> str:
    journal = counts.get("journal", 0)
    total = sum(counts.values())
    return _(
        "Everything is in {path}: {total} records, {journal} of them journal entries "
        "(one Markdown file each)."
    ).format(path=path, total=total, journal=journal)


ERASE_CONFIRM_HINT = 'To erase everything, type "erase my data".'
ERASE_NOT_CONFIRMED = (
    'Nothing was erased. To erase everything, type the words "erase my data" exactly.'
)
ERASE_CLIENTS_ONLY = (
    "Only a client account can be erased this way; an administrator can disable a "
    "therapist's account."
)
ERASE_HAS_ACCOUNTS = (
    "This database also holds web accounts, so it cannot be erased from here. Each person "
    "can delete their own account in the web app's Settings."
)
ERASE_WARNING = (
    "This erases everything you have written in midweek on this machine: journal, "
    "practice, check-ins, questions, plans and your safety plan. It cannot be undone, "
    "and backups you made before can no longer be restored. If you want a copy first, "
    "run `midweek export all --out FILE.zip`."
)
ERASED_HERE = (
    "Everything is erased, and the encryption key with it: older backups can no longer "
    "be opened. midweek will start fresh next time."
)
ERASED_WEB = (
    "Your account and everything in it are erased. Therapists you shared with no longer "
    "see anything. Take care of yourself."
)


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
    return _("Please type a number from 1 to {n}, or press Enter to skip.").format(n=n)


def log_hint(ident: object) -> str:
    return _("Log a practice with: midweek log {ident} done").format(ident=ident)


def homework_saved(ident: object, per_week: int, minutes: int) -> str:
    return _("{HOMEWORK_SAVED} (homework {ident}: {per_week}× a week, {minutes} min)").format(
        HOMEWORK_SAVED=HOMEWORK_SAVED, ident=ident, per_week=per_week, minutes=minutes
    )


def search_truncated(n: int) -> str:
    return _("Showing the {n} most recent; use --all for every match.").format(n=n)


def instrument_result(name: str, total: int, maximum: int, band: str) -> str:
    return _("{name}: {total} of {maximum} — {band}.").format(
        name=name, total=total, maximum=maximum, band=_(band)
    )


def own_templates_hint(folder: object) -> str:
    return _("Your own templates go in {folder}").format(folder=folder)


def file_exists(path: object) -> str:
    return _("{path} already exists; use --force to replace it.").format(path=path)


def unreadable_file(what: str, path: object, reason: object) -> str:
    return _("The {what} {path} cannot be read ({reason}).").format(
        what=what, path=path, reason=reason
    )


def unreadable_answers(source: str, reason: object) -> str:
    return _("The answers in {source} are not valid JSON or TOML ({reason}).").format(
        source=source, reason=reason
    )


def answers_not_object(source: str) -> str:
    return _("The answers in {source} should be an object of field: answer.").format(source=source)


def unwritable(what: str, path: object, reason: object) -> str:
    return _("The {what} could not be written to {path} ({reason}).").format(
        what=what, path=path, reason=reason
    )


def demo_where(folder: object) -> str:
    return _("(A throw-away database in {folder}; your own data is not touched.)").format(
        folder=folder
    )


def demo_explore(folder: object, key: object) -> str:
    return _(
        "To explore the demo data: export MIDWEEK_DATA_DIR={folder} MIDWEEK_KEY_FILE={key}"
    ).format(folder=folder, key=key)


def no_such_worksheet(name: str, available: str) -> str:
    return _("There is no worksheet called “{name}”. Available: {available}.").format(
        name=name, available=available
    )


def not_an_outcome(raw: str) -> str:
    return _("“{raw}” is not one of done, partial or skipped.").format(raw=raw)


def not_a_kind(raw: str, kinds: str) -> str:
    return _("“{raw}” is not a kind I know; use {kinds}.").format(raw=raw, kinds=kinds)


# --- errors raised by the use cases ------------------------------------------------------

BACKUP_NOT_JSON = "This file is not a midweek backup (it is not readable JSON)."
BACKUP_NOT_OURS = "This file is not a midweek backup."
BACKUP_DAMAGED = "This backup is damaged (its checksum does not match), so nothing was restored."
ANSWERS_NEED_WORKSHEET = "Worksheet answers need a worksheet."
WHICH_HOMEWORK = (
    "Several homework assignments use this worksheet; please add --homework ID "
    "(see `midweek homework list`)."
)


def practice_in_future(at: str) -> str:
    return _("{at} hasn't happened yet; a practice can be logged once it has.").format(at=at)


def practice_before_start(at: str, start: str) -> str:
    return _("{at} is before this homework began on {start}; please check the date.").format(
        at=at, start=start
    )


def backup_version(version: object) -> str:
    return _(
        "This backup has format version {version}, which this version of midweek cannot read; "
        "please upgrade midweek."
    ).format(version=version)


def already_discussed(ident: object) -> str:
    return _("Question {ident} is already marked as discussed.").format(ident=ident)


def already_ended(ident: object) -> str:
    return _("Homework {ident} has already ended.").format(ident=ident)


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


def _thread_subject(theme: str | None, goal: str | None) -> str:
    if theme:
        return _("“{theme}”").format(theme=theme)
    return _("goal “{goal}”").format(goal=goal) if goal else _("all sessions")


def _thread_count(subject: str, shown: int) -> str:
    return ngettext(
        "The thread: {subject} ({shown} session)", "The thread: {subject} ({shown} sessions)", shown
    ).format(subject=subject, shown=shown)


def thread_title(theme: str | None, goal: str | None, shown: int, earlier: int) -> str:
    subject = _thread_subject(theme, goal)
    if earlier:
        return ngettext(
            "The thread: {subject} ({shown} session; {earlier} earlier — use --all to see them)",
            "The thread: {subject} ({shown} sessions; {earlier} earlier — use --all to see them)",
            shown,
        ).format(subject=subject, shown=shown, earlier=earlier)
    return _thread_count(subject, shown)


# --- prep report -------------------------------------------------------------------------

PREP_TITLE = "Prep for my next session"
PREP_EMPTY = (
    "Nothing to report yet — once you log some practice, write in your journal or do a "
    "check-in, your prep for the next session will gather it here."
)
PREP_SECTIONS: dict[str, str] = {
    "practice": "Practice",
    "wins": "Small wins",
    "barriers": "What got in the way",
    "journal": "Journal entries to bring",
    "insights": "New insights",
    "questions": "Open questions",
    "measures": "Check-in scores",
    "safety": "Worth talking about",
    "mood": "Mood",
}
PREP_SAFETY_INTRO = (
    "This is worth raising with your therapist. If these thoughts are with you now, you "
    "don't have to wait for the session:"
)
PREP_NOT_EMERGENCY = NOT_EMERGENCY


def prep_measure_chart(names: list[str]) -> str:
    """'PHQ-9 and GAD-7 over time', or only the one not left out."""
    if len(names) == 2:
        return _("{first} and {second} over time").format(first=names[0], second=names[1])
    return _("{name} over time").format(name=", ".join(names))


#: Kinds of data that can be left out by name, wherever in the report they show.
PREP_KINDS: dict[str, str] = {
    "phq9": "PHQ-9, everywhere it shows (scores, chart, question 9)",
    "gad7": "GAD-7, everywhere it shows (scores, chart)",
    "mood": "Mood, everywhere it shows (check-ins, chart)",
}
PREP_MOOD_CHART = "Mood over this period (0 low – 10)"
PREP_PREVIEW = "These are the parts of your report; any of them can be left out:"
PREP_LEAVE_OUT = "Leave anything out? (ids separated by spaces, Enter for none)"
PREP_PDF_NEEDS_OUT = "A PDF needs a file to go into: add --out FILE (e.g. --out prep.pdf)."
PREP_PDF_MISSING = (
    "Making a PDF needs WeasyPrint, which is not installed: install midweek[pdf] "
    "(or use --format html and print that)."
)
PREP_FOOTER = "Made with midweek. You chose what is in this report."


def prep_period(since: object, until: object, *, from_session: bool) -> str:
    if from_session:
        return _("From {since} (your last session) to {until}").format(since=since, until=until)
    return _("From {since} to {until}").format(since=since, until=until)


def prep_written(path: object) -> str:
    return _("Your prep report is in {path}. You decide whether and when to share it.").format(
        path=path
    )


def prep_unknown_ids(unknown: str, valid: str) -> str:
    return _("I don't know {unknown} in this report. You can leave out: {valid}.").format(
        unknown=unknown, valid=valid
    )


def prep_future_since(day: object) -> str:
    return _("{day} is in the future; the report looks back from today.").format(day=day)


def prep_practice(
    title: str,
    credit: float,
    planned: float,
    minutes: int,
    planned_min: float,
    *,
    done: int | None = None,
    partial: int | None = None,
) -> str:
    """'Worry time: 2 of 3 practices, 25 of 30 minutes' — partial practice counts."""
    line = progress_line(
        credit, planned, minutes, planned_min, done=done, partial=partial, period=""
    )
    return _("{title}: {line}").format(title=title, line=line)


def prep_practice_detail(done: int, partial: int, quality: float | None) -> str:
    parts = []
    if done:
        parts.append(_("{done} done").format(done=done))
    if partial:
        parts.append(_("{partial} partly done (counted)").format(partial=partial))
    if quality is not None:
        parts.append(
            _("how it went: {quality} of 4 on average").format(quality=_num(round(quality, 1)))
        )
    return ", ".join(parts) if parts else _("Not started yet — the week is still yours to shape.")


def prep_overall(
    credit: float,
    planned: float,
    minutes: int,
    *,
    done: int | None = None,
    partial: int | None = None,
) -> str:
    if planned <= 0:
        amount = practice_amount(credit, planned, done=done, partial=partial)
        return _("Altogether {amount}, {minutes} minutes.").format(amount=amount, minutes=minutes)
    amount = practice_amount(credit, planned, done=done, partial=partial, unit="planned practice")
    return _(
        "Altogether {amount}, {minutes} minutes — "
        "partly done counts, and every bit of it builds the skill."
    ).format(amount=amount, minutes=minutes)


PREP_WIN_KINDS: dict[str, str] = {
    "despite-barrier": "practised even after something got in the way",
    "first-practice": "first practice",
    "best-quality": "best-rated practice so far",
}


def prep_win(day: str, title: str, kinds: list[str], quality: int | None) -> str:
    said = "; ".join(_(PREP_WIN_KINDS[k]) for k in kinds)
    if "best-quality" in kinds and quality is not None:
        return _("{day} — {title}: {said} ({quality} of 4)").format(
            day=day, title=title, said=said, quality=quality
        )
    return _("{day} — {title}: {said}").format(day=day, title=title, said=said)


def prep_barrier(label: str, count: int, titles: list[str]) -> str:
    if titles:
        return ngettext(
            "{label}: {count} time, with {titles}", "{label}: {count} times, with {titles}", count
        ).format(label=label, count=count, titles=", ".join(titles))
    return barrier_count(label, count)


def prep_next_steps(steps: list[str]) -> str:
    return ngettext("Next step I chose: {steps}", "Next steps I chose: {steps}", len(steps)).format(
        steps="; ".join(steps)
    )


def prep_journal(day: str, text: str) -> str:
    return _("{day}: {text}").format(day=day, text=text)


def prep_takeaway(day: str, text: str) -> str:
    return _("From the session on {day}: {text}").format(day=day, text=text)


def prep_journal_insight(day: str, text: str) -> str:
    return _("From my journal, {day}: {text}").format(day=day, text=text)


def prep_question(text: str, day: str) -> str:
    return _("{text} (noted {day})").format(text=text, day=day)


def prep_measure(
    name: str, first: int, latest: int, bands: tuple[str, str] | None, meaning: str
) -> str:
    if bands is None:
        return f"{name} {latest} ({meaning})"
    moved = _(bands[1]) if bands[0] == bands[1] else f"{_(bands[0])} → {_(bands[1])}"
    return f"{name} {first} → {latest} ({moved}): {meaning}"


PREP_MEANING_IMPROVED = "reliable improvement"
PREP_MEANING_ROSE = "a reliable rise — worth talking over together"


def prep_meaning_change(change: int) -> str:
    if change < 0:
        return ngettext(
            "down {n} point, not yet a reliable change",
            "down {n} points, not yet a reliable change",
            -change,
        ).format(n=-change)
    if change > 0:
        return ngettext(
            "up {n} point, within the usual ups and downs",
            "up {n} points, within the usual ups and downs",
            change,
        ).format(n=change)
    return _("about the same")


PREP_MEANING_FIRST = "the first score so far"


def prep_measure_detail(count: int, first_day: str, latest_day: str) -> str:
    if count == 1:
        return _("Scored on {day}.").format(day=latest_day)
    return _("{count} scores from {first} to {latest}.").format(
        count=count, first=first_day, latest=latest_day
    )


def prep_item9(day: str, value: int) -> str:
    return _(
        "On {day}, the PHQ-9 question about thoughts of being better off dead or of hurting "
        "yourself was answered {value} of 3."
    ).format(day=day, value=value)


def prep_contact(name: str, ways: list[str], hours: str | None) -> str:
    if hours:
        return _("{name}: {ways} ({hours})").format(name=name, ways=", ".join(ways), hours=hours)
    return _("{name}: {ways}").format(name=name, ways=", ".join(ways))


def prep_emergency(number: str) -> str:
    return _("Emergency: {number}").format(number=number)


def prep_mood(count: int, low: int, high: int, first: int, latest: int, mean: float) -> str:
    return ngettext(
        "{count} mood check-in, from {low} to {high} (average {mean}); first {first}, "
        "latest {latest}.",
        "{count} mood check-ins, from {low} to {high} (average {mean}); first {first}, "
        "latest {latest}.",
        count,
    ).format(count=count, low=low, high=high, mean=_num(round(mean, 1)), first=first, latest=latest)


def _s(x: float) -> str:
    return "" if x == 1 else "s"


# --- weekly plan and barrier patterns ----------------------------------------------------

NO_WINDOWS = (
    "You haven't said when you have time yet. Add the windows you really have, for "
    'example: midweek plan windows add "Mon 07:30-07:45" "Thu 20:00-20:30"'
)
NO_WINDOW_GIVEN = 'Please give at least one window, like "Mon 07:30-07:45".'
NO_HOMEWORK_THIS_WEEK = "No homework runs this week, so there is nothing to plan. Rest counts too."
PLAN_PASSED_WINDOWS = "Windows earlier today are left out, so nothing is planned in the past."
PLAN_FREE_DAY = "free"
PLAN_BRING = "Something to bring to your therapist — the plan is yours to agree together."
NOTHING_TO_EXPORT = (
    "There are no practices planned this week, so there is nothing to put in a calendar."
)
BARRIERS_TITLE = "What got in the way"


def window_already_saved(window: str) -> str:
    return _("You already have the window {window}.").format(window=window)


def windows_saved(count: int, weekly_minutes: int) -> str:
    if count == 1:
        return _("Saved window. Your windows now hold {minutes} minutes a week.").format(
            minutes=weekly_minutes
        )
    return _("Saved {count} windows. Your windows now hold {minutes} minutes a week.").format(
        count=count, minutes=weekly_minutes
    )


def window_removed(window: str) -> str:
    return _("Removed the window {window}.").format(window=window)


def windows_total(weekly_minutes: int) -> str:
    return _("{weekly_minutes} minutes a week in all.").format(weekly_minutes=weekly_minutes)


def plan_heading(first: str, last: str) -> str:
    return _("Your practice week, {first} to {last}").format(first=first, last=last)


def plan_fits(needed: int, available: int) -> str:
    return _(
        "Everything fits: this week's homework asks for {needed} minutes and your windows hold "
        "{available}."
    ).format(needed=needed, available=available)


def plan_short(needed: int, available: int) -> str:
    if needed > available:
        return _(
            "This week's homework asks for {needed} minutes and your windows hold "
            "{available}. That is worth knowing, and worth bringing to your therapist."
        ).format(needed=needed, available=available)
    return _(
        "This week's homework asks for {needed} minutes and your windows hold {available}, "
        "but not in pieces, or on enough different days, for every practice."
    ).format(needed=needed, available=available)


def plan_shortfall(title: str, placed: int, planned: int, minutes: int) -> str:
    return _(
        "{title}: room for {placed} of {planned} practices ({minutes} minutes more than fits)."
    ).format(title=title, placed=placed, planned=planned, minutes=minutes)


def plan_suggestion(
    kind: str, per_week: int, minutes: int, old_per_week: int, old_minutes: int
) -> str:
    if kind == "fewer":
        change = ngettext(
            "{n} time instead of {old}", "{n} times instead of {old}", per_week
        ).format(n=per_week, old=old_per_week)
    else:
        change = _("{minutes} minutes instead of {old}").format(minutes=minutes, old=old_minutes)
    return _("A smaller version that fits: {change} ({per_week} × {minutes} minutes).").format(
        change=change, per_week=per_week, minutes=minutes
    )


NO_SMALLER_VERSION = (
    "Even a smaller version doesn't fit these windows; another window, or a talk with your "
    "therapist about this week, could help."
)
SAME_DAY_HINT = (
    "Practising the same homework twice on one day is possible with --same-day, if that "
    "suits you and your therapist."
)


def ics_written(path: object, count: int, reminder: int) -> str:
    return ngettext(
        "Wrote {count} practice to {path}, each with a reminder {reminder} minutes before. "
        "Import it into your calendar app; importing a newer plan updates the same days. The "
        "file holds your homework titles as plain text.",
        "Wrote {count} practices to {path}, each with a reminder {reminder} minutes before. "
        "Import it into your calendar app; importing a newer plan updates the same days. The "
        "file holds your homework titles as plain text.",
        count,
    ).format(count=count, path=path, reminder=reminder)


def barrier_weeks(most: int) -> str:
    return _("Please give --weeks as a whole number from 1 to {most}.").format(most=most)


def barriers_period(first: str, last: str, weeks: int) -> str:
    return ngettext(
        "{title}, {first} to {last} (the last {weeks} week)",
        "{title}, {first} to {last} (the last {weeks} weeks)",
        weeks,
    ).format(title=_(BARRIERS_TITLE), first=first, last=last, weeks=weeks)


def barriers_none(weeks: int) -> str:
    return ngettext(
        "Nothing noted as getting in the way in the last {weeks} week. When something does, "
        "`midweek barrier add` keeps it for your next session.",
        "Nothing noted as getting in the way in the last {weeks} weeks. When something does, "
        "`midweek barrier add` keeps it for your next session.",
        weeks,
    ).format(weeks=weeks)


def barrier_count(label: str, count: int) -> str:
    return ngettext("{label}: {count} time", "{label}: {count} times", count).format(
        label=label, count=count
    )


def barrier_homework(titles: list[str]) -> str:
    return _("With: {titles}").format(titles=", ".join(titles))


BARRIER_IN_GENERAL = "in general"


def barrier_steps(steps: list[str]) -> str:
    return _("Next steps tried: {steps}").format(steps="; ".join(steps))


# --- exports -------------------------------------------------------------------------------

FHIR_NOT_INSTALLED = (
    "The FHIR export needs the fhir.resources package, which is not installed: "
    "install midweek[fhir] (for example: pip install 'midweek[fhir]')."
)
EXPORT_PLAINTEXT = (
    "This file is not encrypted — what you wrote is in it as plain text. Only your user "
    "account can read it (mode 0600); share it with care and delete it when you are done."
)


def fhir_written(path: object, counts: dict[str, int]) -> str:
    parts = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    return _("FHIR bundle written to {path}: {parts}.").format(path=path, parts=parts)


def not_a_uuid(raw: str) -> str:
    return _(
        "“{raw}” is not a UUID; it should look like 123e4567-e89b-12d3-a456-426614174000."
    ).format(raw=raw)


# --- safety plan and crisis contacts -------------------------------------------------------

PLAN_TITLE = "My safety plan"
PLAN_SECTIONS: dict[str, str] = {
    "warning_signs": "Warning signs that a hard time may be coming",
    "coping": "Things I can do on my own to cope",
    "distractions": "People and places that take my mind off things",
    "people": "People I can ask for help",
    "professionals": "Professionals and services I can contact",
    "safer": "Making my surroundings safer",
    "reasons": "My reasons for living",
}
PLAN_PROMPTS: dict[str, str] = {
    "warning_signs": "What tells you a hard time may be coming (thoughts, feelings, situations)?",
    "coping": "What can you do on your own to feel a little calmer or take your mind off things?",
    "distractions": "Which people and places help take your mind off things?",
    "people": "Who could you ask for help? Write “Name: phone”.",
    "professionals": (
        "Which professionals or services could you contact (your therapist too)? "
        "Write “Name: phone”."
    ),
    "safer": "What could make your surroundings safer for you?",
    "reasons": "What matters to you and makes life worth living, even a little?",
}
PLAN_EDIT_INTRO = (
    "Let's go through your safety plan one part at a time, at your pace. Every part may stay "
    "empty, and you can come back to it any time."
)
PLAN_EDIT_KEEP = "Keep these? (Enter keeps them; type “new” to write this part again)"
PLAN_EDIT_ADD = "Add a line (Enter when done)"
PLAN_EMPTY_SECTION = "Nothing here yet."
PLAN_SAVED = "Your safety plan is saved. It's there whenever you need it: midweek safety-plan show"
PLAN_NONE = (
    "You don't have a safety plan yet. You can make one, alone or with your therapist: "
    "midweek safety-plan edit"
)
PLAN_MAKE_ONE = (
    "A safety plan can help in hard moments; you can make one, alone or with your therapist: "
    "midweek safety-plan edit"
)
PLAN_NOTHING_GIVEN = (
    'Please say what to add (for example --coping "Go for a walk"), give --from-file FILE, '
    "or run this on a terminal to go through the plan step by step."
)
PLAN_SHARED = "Your safety plan is now shared with your therapist."
PLAN_UNSHARED = "Your safety plan is private again; only you can see it."
PLAN_VISIBILITY_SHARED = "Shared with your therapist."
PLAN_VISIBILITY_PRIVATE = "Private: only you can see it."
PLAN_PDF_MISSING = (
    "Making a PDF needs WeasyPrint, which is not installed: install midweek[pdf] "
    "(or use --format markdown)."
)
PLAN_KEEP_NEAR = "Keep this somewhere you can reach it easily: on your phone or on paper."
PLAN_CRISIS_HEADING = "If I need help right now"


def plan_updated(day: object) -> str:
    return _("Last updated {day}").format(day=day)


def plan_written(path: object) -> str:
    return _("Your safety plan was written to {path}.").format(path=path)


def not_monitored(emergency_number: str) -> str:
    return _(
        "midweek is not monitored in real time and nobody is alerted. If you are in danger, "
        "call {emergency_number} now."
    ).format(emergency_number=emergency_number)


NOT_A_SERVICE = "midweek supports your therapy; it is not an emergency service."
SUPPORT_FROM_PLAN = "From your safety plan:"
SUPPORT_PLAN_COPING = "Things that help you cope"
SUPPORT_PLAN_PEOPLE = "People you can ask"
SUPPORT_PLAN_PROFESSIONALS = "Professionals and services"
SUPPORT_NOTE_ASK = "Would you like to add a note for your therapist? (Enter to skip)"
SUPPORT_NOTE_SAVED = (
    "Kept as a question for your next session. Nothing is sent to anyone automatically."
)
CRISIS_HEADER = "People you can reach right now"


def crisis_lines(country: str) -> str:
    if country == "INTL":
        return _("Crisis lines (international):")
    return _("Crisis lines ({country}):").format(country=country)


def crisis_emergency(number: str) -> str:
    return _("Emergency: {number}").format(number=number)


# The verb before a number shown as a link a thumb can tap ("Call 116 123", "Text 988").
WEB_DIAL_CALL = "Call"
WEB_DIAL_TEXT = "Text"


COUNTRY_ASK = (
    "Which country are you in? Two letters, like US, GB or NZ, so the right numbers are shown "
    "(Enter for the international list)"
)
COUNTRY_BAD = "A country is two letters, like US, GB or NZ (or INTL for the international list)."


def country_set(code: str, *, listed: bool) -> str:
    if code == "INTL":
        return _("The international list of crisis contacts will be shown.")
    if listed:
        return _(
            "Crisis contacts will be shown for {code}. Change it any time: midweek country"
        ).format(code=code)
    return _(
        "Saved {code}. midweek has no crisis contacts for {code} yet, so the international "
        "list will be shown; you can add your own with MIDWEEK_CRISIS_CONTACTS_FILE."
    ).format(code=code)


def country_shown(code: str | None, *, source: str) -> str:
    if code is None:
        return _(
            "No country set yet, so the international list is shown. "
            "Set it with: midweek country GB (your two-letter code)"
        )
    return _("Country for crisis contacts: {code} ({source})").format(code=code, source=source)


def country_env_wins(code: str) -> str:
    return _("MIDWEEK_COUNTRY is set to {code}, and that is used while it is set.").format(
        code=code
    )


def prep_safety_events(count: int) -> str:
    return ngettext(
        "You noted some very hard moments this period ({count} time).",
        "You noted some very hard moments this period ({count} times).",
        count,
    ).format(count=count)


COUNTRY_FROM_ENV = "from MIDWEEK_COUNTRY"
COUNTRY_FROM_CHOICE = "your choice; change it with: midweek country CODE"


def prep_unknown_include(ids: str, valid: str) -> str:
    return _("I can't add {ids} to the report; what can be added is: {valid}.").format(
        ids=ids, valid=valid
    )


# --- noticing risk ---

RISK_CHECK_PROMPT = "Text to check"
RISK_NOTHING_MATCHED = "No listed phrases in this text."
RISK_CHECK_LIMITS = (
    "This check reads words, not meaning: it can miss hard feelings put in other words, and "
    "it sometimes notices words that mean something else. Nothing is saved or sent."
)
RISK_CHECK_SUPPORT = (
    "If these words are yours: your safety plan is at `midweek safety-plan show` and people "
    "you can talk to now are at `midweek crisis`. midweek is not watched by anyone."
)

#: What each level means for what midweek shows next.
RISK_LEVELS = {
    "none": "Level: none — midweek would carry on as usual.",
    "concern": "Level: concern — midweek would gently offer your safety plan and support.",
    "urgent": (
        "Level: urgent — midweek would offer your safety plan and crisis contacts straight away."
    ),
}


def risk_level_line(level: str) -> str:
    return RISK_LEVELS[str(level)]


def _risk_adjusted(adjusted: str) -> str:
    kind, _sep, detail = adjusted.partition(": ")
    said = {
        "negation": _("not counted: “{detail}” comes just before it"),
        "idiom": _("not counted: an everyday expression ({detail})"),
        "reported": _("counted one step lower: it reads as someone else's words (“{detail}”)"),
        "past": _("not counted: it reads as over, in the past (“{detail}”)"),
        "earlier": _("counted one step lower: it reads as something in the past (“{detail}”)"),
    }.get(kind)
    return said.format(detail=detail) if said else adjusted


def risk_finding_line(phrase: str, reason: str, rule: str, level: str, adjusted: str | None) -> str:
    how = f"; {_risk_adjusted(adjusted)}" if adjusted else ""
    return f"  “{phrase}” — {_(reason)} [{rule}, {level}]{how}"


# --- accounts (the server: `midweek user …`) ------------------------------------------

#: Why a password was refused, by the code from ``domain.accounts.password_problem``.
PASSWORD_PROBLEMS = {
    "too-short": "A password needs at least 12 characters; a few words in a row work well.",
    "too-long": "A password may have at most 1024 characters.",
    "common": "That password is on the list of commonly used passwords; please choose another.",
    "contains-username": "A password may not contain the username; please choose another.",
    "guessable": (
        "That password would be easy for someone to guess: it is built from common words, "
        "names or patterns. Three or four unrelated words in a row make a strong one."
    ),
}
#: The one answer to every failed login, whatever the reason (unknown user, wrong password,
#: disabled account), so the answer never tells whether a username exists.
LOGIN_FAILED = "That username and password do not match an account that can sign in."
SESSION_ENDED = "This sign-in has ended; please sign in again."
WRONG_CURRENT_PASSWORD = "The current password is not right, so the password was not changed."
USERNAME_TAKEN = "The username “{name}” is taken; choose another."
NO_ACCOUNT = "There is no account “{name}”."
ROLE_CHOICES = "A role is client, therapist or admin."
ACCOUNT_ALREADY_DISABLED = "The account “{name}” is disabled already."
PASSWORD_PROMPT = "Password"
PASSWORD_REPEAT_PROMPT = "Password again"
PASSWORDS_DIFFER = "The two passwords are not the same."
PASSWORD_NEEDED = (
    "A password is needed: type it on a terminal, or pass it on standard input with "
    "--password-stdin (never as an argument)."
)
SERVER_EXTRA_MISSING = (
    "Accounts need the server extra; install it with pip install 'midweek[server]'."
)


def server_log_unwritable(path: object, why: str | None) -> str:
    return _("The server's log file {path} cannot be created or opened ({why}).").format(
        path=path, why=why
    )


NO_ACCOUNTS = "There are no accounts yet; add one with `midweek user add NAME --role admin`."
ACCOUNTS_TITLE = "Accounts"
ACCOUNT_COLUMNS = ("username", "role", "status", "created", "password changed")


def login_throttled(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "Too many sign-in attempts; please wait {minutes} minute and try again.",
        "Too many sign-in attempts; please wait {minutes} minutes and try again.",
        minutes,
    ).format(minutes=minutes)


def account_added(name: str, role: str) -> str:
    return _("Added the {role} account “{name}”.").format(role=role, name=name)


def password_reset(name: str, ended: int) -> str:
    if not ended:
        return _("The password of “{name}” is changed.").format(name=name)
    return ngettext(
        "The password of “{name}” is changed; {ended} sign-in ended.",
        "The password of “{name}” is changed; {ended} sign-ins ended.",
        ended,
    ).format(name=name, ended=ended)


def account_disabled(name: str, ended: int) -> str:
    if not ended:
        return _("The account “{name}” is disabled and can no longer sign in.").format(name=name)
    return ngettext(
        "The account “{name}” is disabled and can no longer sign in; {ended} sign-in ended.",
        "The account “{name}” is disabled and can no longer sign in; {ended} sign-ins ended.",
        ended,
    ).format(name=name, ended=ended)


def account_status(disabled: bool) -> str:
    return "disabled" if disabled else "active"


# --- the web app -------------------------------------------------------------------------

WEB_TITLE = "midweek"
WEB_SKIP_LINK = "Skip to the main content"
WEB_NEED_HELP = "Need help now"
WEB_SIGN_IN = "Sign in"
WEB_SIGN_OUT = "Sign out"
WEB_USERNAME = "Username"
WEB_PASSWORD = "Password"
WEB_THIS_WEEK = "This week's practice"
WEB_NOTHING_YET = (
    "Welcome. Nothing is planned yet — after your next session, what you learned and any "
    "homework will show here."
)
WEB_FORM_EXPIRED = "This form has expired; please reload the page and try again."
WEB_PAGE_NOT_FOUND = "There is nothing at this address."
WEB_BAD_FORM = "Something in the form was missing; please fill it in and try again."
WEB_ERROR_TITLE = "Sorry about that"
WEB_INTERNAL_ERROR = "Something went wrong inside midweek — this is our mistake, not yours."
WEB_BACK_HOME = "Back to the start"
WEB_CLIENTS_ONLY = "This page is for the person whose record it is."
WEB_THERAPISTS_ONLY = "This page is for therapists."
WEB_MAIN_NAV = "Main"
#: The client's menu: (path, label). Pages add themselves here.
WEB_CLIENT_NAV = (
    ("/", "Today"),
    ("/worksheets", "Worksheets"),
    ("/homework", "Homework"),
    ("/sessions", "Session notes"),
    ("/journal", "Journal"),
    ("/checkin", "Check in"),
    ("/questions", "Questions"),
    ("/goals", "Goals"),
    ("/thread", "The thread"),
    ("/plan", "Plan"),
    ("/prep", "Prep report"),
    ("/safety-plan", "Safety plan"),
    ("/sharing", "Sharing"),
    ("/import", "Import from another app"),
    ("/settings", "Settings"),
)
WEB_THERAPIST_NAV = (
    ("/therapist", "Caseload"),
    ("/therapist/invite", "Invite a client"),
    ("/settings", "Settings"),
)
#: The bottom tab bar on a phone: short labels under the icons (web/design.py CLIENT_TABS).
WEB_TAB_LABELS = {
    "/": "Today",
    "/journal": "Journal",
    "/checkin": "Check in",
    "/plan": "Plan",
    "/more": "More",
}
WEB_MORE_TITLE = "More"
WEB_MORE_INTRO = "Everything else, one tap away."
WEB_TODAY_BAR = "This week so far"

# --- web: client pages (keep additions below this line) -----------------------------------
SETTINGS_COUNTRY_HEADING = "Crisis contacts"
WEB_CRISIS_CHOOSE_COUNTRY = "Show the crisis lines of your own country"
SETTINGS_COUNTRY_LABEL = "The country whose crisis lines you see"
SETTINGS_COUNTRY_HINT = (
    "Shown on “Need help now” and whenever midweek offers support. Not in the list? "
    "Choose INTL for the international directory."
)
SETTINGS_COUNTRY_BUTTON = "Save the country"
SETTINGS_COUNTRY_SAVED = "Saved. “Need help now” shows the lines for that country."
SETTINGS_THEME_HEADING = "Appearance"
SETTINGS_THEME_LEGEND = "Colours"
SETTINGS_THEME_LABELS = {"system": "Like my device", "light": "Light", "dark": "Dark"}
SETTINGS_THEME_HINT = "Kept in this browser; “like my device” follows its light or dark setting."
SETTINGS_THEME_BUTTON = "Use these colours"
SETTINGS_THEME_SAVED = "Saved. This browser shows midweek in these colours from now on."
SETTINGS_THEME_UNKNOWN = "Please choose one of: like my device, light or dark."
SETTINGS_LANGUAGE_HEADING = "Language"
SETTINGS_LANGUAGE_LEGEND = "midweek speaks"
SETTINGS_LANGUAGE_BROWSER = "Like my browser"
SETTINGS_LANGUAGE_HINT = (
    "Kept in this browser. “Like my browser” follows the languages your browser asks for, "
    "and English when it asks for none that midweek speaks."
)
SETTINGS_LANGUAGE_BUTTON = "Use this language"
SETTINGS_LANGUAGE_SAVED = "Saved. This browser shows midweek in this language from now on."
SETTINGS_LANGUAGE_UNKNOWN = "Please choose one of the languages in the list."
# The installation's settings (config.SETTINGS), in `midweek where` and on the Settings page.
SETTINGS_INSTALLATION_HEADING = "About this installation"
SETTINGS_INSTALLATION_INTRO = (
    "How whoever runs this midweek has set it up; only they can change these. Folders, "
    "network addresses and secrets are not shown here."
)
WHERE_SETTINGS_HEADING = "Settings, and where each one comes from:"
#: Where a setting's value came from (config.ENVIRONMENT, FILE, OPTION, DEFAULT).
SETTING_SOURCES = {
    "environment": "set in the environment",
    "file": "read from a file",
    "option": "the --db option",
    "default": "the default",
}
SETTING_NOT_SET = "not set"
SETTING_HIDDEN = "not shown here"
# The country question, asked once on a client's first sign-in (and on the crisis page).
WEB_COUNTRY_TITLE = "Which country are you in?"
WEB_COUNTRY_WHY = (
    "So that “Need help now” and the support box show the crisis lines you can call where "
    "you are. You can change it any time in Settings."
)
WEB_COUNTRY_ON_CRISIS = "See the lines for your own country:"
WEB_COUNTRY_BUTTON = "Show these lines"
WEB_COUNTRY_SKIP = "Not now (keep the international list)"


#: Names for the countries the shipped crisis list knows; a code not here is shown as is
#: (a practice's own list may add any).
COUNTRY_NAMES = {
    "AU": "Australia",
    "CA": "Canada",
    "DE": "Germany",
    "EU": "Elsewhere in the EU",
    "GB": "United Kingdom",
    "IE": "Ireland",
    "NZ": "New Zealand",
    "US": "United States",
}


def settings_country_option(code: str) -> str:
    if code == "INTL":
        return _("International directory (INTL)")
    name = COUNTRY_NAMES.get(code)
    return f"{_(name)} ({code})" if name else code


def settings_country_fixed(code: str) -> str:
    return _("This server shows the crisis lines for {code} (set by whoever runs it).").format(
        code=code
    )


# worksheets (web/worksheet_pages.py)
WEB_WORKSHEETS_TITLE = "Worksheets"
WEB_WORKSHEETS_INTRO = (
    "Worksheets your therapist may suggest, and any you have added yourself. Fill one in "
    "whenever it helps; a rough or half-finished one still counts."
)
WEB_WORKSHEETS_LIBRARY = "Choose a worksheet"
WEB_WORKSHEETS_DONE = "Worksheets you have filled in"
WEB_NO_WORKSHEETS_DONE = "None yet. When you fill one in, it is kept here for you to look back on."
WEB_WORKSHEET_OPTIONAL = "(optional)"
WEB_WORKSHEET_AHEAD = "Worked out for you after saving:"
WEB_WORKSHEET_COMPUTED = "Worked out for you"
WEB_WORKSHEET_MINUTES = "Minutes it took (optional)"
WEB_WORKSHEET_SAVE = "Save the worksheet"
WEB_WORKSHEET_FIX = (
    "Something needs another look; it is marked below. Everything you wrote is still here."
)
WEB_WORKSHEET_WHICH = "Which homework is this for?"
WEB_WORKSHEET_PICK_HOMEWORK = (
    "Several of your homework use this worksheet; please choose which one this is for."
)
WEB_WORKSHEET_EMPTY = "Left empty"
WEB_WORKSHEET_NOT_WORKED_OUT = "Not worked out (it needs an answer that was left empty)"
WEB_WORKSHEET_BACK = "Back to worksheets"
WEB_WORKSHEET_AGAIN = "Fill this worksheet in again"
WEB_WORKSHEET_GONE = (
    "This worksheet is no longer in the library, so your answers are shown by their question names."
)
WEB_FILL_WORKSHEET = "Fill in the worksheet"


def web_worksheet_fill(title: str) -> str:
    return _("Fill in: {title}").format(title=title)


def web_worksheet_example(example: str) -> str:
    return _("For example: {example}").format(example=example)


def web_worksheet_for(title: str) -> str:
    return _("For your homework: {title}").format(title=title)


def web_worksheets_own_unreadable(problem: object) -> str:
    return _(
        "Only the built-in worksheets are shown, because one of your own could not be read. "
        "{problem}"
    ).format(problem=problem)


# thread, plan, prep, safety plan (web/thread_pages.py, plan_pages.py, prep_pages.py and
# safety_plan_pages.py)
WEB_THREAD_TITLE = "The thread"
WEB_PLAN_CONTACT_PROMPTS: dict[str, str] = {
    "people": "Who could you ask for help?",
    "professionals": "Which professionals or services could you contact (your therapist too)?",
}
WEB_CRISIS_OWN = "From your safety plan"
WEB_THREAD_EMPTY = (
    "No sessions to follow yet. After a session, what you learned starts the thread here."
)
WEB_THREAD_FILTER = "Follow one theme or goal"
WEB_THREAD_THEME = "Theme"
WEB_THREAD_GOAL = "Goal"
WEB_THREAD_ANY_GOAL = "Any goal"
WEB_THREAD_SHOW = "Show"
WEB_THREAD_ALL = "Show every session"


def web_thread_title(theme: str | None, goal: str | None, shown: int, earlier: int) -> str:
    subject = _thread_subject(theme, goal)
    if earlier:
        return ngettext(
            "The thread: {subject} ({shown} session; {earlier} earlier)",
            "The thread: {subject} ({shown} sessions; {earlier} earlier)",
            shown,
        ).format(subject=subject, shown=shown, earlier=earlier)
    return _thread_count(subject, shown)


def web_session_heading(day: object, themes: list[str]) -> str:
    if themes:
        return _("Session {day} · {themes}").format(day=day, themes=", ".join(themes))
    return _("Session {day}").format(day=day)


WEB_PLAN_TITLE = "Your practice week"
WEB_WINDOWS_TITLE = "The time you really have"
WEB_NO_WINDOWS = (
    "You haven't said when you have time yet. Add the windows you really have, and your "
    "practice will be fitted into them."
)
WEB_WINDOWS_LABEL = "Time windows to add"
WEB_WINDOWS_HELP = 'One window a line: a day and two times, like "Mon 07:30-07:45".'
WEB_WINDOWS_ADD = "Add"
WEB_WINDOW_COL = "Window"
WEB_MINUTES_COL = "Minutes"
WEB_ACTION_COL = "Change"
WEB_WINDOW_REMOVE = "Remove"


def web_window_remove(window: str) -> str:
    return _("Remove the window {window}").format(window=window)


# The week grid (choose time windows by tapping or dragging slots) and the week view.
WEB_GRID_LEGEND = "Choose the times you really have"
WEB_GRID_HELP = (
    "Tap or drag across the half hours you have (on a touch screen, hold a moment, then "
    "drag). Times next to each other become one window."
)
WEB_GRID_KEYS = "With a keyboard: the arrow keys move, Space or Enter chooses a half hour."
WEB_GRID_SAVE = "Save my times"
WEB_GRID_TIME_COL = "Time"
WEB_GRID_TYPE = "Or type your windows"
WEB_GRID_OFF_GRID = (
    "Windows before 06:00, after 23:00 or not on the half hour stay as you typed them; "
    "the grid keeps them."
)
WEB_GRID_NO_CHANGE = "Nothing changed on the grid, so your times are as they were."
#: Read by weekgrid.js for its live region; "{}" is a day (or days) and two times.
WEB_GRID_CHOSEN = "{} chosen"
WEB_GRID_UNCHOSEN = "{} no longer chosen"
WEB_GRID_TO = "to"
WEB_WEEK_VIEW_TITLE = "Your week, day by day"
WEB_WEEK_TODAY = "Today"
WEB_WEEK_FREE_DAY = "Nothing planned: a free day."
SLOTS_TOO_MANY = (
    "That is more times than the week grid holds; please choose them on the grid again."
)


def slot_unreadable(text: str) -> str:
    return _(
        "I couldn't find “{text}” on the week grid; please choose your times on it again."
    ).format(text=text)


def slot_label(day: str, start: str, end: str) -> str:
    return _("{day} {start} to {end}").format(day=day, start=start, end=end)


def grid_zone(zone: str) -> str:
    return _("Times are in your time zone, {zone}.").format(zone=zone)


def grid_saved(count: int, weekly_minutes: int) -> str:
    return ngettext(
        "Your times are saved: {count} window, {minutes} minutes a week.",
        "Your times are saved: {count} windows, {minutes} minutes a week.",
        count,
    ).format(count=count, minutes=weekly_minutes)


def practice_minutes(minutes: int) -> str:
    return _("{minutes} min").format(minutes=minutes)


WEB_DAY_COL = "Day"
WEB_TIME_COL = "Time"
WEB_PRACTICE_COL = "Practice"
WEB_PLAN_WEEK_FROM = "Week starting"
WEB_PLAN_SAME_DAY = "Allow the same homework twice on one day"
WEB_PLAN_SHOW = "Show this week"
WEB_PLAN_EARLIER = "The week before"
WEB_PLAN_LATER = "The week after"
WEB_SAME_DAY_HINT = (
    "Practising the same homework twice on one day is possible too, if that suits you and "
    "your therapist: tick “Allow the same homework twice on one day”."
)
WEB_PLAN_ICS = "Download this week as a calendar file (.ics), with a reminder 10 minutes before"
WEB_PLAN_ICS_NOTE = (
    "Import it into your calendar app; importing a newer plan updates the same days. The file "
    "holds your homework titles as plain text."
)
WEB_DOWNLOADS = "Downloads"
WEB_DOWNLOAD_PLAINTEXT = (
    "Downloaded files are not encrypted: what you wrote is in them as plain text. Keep them "
    "somewhere private, and delete them when you no longer need them."
)

WEB_PLAN_NONE = "You don't have a safety plan yet. You can make one, alone or with your therapist."
WEB_PLAN_MAKE = "Make my safety plan"
WEB_PLAN_EDIT = "Change my safety plan"
WEB_PLAN_EDIT_TITLE = "Change my safety plan"
WEB_PLAN_SAVED = "Your safety plan is saved. It's here whenever you need it."
WEB_PLAN_SAVE = "Save my plan"
WEB_PLAN_BACK = "Back to my plan"
WEB_PLAN_ONE_PER_LINE = "One per line."
WEB_CONTACT_NAME = "Name"
WEB_CONTACT_PHONE = "Phone (if you have it)"
WEB_CONTACT_HELP = "A name, and a phone number if you have one. Empty rows are left out."
WEB_PLAN_SHARE = "Share my plan with my therapist"
WEB_PLAN_UNSHARE = "Make my plan private again"
WEB_PLAN_MD = "Download my safety plan as a text file (Markdown, .md)"
WEB_PLAN_PDF = "Download my safety plan as a one-page PDF"
WEB_PLAN_OPEN = "See my whole safety plan"
WEB_PLAN_MAKE_ONE = (
    "A safety plan can help in hard moments; you can make one, alone or with your therapist."
)

WEB_PREP_CHOOSE = "What goes in"
WEB_PREP_CHOOSE_HELP = (
    "Tick anything you'd like to leave out. It goes from every part of the report, "
    "whichever heading it sits under. Nothing is shared until you choose to send it."
)
WEB_PREP_LEAVE_OUT = "Leave out"
WEB_PREP_UPDATE = "Update the preview"
WEB_PREP_PREVIEW = "Preview"
WEB_PREP_MD = "Download as a text file (Markdown, .md)"
WEB_PREP_PDF = "Download as a PDF"
WEB_PREP_SEND = "Send to my therapist"
WEB_PREP_SEND_NOTE = (
    "Sending uses what is ticked above right now. Your therapist sees only that, never "
    "more than the preview shows."
)
WEB_PREP_ONLY_IF_ADDED = "Only if you add it"
WEB_PREP_INCLUDE_SAFETY = (
    "Include “Worth talking about”: your answer to the PHQ-9 question about hurting "
    "yourself, and how often you noted very hard moments"
)
WEB_PREP_INCLUDE_HELP = (
    "This stays out of the preview, the downloads and what you send unless you tick it."
)
WEB_PREP_CHANGED = (
    "Your ticks would add back something the preview left out, so nothing was sent. "
    "Here is the preview with them; send again when it looks right."
)


def web_prep_single(count: int) -> str:
    return _("Or leave out single parts ({count})").format(count=count)


def web_prep_also(labels: list[str]) -> str:
    return _("Also goes from: {labels}").format(labels="; ".join(labels))


def web_prep_left_out(count: int) -> str:
    return ngettext(
        "{count} part left out, by your choice.", "{count} parts left out, by your choice.", count
    ).format(count=count)


#: The one-tap buttons on Today, by outcome.
WEB_OUTCOME_BUTTONS: dict[Outcome, str] = {
    Outcome.DONE: "Done",
    Outcome.PARTIAL: "Partly done",
    Outcome.SKIPPED: "Skipped",
}
WEB_LOG_LEGEND = "How did it go?"
WEB_LOG_DETAILS = "Add minutes, how it went or a note (optional)"
WEB_MINUTES = "Minutes (optional)"
WEB_QUALITY_LEGEND = "How well did it go? (optional)"
#: 0–4, as the CLI's quality rating.
WEB_QUALITY_LABELS = ("0 — not at all", "1", "2", "3", "4 — very well")
WEB_NOTE = "A note (optional)"
WEB_REFLECT_OFFER = "Would you like to note what got in the way? Only if it helps."
WEB_NEXT = "Next"
WEB_SAVE = "Save"
WEB_NOT_NOW = "Not now — back to today"
WEB_NEXT_STEP_LEGEND = "A next step that might help (optional)"
WEB_OWN_STEP = "Or a next step in your own words (optional)"
WEB_BARRIER_NOTE = "Anything you'd like to add? (optional)"
WEB_NO_NEXT_STEP = "No next step for now"
WEB_HOMEWORK_TITLE = "Your homework"
WEB_NO_HOMEWORK = (
    "No homework running right now. When you and your therapist agree on some, it shows here."
)
WEB_HOMEWORK_LOG = "Log a practice on Today"


def web_homework_plan(per_week: int, minutes: int, until: object | None) -> str:
    times = _("{n}× a week").format(n=per_week) if per_week else _("whenever it suits you")
    length = _(", {minutes} minutes each").format(minutes=minutes) if minutes else ""
    end = _(", until {until}").format(until=until) if until else ""
    return f"{times}{length}{end}"


WEB_JOURNAL_TITLE = "Journal"
WEB_JOURNAL_NEW = "Write an entry"
WEB_JOURNAL_SEARCH_LABEL = "Search your journal"
WEB_SEARCH = "Search"
WEB_JOURNAL_TEXT = "Your entry"
WEB_JOURNAL_PROMPT_USE = "Write to this prompt"
WEB_JOURNAL_TAGS = "Tags (optional, separated by commas)"
WEB_JOURNAL_MOOD = "Mood now, from 0 (low) to 10 (optional)"
WEB_JOURNAL_BRING = "Bring this to my next session"
WEB_JOURNAL_SHARED = "My therapist may see this entry (otherwise it stays private)"
WEB_JOURNAL_BACK = "Back to the journal"
WEB_JOURNAL_BRING_SHORT = "Bring to next session"
WEB_DRAFT_KEPT = "Your draft is back, just as you left it."
WEB_DRAFT_HINT = "What you type is kept as a draft while you write, so nothing is lost."


def web_draft_saved(hhmm: str) -> str:
    return _("Draft saved {hhmm}").format(hhmm=hhmm)


def web_search_truncated(n: int) -> str:
    return _("Showing the {n} most recent matches; a few more words narrow it down.").format(n=n)


def web_mood(mood: int) -> str:
    return _("mood {mood} of 10").format(mood=mood)


WEB_SUPPORT_BODY = (
    "It sounds like things may be very hard right now. Your safety plan and people you can "
    "talk to are one step away."
)
WEB_SUPPORT_PLAN_LINK = "Open my safety plan"
WEB_SUPPORT_CRISIS_LINK = "People you can reach right now"
WEB_SUPPORT_NOTE_ASK = "Would you like to add a note for your therapist? Only if you want to."
WEB_SUPPORT_NOTE_LABEL = "A note for your therapist (optional)"
WEB_SUPPORT_NOTE_BUTTON = "Keep this note for my next session"
WEB_QUESTION_LABEL = "A question for your therapist"
WEB_QUESTION_BUTTON = "Keep this question"
WEB_QUESTION_DISCUSSED_BUTTON = "Mark as discussed"
WEB_QUESTIONS_DISCUSSED = "Already discussed"
WEB_GOALS_TITLE = "Goals"
WEB_GOAL_TEXT = "A goal, in your words"
WEB_GOAL_VALUE = "What it matters for — the value it serves (optional)"
WEB_GOAL_IMPORTANCE = "How important is this to you, from 0 to 10?"
WEB_GOAL_CONFIDENCE = "How confident do you feel you can do it, from 0 to 10?"
WEB_GOAL_ADD = "Add a goal"
WEB_GOAL_SAVE = "Save the goal"
WEB_GOAL_STATUS = "Where this goal stands"
WEB_GOAL_STATUS_SAVE = "Update"
WEB_NO_GOALS = "No goals yet. Add one whenever you're ready."
#: How each goal status reads on the page.
WEB_GOAL_STATUS_LABELS: dict[GoalStatus, str] = {
    GoalStatus.ACTIVE: "Working on it",
    GoalStatus.PAUSED: "Paused",
    GoalStatus.NOT_PURSUING: "Chose not to pursue (a legitimate choice)",
    GoalStatus.ACHIEVED: "Achieved",
}


def web_readiness(importance: int, confidence: int) -> str:
    return _("Importance {importance} of 10, confidence {confidence} of 10").format(
        importance=importance, confidence=confidence
    )


def web_goal_value(value: str) -> str:
    return _("Matters for: {value}").format(value=value)


WEB_CHECKIN_TITLE = "Check in"
WEB_CHECKIN_MOOD = "How are you feeling?"
WEB_CHECKIN_MOOD_LEGEND = "Mood right now, from 0 (very low) to 10 (very good)"
#: A word under each number of the mood tiles, so the scale reads without colour or memory.
WEB_MOOD_WORDS = (
    "Lowest",
    "Very low",
    "Low",
    "Low-ish",
    "So-so",
    "Middling",
    "Okay",
    "Good",
    "Very good",
    "Great",
    "Best",
)
WEB_CHECKIN_NOTE = "A few words about it (optional)"
WEB_CHECKIN_SAVE = "Save my check-in"
WEB_CHECKIN_INSTRUMENTS = "Questionnaires you may have agreed to fill in with your therapist"
WEB_CHECKIN_ANSWER_ALL = "Please answer every question; you can change any answer before saving."
WEB_PICK_KIND = "Please choose what got in the way (it's fine to pick “Something else”)."


def web_not_a_number(label: str, raw: str) -> str:
    return _("{label}: please give a whole number (“{raw}” isn't one).").format(
        label=label, raw=raw
    )


WEB_PICK_GOAL_STATUS = "Please choose where this goal stands from the list."


def web_need_number(label: str) -> str:
    return _("{label}: please give a number.").format(label=label)


# --- web: client pages, end of block ---

# --- web: therapist pages (keep additions below this line) --------------------------------
WEB_T_RATE_THIS_WEEK = "Rate how this week went"


def web_t_each_practice(n: int) -> str:
    return _("Each practice ({n})").format(n=n)


WEB_T_CASELOAD = "Caseload"
WEB_T_CASELOAD_HELP = (
    "What each client chooses to share, over the last two weeks. Partly done practice "
    "counts in part. Opening this list is shown to each client on their “who saw what” page."
)
WEB_T_CASELOAD_EMPTY = (
    "No clients are connected yet. To invite someone, make a one-time code under “Invite a "
    "client” and give it to them; they enter it under Sharing and choose what to share."
)
WEB_T_SORTED = {
    "struggling": "Sorted with the clients who may need the most support first.",
    "name": "Sorted by name.",
    "appointment": "Sorted by next appointment.",
}
WEB_T_COL_CLIENT = "Client"
WEB_T_COL_PRACTICE = "Practice, last two weeks"
WEB_T_COL_BARRIERS = "What got in the way"
WEB_T_COL_MEASURES = "Latest PHQ-9 / GAD-7"
WEB_T_COL_QUESTIONS = "Open questions"
WEB_T_COL_NEXT = "Next appointment"
WEB_T_NOT_SHARED = "not shared"
WEB_T_NO_BARRIERS = "none noted"
WEB_T_NO_SCORES = "no scores yet"
WEB_T_NONE_SET = "not set"
WEB_T_INVITE_TITLE = "Invite a client"
WEB_T_INVITE_HOW = (
    "Make a one-time code and give it to your client (in person, or however you usually "
    "share details). Someone who already uses midweek signs in, opens Sharing and types the "
    "code; someone new opens “Join with a code” on the sign-in page and makes their own "
    "account with it. Either way they choose what to share with you. Nothing is shared until "
    "they accept, and they can change or stop sharing at any time."
)
WEB_T_INVITE_MAKE = "Make a new code"
WEB_T_INVITE_CODE_HEADING = "The new code"
WEB_T_INVITE_ONCE = (
    "This code is shown only now and works once. If it gets lost, just make a new one."
)
WEB_T_INVITE_OPEN = "Codes not used yet"
WEB_T_INVITE_NONE_OPEN = "There are no unused codes."
WEB_T_INVITE_WITHDRAW = "Revoke this code"
WEB_T_INVITE_LABEL = "A note for yourself (optional), e.g. “for J., Tuesday group”"
WEB_T_INVITE_LABEL_HELP = (
    "Only you see it, next to the unused code; it is deleted once the code is used."
)
WEB_T_INVITE_UNLABELLED = "A code without a note"
WEB_T_BACK_TO_CASELOAD = "Back to the caseload"
WEB_T_BACK_TO_CLIENT = "Back to this client"
WEB_T_KIND_LABELS = {
    "practice": "practice and what got in the way",
    "journal": "all journal entries",
    "worksheet": "all worksheets",
    "checkin": "all check-ins and questionnaires",
    "questions": "questions",
    "goals": "goals",
    "sessions": "session notes (takeaways and themes)",
    "safety-plan": "the safety plan",
    "safety-flags": "when midweek noticed hard words",
    "report": "prep reports",
}
WEB_T_ATTENTION = "Needs attention"
WEB_T_ATTENTION_HELP = (
    "The client lets you know when midweek noticed words that suggest they may be having a "
    "very hard time, or PHQ-9 item 9 above zero: the level and when, never their words. "
    "midweek is not monitored in real time and alerts nobody."
)
WEB_T_ATTENTION_NONE = "Nothing noticed in the last two weeks."
WEB_T_ATTENTION_LEVELS = {
    "urgent": "hard words that may mean they are thinking of ending their life",
    "concern": "words that suggest a very hard time",
    "phq9-item9": "PHQ-9 item 9 above zero",
}
WEB_T_KIND_NOT_SHARED = "Not shared."
WEB_T_REPORTS = "Prep reports sent to you"
WEB_T_REPORT_MD = "Markdown"
WEB_T_NO_REPORTS = "No prep report has been sent yet."
WEB_T_HOMEWORK = "Homework"
WEB_T_PROGRESS_NOT_SHARED = (
    "Practice is not shared, so progress is not shown; the homework you set is listed."
)
WEB_T_NO_HOMEWORK = "No homework running right now."
WEB_T_WORKSHEET = "Worksheet"
WEB_T_RATING = "Your rating of how it went this week"
WEB_T_RATING_CHOICES = (
    (0, "0 — not at all"),
    (1, "1 — a little"),
    (2, "2 — partly"),
    (3, "3 — mostly"),
    (4, "4 — fully"),
)
WEB_T_RATING_NOTE = "A note (optional)"
WEB_T_RATE = "Save my rating"
WEB_T_END_HOMEWORK = "End this homework"
WEB_T_ASSIGN = "Set new homework"
WEB_T_FROM_LIBRARY = "From the worksheet library (optional)"
WEB_T_NO_WORKSHEET = "No worksheet"
WEB_T_TITLE = "What to practise (the title; a worksheet's name if left empty)"
WEB_T_PER_WEEK = "Times a week"
WEB_T_MINUTES = "Minutes each time"
WEB_T_START = "Starting"
WEB_T_UNTIL = "Until (optional)"
WEB_T_INSTRUCTIONS = "Instructions (optional)"
WEB_T_ASSIGN_BUTTON = "Set this homework"
WEB_T_PICK_WORKSHEET = "Please choose a worksheet from the list, or none."
WEB_T_NEED_TITLE = "Please say what to practise, or choose a worksheet."
WEB_T_PRACTICE = "Practice, last two weeks"
WEB_T_OUTCOMES = {"done": "done", "partial": "partly done", "skipped": "not this time"}
WEB_T_JOURNAL = "Journal entries shared with you"
WEB_T_WORKSHEETS = "Worksheets shared with you"
WEB_T_CHECKINS = "Check-ins and questionnaires"
WEB_T_QUESTIONS = "Questions for you"
WEB_T_GOALS = "Goals"
WEB_T_DISCUSSED = "discussed"
WEB_T_NOTHING_SHARED = "Nothing shared here."
WEB_T_NONE_YET = "None yet."
WEB_T_PLAN_NOT_SHARED = "The safety plan is not shared."
WEB_T_SESSIONS = "Sessions"
WEB_T_NO_SESSIONS = "No sessions recorded yet."
WEB_T_RECORD = "Record takeaways together"
WEB_T_RECORD_HELP = (
    "Write down, together with your client, what they take away from today. It goes into "
    "their own record, where they see it between sessions."
)
WEB_T_SESSION_DAY = "Session date"
WEB_T_TAKEAWAYS = "Takeaways, one per line"
WEB_T_THEMES = "Themes (separated by commas)"
WEB_T_NEXT = "Next appointment (optional)"
WEB_T_RECORD_BUTTON = "Save the session"
WEB_T_ENTRY = "Journal entry shared with you"
WEB_T_BRING = "to bring to the session"


def web_t_practice(credit: float, planned: float) -> str:
    """'about 1½ of 4' — partly done practice counts in part, in halves, never '16.8 of 28'."""
    if planned <= 0:
        return _("{amount} (none planned)").format(amount=practice_amount(credit, 0, unit=""))
    return practice_amount(credit, planned, unit="")


def web_t_measure(name: str, latest: int, band: str, change: int | None, first: int) -> str:
    band = _(band)
    if change is None:
        return f"{name} {latest} ({band})"
    if change == 0:
        return _("{name} {latest} ({band}), the same as the first score").format(
            name=name, latest=latest, band=band
        )
    way = _("{name} {latest} ({band}), down {n} from {first}")
    if change > 0:
        way = _("{name} {latest} ({band}), up {n} from {first}")
    return way.format(name=name, latest=latest, band=band, n=abs(change), first=first)


def web_t_invite_until(day: str) -> str:
    return _("It works once, until {day}.").format(day=day)


def web_t_invite_made(made: str, until: str) -> str:
    return _("Made {made}, works until {until}").format(made=made, until=until)


def web_t_shares(kinds: list[str]) -> str:
    if not kinds:
        return _("Shares nothing as a whole right now; single items they share are listed below.")
    return _("Shares {kinds}.").format(kinds=", ".join(kinds))


def web_t_report_sent(day: str) -> str:
    return _("Sent {day}").format(day=day)


def web_t_report_left_out(count: int) -> str:
    return ngettext(
        "The client left out {count} part.", "The client left out {count} parts.", count
    ).format(count=count)


def web_t_rating_line(week: str, rating: int) -> str:
    return _("Week of {week}: {rating} of 4").format(week=week, rating=rating)


def web_t_quality(quality: int) -> str:
    return _("went {quality} of 4").format(quality=quality)


def web_t_checkin(kind: str, mood: int | None, total: int | None) -> str:
    if kind == "mood":
        return _("mood {mood} of 10").format(mood=mood)
    return f"{kind.upper().replace('PHQ9', 'PHQ-9').replace('GAD7', 'GAD-7')} {total}"


# --- web: sharing and audit (keep additions below this line) ------------------------------
WEB_JOURNAL_ALL_SHARED = "All your journal entries are shared with your therapist."
WEB_JOURNAL_CHANGE_SHARING = "Change what you share"
INVITE_CODE_UNKNOWN = (
    "That code does not open an invitation: it may have been used already, have expired "
    "(codes last 14 days) or have a typo. Your therapist can make a new one."
)
INVITE_ALREADY_LINKED = "You are already connected with this therapist."
SHARE_WHOLE_KIND_ONLY = (
    "Practice, questions, goals and session notes are shared as a whole; journal entries, "
    "worksheets and check-ins can also be shared one at a time."
)
RATING_RANGE = "A rating is from 0 (not at all) to 4 (fully)."
SHARE_NO_THERAPIST = (
    "You are not connected with a therapist yet, so there is no one to send this to. "
    "When your therapist gives you an invitation code, you can enter it under Sharing."
)


def caseload_sorts(sorts: tuple[str, ...]) -> str:
    return _("The caseload can be sorted by {sorts}.").format(sorts=", ".join(sorts))


WEB_S_TITLE = "Sharing"
WEB_S_INTRO = (
    "You decide what your therapist sees. Nothing is shared until you choose it, and you "
    "can stop sharing at any time — it takes effect straight away."
)
WEB_S_THERAPISTS = "My therapists"
WEB_S_NO_THERAPIST = (
    "You are not connected with a therapist. That is fine: midweek works on its own."
)
WEB_S_CODE_LABEL = "Got an invitation code from your therapist? Type it here"
WEB_S_CODE_BUTTON = "Look at the invitation"
WEB_S_KINDS = "What I share"
WEB_S_KINDS_HELP = (
    "Sharing a kind shares all of it, also what you add later. Journal entries, worksheets "
    "and check-ins can also be shared one at a time from their own pages."
)
WEB_S_KIND_LABELS = {
    "practice": "Practice, and what got in the way",
    "journal": "All my journal entries",
    "worksheet": "All my worksheets",
    "checkin": "All my check-ins and questionnaires",
    "questions": "My questions for my therapist",
    "goals": "My goals",
    "sessions": "My session notes: what I took away and the themes",
    "safety-plan": "My safety plan",
    "safety-flags": "Let them know when midweek noticed hard words (when and how strong, "
    "never what I wrote)",
}
WEB_S_FLAGS_HELP = (
    "If you turn this on, this therapist sees on their client list that midweek noticed "
    "words that suggest you may be having a very hard time, or a PHQ-9 answer about "
    "thoughts of being better off dead, and when — never your words. Nobody is watching "
    "in real time and nobody is alerted: they see it the next time they open midweek."
)
WEB_S_KINDS_PER_THERAPIST = (
    "Each therapist sees only what you share with them. Sharing a kind shares all of it, "
    "also what you add later; journal entries, worksheets and check-ins can also be "
    "shared one at a time from their own pages (with each therapist you are connected to)."
)
WEB_S_NO_KINDS_YET = (
    "When you connect with a therapist, you choose here what they see. Until then nothing "
    "is shared."
)
WEB_S_UPGRADE_OK = "I understand"


def web_s_shared_with(name: str) -> str:
    return _("What {name} sees").format(name=name)


def web_s_upgrade_notice(count: int) -> str:
    return ngettext(
        "midweek now keeps what you share separately for each therapist. When it was "
        "updated, {count} thing you had shared could not be tied to one therapist, so it is no "
        "longer shared. Choose again below for each therapist, if you like.",
        "midweek now keeps what you share separately for each therapist. When it was "
        "updated, {count} things you had shared could not be tied to one therapist, so they are "
        "no longer shared. Choose again below for each therapist, if you like.",
        count,
    ).format(count=count)


WEB_S_END_TITLE = "Disconnect from a therapist?"


def web_s_end_question(name: str) -> str:
    return _(
        "{name} will no longer see anything you shared with them, from their next page on. To "
        "connect again you would need a new invitation code from them."
    ).format(name=name)


WEB_S_END_CONFIRM = "Yes, disconnect"
WEB_S_END_KEEP = "Keep connected"
WEB_S_SHARED = "shared"
WEB_S_PRIVATE = "private"
WEB_S_START = "Share this"
WEB_S_STOP = "Stop sharing this"
WEB_S_ITEMS = "Shared one at a time"
WEB_S_NO_ITEMS = "Nothing is shared one at a time."
WEB_S_ITEMS_JOURNAL = "Journal entries"
WEB_S_ITEMS_WORKSHEETS = "Worksheets"
WEB_S_ITEMS_CHECKINS = "Check-ins"
WEB_S_STOP_ITEM = "Stop sharing"
WEB_S_SHARE_ITEM = "Share with my therapist"
WEB_S_ITEM_SHARED = "Shared with your therapist."
WEB_S_ITEM_PRIVATE = "Private: only you can see this."
WEB_S_REPORTS = "Prep reports I sent"
WEB_S_NO_REPORTS = "You have not sent a prep report. You can send one from the Prep report page."
WEB_S_WITHDRAW = "Withdraw"
WEB_S_WITHDRAWN = "withdrawn — your therapist can no longer open it"
WEB_S_ACTIVITY = "Who saw what"
WEB_S_ACTIVITY_HELP = (
    "Every time a therapist opens or adds something in your record, it is listed here, "
    "newest first."
)
WEB_S_ACTIVITY_NONE = "No therapist has opened anything of yours."
WEB_S_COL_WHEN = "When"
WEB_S_COL_WHO = "Therapist"
WEB_S_COL_WHAT = "What"
WEB_S_SAW_JOURNAL = "Read a journal entry you shared"
WEB_S_SAW_REPORT = "Read a prep report you sent"
WEB_S_SAW_OVERVIEW = "Opened your page (what you share)"
WEB_S_SAW_CASELOAD = "Saw your line in their client list"
WEB_S_SAW_OTHER = "Looked at something you share"
WEB_S_SAW_FLAGS = "Saw that midweek noticed hard words (when and how strong, not your words)"
WEB_S_WROTE_HOMEWORK = "Set homework for you"
WEB_S_WROTE_ENDED = "Ended some homework"
WEB_S_WROTE_RATING = "Rated how some homework went"
WEB_S_WROTE_SESSION = "Recorded a session's takeaways"
WEB_S_WROTE_OTHER = "Added something to your record"
WEB_S_INVITE_TITLE = "An invitation"
WEB_S_CHOOSE_KINDS = "What would you like to share?"
WEB_S_CHOOSE_HELP = (
    "Choose as much or as little as you like — even nothing for now. You can change it "
    "later under Sharing."
)
WEB_S_ACCEPT = "Accept"
WEB_S_DECLINE = "No, thank you"
WEB_S_BACK = "Back to Sharing"
WEB_S_PICK_KIND = "Please choose what to share from the list."
WEB_S_DONE_ACCEPTED = "You are connected. Your therapist sees only what you chose."
WEB_S_DONE_DECLINED = "Declined. Nothing was shared."
WEB_S_DONE_ENDED = "Disconnected. That therapist no longer sees anything of yours."
WEB_S_DONE_KINDS = "Saved. This takes effect straight away."
WEB_S_DONE_ITEM = "Saved. This takes effect straight away."
WEB_S_DONE_SENT = "Your prep report was sent. You can withdraw it here at any time."
WEB_S_DONE_WITHDRAWN = "Withdrawn. Your therapist can no longer open that report."


def web_s_invited_by(name: str) -> str:
    return _("{name} invites you to share some of your between-session work with them.").format(
        name=name
    )


def web_s_connected_since(day: str) -> str:
    return _("connected since {day}").format(day=day) if day else _("connected")


def web_s_disconnect(name: str) -> str:
    return _("Stop sharing with {name} and disconnect").format(name=name)


# --- web: API (keep additions below this line) --------------------------------------------


def demo_port_taken(port: int, chosen: int) -> str:
    return _(
        "Port {port} is already in use, so the demo uses port {chosen} instead (choose another "
        "with --port, or `make demo PORT=8123`)."
    ).format(port=port, chosen=chosen)


def port_unavailable(host: str, port: int) -> str:
    return _(
        "Port {port} on {host} is already in use and no free port could be found; stop the "
        "other server or choose a port with --port."
    ).format(port=port, host=host)


def demo_web(url: str, client: tuple[str, str], therapist: tuple[str, str]) -> str:
    return _(
        "Open {url} in your browser and sign in as\n"
        "  the client:    {client}  /  {client_password}\n"
        "  the therapist: {therapist}  /  {therapist_password}\n"
        "The client shares practice, check-ins, questions, goals, session notes and the "
        "journal entries marked shared; everything else stays private. Stop the server with "
        "Ctrl-C (the demo data goes too)."
    ).format(
        url=url,
        client=client[0],
        client_password=client[1],
        therapist=therapist[0],
        therapist_password=therapist[1],
    )


def secret_too_short(minimum: int) -> str:
    return _(
        "MIDWEEK_SECRET_KEY must be at least {minimum} characters long; make one with `python3 "
        "-c 'import secrets; print(secrets.token_urlsafe(48))'`."
    ).format(minimum=minimum)


def secret_unwritable(path: object, why: str | None) -> str:
    return _("The web app's secret key file {path} cannot be created or read ({why}).").format(
        path=path, why=why
    )


def web_signed_in_as(name: str) -> str:
    return _("Signed in as {name}.").format(name=name)


API_TOKEN_NAME = "The token's name"
API_TOKEN_INVALID = (
    "This access token does not work: it may have expired, been revoked (a password change "
    "revokes every token) or been mistyped. You can make a new one in Settings."
)
API_TOKEN_NO_MINTING = (
    "An access token cannot make other tokens; sign in on the web and make one in Settings."
)


def api_token_lifetime_choices(choices: tuple[int, ...]) -> str:
    listed = ", ".join(str(d) for d in choices)
    return _("Choose how many days the token lasts: one of {listed}.").format(listed=listed)


API_INVALID_REQUEST = (
    "Part of the request is missing or not valid; the errors list says which part and why."
)
#: Field-level reasons in a problem's ``errors`` list (beside pydantic's own).
API_NOT_AN_ID = "This is not an id: ids are whole numbers from 1, in plain digits."
API_UNKNOWN_PARAMETER = "This operation has no such parameter."
API_NOT_TRUE_OR_FALSE = "Expected a number or text here, not true or false."
API_UNREADABLE_BODY = (
    "The request body could not be read; send JSON (Content-Type: application/json)."
)
API_TOKEN_CREATED = (
    "Your new token is below. Copy it now: midweek keeps only a fingerprint of it, so it "
    "cannot be shown again."
)
API_TOKEN_REVOKED = "The token is revoked; anything using it stops working now."
API_TOKENS_NONE = "You have no access tokens."
API_HOMEWORK_NOT_SELF = (
    "Only homework you set yourself can be ended here; your therapist ends the homework they set."
)
API_PLAN_NONE = (
    "You don't have a safety plan yet; make one with PUT /api/v1/safety-plan (or on the "
    "Safety plan page)."
)
API_TOKENS_ABOUT = (
    "An access token lets a script or app use the midweek API as you, with no password. "
    "Give each one a name you will recognise, and revoke it when you stop using it."
)
SETTINGS_TITLE = "Settings"
SETTINGS_YOUR_DATA_HEADING = "Your data"
SETTINGS_EVERYTHING_HINT = (
    "Everything you have written here, in one ZIP file: each journal entry as a text file, "
    "all your records, your prep report and a backup. It is not encrypted, so keep it private."
)
SETTINGS_EVERYTHING_LINK = "Download everything"
SETTINGS_ERASE_LINK = "Delete my account and all my data"
WEB_ERASE_TITLE = "Delete your account and all your data?"
WEB_ERASE_WARNING = (
    "This erases your account and everything in it: journal, practice, check-ins, "
    "questions, plans and your safety plan. Therapists you share with will no longer see "
    "anything. It cannot be undone. You may want to download everything first."
)
WEB_ERASE_PASSWORD = "Your password"
WEB_ERASE_BUTTON = "Erase my account and data"
WEB_ERASE_KEEP = "Keep my account"
WEB_ERASED_TITLE = "Your account is erased"
WEB_ERASED_HELP = "If you need help now, these lines are there for you"


def web_erase_type(phrase: str) -> str:
    return _('To confirm, type "{phrase}"').format(phrase=phrase)


SETTINGS_PASSWORD_CHANGED = (
    "Your password is changed. You stay signed in here; other sign-ins have ended."
)
SETTINGS_PASSWORDS_DIFFER = "The two new passwords are not the same; please type it again."
SETTINGS_NEVER_USED = "never"
SETTINGS_PASSWORD_HEADING = "Change your password"
SETTINGS_CURRENT_PASSWORD = "Current password"
SETTINGS_NEW_PASSWORD = "New password"
SETTINGS_NEW_PASSWORD_AGAIN = "New password again"
SETTINGS_PASSWORD_HINT = "At least 12 characters; a few unrelated words work well."
SETTINGS_PASSWORD_BUTTON = "Change password"
SETTINGS_TOKENS_HEADING = "Access tokens"
SETTINGS_TOKEN_NAME = "Name (what will use it, e.g. “phone shortcut”)"
SETTINGS_TOKEN_CREATE = "Make a token"
SETTINGS_TOKEN_NEW_LABEL = "Your new token"
SETTINGS_TOKEN_REVOKE = "Revoke"
SETTINGS_TOKEN_COLUMNS = ("Name", "Made", "Expires", "Last used", "")
SETTINGS_TOKEN_LIFETIME = "Lasts for"
SETTINGS_TOKEN_UNNAMED = "(unnamed: made before names were kept encrypted)"
SETTINGS_TOKENS_ENDED_NOTE = (
    "Tokens stop working when they expire, and all of them when your password changes."
)


def settings_token_days(days: int) -> str:
    return _("{days} days").format(days=days)


def settings_revoke_label(name: str) -> str:
    return _("Revoke the token “{name}”").format(name=name)


# --- one tap is one write (idempotency keys) ----------------------------------------------
IDEMPOTENCY_KEY_INVALID = (
    "The request carried an idempotency key that cannot be one: use 8 to 128 letters, digits "
    "or - _ . ~ :"
)
IDEMPOTENCY_KEY_REUSED = (
    "This idempotency key was already used for a different request, so nothing new was "
    "saved; please reload the page and try again."
)
IDEMPOTENCY_STILL_SAVING = (
    "Your last tap is still being saved; please wait a moment and reload the page."
)

# --- installable and offline (web/offline.py, static/sw.js) -----------------------------

WEB_APP_NAME = "midweek — between sessions"
WEB_APP_DESCRIPTION = "Your practice, journal and check-ins between therapy sessions."
WEB_OFFLINE_TITLE = "No connection just now"
WEB_OFFLINE_BODY = (
    "This page needs a connection, and this phone has not kept a copy of it. "
    "Your crisis lines and your safety plan still open without one."
)
WEB_OFFLINE_CAN = (
    "You can still log a practice, write in your journal and check in from a page you "
    "opened before: it is kept on this phone and sent when you are back online."
)
WEB_OFFLINE_TO_CRISIS = "Need help now — crisis lines"
WEB_OFFLINE_TO_PLAN = "My safety plan"
#: Shown while writes wait on the phone (the status line under the header).
WEB_OFFLINE_SAVED = "Saved on this phone — it will be sent when you are back online."
#: More than one waiting ("{n}" is replaced by the number, in static/offline.js).
WEB_OFFLINE_SAVED_MANY = (
    "{n} things saved on this phone — they will be sent when you are back online."
)
WEB_OFFLINE_SENT = "Sent."
WEB_OFFLINE_SIGN_IN = "Saved on this phone — it will be sent when you sign in again."
WEB_OFFLINE_NOT_SENT = (
    "Something saved on this phone could not be sent, so it was let go; "
    "please enter it again when you are online."
)
# --- time zones --------------------------------------------------------------------------


def tz_set(zone: str, clock: str) -> str:
    return _("Your days now follow {zone} (it is {clock} there).").format(zone=zone, clock=clock)


def tz_shown(zone: str, *, chosen: bool) -> str:
    if chosen:
        return _("Your days follow {zone}, the time zone you chose.").format(zone=zone)
    return _(
        "Your days follow this machine's time zone, {zone}. "
        "To choose another: midweek tz Europe/London"
    ).format(zone=zone)


TZ_HEADING = "Your time"
TZ_LABEL = "Time zone"
TZ_HELP = (
    "Your days, practice week, plan and calendar follow this zone. "
    "Until you choose, midweek uses the one your browser reported, else the server's."
)
TZ_SAVE = "Save time zone"
TZ_SERVER = "The server's time zone"
YOUR_TIME = "(your time)"


def tz_saved(zone: str) -> str:
    return _("Saved: your days now follow {zone}.").format(zone=zone)


# --- correct, delete, undo (issue 15) ---------------------------------------------------------
EDIT_NOTHING = "Nothing to change was given; say what to correct (see --help)."
EDIT_MOOD_ONLY_MOOD = (
    "Only a mood check-in has a mood to correct; for a PHQ-9 or GAD-7, give the answers."
)
EDIT_ANSWERS_ONLY_MEASURES = "A mood check-in has no answers to correct; give the mood instead."
NOTHING_TO_UNDO = "There is nothing to undo: nothing was deleted in the last day."
UNDO_TOO_LATE = (
    "That can no longer be brought back: it was undone already or is more than a day old."
)
EDIT_SAVED = "Corrected."
DELETED = "Deleted."
UNDO = "Undo"
UNDONE = "Brought back."
EDIT = "Edit"
DELETE = "Delete"
SAVE_CHANGES = "Save changes"
CANCEL = "Cancel"
NO_PRACTICE_LOGS = "No practice logged yet. Partly done counts too, whenever you are ready."
EDIT_ANSWER_FORM = "Give each answer as NAME=VALUE, e.g. --answer emotion=worry."
RECORD_DEPENDS = "Other records depend on this one, so it cannot be deleted on its own."
RECORD_BELONGED = "This belonged to a record that has since been deleted, so it cannot come back."

#: How each kind of record is named in a sentence.
RECORD_NAMES = {
    "practice": "practice log",
    "journal": "journal entry",
    "checkin": "check-in",
    "question": "question",
    "barrier": "note about what got in the way",
    "worksheet": "worksheet",
    "session": "session note",
    "goal": "goal",
    "window": "time window",
}


def _record(kind: str) -> str:
    """A record kind's name ("check-in") in the language of the moment."""
    return _(RECORD_NAMES.get(kind, kind))


def record_deleted_cli(kind: str, ident: int) -> str:
    return _(
        "Deleted the {record} {ident}. Changed your mind? "
        "`midweek undo` brings it back (within a day)."
    ).format(record=_record(kind), ident=ident)


def record_restored(kind: str, ident: int) -> str:
    return _("Brought back the {record} {ident}.").format(record=_record(kind), ident=ident)


def record_edited(kind: str, ident: int) -> str:
    return _("Corrected the {record} {ident}.").format(record=_record(kind), ident=ident)


def record_exists(kind: str, ident: int) -> str:
    return _("There is already a {record} with id {ident}, so it cannot come back.").format(
        record=_record(kind), ident=ident
    )


def deleted_banner(kind: str) -> str:
    return _("Deleted the {record}.").format(record=_record(kind))


WEB_RECORDS_TITLE = "Your recent records"
WEB_RECORDS_LINK = "Correct or delete a practice, a check-in or a note"
WEB_RECORDS_PRACTICE = "Practice"
WEB_RECORDS_CHECKINS = "Check-ins"
WEB_RECORDS_NONE = "Nothing yet."
WEB_RECORDS_BARRIERS = "What got in the way"
WEB_RECORDS_SESSIONS = "Session notes"
WEB_EDIT_AT = "When it happened (e.g. 2026-11-20 18:30)"
WEB_EDIT_ANSWERS = "Answers, one number per question, separated by commas"
WEB_EDIT_OUTCOME = "How it went"
WEB_EDIT_SUPPORT = (
    "If things feel hard right now, “Need help now” at the top of the page has people to talk to."
)
WEB_LOGGED_TWICE = "Logged twice by mistake?"
WEB_DELETE_THIS_LOG = "Delete this log"


def web_edit_title(kind: str) -> str:
    return _("Correct this {record}").format(record=_record(kind))


def web_edit_label(kind: str, ident: int) -> str:
    return _("Edit {record} {ident}").format(record=_record(kind), ident=ident)


def web_delete_label(kind: str, ident: int) -> str:
    return _("Delete {record} {ident}").format(record=_record(kind), ident=ident)


# --- invitations for new people, display names ---------------------------------------------
WEB_JOIN_TITLE = "Join with a code"
WEB_JOIN_LINK = "New here, with a code from your therapist? Join with it"
WEB_JOIN_INTRO = (
    "Your therapist gave you a code. With it you can make your own midweek account and "
    "connect with them in one step. What you write stays yours: you choose what to share."
)
WEB_JOIN_CODE = "Invitation code"
WEB_JOIN_NAME = "Your name, as your therapist will see it"
WEB_JOIN_NAME_HELP = "A first name or initials is fine; you can change it in Settings."
WEB_JOIN_USERNAME = "A username to sign in with"
WEB_JOIN_PASSWORD = "A password"
WEB_JOIN_PASSWORD_HELP = (
    "At least 12 characters; a few unrelated words make a good one. Not a common password, "
    "and not your username."
)
WEB_JOIN_BUTTON = "Make my account and connect"
WEB_JOIN_HAVE_ACCOUNT = "Already have an account? Sign in, then type the code on Sharing."
WEB_SETTINGS_NAME_HEADING = "Your name"
WEB_SETTINGS_NAME_HELP = (
    "The name your therapist or clients see instead of your username. Leave it empty to be "
    "shown by your username."
)
WEB_SETTINGS_NAME_LABEL = "Display name"
WEB_SETTINGS_NAME_SAVE = "Save my name"
WEB_SETTINGS_NAME_SAVED = "Your name is saved."


def name_too_long(limit: int) -> str:
    return _("Please keep it to one line of up to {limit} characters.").format(limit=limit)


# --- import from other apps (jrnl, Day One, Daylio, FreeCBT) -----------------------------

IMPORT_KIND_NAMES = {
    "journal": ("journal entry", "journal entries"),
    "checkin": ("mood check-in", "mood check-ins"),
    "worksheet": ("thought record", "thought records"),
}
IMPORT_FILE_UNREADABLE = "I couldn't read that file; please check its name and try again."
IMPORT_NOTHING_NEW = "Everything in this file is already here, so there is nothing new to bring in."
IMPORT_NOTHING_STAGED = (
    "There is no file waiting to be imported; it may have been imported already. "
    "Choose the file again to see what it holds."
)
IMPORT_DRY_RUN = (
    "This was a preview: nothing was written. Run it again without --dry-run to import."
)


def import_counted(kind: str, n: int) -> str:
    one, many = IMPORT_KIND_NAMES[kind]
    return f"{n} {one if n == 1 else many}"


def import_headline(counts: dict[str, int], *, written: bool) -> str:
    parts = [import_counted(k, n) for k, n in counts.items() if n]
    if not parts:
        return _(IMPORT_NOTHING_NEW)
    listed = ", ".join(parts)
    if written:
        return _("Imported {listed}.").format(listed=listed)
    return _("Ready to import {listed}.").format(listed=listed)


def import_kind(kind: str) -> str:
    """The kind of one previewed item, as a short label ("mood check-in")."""
    return IMPORT_KIND_NAMES[kind][0]


def import_duplicates(n: int) -> str:
    return ngettext(
        "{n} item was already here from an earlier import, so I left it out.",
        "{n} items were already here from an earlier import, so I left them out.",
        n,
    ).format(n=n)


def import_photos(n: int) -> str:
    return ngettext(
        "{n} photo was left out: midweek keeps words, not pictures.",
        "{n} photos were left out: midweek keeps words, not pictures.",
        n,
    ).format(n=n)


def import_too_long(at: object, limit: int) -> str:
    return _(
        "An entry of {at:%Y-%m-%d} in this file is longer than {limit:,} characters, more than "
        "midweek keeps in one entry, so nothing was imported."
    ).format(at=at, limit=limit)


WEB_IMPORT_TITLE = "Import from another app"
WEB_IMPORT_INTRO = (
    "Bring in what you wrote in jrnl, Day One, Daylio or FreeCBT. You will see what the file "
    "holds before anything is saved, and importing the same file again adds nothing twice."
)
WEB_IMPORT_FORMATS = (
    ("jrnl", "jrnl (its text or JSON export)"),
    ("dayone", "Day One (the JSON export .zip)"),
    ("daylio", "Daylio (the CSV export)"),
    ("freecbt", "FreeCBT or Quirk (the thought records export)"),
)
WEB_IMPORT_FORMAT = "Which app is it from?"
WEB_IMPORT_FILE = "The export file"
WEB_IMPORT_PREVIEW = "Show me what it holds"
WEB_IMPORT_BUTTON = "Import"
WEB_IMPORT_CANCEL = "Choose another file"
WEB_IMPORT_NO_FILE = "Please choose the export file to import."
WEB_IMPORT_TOO_LARGE = "This file is larger than 20 MB, which is more than I can import at once."
WEB_IMPORT_TO_JOURNAL = "Go to your journal"
WEB_IMPORT_ANOTHER = "Import another file"


def web_import_limit(mb: int) -> str:
    return _(
        "Files up to {mb} MB. Photos are left out; words, dates, tags and moods come in."
    ).format(mb=mb)


def web_import_more(n: int) -> str:
    return _("… and {n} more.").format(n=n)


# --- web parity: API docs, edit forms, sessions, self-set homework, check-in history ------------

API_IDEMPOTENCY_KEY_DOC = (
    "A fresh key (8-128 letters, digits or _ . ~ : -) for each write. Sending the same key "
    "again within a day, from the same account, gets the first answer back (marked "
    "Idempotent-Replayed: true) instead of writing twice; the same key with a different "
    "request is a 422."
)
# Self-set homework, the client's session notes, and correcting barriers and session notes.
WEB_SOURCE_SELF = "You set this"
WEB_SOURCE_THERAPIST = "From your therapist"
WEB_OWN_PRACTICE = "Add my own practice"
WEB_OWN_PRACTICE_INTRO = (
    "Something you'd like to practise between sessions, at a pace you choose. It shows on "
    "Today like any homework, and you can end it whenever you like."
)
WEB_OWN_TITLE = "What you'd like to practise"
WEB_OWN_INSTRUCTIONS = "How you'll go about it (optional)"
WEB_OWN_MINUTES = "Minutes each time"
WEB_OWN_PER_WEEK = "Times a week"
WEB_OWN_SAVE = "Add this practice"
WEB_OWN_NEED_TITLE = "Please give your practice a short name, so you can find it on Today."
#: What the form offers for minutes each time (``midweek homework add`` asks for it).
WEB_OWN_MINUTES_DEFAULT = 10
WEB_END_OWN = "End this practice"
WEB_END_OWN_TITLE = "End this practice?"
WEB_END_OWN_BUTTON = "Yes, end it"
WEB_KEEP_IT = "Keep it going"
WEB_ENDED_NOTICE = HOMEWORK_ENDED


def web_end_own_label(title: str) -> str:
    return _("End “{title}”").format(title=title)


def web_end_own_confirm(title: str) -> str:
    return _(
        "“{title}” will no longer show on Today. Everything you practised still counts, and you "
        "can add it again whenever you like."
    ).format(title=title)


WEB_SESSIONS_TITLE = "Session notes"
WEB_SESSIONS_LINK = "All your session notes"
WEB_SESSIONS_INTRO = (
    "What you took from each session, newest first. Your therapist sees these only if you "
    "share session notes with them."
)
WEB_SESSIONS_NONE = "No session notes yet. After a session, jot down what you'd like to keep."
WEB_SESSIONS_RECORD = "Note a session"
WEB_SESSIONS_LIST = "Your notes so far"
WEB_SESSION_DAY = "Day of the session"
WEB_SESSION_TAKEAWAYS = "What you learned or want to remember, one per line"
WEB_SESSION_THEMES = "Themes (optional, separated by commas)"
WEB_SESSION_SAVE = "Save these notes"
WEB_SESSION_NEED_TAKEAWAY = "Please write at least one thing you took from the session."
WEB_SESSION_SAVED = "Saved. It shows on Today under “Last time you learned”."
WEB_EDIT_BARRIER_KIND = "What got in the way"
WEB_EDIT_NEXT_STEP = "A next step that might help (optional)"
# --- the caseload's small trends and filters ---------------------------------------------
WEB_T_COL_TREND = "Practice, last six weeks"
WEB_T_FILTERS = "Show"
WEB_T_FILTER = {
    "all": "Everyone",
    "attention": "Needs attention",
    "week": "Session this week",
}
WEB_T_FILTER_EMPTY = {
    "all": "No clients yet.",
    "attention": "Nobody you are linked with needs attention right now.",
    "week": "No sessions in the next seven days.",
}
WEB_T_TREND_NOTHING = "nothing planned"


def web_t_practice_trend(shares: list[float | None]) -> str:
    """The text alternative of the practice sparkline: each week's share, oldest first."""
    words = [_(WEB_T_TREND_NOTHING) if s is None else f"{round(s * 100)}%" for s in shares]
    return _("Share of planned practice per week, oldest first: {weeks}.").format(
        weeks=", ".join(words)
    )


def web_t_measure_trend(name: str, scores: list[int]) -> str:
    """The text alternative of a measure sparkline."""
    return _("{name} scores, oldest first: {scores}.").format(
        name=name, scores=", ".join(str(s) for s in scores)
    )


# --- check-in history, worksheet corrections and half-finished worksheets (web) -----------------
WEB_HISTORY_TITLE = "Your check-ins"
WEB_HISTORY_LINK = "See your past check-ins and how your mood has moved"
WEB_HISTORY_MOOD = "Mood over the last six weeks"
WEB_HISTORY_SCORES = "Questionnaire scores"
WEB_HISTORY_LIST = "Every check-in, newest first"
WEB_HISTORY_NONE = "No check-ins yet. Each one you make will show here."
WEB_HISTORY_NO_MOOD = "No mood check-ins in the last six weeks yet."
WEB_HISTORY_BACK = "Back to Check in"
#: How a long note is cut in the list (the whole note is on its Edit page).
HISTORY_NOTE_CHARS = 120


def web_history_more(n: int) -> str:
    return _("Showing your latest {n} check-ins; older ones are kept too.").format(n=n)


def history_mood_alt(moods: list[float], latest: float, latest_day: str) -> str:
    """The text alternative of the mood chart: the range and the latest value."""
    days = len(moods)
    return ngettext(
        "Mood on {days} day of the last six weeks, from {low} to {high} out of 10; latest "
        "{latest} on {day}.",
        "Mood on {days} days of the last six weeks, from {low} to {high} out of 10; latest "
        "{latest} on {day}.",
        days,
    ).format(
        days=days, low=_num(min(moods)), high=_num(max(moods)), latest=_num(latest), day=latest_day
    )


def history_scores_alt(name: str, scores: list[int], top: int, latest_day: str) -> str:
    """The text alternative of a PHQ-9 or GAD-7 chart: the range and the latest score."""
    n = len(scores)
    return ngettext(
        "{name}: {n} score, from {low} to {high} out of {top}; latest {latest} on {day}.",
        "{name}: {n} scores, from {low} to {high} out of {top}; latest {latest} on {day}.",
        n,
    ).format(
        name=name,
        n=n,
        low=min(scores),
        high=max(scores),
        top=top,
        latest=scores[-1],
        day=latest_day,
    )


WORKSHEET_NOTHING_YET = (
    "Nothing is written in this worksheet yet. Even one answer is worth keeping — add one, "
    "then save what you have."
)
WEB_WORKSHEET_SAVE_PARTIAL = "Save what I have so far"
WEB_WORKSHEET_PARTIAL_NOTE = (
    "Not finished? That's fine: a half-finished worksheet still counts. Save what you have "
    "so far and it counts as partly done for its homework. Come back and finish it any time, "
    "and then it counts as done."
)
WEB_WORKSHEET_PARTIAL_HINT = (
    "Some answers are still empty. You can fill them in, or save what you have so far — "
    "it still counts as partly done."
)
WORKSHEET_SAVED_PARTIAL = (
    "Saved as partly done — a half-finished worksheet still counts. Finish it whenever you "
    "like and it will count as done."
)
WORKSHEET_FINISHED = "Finished — it now counts as done. Well done for coming back to it."
WEB_WORKSHEET_PARTLY = "partly done"
WEB_WORKSHEET_PARTLY_SHOWN = (
    "This worksheet is partly done, and it counts as part of a practice. Finish it any time "
    "and it will count as done."
)
WEB_WORKSHEET_FINISH = "Finish this worksheet"
WEB_WORKSHEET_SAVE_CHANGES = "Save the changes"
WEB_WORKSHEET_SAVE_FINISHED = "Save it as finished"


def web_worksheet_edit_title(title: str) -> str:
    return _("Correct: {title}").format(title=title)


# --- reminders on a device (Web Push) ---------------------------------------------------

PUSH_GENERIC_TITLE = "midweek practice"


def push_reminder_body(start: str) -> str:
    return _("A practice you planned starts at {start}.").format(start=start)


PUSH_BAD_ENDPOINT = (
    "That push address cannot be used: it must be an https address given by the browser, "
    "so nothing was saved."
)
PUSH_UNKNOWN_SERVICE = (
    "That push address is not on a push service this server sends reminders to, so nothing "
    "was saved. Reminders work from Chrome, Edge, Firefox and Safari."
)
PUSH_BAD_KEYS = (
    "The browser's keys for reminders did not come through whole, so nothing was saved. "
    "Please try again."
)


def push_key_unwritable(path: object, why: str | None) -> str:
    return _("The key file for reminders {path} cannot be created or read ({why}).").format(
        path=path, why=why
    )


PUSH_HEADING = "Reminders on this device"
PUSH_ABOUT = (
    "midweek can remind you on this phone or computer ten minutes before each practice in "
    "your plan, at the times you chose. Nothing else is ever sent."
)
PUSH_SIGN_OUT = (
    "Signing out on this device stops its reminders, so the next person here gets none of "
    "yours; turn them on again after you sign in."
)
PUSH_TURN_ON = "Remind me on this device"
PUSH_TURN_OFF = "Stop reminders on this device"
PUSH_ON = "Reminders are on for this device."
PUSH_OFF = "Reminders are off for this device."
PUSH_UNSUPPORTED = (
    "This browser cannot show reminders from midweek. A calendar can remind you instead: "
    "add your plan to it from the Plan page."
)
PUSH_SERVER_OFF = (
    "This server does not send reminders to devices. A calendar can remind you instead: "
    "add your plan to it from the Plan page."
)
PUSH_DENIED = (
    "Notifications for midweek are turned off in this browser's settings, so reminders "
    "cannot be turned on here. You can allow them there, or use a calendar."
)
PUSH_FAILED = "Reminders could not be turned on just now. Please try again in a moment."
PUSH_PLAN_LINK = "Your plan and its calendar file"
PUSH_DEVICES_HEADING = "Devices that get reminders"
PUSH_NO_DEVICES = "No device gets reminders yet."


def push_device(host: str, since: str) -> str:
    return _("A browser using {host}, since {since}").format(host=host, since=since)


PUSH_DEVICE_STOP = "Stop reminders"


def push_device_stop_label(host: str) -> str:
    return _("Stop reminders to the browser using {host}").format(host=host)


PUSH_DEVICE_STOPPED = "Reminders to that device have stopped."
PUSH_TITLES_LABEL = "Show the practice's name in reminders"
PUSH_TITLES_HINT = (
    "Otherwise every reminder just says “midweek practice”, so nobody glancing at your "
    "screen sees what it is about."
)
PUSH_TITLES_SAVE = "Save"
PUSH_TITLES_SAVED = "Saved: how your reminders are titled."
PUSH_SWITCHED_OFF = (
    "Reminders to devices are turned off on this server (MIDWEEK_PUSH=0), so none were sent."
)


def push_sent_report(sent: int, removed: int, failed: int) -> str:
    said = ngettext("{n} reminder sent.", "{n} reminders sent.", sent).format(n=sent)
    if removed:
        said += " " + ngettext(
            "{n} device that no longer takes reminders was removed.",
            "{n} devices that no longer take reminders were removed.",
            removed,
        ).format(n=removed)
    if failed:
        said += " " + ngettext(
            "{n} could not be delivered just now; the next run tries again.",
            "{n} could not be delivered just now; the next run tries them again.",
            failed,
        ).format(n=failed)
    return said


# --- worksheets and crisis lines in the reader's language ----------------------------------

#: `midweek worksheet list` and `show`: the tables' titles and columns, a required question.
WORKSHEETS_TITLE = "Worksheets"
WORKSHEET_LIST_COLUMNS = ("name", "title", "what it is for")
WORKSHEET_SHOW_COLUMNS = ("field", "question", "answer", "required")
WORKSHEET_REQUIRED = "yes"


def crisis_call(number: str) -> str:
    """One way to reach a crisis line, in a list after its name ("Samaritans: call 116 123")."""
    return _("call {number}").format(number=number)


def crisis_text(number: str) -> str:
    return _("text {number}").format(number=number)


# --- language ----------------------------------------------------------------------------
# Everything above is read in the language of the moment (i18n.py): a constant through the
# catalog when it is read, a function's sentence through ``_``/``ngettext`` inside it.
_i18n.translate_module(sys.modules[__name__])
