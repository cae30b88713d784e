"""The worksheet engine: templates as data, answers validated and normalised, computed values.

A template arrives as a plain ``dict`` (the loader parses TOML; the domain does no I/O). It
declares typed fields and computed values built from a small closed set of named operations,
so no template can run code. Everything a renderer needs (label, help, kind, range, choices,
whether required, example, unit) is on the model, so the CLI and the web app draw the same
worksheet from the same data.

Error messages go to a person who may be tired or distressed: one plain, kind sentence that
names the field by its label. Template errors go to whoever wrote the template and name the
template's source.

The package's rooms: ``model`` (the template and its parts), ``values`` (one answer read and
shown), ``operations`` (computed values), ``templates`` (parsing a template), ``answers``
(a whole worksheet validated, its rules checked, its values computed).

A shipped template is written in English; ``localized`` shows it in the reader's language
through the same gettext catalogs as every other sentence, while field names and choices
(what is stored) stay the same in every language.
"""

from midweek.domain.worksheets.answers import (
    answered_nothing,
    compute,
    unanswered,
    validate_answers,
)
from midweek.domain.worksheets.model import (
    FIXED_RANGES,
    MINUTES_PER_DAY,
    NUMERIC_KINDS,
    TEXT_LIMITS,
    AnswersError,
    Computed,
    Field,
    FieldKind,
    Rule,
    Template,
)
from midweek.domain.worksheets.operations import OPERATIONS
from midweek.domain.worksheets.templates import CHECKS, localized, parse_template, template_texts
from midweek.domain.worksheets.values import (
    choice_label,
    format_duration,
    parse_date,
    parse_duration,
    parse_time,
    parse_value,
    say_duration,
    show_answer,
    show_value,
)

__all__ = [
    "CHECKS",
    "FIXED_RANGES",
    "MINUTES_PER_DAY",
    "NUMERIC_KINDS",
    "OPERATIONS",
    "TEXT_LIMITS",
    "AnswersError",
    "Computed",
    "Field",
    "FieldKind",
    "Rule",
    "Template",
    "answered_nothing",
    "choice_label",
    "compute",
    "format_duration",
    "localized",
    "parse_date",
    "parse_duration",
    "parse_template",
    "parse_time",
    "parse_value",
    "say_duration",
    "show_answer",
    "show_value",
    "template_texts",
    "unanswered",
    "validate_answers",
]
