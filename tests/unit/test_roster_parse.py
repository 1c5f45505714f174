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
    assert data.members == [("甲", "书记"), ("乙", None)]


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
