"""The papers as the paper and slip tests expect them: each page's size, and how many pages a
print of so many copies takes."""

from __future__ import annotations

from propdesk.domain.enums import PaperMode

SIZES_MM = {
    PaperMode.A4X2: (210.0, 297.0),
    PaperMode.A4: (210.0, 297.0),
    PaperMode.A5: (210.0, 148.0),
    PaperMode.CONT_241X140: (241.0, 140.0),
    PaperMode.CONT_241X279: (241.0, 279.0),
    PaperMode.OVERLAY: (241.0, 140.0),  # the program's own form; the layout file sets the page
}
#: (paper, copies, pages of one slip)
PAGES = [
    (PaperMode.A4X2, 4, 2),
    (PaperMode.A4X2, 3, 2),
    (PaperMode.A4, 4, 4),
    (PaperMode.A4, 3, 3),
    (PaperMode.A5, 4, 4),
    (PaperMode.A5, 3, 3),
    (PaperMode.CONT_241X140, 4, 1),
    (PaperMode.CONT_241X140, 3, 1),
    (PaperMode.CONT_241X279, 4, 1),
    (PaperMode.CONT_241X279, 3, 1),
]
