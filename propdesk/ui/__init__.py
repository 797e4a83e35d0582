"""The Qt widgets GUI: the only package that imports PySide6.

``session.Session`` carries the services, the logged-in user and the one ``changed`` signal;
``main_window.MainWindow`` composes the tabs (``tabs/``), the intake form and order window
(``dialogs/``), and the reference-data pages (``base_data/``). Table models live in
``models/``.
"""
