"""Queries served on every request, compiled to SQL once per process."""

from django.db import connections

# Two values no constant of a query equals: compiled with each, the parameters that differ are
# where the query's value goes. Positive and within 32 bits: Django leaves out a condition a
# column's range always meets, such as a negative bound on a positive integer.
_MARKERS = (2_140_000_001, 2_140_000_002)


class CompiledQuery:
    """The rows of `build(value)`, a queryset that differs from one call to the next in one
    integer value alone, such as the page it is about, with its SQL compiled once per database.

    Django builds and compiles a queryset on every call. For a small query with window
    functions, which it wraps in subqueries, that took three times as long as running it.
    The rows come as the database driver gives them, without the conversions `values_list()`
    applies: for columns whose database values are what Python expects (numbers, text).
    """

    def __init__(self, build):
        self.build = build
        self._compiled_for = {}

    def rows(self, value, using):
        if value is None:
            # Django would compare with NULL, in SQL of its own.
            raise ValueError("A compiled query needs a value.")
        compiled = self._compiled_for.get(using)
        if compiled is None:
            compiled = self._compiled_for[using] = self._compile(using)
        sql, params, places = compiled
        params = list(params)
        for place in places:
            params[place] = int(value)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _compile(self, using):
        (sql, params), (other_sql, other_params) = (
            self.build(marker).query.get_compiler(using).as_sql() for marker in _MARKERS
        )
        if sql != other_sql:
            raise ValueError("The query's SQL changes with its value.")
        places = [
            place
            for place, (one, other) in enumerate(zip(params, other_params, strict=True))
            if one != other
        ]
        if not places or any(params[place] != _MARKERS[0] for place in places):
            raise ValueError("The query does not take its value as a parameter of its own.")
        return sql, params, places
