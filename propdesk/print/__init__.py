"""Printing: records in, PDF bytes out (ReportLab).

Import the modules you need, e.g. ``from propdesk.print import slip``. This package file stays
empty on purpose so that importing it does not load ReportLab or register fonts; that happens
on the first render.
"""
