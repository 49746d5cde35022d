"""Answering, the Python API and the command line; the one layer that reads settings."""
