"""Retrieval: which notices and passages a question is about (dense + lexical, fused; scope by name; filters)."""
