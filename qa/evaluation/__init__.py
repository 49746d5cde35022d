"""Evaluation: the judge of an answer's value, eval files, and the annotated bank."""
