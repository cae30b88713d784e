"""Package data shipped with midweek (crisis contacts). Read with ``midweek.resources.shipped``."""
