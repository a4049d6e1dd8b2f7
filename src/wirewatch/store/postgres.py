"""The server store: the same schema and statements on PostgreSQL, selected by a ``postgresql://`` URL.

The rest of wirewatch speaks to ``store.db`` in the SQLite dialect (``?`` parameters, ``INSERT OR
IGNORE``/``OR REPLACE``, ``rowid``, ``LIKE`` without case, NULLs ordered first). :class:`PgConnection`
offers the same small interface (``execute``/``executemany`` returning a cursor whose rows are read
by column name or index) and rewrites each statement once into PostgreSQL:

- ``?`` becomes a server parameter; numbers and booleans are sent untyped, as SQLite takes them, so
  the server reads them as the column or expression they meet needs;
- ``INSERT OR IGNORE`` becomes ``ON CONFLICT DO NOTHING``; ``INSERT OR REPLACE`` becomes
  ``ON CONFLICT (primary key) DO UPDATE`` of every other column (the key comes from the migrations);
- ``LIKE`` becomes ``ILIKE`` (SQLite's LIKE ignores ASCII case), two-argument ``MIN``/``MAX`` become
  ``LEAST``/``GREATEST``, ``LIMIT -1`` means no limit, the reserved column name ``end`` is quoted;
- every ``ORDER BY`` term gets SQLite's NULL placement (first when ascending, last when descending);
- rows SQLite returns in an order it does not promise but the linker relies on keep that order: a
  look-up by primary key or rowid list comes back in key order, ``SELECT DISTINCT`` of a two-column
  key's second column in the order SQLite meets it; a grouped query's column that is neither grouped
  nor aggregated (SQLite takes any row's value) is read through ``MIN``;
- in the migrations, ``INTEGER`` becomes ``BIGINT``, ``REAL`` ``DOUBLE PRECISION``, ``BLOB`` ``BYTEA``,
  ``TEXT`` ``TEXT COLLATE "C"`` (byte order, as SQLite compares), ``AUTOINCREMENT`` keys identity
  columns, and an ordinary table gains a hidden ``rowid`` identity column (renewed on replace, as in
  SQLite; indexed, and added at the end of the table's other indexes as SQLite does); ``SELECT *``
  does not return it.

Concurrent writers are safe: every write transaction takes one advisory lock
(``pg_advisory_xact_lock``) right after ``BEGIN``, so writers are serialised exactly as SQLite's
``BEGIN IMMEDIATE`` serialises them, and readers never wait. Server errors are raised as the
``sqlite3`` exception classes (``IntegrityError``, ``OperationalError``, ``DatabaseError``) that
callers already catch. A migration that SQLite alone can run (FTS5 tables, triggers) gets its
PostgreSQL form in :data:`PG_MIGRATIONS` under the same number; without one, its SQLite-only
statements are left out on PostgreSQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from ..errors import StoreError
from .migrations import MIGRATIONS
from .sqlite import Store, _split_sql, utcnow

#: Key of the advisory lock every write transaction holds (any constant; 'wwst' in ASCII).
WRITE_LOCK_KEY = 0x77777374

#: Migrations whose SQLite SQL has no automatic PostgreSQL form, by number: their PostgreSQL SQL.
PG_MIGRATIONS: dict[int, str] = {}

#: Statements of a SQLite migration left out on PostgreSQL (their work is done by PG_MIGRATIONS or
#: by the PostgreSQL search fallback).
_SQLITE_ONLY = re.compile(r"^\s*(CREATE\s+VIRTUAL\s+TABLE|CREATE\s+TRIGGER|DROP\s+TRIGGER|PRAGMA)\b", re.I)


def is_postgres_url(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    user = f"{parts.username}:***@" if parts.username else ""
    return urlunsplit((parts.scheme, user + host, parts.path, parts.query, parts.fragment))


# -- rows and cursors ---------------------------------------------------------------------


class Row(tuple[Any, ...]):
    """A result row read by position or by column name, like ``sqlite3.Row``."""

    _names: tuple[str, ...]
    _index: dict[str, int]

    def __new__(cls, values: Iterable[Any], names: tuple[str, ...], index: dict[str, int]) -> Row:
        row = super().__new__(cls, values)
        row._names = names
        row._index = index
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                return tuple.__getitem__(self, self._index[key])
            except KeyError:
                lowered = key.lower()
                if lowered in self._index:
                    return tuple.__getitem__(self, self._index[lowered])
                raise IndexError(f"no item with that key: {key!r}") from None
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


def _row_factory(keep_rowid: bool) -> Callable[[Any], Callable[[Sequence[Any]], Any]]:
    def factory(cursor: Any) -> Callable[[Sequence[Any]], Any]:
        desc = cursor.description or []
        names = [d.name for d in desc]
        keep = [i for i, n in enumerate(names) if keep_rowid or n != "rowid"]
        kept = tuple(names[i] for i in keep)
        index = {n: i for i, n in reversed(list(enumerate(kept)))}
        if len(keep) == len(names):
            return lambda values: Row(values, kept, index)
        return lambda values: Row((values[i] for i in keep), kept, index)

    return factory


class PgCursor:
    """The part of ``sqlite3.Cursor`` wirewatch uses."""

    def __init__(self, cursor: Any) -> None:
        self._cur = cursor

    @property
    def rowcount(self) -> int:
        return int(self._cur.rowcount)

    @property
    def description(self) -> Any:
        return self._cur.description

    @property
    def lastrowid(self) -> None:
        return None

    def fetchone(self) -> Any:
        return self._cur.fetchone() if self._cur.description is not None else None

    def fetchall(self) -> list[Any]:
        return list(self._cur.fetchall()) if self._cur.description is not None else []

    def fetchmany(self, size: int = 1) -> list[Any]:
        return list(self._cur.fetchmany(size)) if self._cur.description is not None else []

    def __iter__(self) -> Iterator[Any]:
        if self._cur.description is None:
            return iter(())
        return iter(self._cur)

    def close(self) -> None:
        self._cur.close()


class PgConnection:
    """A PostgreSQL connection that takes wirewatch's SQLite statements (see the module docstring)."""

    def __init__(self, url: str) -> None:
        try:
            import psycopg
        except ImportError as exc:  # pragma: no cover - depends on the installation
            raise StoreError("PostgreSQL support needs psycopg: pip install 'wirewatch[postgres]'") from exc
        try:
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=15)
        except psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"cannot connect to PostgreSQL at {redact(url)}: {first}") from exc
        _register_untyped(self._conn)
        self.in_transaction = False

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        query, keep_rowid = translate(sql)
        cur = self._conn.cursor(row_factory=_row_factory(keep_rowid))
        with _as_sqlite_errors():
            cur.execute(query, _params(params))
        return PgCursor(cur)

    def executemany(self, sql: str, seq: Iterable[Sequence[Any]]) -> PgCursor:
        query, keep_rowid = translate(sql)
        cur = self._conn.cursor(row_factory=_row_factory(keep_rowid))
        rows = [tuple(p) for p in seq]
        if rows:
            with _as_sqlite_errors():
                cur.executemany(query, rows)
        return PgCursor(cur)

    def execute_native(self, sql: str, params: Sequence[Any] | None = None) -> PgCursor:
        """Run PostgreSQL SQL as written (``%s`` parameters)."""
        cur = self._conn.cursor(row_factory=_row_factory(True))
        with _as_sqlite_errors():
            cur.execute(sql, _params(params))
        return PgCursor(cur)

    def close(self) -> None:
        self._conn.close()


@contextmanager
def _as_sqlite_errors() -> Iterator[None]:
    """Raise server errors as the ``sqlite3`` exception classes callers already catch."""
    import sqlite3

    import psycopg

    try:
        yield
    except psycopg.errors.IntegrityError as exc:
        raise sqlite3.IntegrityError(_first_line(exc)) from exc
    except (psycopg.errors.UndefinedTable, psycopg.errors.UndefinedColumn, psycopg.errors.SyntaxError,
            psycopg.OperationalError) as exc:
        raise sqlite3.OperationalError(_first_line(exc)) from exc
    except psycopg.DatabaseError as exc:
        raise sqlite3.DatabaseError(_first_line(exc)) from exc


def _params(params: Sequence[Any] | None) -> tuple[Any, ...] | None:
    if params is None:
        return None
    if isinstance(params, dict):
        raise StoreError("named SQL parameters are not supported on PostgreSQL")
    return tuple(params)


def _register_untyped(conn: Any) -> None:
    """Send numbers and booleans as untyped literals: the server types them by where they are used."""
    from psycopg.adapt import Dumper

    class _IntDumper(Dumper):
        oid = 0

        def dump(self, obj: Any) -> bytes:
            return str(int(obj)).encode()

    class _FloatDumper(Dumper):
        oid = 0

        def dump(self, obj: Any) -> bytes:
            return repr(float(obj)).encode()

    conn.adapters.register_dumper(int, _IntDumper)
    conn.adapters.register_dumper(bool, _IntDumper)
    conn.adapters.register_dumper(float, _FloatDumper)


# -- the store ----------------------------------------------------------------------------


class PostgresStore(Store):
    """A wirewatch database on a PostgreSQL server (``postgresql://user[:password]@host[:port]/dbname``)."""

    def __init__(self, url: str) -> None:  # the SQLite constructor is not called
        self.url = url
        self.path = redact(url)
        self.db = PgConnection(url)  # type: ignore[assignment]
        try:
            self.migrate()
        except Exception as exc:
            self.db.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"cannot prepare database {self.path}: {_first_line(exc)}") from exc

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """One write transaction, holding the writers' lock; rolled back if anything inside raises."""
        db: PgConnection = self.db  # type: ignore[assignment]
        db.execute_native("BEGIN")
        try:
            db.execute_native("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
            yield db
        except BaseException:
            db.execute_native("ROLLBACK")
            raise
        else:
            db.execute_native("COMMIT")

    def migrate(self) -> int:
        """Apply the migrations not yet applied (one writer at a time); return the schema version.

        A database already up to date is only read (a user with read rights alone can open it)."""
        wanted = {number for number, _, _ in MIGRATIONS}
        db0: PgConnection = self.db  # type: ignore[assignment]
        if db0.execute_native("SELECT to_regclass('schema_version')").fetchone()[0] is not None:
            applied = {row[0] for row in db0.execute("SELECT version FROM schema_version")}
            if wanted <= applied:
                return max(applied, default=0)
        with self.transaction() as db:
            db.execute_native(
                "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, "
                'description TEXT COLLATE "C" NOT NULL, applied_at TEXT COLLATE "C" NOT NULL)'
            )
            applied = {row[0] for row in db.execute("SELECT version FROM schema_version")}
            for number, description, sql in sorted(MIGRATIONS):
                if number in applied:
                    continue
                for statement in migration_statements(number, sql):
                    db.execute_native(statement)
                db.execute("INSERT INTO schema_version VALUES (?, ?, ?)", (number, description, utcnow()))
                applied.add(number)
        return max(applied, default=0)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def migration_statements(number: int, sql: str) -> list[str]:
    """The PostgreSQL statements of migration ``number`` (hand-written, or translated from SQLite)."""
    if number in PG_MIGRATIONS:
        return _split_sql(PG_MIGRATIONS[number])
    out = []
    rowid_tables = _keys()[1]
    for statement in _split_sql(_strip_comments(sql)):
        if _SQLITE_ONLY.match(statement):
            continue
        out.append(translate_ddl(statement))
        m = _CREATE_TABLE.match(statement)
        if m and m.group(2).lower() in rowid_tables:  # rowid look-ups stay index look-ups
            out.append(f"CREATE UNIQUE INDEX {m.group(2)}_rowid ON {m.group(2)} (rowid)")
    return out


# -- translation --------------------------------------------------------------------------

_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*")


def _strip_comments(sql: str) -> str:
    return _TOKEN.sub(lambda m: "" if m.group(0).startswith("--") else m.group(0), sql)


def _protect(sql: str) -> tuple[str, list[str]]:
    """Replace string literals and quoted names by markers (comments dropped)."""
    saved: list[str] = []

    def keep(m: re.Match[str]) -> str:
        text = m.group(0)
        if text.startswith("--"):
            return " "
        saved.append(text)
        return f"\x00{len(saved) - 1}\x00"

    return _TOKEN.sub(keep, sql), saved


def _restore(sql: str, saved: list[str], escape_percent: bool) -> str:
    def put(m: re.Match[str]) -> str:
        text = saved[int(m.group(1))]
        return text.replace("%", "%%") if escape_percent else text

    return re.sub(r"\x00(\d+)\x00", put, sql)


def _matching(sql: str, open_at: int) -> int:
    """Index of the parenthesis closing the one at ``open_at``."""
    depth = 0
    for i in range(open_at, len(sql)):
        if sql[i] == "(":
            depth += 1
        elif sql[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    raise StoreError("unbalanced parentheses in SQL statement")


def _split_top(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


_TYPES = [
    (re.compile(r"^INTEGER\s+PRIMARY\s+KEY(\s+AUTOINCREMENT)?\b", re.I),
     "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"^INTEGER\b", re.I), "BIGINT"),
    (re.compile(r"^REAL\b", re.I), "DOUBLE PRECISION"),
    (re.compile(r"^BLOB\b", re.I), "BYTEA"),
    (re.compile(r"^TEXT\b", re.I), 'TEXT COLLATE "C"'),
]
_CONSTRAINT = re.compile(r"^\s*(PRIMARY\s+KEY|UNIQUE|FOREIGN\s+KEY|CHECK|CONSTRAINT)\b", re.I)
_CREATE_TABLE = re.compile(r"^\s*CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(\w+)\s*\(", re.I)
_CREATE_INDEX = re.compile(r"^\s*CREATE\s+INDEX\s+(IF\s+NOT\s+EXISTS\s+)?\w+\s+ON\s+(\w+)\s*\(([^)]*)", re.I)
_ADD_COLUMN = re.compile(r"^(\s*ALTER\s+TABLE\s+\w+\s+ADD\s+(?:COLUMN\s+)?\w+\s+)(.*)$", re.I | re.S)


def _column_type(definition: str) -> str:
    m = re.match(r"^(\s*)(\w+|\x00\d+\x00)(\s+)(.*)$", definition, re.S)
    if not m:
        return definition
    lead, name, space, rest = m.groups()
    return f"{lead}{name}{space}{_translate_type(rest)}"


def _translate_type(rest: str) -> str:
    """A column's type and constraints, the SQLite type named as PostgreSQL names it."""
    for pattern, replacement in _TYPES:
        if pattern.match(rest):
            return pattern.sub(replacement, rest, count=1)
    return rest


def translate_ddl(statement: str) -> str:
    """One SQLite schema statement in PostgreSQL (types, identity keys, the hidden ``rowid``)."""
    sql, saved = _protect(statement)
    m = _CREATE_TABLE.match(sql)
    if m:
        open_at = m.end() - 1
        close_at = _matching(sql, open_at)
        defs = _split_top(sql[open_at + 1 : close_at])
        tail = sql[close_at + 1 :]
        without_rowid = re.search(r"\bWITHOUT\s+ROWID\b", tail, re.I) is not None
        tail = re.sub(r"\bWITHOUT\s+ROWID\b", "", tail, flags=re.I)
        has_int_key = any(re.match(r"^\s*\w+\s+INTEGER\s+PRIMARY\s+KEY\b", d, re.I) for d in defs)
        new_defs = [d if _CONSTRAINT.match(d) else _column_type(d) for d in defs]
        if not without_rowid and not has_int_key:
            new_defs.append("\n    rowid BIGINT GENERATED BY DEFAULT AS IDENTITY")
        sql = sql[: open_at + 1] + ",".join(new_defs) + ")" + tail
    else:
        a = _ADD_COLUMN.match(sql)
        index = _CREATE_INDEX.match(sql)
        if a:
            sql = a.group(1) + _translate_type(a.group(2).lstrip())
        elif index and index.group(2).lower() in _keys()[1] and "rowid" not in index.group(3).lower():
            # an SQLite index ends with the rowid: (bucket) sorts by (bucket, rowid) too
            sql = f"{sql[: index.end(3)]}, rowid{sql[index.end(3):]}"
    sql = _quote_end(sql)
    return _restore(sql, saved, escape_percent=False).strip()


def _quote_end(sql: str) -> str:
    """Quote ``end`` where it names a column (not where it closes a CASE)."""
    depth = 0

    def swap(m: re.Match[str]) -> str:
        nonlocal depth
        word = m.group(0)
        if m.start() > 0 and sql[m.start() - 1] == ".":
            return '"end"'
        if word.lower() == "case":
            depth += 1
            return word
        if depth > 0:
            depth -= 1
            return word
        return '"end"'

    return re.sub(r"(?<![\w\"])\b(case|end)\b(?![\w\"])", swap, sql, flags=re.I)


@lru_cache(maxsize=1)
def _keys() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Primary keys by table, and the tables with a hidden rowid, read from the migrations."""
    keys: dict[str, tuple[str, ...]] = {}
    rowid_tables: set[str] = set()
    for _number, _description, sql in MIGRATIONS:
        for statement in _split_sql(_strip_comments(sql)):
            if _SQLITE_ONLY.match(statement):
                continue
            text, _saved = _protect(statement)
            m = _CREATE_TABLE.match(text)
            if not m:
                continue
            table = m.group(2).lower()
            close_at = _matching(text, m.end() - 1)
            defs = _split_top(text[m.end() : close_at])
            tail = text[close_at + 1 :]
            int_key = False
            for d in defs:
                pk = re.match(r"^\s*PRIMARY\s+KEY\s*\(([^)]*)\)", d, re.I)
                if pk:
                    keys[table] = tuple(c.strip().lower() for c in pk.group(1).split(","))
                    continue
                col = re.match(r"^\s*(\w+)\s+(\w+).*?\bPRIMARY\s+KEY\b", d, re.I | re.S)
                if col and not _CONSTRAINT.match(d):
                    keys[table] = (col.group(1).lower(),)
                    int_key = int_key or col.group(2).upper() == "INTEGER"
            if not re.search(r"\bWITHOUT\s+ROWID\b", tail, re.I) and not int_key:
                rowid_tables.add(table)
    return keys, frozenset(rowid_tables)


_INSERT_OR = re.compile(r"^\s*INSERT\s+OR\s+(IGNORE|REPLACE)\s+INTO\s+(\w+)\s*", re.I)


def _insert_or(sql: str) -> str:
    m = _INSERT_OR.match(sql)
    if not m:
        return sql
    action, table = m.group(1).upper(), m.group(2)
    body = sql[m.end() :]
    head = f"INSERT INTO {table} "
    if action == "IGNORE":
        return head + body.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"
    keys, rowid_tables = _keys()
    key = keys.get(table.lower())
    if not body.startswith("(") or key is None:
        raise StoreError(f"INSERT OR REPLACE INTO {table} needs a column list and a primary key on PostgreSQL")
    columns = [c.strip() for c in _split_top(body[1 : _matching(body, 0)])]
    sets = [f"{c} = EXCLUDED.{c}" for c in columns if c.lower() not in key]
    if table.lower() in rowid_tables:
        sets.append("rowid = DEFAULT")  # SQLite gives a replaced row a new rowid
    action_sql = f"DO UPDATE SET {', '.join(sets)}" if sets else "DO NOTHING"
    return head + body.rstrip().rstrip(";") + f" ON CONFLICT ({', '.join(key)}) {action_sql}"


def _least_greatest(sql: str) -> str:
    out, pos = [], 0
    for m in re.finditer(r"\b(MIN|MAX)\s*\(", sql, re.I):
        if m.start() < pos:
            continue
        close_at = _matching(sql, m.end() - 1)
        if len(_split_top(sql[m.end() : close_at])) > 1:
            out.append(sql[pos : m.start()])
            out.append("LEAST(" if m.group(1).upper() == "MIN" else "GREATEST(")
            pos = m.end()
    out.append(sql[pos:])
    return "".join(out)


_AGGREGATE = re.compile(
    r"\b(COUNT|SUM|AVG|MIN|MAX|TOTAL|GROUP_CONCAT|STRING_AGG|ARRAY_AGG|BOOL_OR|BOOL_AND)\s*\(", re.I)
_BARE = re.compile(r"^\s*((?:\w+\.)?(\w+|\x00\d+\x00))\s*(?:(?:AS\s+)?(\w+))?\s*$", re.I)


def _bare_columns(sql: str) -> str:
    """SQLite lets a grouped query select a column it neither groups nor aggregates (any row's value);
    PostgreSQL does not: such a column is read through ``MIN``."""
    m = re.match(r"^\s*SELECT\s+(DISTINCT\s+)?", sql, re.I)
    if not m:
        return sql
    depth, i, from_at, group_at = 0, m.end(), -1, -1
    while i < len(sql):
        ch = sql[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and (i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] == "_")):
            if from_at < 0 and re.match(r"FROM\b", sql[i:], re.I):
                from_at = i
            elif from_at >= 0 and re.match(r"GROUP\s+BY\b", sql[i:], re.I):
                group_at = i
                break
        i += 1
    if from_at < 0 or group_at < 0:
        return sql
    rest = sql[group_at:]
    g = re.match(r"GROUP\s+BY\s+", rest, re.I)
    assert g is not None
    depth, j = 0, g.end()
    while j < len(rest):
        ch = rest[j]
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and re.match(r"(HAVING|ORDER|LIMIT|OFFSET|WINDOW|UNION)\b|;", rest[j:], re.I) and \
                not (rest[j - 1].isalnum() or rest[j - 1] == "_"):
            break
        j += 1
    grouped = {t.strip().lower() for t in _split_top(rest[g.end() : j])}
    grouped |= {t.split(".")[-1] for t in grouped}
    items = []
    for item in _split_top(sql[m.end() : from_at]):
        bare = _BARE.match(item)
        if bare and not _AGGREGATE.search(item) and bare.group(1).lower() not in grouped \
                and bare.group(2).lower() not in grouped and bare.group(2) != "*":
            name = bare.group(3) or bare.group(2)
            items.append(f" MIN({bare.group(1)}) AS {name} ")
        else:
            items.append(item)
    return sql[: m.end()] + ",".join(items) + sql[from_at:]


_KEY_IN = re.compile(
    r"^\s*SELECT\s+(?P<distinct>DISTINCT\s+)?(?P<cols>.+?)\s+FROM\s+(?P<table>\w+)\s+WHERE\s+(?P<key>\w+)\s+IN\s*"
    r"\((?P<marks>[?,\s]+)\)(?P<rest>(?:\s+AND\s+[^()]*?)?)(?P<limit>\s+LIMIT\s+\S+)?\s*;?\s*$", re.I | re.S)


def _key_in_order(sql: str) -> str:
    """Order a key look-up (``WHERE key IN (...)`` on one table, no ORDER BY) as SQLite returns it: by the
    primary key it walks; ``SELECT DISTINCT`` of the key's second column in the order first met."""
    if re.search(r"\b(ORDER|GROUP)\s+BY\b", sql, re.I):
        return sql
    by_rowid = re.search(r"\bWHERE\s+((?:\w+\.)?rowid)\s+IN\s*\([?,\s]+\)", sql, re.I)
    if by_rowid:  # SQLite walks a rowid list in rowid order
        tail = re.search(r"\s+LIMIT\s+\S+\s*;?\s*$", sql, re.I)
        at = tail.start() if tail else len(sql.rstrip().rstrip(";"))
        return f"{sql[:at]} ORDER BY {by_rowid.group(1)}{sql[at:]}"
    m = _KEY_IN.match(sql)
    if not m or re.search(r"\bJOIN\b", sql, re.I):
        return sql
    key = _keys()[0].get(m.group("table").lower())
    column = m.group("key").lower()
    if not key or key[0] != column:
        return sql
    head = sql[: m.start("limit")] if m.group("limit") else sql[: m.end("rest")]
    limit = m.group("limit") or ""
    cols = m.group("cols").strip()
    if m.group("distinct"):
        if len(key) == 2 and cols.lower() == key[1]:
            head = head.replace(m.group(0)[: m.end("distinct") - m.start()], "SELECT ", 1)
            return f"{head} GROUP BY {cols} ORDER BY MIN({column}), {cols}{limit}"
        return sql
    return f"{head} ORDER BY {', '.join(key)}{limit}"


def _substr(sql: str) -> str:
    """``substr`` positions as ``int`` (PostgreSQL has no ``substr(text, bigint, bigint)``)."""
    out, pos = [], 0
    for m in re.finditer(r"\b(substr|substring)\s*\(", sql, re.I):
        if m.start() < pos:
            continue
        close_at = _matching(sql, m.end() - 1)
        args = _split_top(sql[m.end() : close_at])
        if len(args) < 2:
            continue
        out.append(sql[pos : m.end()])
        out.append(", ".join([args[0].strip()] + [f"({a.strip()})::int" for a in args[1:]]) + ")")
        pos = close_at + 1
    out.append(sql[pos:])
    return "".join(out)



def _null_order(sql: str) -> str:
    """Give every ORDER BY term SQLite's NULL placement."""
    out, pos = [], 0
    for m in re.finditer(r"\bORDER\s+BY\b", sql, re.I):
        if m.start() < pos:
            continue
        start = m.end()
        depth, end = 0, len(sql)
        i = start
        while i < len(sql):
            ch = sql[i]
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    end = i
                    break
                depth -= 1
            elif depth == 0:
                stop = re.match(r"(LIMIT|OFFSET)\b|;", sql[i:], re.I)
                if stop and (i == 0 or not (sql[i - 1].isalnum() or sql[i - 1] == "_")):
                    end = i
                    break
            i += 1
        terms = []
        for term in _split_top(sql[start:end]):
            stripped = term.strip()
            if re.search(r"\bNULLS\s+(FIRST|LAST)$", stripped, re.I):
                terms.append(stripped)
            elif re.search(r"\bDESC$", stripped, re.I):
                terms.append(stripped + " NULLS LAST")
            else:
                terms.append(stripped + " NULLS FIRST")
        out.append(sql[pos:start])
        out.append(" " + ", ".join(terms) + " ")
        pos = end
    out.append(sql[pos:])
    return "".join(out)


@lru_cache(maxsize=4096)
def translate(statement: str) -> tuple[str, bool]:
    """A SQLite statement as PostgreSQL SQL with ``%s`` parameters; and whether it selects ``rowid``."""
    sql, saved = _protect(statement)
    head = re.split(r"\bFROM\b", sql, maxsplit=1, flags=re.I)[0]
    keep_rowid = re.search(r"\browid\b", head, re.I) is not None
    sql = _insert_or(sql)
    sql = _key_in_order(sql)
    sql = _least_greatest(sql)
    sql = _substr(sql)
    sql = _bare_columns(sql)
    sql = _null_order(sql)
    sql = re.sub(r"\bIFNULL\s*\(", "COALESCE(", sql, flags=re.I)
    sql = re.sub(r"\b(NOT\s+)?LIKE\b", lambda m: (m.group(1) or "") + "ILIKE", sql, flags=re.I)
    sql = re.sub(r"\bLIMIT\s+-1\b", "LIMIT ALL", sql, flags=re.I)
    sql = _quote_end(sql)
    sql = sql.replace("%", "%%")
    sql = re.sub(r"\bLIMIT\s+\?", "LIMIT NULLIF(%s, -1)", sql, flags=re.I)
    sql = sql.replace("?", "%s")
    return _restore(sql, saved, escape_percent=True).strip(), keep_rowid


__all__ = ["PG_MIGRATIONS", "PgConnection", "PostgresStore", "Row", "is_postgres_url", "redact", "translate",
           "translate_ddl"]
