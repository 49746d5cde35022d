"""The browser front end of filingqa: a Gradio chat over the stored notices (see ``ui.app``).

The UI must never call out (filings may be under embargo): the app is built with
``analytics_enabled=False``, and ``filingqa serve`` sets the offline environment
(``qa.environment``) before Gradio is imported.
"""
