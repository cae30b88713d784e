"""The web shell: FastAPI + Jinja2, server-rendered. Build it with ``create_app(settings)``.

Nothing here is imported on the CLI's start-up path; ``midweek serve`` names the app
factory by string, so the CLI never imports this package.
"""
