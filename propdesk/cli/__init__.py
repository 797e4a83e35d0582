"""The command line: thin commands over the services (``propdesk --help``)."""
