"""The offline reader: answers learned from an annotated bank, computed by the calculator tools.

The flow shows in the modules: ``candidates`` (typed spans of the notices in scope, each with
its context), ``question`` (answer type and operation predicted from the question by fitted
models), ``features`` and ``ground`` (a fitted ranker orders the candidates; the operation's slots
take the best that fit), ``programs`` (the operation over grounded operands, run by ``tools``),
``decide`` (a fitted model says whether the grounded answer is likely enough right to state), and
``reader`` (the whole path, ending in an ``Answer``). ``train`` fits the models from
``eval/bank``; answering never trains.
"""
