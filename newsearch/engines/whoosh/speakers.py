"""`speaker:` in a query means a person, whatever form of the name an article gives: a phrase
such as `speaker:"Paul Volcker"` also finds the articles whose speaker is written "Volcker", when
the index holds no other Volcker (the rule of `parsing.same_person`, pooled over the index's
speakers). A bare surname (`speaker:Volcker`) already finds every speaker of that surname.
"""

from __future__ import annotations

from .schema import query

SPEAKER_FIELD = "speaker"
SPEAKER_NAMES = "speaker_name"  # every speaker's name, whole, as written


def widened(q, reader):
    """`q` with each `speaker:"given surname"` phrase widened to the other forms of that person's
    name the index's speakers hold (an Or with those names, whole)."""
    if isinstance(q, query.Phrase) and q.fieldname == SPEAKER_FIELD and len(q.words) >= 2:
        forms = speaker_forms(reader, " ".join(q.words))
        return query.Or([q] + [query.Term(SPEAKER_NAMES, form) for form in sorted(forms)]) if forms else q
    if q.is_leaf():
        return q
    return q.apply(lambda child: widened(child, reader))


def speaker_forms(reader, typed: str) -> set[str]:
    """The speakers' names in the index that `typed` means (see `same_person.forms_of`); the pool
    is every speaker whose name holds the typed surname."""
    surname = typed.split()[-1].casefold()
    if SPEAKER_NAMES not in reader.schema:
        return set()
    pool = set()
    for value in reader.lexicon(SPEAKER_NAMES):
        name = value.decode("utf-8") if isinstance(value, bytes) else str(value)
        if surname in name.casefold():
            pool.add(name)
    # Imported here: the parsing package is not loaded by a query that names no speaker (start-up).
    from ...parsing import same_person

    return same_person.forms_of(typed, pool) if pool else set()
