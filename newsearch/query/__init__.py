"""The query language: newsearch's own tree (tree.py) and the parser of the user's string (parse.py)."""
