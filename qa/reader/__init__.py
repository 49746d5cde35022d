"""The offline reader: answers learned from an annotated bank, computed by the calculator tools.

The flow shows in the modules: ``candidates`` (typed spans of the notices in scope, each with
its context), ``question`` (answer type and operation predicted from the question by fitted
models), ``ground`` (a fitted scorer ranks candidates per question), ``programs`` (the operation
over grounded operands, run by ``tools``), and ``reader`` (the whole path, ending in an
``Answer``). ``train`` fits the models from ``eval/bank``; answering never trains.
"""
