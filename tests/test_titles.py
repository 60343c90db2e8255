"""What a caption above a performance table names (readers.titles)."""
from __future__ import annotations

import pytest

from budgetpdf.readers.titles import project_name_from_title


@pytest.mark.parametrize("caption,name", [
    ("生猪(牛羊)调出大县奖励资金区域绩效目标表", "生猪(牛羊)调出大县奖励资金"),  # a transfer payment's
    ("2019年度宁晋县高中助学金项目绩效评价指标表", "宁晋县高中助学金项目"),
    ("附件:雾炮车抑尘降尘服务项目支出绩效目标表", "雾炮车抑尘降尘服务"),
    ("项目支出绩效目标表", None),
    ("东莞市司法局2026年项目支出绩效目标表", None),
])
def test_project_named_by_a_caption(caption, name):
    assert project_name_from_title(caption) == name
