"""What every main-window tab shares: it hears each broadcast ``Changes`` and decides whether
to reload; a hidden tab only marks itself stale and reloads when shown.

``LazyTabPage`` is for the tabs whose content is costly to build or pulls in heavy modules
(QtCharts, openpyxl): the main window creates them empty and they build their content just
before they are first shown, so start-up pays only for the tab the user sees."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from propdesk.domain.records import Changes

from ..session import Session


class TabPage(QWidget):
    """Base of the tabs; subclasses implement ``reload`` and may narrow ``wants``."""

    title = ""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.stale = True
        self.built = True
        session.changed.connect(self._on_changes)
        session.ticked.connect(self._on_tick)

    def ensure_built(self) -> None:
        """Build the content now if it was deferred (see ``LazyTabPage``)."""

    def prepare(self) -> None:
        """Build and load this tab while it is hidden, in the idle time after the window's
        first paint, so that its first show only paints. For the register at 200,000 orders
        that first show took 55-58 ms (CPU 49-54 ms) against the 50 ms budget; prepared, 38 ms
        (CPU 36 ms; ``benchmarks/run.py --only gui``, idle machine). A change before the show marks it stale again."""
        if self.isVisible() or not self.stale:
            return
        self.ensure_built()
        self.stale = False
        self.reload()

    def wants(self, changes: Changes) -> bool:
        """Whether ``changes`` affect what this tab shows (default: any order changed)."""
        return bool(changes.order_ids)

    def reload(self) -> None:
        raise NotImplementedError

    def on_tick(self, now: datetime) -> None:
        """The minute timer: recolour deadlines (no reload needed)."""

    def refresh(self) -> None:
        """Reload now if visible, else when next shown."""
        if self.isVisible():
            self.stale = False
            self.reload()
        else:
            self.stale = True

    def _on_changes(self, changes: Changes) -> None:
        if self.wants(changes):
            self.refresh()

    def _on_tick(self, now: datetime) -> None:
        if self.isVisible():
            self.on_tick(now)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.stale:
            self.stale = False
            self.reload()
        else:
            self.on_tick(self.session.now())


class LazyTabPage(TabPage):
    """A tab whose content ``build()`` makes on first need: when first shown, or when
    ``ensure_built()`` is called (the main window's ``show_tab`` does). The main window passes
    ``lazy=True``; otherwise (a tab made on its own) the subclass calls ``ensure_built()`` at
    the end of its ``__init__``, once its own fields are set, so it is complete at once."""

    def __init__(
        self, session: Session, parent: QWidget | None = None, *, lazy: bool = False
    ) -> None:
        super().__init__(session, parent)
        self.built = False

    def build(self) -> None:
        raise NotImplementedError

    def ensure_built(self) -> None:
        if not self.built:
            self.built = True
            self.build()

    def setVisible(self, visible: bool) -> None:  # noqa: N802 (Qt override)
        # before Qt shows the children: what build() adds is shown with the page
        if visible:
            self.ensure_built()
        super().setVisible(visible)
