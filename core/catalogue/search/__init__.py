"""Finding services: the words of a search (stems, typos, synonyms) and the database's index.

`services` keeps the index (service_search, FTS5 or tsvector) and ranks what
a citizen typed against it; `words` turns text into stems without the
database; `synonyms` is the table of other words citizens use.
"""
