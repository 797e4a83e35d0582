"""Persistence: peewee models, the connection, migrations and every query of the program."""
