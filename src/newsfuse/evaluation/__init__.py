"""Evaluations that run newsfuse and its peers side by side on the same data.

Each evaluation is a module with one ``run_*`` function returning a plain
dict, so the CLI (``newsfuse eval ...``), the tests and the README tables all
come from the same numbers.
"""
