"""Exporters: one module per format; each returns bytes and prints nothing."""
