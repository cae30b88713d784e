"""Reports: a pure view-model first, then renderers (terminal, Markdown, HTML, PDF)."""
