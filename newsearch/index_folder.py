"""What marks a folder as a newsearch index, whatever engine wrote it: the walk of input paths
never descends into one, and the embedded engine writes it first."""

INDEX_MARKER = "newsearch.json"
