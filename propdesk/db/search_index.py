"""The register's search index (SQLite): every order's searchable text in FTS5 with the
trigram tokenizer, kept in step with ``work_order`` by triggers inside the writing
transaction.

What is searched: number, caller, phone, location, description, unit code and 备注, lower-cased
(ASCII) and joined with a separator no one types, plus two separators at the end. So every
occurrence of a 1- or 2-character string is the *start* of some stored trigram, which gives
short queries their own exact path:

- 3+ characters: the query's trigrams (all of them) in the FTS index, then (for more than
  three characters) ``instr`` on the stored text to confirm the substring (``detail=none``
  keeps the index small and quick to build; it stores no positions, so the trigrams' order
  is checked by ``instr``).
- 1–2 characters (two-character names such as 张三 are the commonest search): the trigram
  tokenizer makes no token of them (and on SQLite 3.40 a LIKE against the trigram table
  silently finds nothing), so the index's own vocabulary (``fts5vocab``) lists the trigrams
  that begin with the query and the FTS index finds the rows holding any of them.

PostgreSQL has no such table: the caller falls back to ``ILIKE`` (see ``register_query``).
A SQLite without FTS5 does the same.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from peewee import SQL, Database, Expression, NodeList, SqliteDatabase

TEXT_TABLE = "order_search_text"
FTS_TABLE = "order_search"
VOCAB_TABLE = "order_search_vocab"
#: ASCII unit separator between fields: never typed, so no match spans two fields.
SEP = "\x1f"
_TRIGGERS = ("order_search_ai", "order_search_au", "order_search_ad", "order_search_unit")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

_available: weakref.WeakKeyDictionary[Database, bool] = weakref.WeakKeyDictionary()


def text_of(
    number: str,
    caller: str,
    phone: str,
    location: str,
    description: str,
    unit_code: str,
    remark: str = "",
) -> str:
    """An order's searchable text as the triggers store it (for bulk loads that write the
    texts themselves; ``_text_sql`` is the same in SQL)."""
    parts = (number, caller, phone, location, description, unit_code, remark)
    return (SEP.join(parts) + SEP + SEP).translate(_ASCII_LOWER)


def _text_sql(o: str, unit_code: str, remark: bool = True) -> str:
    """SQL for the searchable text of the order row ``o`` (a table alias, NEW or OLD);
    without ``remark`` as schema version 4 built it (before orders had a 备注)."""
    parts = [
        f"COALESCE({o}.{c}, '')"
        for c in ("number", "caller_name", "phone", "location", "description")
    ]
    parts.append(f"COALESCE({unit_code}, '')")
    if remark:
        parts.append(f"COALESCE({o}.remark, '')")
    return "lower(" + " || char(31) || ".join(parts) + " || char(31) || char(31))"


def _unit_of(o: str) -> str:
    return f"(SELECT code FROM unit WHERE id = {o}.unit_id)"


_WATCHED = ("number", "caller_name", "phone", "location", "description", "unit_id")


def _trigger_sql(remark: bool) -> tuple[str, ...]:
    watched = (*_WATCHED, "remark") if remark else _WATCHED
    return (
        f"""CREATE TRIGGER IF NOT EXISTS order_search_ai AFTER INSERT ON work_order BEGIN
          INSERT INTO {TEXT_TABLE} (id, text) VALUES (NEW.id, {_text_sql("NEW", _unit_of("NEW"), remark)});
          INSERT INTO {FTS_TABLE} (rowid, text)
            SELECT id, text FROM {TEXT_TABLE} WHERE id = NEW.id;
        END""",
        f"""CREATE TRIGGER IF NOT EXISTS order_search_au
          AFTER UPDATE OF {", ".join(watched)} ON work_order
          WHEN {" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in watched)} BEGIN
          INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, text)
            SELECT 'delete', id, text FROM {TEXT_TABLE} WHERE id = OLD.id;
          INSERT OR REPLACE INTO {TEXT_TABLE} (id, text)
            VALUES (NEW.id, {_text_sql("NEW", _unit_of("NEW"), remark)});
          INSERT INTO {FTS_TABLE} (rowid, text)
            SELECT id, text FROM {TEXT_TABLE} WHERE id = NEW.id;
        END""",
        f"""CREATE TRIGGER IF NOT EXISTS order_search_ad AFTER DELETE ON work_order BEGIN
          INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, text)
            SELECT 'delete', id, text FROM {TEXT_TABLE} WHERE id = OLD.id;
          DELETE FROM {TEXT_TABLE} WHERE id = OLD.id;
        END""",
        # a renamed unit: its orders' texts carry the new code
        f"""CREATE TRIGGER IF NOT EXISTS order_search_unit AFTER UPDATE OF code ON unit
          WHEN NEW.code IS NOT OLD.code BEGIN
          INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, text)
            SELECT 'delete', t.id, t.text FROM {TEXT_TABLE} t
            WHERE t.id IN (SELECT id FROM work_order WHERE unit_id = NEW.id);
          UPDATE {TEXT_TABLE} SET text = (
              SELECT {_text_sql("o", "NEW.code", remark)} FROM work_order o WHERE o.id = {TEXT_TABLE}.id)
            WHERE id IN (SELECT id FROM work_order WHERE unit_id = NEW.id);
          INSERT INTO {FTS_TABLE} (rowid, text)
            SELECT t.id, t.text FROM {TEXT_TABLE} t
            WHERE t.id IN (SELECT id FROM work_order WHERE unit_id = NEW.id);
        END""",
    )


def install(db: Database, remark: bool = True) -> bool:
    """Create the index, its triggers and fill it for the orders already stored (a
    migration step; safe to repeat). Returns whether SQLite offers FTS5 with trigrams."""
    if not isinstance(db, SqliteDatabase):
        return False
    try:
        db.execute_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(text, "
            f"content='{TEXT_TABLE}', content_rowid='id', "
            "tokenize='trigram case_sensitive 1', detail='none')"
        )
    except Exception as exc:  # no FTS5 or no trigram tokenizer (SQLite < 3.34)
        if "no such module" in str(exc) or "tokenizer" in str(exc):
            _available[db] = False
            return False
        raise
    db.execute_sql(
        f"CREATE TABLE IF NOT EXISTS {TEXT_TABLE} (id INTEGER PRIMARY KEY, text TEXT NOT NULL)"
    )
    db.execute_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCAB_TABLE} USING fts5vocab({FTS_TABLE}, 'row')"
    )
    create_triggers(db, remark)
    catch_up(db, remark)
    _available[db] = True
    return True


def available(db: Database) -> bool:
    """Whether ``db`` has the index (checked once per database object)."""
    found = _available.get(db)
    if found is None:
        found = isinstance(db, SqliteDatabase) and bool(
            db.execute_sql(
                "SELECT COUNT(*) FROM sqlite_master WHERE name IN (?, ?)",
                (FTS_TABLE, TEXT_TABLE),
            ).fetchone()[0]
            == 2
        )
        _available[db] = found
    return found


def create_triggers(db: Database, remark: bool = True) -> None:
    for sql in _trigger_sql(remark):
        db.execute_sql(sql)


def drop_triggers(db: Database) -> None:
    for name in _TRIGGERS:
        db.execute_sql(f"DROP TRIGGER IF EXISTS {name}")


def catch_up(db: Database, remark: bool = True) -> int:
    """Index what a bulk load without triggers left out: texts of the orders that have none
    (returns how many; a load may also write the texts itself), then the FTS index — built
    in one pass when it is empty, else given the texts it lacks."""
    db.execute_sql("CREATE TEMP TABLE IF NOT EXISTS search_new (id INTEGER PRIMARY KEY)")
    db.execute_sql("DELETE FROM temp.search_new")
    db.execute_sql(
        f"""INSERT INTO temp.search_new (id) SELECT o.id FROM work_order o
            WHERE NOT EXISTS (SELECT 1 FROM {TEXT_TABLE} t WHERE t.id = o.id)"""
    )
    added = int(db.execute_sql("SELECT COUNT(*) FROM temp.search_new").fetchone()[0])
    if added:
        db.execute_sql(
            f"""INSERT INTO {TEXT_TABLE} (id, text)
                SELECT o.id, {_text_sql("o", "u.code", remark)}
                FROM temp.search_new n JOIN work_order o ON o.id = n.id
                LEFT JOIN unit u ON u.id = o.unit_id ORDER BY o.id"""
        )
    db.execute_sql("DROP TABLE temp.search_new")
    indexed = db.execute_sql(f"SELECT COUNT(*) FROM {FTS_TABLE}_docsize").fetchone()[0]
    if not indexed:
        db.execute_sql(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")
    elif indexed < db.execute_sql(f"SELECT COUNT(*) FROM {TEXT_TABLE}").fetchone()[0]:
        db.execute_sql(
            f"""INSERT INTO {FTS_TABLE} (rowid, text) SELECT id, text FROM {TEXT_TABLE}
                WHERE id NOT IN (SELECT id FROM {FTS_TABLE}_docsize) ORDER BY id"""
        )
    return added


def reindex(db: Database) -> None:
    """Rebuild every order's text and the FTS index with the triggers as defined now (a
    migration step after the searched fields changed); nothing when there is no index."""
    if not available(db):
        return
    drop_triggers(db)
    db.execute_sql(f"DELETE FROM {TEXT_TABLE}")
    create_triggers(db)
    catch_up(db)
    db.execute_sql(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('rebuild')")


@contextmanager
def suspended(db: Database) -> Iterator[None]:
    """For a bulk load (inside its transaction): no per-row index upkeep while loading,
    then every new order indexed in one pass."""
    if not available(db):
        yield
        return
    drop_triggers(db)
    yield
    create_triggers(db)
    catch_up(db)


def normalize(text: str) -> str:
    """The query as stored text is compared: trimmed, ASCII lower-cased, no separators."""
    return text.strip().replace(SEP, "").translate(_ASCII_LOWER)


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _all_trigrams(q: str) -> str:
    """The FTS query of the rows holding every trigram of ``q`` (3+ characters)."""
    trigrams = dict.fromkeys(q[i : i + 3] for i in range(len(q) - 2))
    return " AND ".join(_quote(t) for t in trigrams)


def matching_ids(text: str) -> SQL | None:
    """A parenthesized subquery of the ids of the orders whose text contains ``text``
    (``None`` for a blank query). Only for a database where ``available`` is true."""
    q = normalize(text)
    if not q:
        return None
    if len(q) == 3:  # one trigram: the index alone is exact
        return SQL(f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)", [_quote(q)])
    if len(q) > 3:
        expr = _all_trigrams(q)
        return SQL(
            f"(SELECT t.id FROM {FTS_TABLE} f JOIN {TEXT_TABLE} t ON t.id = f.rowid "
            f"WHERE {FTS_TABLE} MATCH ? AND instr(t.text, ?) > 0)",
            [expr, q],
        )
    # 1–2 characters: the stored trigrams that start with them, found in the vocabulary
    return SQL(
        f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ("
        f"SELECT COALESCE(group_concat('\"' || replace(term, '\"', '\"\"') || '\"', ' OR '), "
        f"'\"\"') FROM {VOCAB_TABLE} WHERE term >= ? AND term < ? || char(1114111)))",
        [q, q],
    )


#: A query matching more orders than this is "broad" (see ``is_broad``). Measured on the
#: benchmark's 200,000 orders: looking matches up costs about 4 µs each (their rows lie
#: scattered over the file: 2,434 of them, 10 ms of CPU), while walking the newest orders
#: ends within a few thousand when the matches are spread over the years (the same query:
#: 4 ms) and at worst, matches all in the oldest year, reads the whole date index (20 ms).
#: Counting to ``BROAD`` costs a narrow 3+ character query 2–4 ms of CPU (2024001, 1,000
#: matches: page and count 9 → 13 ms); a broad one saves 6–40 ms (卫生间: 51 → 7 ms).
BROAD = 1000


def is_broad(db: Database, text: str) -> bool:
    """Whether a query matches many orders, counted no further than ``BROAD``: for 1–2
    characters an upper bound (the vocabulary's document counts of the trigrams that begin
    with it), for 3+ the orders holding all of its trigrams. A broad query's page is best
    found walking the newest orders and stopping at the page's end; a narrow one by looking
    up its matches."""
    q = normalize(text)
    if not q:
        return False
    if len(q) >= 3:
        n = db.execute_sql(
            f"SELECT COUNT(*) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ? "
            "LIMIT ?)",
            (_all_trigrams(q), BROAD + 1),
        ).fetchone()[0]
    else:
        n = db.execute_sql(
            f"SELECT COALESCE(SUM(doc), 0) FROM {VOCAB_TABLE} "
            "WHERE term >= ? AND term < ? || char(1114111)",
            (q, q),
        ).fetchone()[0]
    return int(n) > BROAD


def condition(id_column: Any, text: str, walk: bool = False) -> Expression | None:
    """``id_column IN (matching_ids(text))``; with ``walk`` the id column is wrapped so that
    SQLite checks each row it walks against the matches instead of looking the matches up."""
    sub = matching_ids(text)
    if sub is None:
        return None
    column = NodeList((SQL("+"), id_column), glue="") if walk else id_column
    return column.in_(sub)  # type: ignore[no-any-return]


def count(db: Database, text: str) -> int:
    """How many orders contain ``text`` (from the index alone)."""
    sub = matching_ids(text)
    if sub is None:
        return 0
    return int(db.execute_sql(f"SELECT COUNT(*) FROM {sub.sql}", sub.params).fetchone()[0])
