"""The index files newsearch writes and reads beside Whoosh's: term blocks, postings, stored fields, the path table."""
