"""Use cases. The only place a transaction starts and commits."""
