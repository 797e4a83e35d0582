"""Table models over domain records: no SQL and no service calls inside ``data()``."""
