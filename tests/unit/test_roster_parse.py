from evaluation import roles
from evaluation.roster import parse_roster


def sheet(name="第一党支部", sector="机关", parent=None, members=()):
    rows = {
        1: ("组织名称", name),
        2: ("组织类别", sector),
        3: ("上级组织", parent),
        4: (None, None),
        5: ("党员姓名", "角色（选填）"),
    }
    for offset, member in enumerate(members):
        rows[6 + offset] = member
    return rows


def test_a_good_roster():
    data, errors = parse_roster(sheet(members=[("甲", "书记"), ("乙", None), (None, None)]))
    assert errors == []
    assert data.organization == "第一党支部" and data.sector == "机关" and data.parent is None
    assert data.members == [("甲", "党支部书记"), ("乙", None)]  # the role by its own name


def test_errors_name_their_rows_and_nothing_is_returned():
    data, errors = parse_roster(
        sheet(
            sector="工厂", members=[("甲", None), ("甲", None), (None, "书记"), ("丙" * 51, None)]
        )
    )
    assert data is None
    assert any(e.startswith("第2行") and "工厂" in e for e in errors)
    assert any(e.startswith("第7行") and "第6行" in e for e in errors)
    assert any(e.startswith("第8行") for e in errors)
    assert any(e.startswith("第9行") for e in errors)


def test_a_file_that_is_not_the_template_is_refused():
    data, errors = parse_roster({1: ("姓名", "张三")})
    assert data is None and errors[0].startswith("第1行")


def test_parent_cannot_be_itself():
    _, errors = parse_roster(sheet(parent="第一党支部"))
    assert any(e.startswith("第3行") for e in errors)


def test_commitments_in_row_4_and_column_c_and_their_limits_by_row():
    rows = sheet(members=[("甲", "书记", "带头学习\n\n结对帮扶 2 户"), ("乙", None, None)])
    rows[4] = ("本组织公开承诺（选填）", "年内办实事 3 件")
    data, errors = parse_roster(rows)
    assert errors == []
    assert data.members == [("甲", "党支部书记"), ("乙", None)]  # the role by its own name
    # A blank cell is not an empty list: 乙's commitments stay as they are.
    assert data.commitments == {None: ["年内办实事 3 件"], "甲": ["带头学习", "结对帮扶 2 户"]}

    rows = sheet(members=[("甲", None, "\n".join(["一"] * 11)), ("乙", None, "长" * 101)])
    rows[4] = ("本组织公开承诺（选填）", "短")
    data, errors = parse_roster(rows)
    assert data is None
    assert [e.split("：")[0] for e in errors] == ["第6行", "第7行"]
    assert "最多 10 项" in errors[0] and "不超过 100 字" in errors[1]


def test_roles_by_their_names_and_aliases_and_an_unknown_one_by_row():
    written = [
        ("甲", "支书"),
        ("乙", "组织委员"),
        ("丙", "领导干部"),
        ("丁", "普通党员"),
        ("戊", " 支 委"),
    ]
    data, errors = parse_roster(sheet(members=written))
    assert errors == []
    assert [role for _, role in data.members] == [
        "党支部书记",
        "党支部委员",
        "党员领导干部",
        None,
        "党支部委员",
    ]
    # Any other word is kept as written (shown beside the name) and counts as a 党员.
    data, errors = parse_roster(sheet(members=[("甲", "党小组长")]))
    assert errors == [] and data.members == [("甲", "党小组长")]
    assert roles.category("党小组长") == roles.MEMBER == roles.category(None)
    assert roles.category("党支部委员") == roles.COMMITTEE
