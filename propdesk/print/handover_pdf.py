"""Draw the 交接班记录 with ReportLab platypus (tables that break across pages)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .fonts import ensure_fonts
from .handover import FollowUpPart, HandoverLine, HandoverSection
from .handover_followups import follow_up_flowables
from .handover_table import OVERDUE_RED, titled_part
from .paper import MM

BODY = 8.5
COLUMNS = (
    ("编号", 22),
    ("状态", 13),
    ("受理时间", 19),
    ("报修人", 15),
    ("房号/位置", 25),
    ("联系电话", 23),
    ("类别", 22),
    ("紧急", 10),
    ("维修人员", 27),
    ("时限", 28),
    ("问题描述", 0),  # takes the rest
)


@dataclass(frozen=True)
class HandoverDoc:
    office: str
    project: str
    day: date
    now: datetime
    printed_by: str
    shift: str
    notes: str
    summary: str
    sections: tuple[HandoverSection, ...]
    follow_up: FollowUpPart | None = None  # 交接班回访跟进记录


def _style(font: str, size: float = BODY, **kw: object) -> ParagraphStyle:
    options: dict[str, object] = {"leading": size * 1.3, "wordWrap": "CJK", **kw}
    return ParagraphStyle("h", fontName=font, fontSize=size, **options)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    """Plain text as a paragraph; ideographic spaces kept (the parser would collapse them)."""
    markup = escape(text).replace("\n", "<br/>").replace("\u3000", "&#160;&#160;&#160;")
    return Paragraph(markup, style)


def _cells(line: HandoverLine, style: ParagraphStyle, red: ParagraphStyle) -> list[Paragraph]:
    texts = (
        line.number,
        line.status.label,
        f"{line.received_at:%m-%d %H:%M}",
        line.caller_name,
        line.place,
        line.phone,
        line.category_name,
        line.urgency_name,
        line.staff,
        line.due,
    )
    cells = [_p(t, style) for t in texts]
    if line.overdue:
        cells[-1] = _p(line.due, red)
    return [*cells, _p(line.description, style)]


def _section_table(
    section: HandoverSection, font: str, width: float, number: int
) -> list[Flowable]:
    """A section's table; its title is a spanned first row so that it repeats, with the column
    heads, on every page the table continues on."""
    style = _style(font)
    red = _style(font, textColor=OVERDUE_RED)
    rows = [_cells(line, style, red) for line in section.lines]
    heading = _style(font, BODY * 1.25)
    head = _style(font, alignment=1)
    return titled_part(f"{number}、{section.title}", COLUMNS, rows, _p, heading, head, font, width)


def _closing(doc: HandoverDoc, font: str, width: float) -> Flowable:
    style = _style(font, BODY * 1.1)
    label = _style(font, BODY * 1.1, alignment=1)
    notes = _p(doc.notes, style) if doc.notes else Spacer(1, 18 * MM)
    table = Table(
        [[_p("交接事项", label), notes]],
        colWidths=[22 * MM, width - 22 * MM],
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
                ("BACKGROUND", (0, 0), (0, 0), colors.Color(0.9, 0.9, 0.9)),
                ("VALIGN", (0, 0), (0, 0), "MIDDLE"),
                ("VALIGN", (1, 0), (1, 0), "TOP"),
            ]
        ),
    )
    sign = _p(
        "交班人（签字）：＿＿＿＿＿＿＿＿　　接班人（签字）：＿＿＿＿＿＿＿＿　　"
        "交接时间：＿＿＿＿年＿＿月＿＿日＿＿时＿＿分",
        _style(font, BODY * 1.15),
    )
    return KeepTogether([table, Spacer(1, 6 * MM), sign])


def build_pdf(doc: HandoverDoc) -> bytes:
    font = ensure_fonts()
    buffer = io.BytesIO()
    page_w, page_h = landscape(A4)
    margin = 12 * MM
    title = f"交接班记录 {doc.day:%Y-%m-%d}"
    template = SimpleDocTemplate(
        buffer,
        pagesize=(page_w, page_h),
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin + 4 * MM,
        title=title,
        author="propdesk",
        creator="propdesk",
        subject=title,
        invariant=1,
        initialFontName=font,
        initialFontSize=BODY,
    )
    width = page_w - 2 * margin - 12  # the frame keeps 6 pt padding on each side
    heading = _style(font, 16, alignment=1, leading=22)
    sub = _style(font, BODY * 1.15)
    facts = [f"项目：{doc.project}", f"日期：{doc.day:%Y-%m-%d}"]
    if doc.shift:
        facts.append(f"班次：{doc.shift}")
    facts.append(f"打印：{doc.printed_by} {doc.now:%Y-%m-%d %H:%M}")
    story: list[Flowable] = [
        _p(f"{doc.office} 交接班记录", heading),
        Spacer(1, 2 * MM),
        _p("　　".join(facts), sub),
        Spacer(1, 1 * MM),
        _p(doc.summary, sub),
        Spacer(1, 4 * MM),
    ]
    for n, section in enumerate(doc.sections, start=1):
        story += _section_table(section, font, width, n)
    if doc.follow_up is not None:
        story += follow_up_flowables(
            doc.follow_up,
            _p,
            _style(font),
            _style(font, alignment=1),
            _style(font, BODY * 1.25),
            font,
            width,
            len(doc.sections) + 1,
        )
    story.append(_closing(doc, font, width))

    def footer(canvas: Canvas, _doc: object) -> None:
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.drawRightString(
            page_w - margin, margin - 2 * MM, f"{title}　第 {canvas.getPageNumber()} 页"
        )
        canvas.restoreState()

    template.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
