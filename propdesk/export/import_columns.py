"""The columns ``import-units`` and ``import-orders`` read, with the other names ledgers use
for them. Keys of the alias tables are normalised header text (see ``normalize_header``)."""

from __future__ import annotations

from .xlsx_read import normalize_header

#: Units (房屋台账): column -> other names.
UNIT_COLUMNS: dict[str, tuple[str, ...]] = {
    "楼栋": ("楼号", "楼栋号", "栋号", "幢号", "楼座"),
    "单元": ("单元号",),
    "房号": ("房间号", "房屋编号", "房屋", "门牌号", "户号", "房号(如3-2-1502)"),
    "业主姓名": ("业主", "住户", "住户姓名", "户主", "姓名", "客户姓名"),
    "联系电话": ("电话", "手机", "手机号", "手机号码", "联系方式", "业主电话"),
    "备用电话": ("电话2", "其他电话", "备用联系电话", "固定电话"),
    "备注": ("说明",),
}
UNIT_KEYS = ("房号",)

#: Past orders: column -> other names. The first group is the issue's list; the rest are
#: the 明细 sheet's extra columns the import also understands.
ORDER_COLUMNS: dict[str, tuple[str, ...]] = {
    "编号": ("工单编号", "单号", "派工单号", "no", "no."),
    "类型": ("工单类型", "报事类型"),
    "受理时间": ("报修时间", "报事时间", "登记时间", "接报时间", "受理日期"),
    "来源": ("来源渠道", "渠道"),
    "报修人": ("报事人", "报修人/报事人", "联系人", "客户姓名", "业主姓名"),
    "联系电话": ("电话", "手机", "联系方式"),
    "房号": ("房间号", "房屋编号", "门牌号"),
    "公区位置": ("位置", "地点", "报修位置", "公共部位"),
    "类别": ("报修类别", "分类", "报修项目"),
    "问题描述": ("报修内容", "报事内容", "内容", "描述", "故障描述"),
    "紧急程度": ("紧急", "缓急"),
    "预约时间": ("预约上门时间",),
    "派工时间": ("派单时间",),
    "维修人员": ("维修工", "处理人", "维修人", "处理人员"),
    "到达时间": ("到场时间",),
    "完成时间": ("完工时间", "维修完成时间"),
    "维修结果": ("处理结果", "结果"),
    "未完成原因": ("原因",),
    "人工费": ("人工费用",),
    "材料费": ("材料费用",),
    "收费状态": ("收费情况",),
    "回单时间": (),
    "回访时间": (),
    "回访方式": (),
    "评价": ("回访评价", "满意度"),
    "业主意见": ("客户意见", "意见"),
    # extra columns of the 明细 sheet
    "有偿": ("是否有偿", "有偿/无偿"),
    "材料提供": (),
    "开发商保修": ("是否开发商保修",),
    "处理部门": ("部门",),
    "维修内容": (),
    "收款时间": ("收款日期",),
    "收据号": ("收据编号",),
    "取消时间": (),
    "取消原因": (),
    "到场时限": ("到达时限",),
    "返修": ("是否返修",),
    "备注": ("说明",),
}
ORDER_KEYS = ("受理时间", "问题描述")
#: Columns a file of orders must have.
ORDER_REQUIRED = ("受理时间", "报修人", "联系电话", "类别", "问题描述")


def aliases(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Normalised header text -> column name."""
    out: dict[str, str] = {}
    for name, others in columns.items():
        for text in (name, *others):
            out.setdefault(normalize_header(text), name)
    return out


UNIT_ALIASES = aliases(UNIT_COLUMNS)
ORDER_ALIASES = aliases(ORDER_COLUMNS)
