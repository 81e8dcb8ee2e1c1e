"""The embedded engine: a Whoosh index in a folder, with newsearch's own scoring and file format."""
