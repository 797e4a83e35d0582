"""peewee models, all reaching their database through ``database``: the one proxy that
``connection.open_database`` points at the database it opened (the last one opened, in a
process that opens several: a backup check, a test). Query code that needs the database
itself (its kind, raw SQL) asks ``current_database()``; nothing keeps anything of a database
beyond it.

Times are naive local datetimes stored with seconds; money is integer fen; enum columns
store the enum's English code.
"""

from __future__ import annotations

from peewee import (
    SQL,
    BooleanField,
    CharField,
    CompositeKey,
    Database,
    DatabaseProxy,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

#: The open database (``connection.open_database`` sets it).
database = DatabaseProxy()


def use_database(db: Database) -> None:
    """Point every model at ``db`` (``open_database`` does, for the database it opens)."""
    database.initialize(db)


def current_database() -> Database:
    """The database ``open_database`` opened last (``RuntimeError`` before any)."""
    if database.obj is None:
        raise RuntimeError("no database is open")
    return database.obj


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class SchemaInfo(BaseModel):
    key = CharField(primary_key=True, max_length=64)
    value = TextField()


class Department(BaseModel):
    name = CharField(unique=True, max_length=64)
    active = BooleanField(default=True)
    sort = IntegerField(default=0)


class Staff(BaseModel):
    name = CharField(max_length=64)
    department = ForeignKeyField(Department, null=True, backref="staff", on_delete="RESTRICT")
    phone = CharField(max_length=32, default="")
    is_technician = BooleanField(default=True)
    active = BooleanField(default=True)


class User(BaseModel):
    username = CharField(unique=True, max_length=64)
    display_name = CharField(max_length=64)
    role = CharField(max_length=32)
    password_hash = TextField(default="")
    staff = ForeignKeyField(Staff, null=True, on_delete="SET NULL")
    active = BooleanField(default=True)
    must_change_password = BooleanField(default=False)
    failed_logins = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    created_at = DateTimeField()


class UrgencyLevel(BaseModel):
    name = CharField(unique=True, max_length=32)
    arrive_minutes = IntegerField(null=True)
    resolve_minutes = IntegerField()
    is_emergency = BooleanField(default=False)
    sort = IntegerField(default=0)
    active = BooleanField(default=True)

    class Meta:
        # the register sorted by urgency walks the levels in this order
        indexes = ((("sort",), False),)


class Category(BaseModel):
    name = CharField(max_length=64)
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="RESTRICT")
    kind = CharField(max_length=16)
    matter_type = CharField(max_length=32, null=True)
    default_department = ForeignKeyField(Department, null=True, on_delete="SET NULL")
    default_urgency = ForeignKeyField(UrgencyLevel, null=True, on_delete="SET NULL")
    active = BooleanField(default=True)
    sort = IntegerField(default=0)

    class Meta:
        # (name): the register sorted by category walks categories in name order
        indexes = ((("parent", "name"), True), (("name",), False))


class Unit(BaseModel):
    code = CharField(unique=True, max_length=32)
    building = CharField(max_length=16, default="")
    entrance = CharField(max_length=16, default="")
    room = CharField(max_length=16, default="")
    owner_name = CharField(max_length=64, default="")
    phone = CharField(max_length=32, default="")
    phone2 = CharField(max_length=32, default="")
    note = TextField(default="")
    active = BooleanField(default=True)


class FeeItem(BaseModel):
    name = CharField(max_length=64)
    unit = CharField(max_length=16, default="次")
    labour_fen = IntegerField(default=0)
    material_fen = IntegerField(default=0)
    note = TextField(default="")
    active = BooleanField(default=True)
    sort = IntegerField(default=0)


# Foreign keys that lead a composite index, or are never filtered on (users are never deleted),
# carry no index of their own: fewer indexes keep writes and bulk loads fast.
class Order(BaseModel):
    number = CharField(unique=True, max_length=16)
    kind = CharField(max_length=16)
    matter_type = CharField(max_length=32, null=True)
    area_type = CharField(max_length=16)
    channel = CharField(max_length=16)
    status = CharField(max_length=16)
    status_since = DateTimeField()
    received_at = DateTimeField()
    receiver = ForeignKeyField(User, on_delete="RESTRICT", index=False)
    caller_name = CharField(max_length=64)
    phone = CharField(max_length=32)
    unit = ForeignKeyField(Unit, null=True, on_delete="RESTRICT", index=False)
    location = CharField(max_length=128, default="")
    category = ForeignKeyField(Category, on_delete="RESTRICT", index=False)
    description = TextField()
    urgency = ForeignKeyField(UrgencyLevel, on_delete="RESTRICT", index=False)
    appointment_at = DateTimeField(null=True)
    paid = BooleanField(default=False)
    material_source = CharField(max_length=16, default="centre")
    developer_warranty = BooleanField(default=False)
    department = ForeignKeyField(Department, null=True, on_delete="RESTRICT", index=False)
    staff_names = CharField(max_length=128, default="")
    due_at = DateTimeField(null=True)
    due_kind = CharField(max_length=16, null=True)
    dispatched_at = DateTimeField(null=True)
    arrive_due_at = DateTimeField(null=True)
    arrived_at = DateTimeField(null=True)
    completed_at = DateTimeField(null=True)
    slip_returned_at = DateTimeField(null=True)
    visited_at = DateTimeField(null=True)
    closed_at = DateTimeField(null=True)
    cancelled_at = DateTimeField(null=True)
    cancel_reason = TextField(default="")
    developer_note = TextField(default="")
    work_done = TextField(default="")
    labour_fen = IntegerField(default=0)
    material_fen = IntegerField(default=0)
    total_fen = IntegerField(default=0)
    fee_status = CharField(max_length=16, null=True)
    fee_paid_at = DateTimeField(null=True)
    receipt_no = CharField(max_length=64, default="")
    fee_note = TextField(default="")
    satisfaction = CharField(max_length=16, null=True)
    is_rework = BooleanField(default=False)
    reopen_count = IntegerField(default=0)
    # migration 6: the lifecycle paths of issue 11
    # (with database defaults, so rows written by plain INSERTs get them too)
    important = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])
    remark = TextField(default="", constraints=[SQL("DEFAULT ''")])
    price_review = CharField(max_length=16, null=True)
    price_reviewed_at = DateTimeField(null=True)
    declined_at = DateTimeField(null=True)
    decline_reason = TextField(default="", constraints=[SQL("DEFAULT ''")])
    developer_contact = CharField(max_length=128, default="", constraints=[SQL("DEFAULT ''")])
    developer_notified_at = DateTimeField(null=True)
    # the labour of the 收费标准 items the labour fee was made of, set at 完工 (a labour fee
    # other than it was typed: 待审价); null for orders completed before it was kept
    labour_listed_fen = IntegerField(null=True)
    version = IntegerField(default=1)
    created_at = DateTimeField()
    updated_at = DateTimeField()

    class Meta:
        table_name = "work_order"
        # Matched to the register (propdesk/db/register_query.py): a (filter, received_at)
        # pair serves a filter in the default newest-first order; a sort key's own index
        # (its rows in key, id order) is walked for any other order. (unit, location) serves
        # the unit filter and the 房号/位置 sort of common-area orders.
        indexes = (
            (("received_at", "id"), False),
            (("status", "received_at"), False),
            (("status",), False),
            (("category", "received_at"), False),
            (("category",), False),
            (("department", "received_at"), False),
            (("department",), False),
            (("urgency", "received_at"), False),
            (("urgency",), False),
            (("unit", "location"), False),
            (("caller_name",), False),
            (("total_fen",), False),
            (("kind", "area_type"), False),
            (("due_at",), False),
            (("completed_at",), False),
            (("paid", "received_at"), False),
        )


#: Open orders (the working set: a few hundred of 200,000) in the newest-first order, so
#: the register's 未完结 view and its count never pass over the closed ones.
CLOSED_STATES_SQL = "('cancelled', 'closed', 'declined')"
Order.add_index(
    Order.index(
        Order.received_at, where=SQL(f"status NOT IN {CLOSED_STATES_SQL}"), name="work_order_open"
    )
)


#: The orders the follow-up reminders read besides the open ones (issue 12), each a few of
#: 200,000: important orders (a closed one waits for its second visit), the prices waiting
#: for the 工程主管's review and the 报事 of a month (complaints before an open one, for 升级),
#: so the minute tick never walks the closed orders. Created by migration 7b (over columns
#: an older database gains only in migration 6).
REMINDER_INDEXES = (
    Order.index(
        Order.status,
        Order.closed_at,
        where=SQL("important"),
        name="work_order_important",
        safe=True,
    ),
    Order.index(
        Order.price_review,
        where=SQL("price_review IS NOT NULL"),
        name="work_order_price_review",
        safe=True,
    ),
    Order.index(
        Order.matter_type,
        Order.received_at,
        where=SQL("matter_type IS NOT NULL"),
        name="work_order_matter_type_received_at",
        safe=True,
    ),
)


class Dispatch(BaseModel):
    order = ForeignKeyField(Order, backref="dispatches", on_delete="RESTRICT", index=False)
    seq = IntegerField()
    dispatched_at = DateTimeField()
    dispatcher = ForeignKeyField(User, on_delete="RESTRICT", index=False)
    department = ForeignKeyField(Department, null=True, on_delete="RESTRICT", index=False)
    arrive_due_at = DateTimeField(null=True)
    arrived_at = DateTimeField(null=True)
    finished_at = DateTimeField(null=True)
    result = CharField(max_length=16, null=True)
    incomplete_reason = TextField(default="")
    new_appointment_at = DateTimeField(null=True)
    note = TextField(default="")

    class Meta:
        # (id, order): a technician's dispatches read their orders from this small index
        # instead of the wide rows (counting one technician's orders visits every dispatch)
        indexes = (
            (("order", "seq"), True),
            (("dispatched_at",), False),
            (("id", "order"), False),
        )


class DispatchStaff(BaseModel):
    dispatch = ForeignKeyField(Dispatch, backref="staff_links", on_delete="CASCADE", index=False)
    staff = ForeignKeyField(Staff, on_delete="RESTRICT", index=False)

    class Meta:
        primary_key = CompositeKey("dispatch", "staff")
        indexes = ((("staff", "dispatch"), False),)


class MaterialLineRow(BaseModel):
    order = ForeignKeyField(Order, backref="material_lines", on_delete="RESTRICT", index=False)
    line_no = IntegerField()
    name = CharField(max_length=64)
    quantity = CharField(max_length=32)  # Decimal as text, never float
    unit = CharField(max_length=16, default="")
    unit_price_fen = IntegerField()
    amount_fen = IntegerField()
    fee_item = ForeignKeyField(FeeItem, null=True, on_delete="SET NULL")
    # migration 6: a material the owner supplied is checked (合格/不合格/质量不佳)
    owner_supplied = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])
    check_result = CharField(max_length=16, null=True)
    check_note = TextField(default="", constraints=[SQL("DEFAULT ''")])

    class Meta:
        table_name = "material_line"
        indexes = ((("order", "line_no"), True),)


class Visit(BaseModel):
    order = ForeignKeyField(Order, backref="visits", on_delete="RESTRICT", index=False)
    visited_at = DateTimeField()
    method = CharField(max_length=16)
    visitor = ForeignKeyField(User, on_delete="RESTRICT", index=False)
    satisfaction = CharField(max_length=16)
    opinion = TextField(default="")
    reopened = BooleanField(default=False)
    follow_up = BooleanField(default=False)

    class Meta:
        indexes = ((("order", "visited_at"), False),)


class Outsourcing(BaseModel):
    """委外: the job handed to a specialist firm (seed 004 §4.1.2 C), and the firm's result."""

    order = ForeignKeyField(Order, backref="outsourcings", on_delete="RESTRICT", index=False)
    at = DateTimeField()
    firm = CharField(max_length=128)
    contact = CharField(max_length=128, default="")
    price_fen = IntegerField(null=True)
    arranged_by = ForeignKeyField(User, on_delete="RESTRICT", index=False)
    consent = BooleanField(default=False)
    result = TextField(default="")
    result_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("order", "at"), False),)


class OrderEventRow(BaseModel):
    order = ForeignKeyField(Order, backref="events", on_delete="RESTRICT", index=False)
    at = DateTimeField()
    user = ForeignKeyField(User, on_delete="RESTRICT", index=False)
    action = CharField(max_length=32)
    from_status = CharField(max_length=16, null=True)
    to_status = CharField(max_length=16)
    note = TextField(default="")

    class Meta:
        table_name = "order_event"
        indexes = ((("order", "at"), False),)


class SlipPrint(BaseModel):
    order = ForeignKeyField(Order, backref="prints", on_delete="RESTRICT")
    dispatch = ForeignKeyField(Dispatch, null=True, on_delete="RESTRICT")
    printed_at = DateTimeField()
    user = ForeignKeyField(User, on_delete="RESTRICT")
    paper = CharField(max_length=16)
    copies = IntegerField()
    reprint = BooleanField(default=False)

    class Meta:
        indexes = ((("order", "printed_at"), False),)


class Setting(BaseModel):
    key = CharField(primary_key=True, max_length=64)
    value = TextField()


class AuditLog(BaseModel):
    at = DateTimeField()
    user_id = IntegerField(null=True)
    username = CharField(max_length=64)
    workstation = CharField(max_length=64, default="")
    entity = CharField(max_length=32)
    entity_id = IntegerField(null=True)
    field = CharField(max_length=64)
    old_value = TextField(null=True)
    new_value = TextField(null=True)
    reason = TextField(default="")

    class Meta:
        indexes = ((("entity", "entity_id", "at"), False), (("at",), False))


class FollowUp(BaseModel):
    """跟进记录: one contact about an order (propdesk/domain/followup.py)."""

    order = ForeignKeyField(Order, backref="follow_ups", on_delete="RESTRICT", index=False)
    at = DateTimeField()
    user = ForeignKeyField(User, on_delete="RESTRICT", index=False)
    kind = CharField(max_length=16)
    result = CharField(max_length=16, null=True)
    text = TextField()
    next_at = DateTimeField(null=True)
    created_at = DateTimeField()

    class Meta:
        table_name = "follow_up"
        # (order, at): one order's log; (at): the handover sheet's notes of a shift
        indexes = ((("order", "at"), False), (("at",), False))


class NumberCounter(BaseModel):
    year = IntegerField(primary_key=True)
    last_seq = IntegerField(default=0)


ALL_MODELS: list[type[BaseModel]] = [
    SchemaInfo,
    Department,
    Staff,
    User,
    UrgencyLevel,
    Category,
    Unit,
    FeeItem,
    Order,
    Dispatch,
    DispatchStaff,
    MaterialLineRow,
    Visit,
    Outsourcing,
    OrderEventRow,
    SlipPrint,
    Setting,
    AuditLog,
    NumberCounter,
    FollowUp,
]
