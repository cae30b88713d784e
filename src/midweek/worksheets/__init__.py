"""The shipped worksheet library as TOML data files, one per template (file name = name)."""
