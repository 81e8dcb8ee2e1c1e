from support import cli, corpus, mixed_index, seed_index  # noqa: F401
