"""Errors the ingest pipeline turns into a skipped file with its reason, never a failed run."""


class SkipFile(Exception):
    """A file that cannot become a notice; the message is the reason shown to the user."""
