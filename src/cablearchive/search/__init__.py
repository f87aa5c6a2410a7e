"""The query language: a query string to an AST (pure) and the AST to a tantivy query."""

from cablearchive.search.query import QueryError, parse_query, to_query_string

__all__ = ["QueryError", "parse_query", "to_query_string"]
