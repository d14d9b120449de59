"""newsfuse's version, in one place: the package, its briefs, the CLI, the web app and
pyproject.toml (``[tool.setuptools.dynamic]``) all read it from here."""

__version__ = "0.1.0"
