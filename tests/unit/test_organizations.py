from evaluation.organizations import OrganizationTree
from storage.models import Organization


def tree(*rows: tuple[int, str, int | None]) -> OrganizationTree:
    return OrganizationTree(Organization(id=i, name=n, parent_id=p) for i, n, p in rows)


def test_subtree_ancestors_and_depth():
    t = tree(
        (1, "区委", None), (2, "党委A", 1), (3, "支部A1", 2), (4, "支部A2", 2), (5, "党委B", 1)
    )
    assert t.subtree(1) == [1, 2, 3, 4, 5]  # parents before children, siblings by name
    assert t.subtree(2) == [2, 3, 4]
    assert t.ancestors(3) == [3, 2, 1]
    assert [t.depth(o) for o in (1, 2, 3)] == [0, 1, 2]
    assert t.children(None) == [1]


def test_a_cycle_in_stored_data_does_not_hang():
    t = tree((1, "甲", 2), (2, "乙", 1))
    assert t.ancestors(1) == [1, 2]
    assert t.subtree(1) == [1, 2]  # each once: the walk ends
