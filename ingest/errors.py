"""Errors the ingest pipeline turns into a skipped file with its reason, never a failed run."""


class SkipFile(Exception):
    """A file that cannot become a notice; the message is the reason shown to the user."""


def failure_reason(error: BaseException) -> str:
    """An unexpected error in one line (its type and message), to name in a file's skip reason.

    Why: any bug or hostile input (deep nesting, odd bytes) must cost only that file, and the
    user needs to see which error it was to report it; a traceback would end the whole run.
    """
    text = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    return f"{type(error).__name__}{': ' + text if text else ''}"
