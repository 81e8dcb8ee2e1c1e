"""English function words: pronouns, auxiliaries, determiners, prepositions, conjunctions and
the commonest adverbs, which say how a sentence is built and nothing about what it is about.

A query typed as a sentence ("I am interested in how the committee was funded") is mostly such
words; as alternatives (an `--any` query, words joined by OR) each of them matches a large part of
any English collection and adds a little score to nearly every article, which is noise beside the
words that name the subject. The index's own stop words (schema.STOP_WORDS: Whoosh's 34) are a
small subset of these. The list is the widely used one of NLTK's English stop-word corpus, without
its contraction fragments ("don", "ll", "ve": the tokenizer splits "don't" into "don" and "t",
which stay searchable as typed).
"""

FUNCTION_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below between
both but by can did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not
now of off on once only or other our ours ourselves out over own same she should so some such than that
the their theirs them themselves then there these they this those through to too under until up very was
we were what when where which while who whom why will with you your yours yourself yourselves
""".split())
