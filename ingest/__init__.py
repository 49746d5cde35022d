"""Turn notice files into a searchable store: load, normalize, chunk, extract facts, embed, persist.

Takes plain parameters (paths, a Chroma client, an embedder); it never reads settings itself,
so that it can be used and tested without the rest of the product.
"""
