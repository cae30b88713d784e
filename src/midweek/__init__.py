"""midweek: the work people do between psychotherapy sessions."""

__version__ = "0.1.0"
