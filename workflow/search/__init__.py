"""Finding cases: the lists' queries, the text search and its indexes."""
