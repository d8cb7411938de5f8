"""Full-text search over a case's documents: the query language (query.py), and ranked hits with
their snippet, page and place (hits.py). The index itself lives in the store (store/search_index.py)."""
