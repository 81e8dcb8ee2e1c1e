"""Search engines behind newsearch's one interface (`newsearch.engine`): each is a package here."""
