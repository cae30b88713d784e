"""Package data shipped with midweek (crisis contacts). Read with ``importlib.resources``."""
