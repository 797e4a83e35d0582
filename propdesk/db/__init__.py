"""Persistence: peewee models, the connection, migrations and every query of the program."""

from .pg_driver import import_peewee

import_peewee()  # before any module of the package imports peewee: psycopg2 left out
