"""Loading generated demo orders, on two cores when there are many: the older share is
generated and written by this process while a child process does the newer share into a
scratch SQLite file. Once this process has committed its orders, the child copies them into
the scratch file too and builds the orders' indexes there, while this process builds the
search index of all orders; the merge then copies the orders with their indexes as they are
(SQLite's transfer into an empty table), the other rows after this process's, whose indexes
are built once over everything.

Either way the result is the same for the same seed: the halves have their own random
streams, order ids and numbers are fixed before the split, and the child's dispatch ids are
moved up to follow the first half's on merging. (返修 marks look back within each half only.)
"""

from __future__ import annotations

import multiprocessing
import random
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import Any

from peewee import Database

from propdesk.db import bulk, search_index
from propdesk.db.connection import db_path, write_transaction
from propdesk.db.derived_events import derive_events
from propdesk.db.models import Dispatch, DispatchStaff, MaterialLineRow, Order, Visit
from propdesk.domain.deadlines import TimeRules

from .demo_orders import Clock, Generated, OrderGenerator, Pools

#: From this many orders a second process generates the newer share of them.
PARALLEL_FROM = 20_000
#: The older share, generated here: this process also indexes all search texts while the
#: child indexes all orders (measured: both processes then reach the merge together).
OLDER_SHARE = 0.55
#: What a load writes (their indexes are built once, after it).
TABLES = ("work_order", "dispatch", "dispatch_staff", "material_line", "visit", "order_event")


@dataclass(frozen=True)
class Share:
    """One half of the orders: its random stream, receive times and where its ids and
    numbers start."""

    seed: int
    times: list[int]  # seconds on the demo's clock
    first_id: int
    first_dispatch_id: int
    seq_by_year: dict[int, int]

    def generate(self, rules: TimeRules, pools: Pools, clock: Clock) -> Generated:
        gen = OrderGenerator(self.seed, rules, pools)
        return gen.generate(
            self.times, clock, self.first_id, self.first_dispatch_id, self.seq_by_year
        )


def write(db: Database, g: Generated, first_id: int, texts: bool) -> None:
    """Insert generated orders (ids above ``first_id``) with their rows, search texts (when
    ``texts``: the database has a search index) and derived timelines, in the caller's
    transaction."""
    bulk.insert(db, Order, g.orders)
    write_rest(db, g, first_id, texts)


def write_rest(db: Database, g: Generated, first_id: int, texts: bool) -> None:
    """``write`` but for the orders themselves (already written)."""
    bulk.insert(db, Dispatch, g.dispatches)
    bulk.insert(db, DispatchStaff, g.dispatch_staff)
    bulk.insert(db, MaterialLineRow, g.materials)
    bulk.insert(db, Visit, g.visits)
    if texts:
        bulk.insert_rows(db, search_index.TEXT_TABLE, ("id", "text"), g.texts)
    derive_events(db, first_id)


@dataclass(frozen=True)
class _ChildJob:
    share: Share
    rules: TimeRules
    pools: Pools
    clock: Clock
    path: str
    schemas: list[str]
    main_path: str
    order_indexes: list[str]
    staff_columns: list[str]
    staff: list[tuple[Any, ...]]


def _child(job: _ChildJob, texts_out: Connection, older_in: Connection) -> None:
    """The child process: its half into the scratch file, its search texts handed straight
    to the parent (which indexes them while this process writes); then, once the parent
    has committed the older orders, those too and the orders' indexes over all of them,
    which the merge copies as they are."""
    db = bulk.scratch_database(job.path, job.schemas)
    bulk.insert_rows(db, "staff", job.staff_columns, job.staff)
    g = job.share.generate(job.rules, job.pools, job.clock)
    # sent from a thread: the parent reads them only when done writing its own half, and
    # until then a pipe's buffer holds a few kilobytes (measured: a blocking send stalled
    # this process for a second)
    data = ForkingPickler.dumps(g.texts)
    sender = threading.Thread(target=_send, args=(texts_out, data), name="propdesk-texts")
    sender.start()
    with db.atomic():
        write(db, g, job.share.first_id, texts=False)
    del g
    try:
        older_in.recv()
    except EOFError:
        return  # the parent gave up
    db.execute_sql("ATTACH DATABASE ? AS parent", (job.main_path,))
    with db.atomic():
        # lower ids than this file's: a plain copy (no index yet, so SQLite transfers them)
        db.execute_sql('INSERT INTO "work_order" SELECT * FROM parent."work_order"')
        for sql in job.order_indexes:
            db.execute_sql(sql)
    db.execute_sql("DETACH DATABASE parent")
    db.close()
    sender.join()


def _send(out: Connection, data: Any) -> None:
    out.send_bytes(data)  # blocks outside the GIL until the parent reads
    out.close()


def _after(seqs: dict[int, int], times: list[int], clock: Clock) -> dict[int, int]:
    out = dict(seqs)
    for year, n in Counter(clock.year(t) for t in times).items():
        out[year] = out.get(year, 0) + n
    return out


def load(
    db: Database,
    rules: TimeRules,
    pools: Pools,
    clock: Clock,
    times: list[int],
    seed: int,
    spare_core: Callable[[], object] | None = None,
) -> dict[int, int]:
    """Generate and write orders received at ``times``; returns the last sequence number
    per year. Runs its own transactions (``unjournaled_load`` around it). ``spare_core`` is
    called when a second process no longer runs (work for the other core meanwhile: the
    merge and indexes use one)."""
    rng = random.Random(seed)
    first_id = bulk.max_id(db, "work_order")
    first_dispatch = bulk.max_id(db, "dispatch")
    seqs = bulk.counters(db)
    # this process also indexes every search text while the child writes: it takes less
    k = int(len(times) * OLDER_SHARE)
    older = Share(rng.randrange(2**31), times[:k], first_id, first_dispatch, seqs)
    newer_seed, newer_seqs = rng.randrange(2**31), _after(seqs, times[:k], clock)
    path = db_path(db)
    texts = search_index.available(db)
    child = None
    if len(times) >= PARALLEL_FROM and path is not None and texts:
        scratch = f"{path}.demo-part"
        staff_rows = db.execute_sql('SELECT * FROM "staff"')
        staff_columns = [d[0] for d in staff_rows.description]
        job = _ChildJob(
            Share(newer_seed, times[k:], first_id + k, 0, newer_seqs),
            rules,
            pools,
            clock,
            scratch,
            bulk.table_schemas(db),
            str(path),
            bulk.index_sql(db, "work_order"),
            staff_columns,
            list(staff_rows.fetchall()),
        )
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        texts_in, texts_out = context.Pipe(duplex=False)
        older_in, older_out = context.Pipe(duplex=False)
        child = context.Process(  # type: ignore[attr-defined]
            target=_child, args=(job, texts_out, older_in), name="propdesk-demo"
        )
        child.start()
        texts_out.close()  # the child's end: a child that dies before sending gives EOFError
        older_in.close()
    deferred = bulk.deferred_indexes(db, TABLES)
    try:
        g = older.generate(rules, pools, clock)
        if child is None:
            with write_transaction(db):
                deferred.drop()
                write(db, g, first_id, texts)
        else:
            with write_transaction(db):
                deferred.drop()
                bulk.insert(db, Order, g.orders)
            older_out.send(True)  # committed: the child copies these orders and indexes them
            older_out.close()
            with write_transaction(db):
                write_rest(db, g, first_id, texts)
                # while the child writes its half: the search index of all orders (the
                # child's texts come first, its rows with the merge)
                try:
                    newer_texts = texts_in.recv()
                except EOFError:
                    child.join()
                    raise RuntimeError(
                        f"demo generator process failed ({child.exitcode})"
                    ) from None
                bulk.insert_rows(db, search_index.TEXT_TABLE, ("id", "text"), newer_texts)
                del newer_texts
                search_index.catch_up(db)
        dispatch_offset = first_dispatch + len(g.dispatches)
        if child is None:
            if spare_core is not None:
                spare_core()
            newer = Share(newer_seed, times[k:], first_id + k, dispatch_offset, newer_seqs)
            with write_transaction(db):
                write(db, newer.generate(rules, pools, clock), first_id + k, texts)
                deferred.rebuild()
        else:
            child.join()
            if child.exitcode != 0:
                raise RuntimeError(f"demo generator process failed ({child.exitcode})")
            if spare_core is not None:
                spare_core()
            bulk.attach_scratch(db, scratch)
            try:
                with write_transaction(db):
                    # all orders come from the scratch file with their indexes (built there
                    # while this process indexed the search texts): SQLite copies tables and
                    # indexes record by record into an empty table with the same indexes
                    db.execute_sql('DELETE FROM "work_order"')
                    deferred.rebuild(tables=("work_order",))
                    bulk.merge_scratch(db, dispatch_offset, texts=False)
                    deferred.rebuild()
            finally:
                bulk.detach_scratch(db, scratch)
    finally:
        if child is not None and child.is_alive():
            child.terminate()
    return _after(newer_seqs, times[k:], clock)
