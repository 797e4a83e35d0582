"""propdesk — 物业前台报事报修派工系统."""

__version__ = "0.1.0"
