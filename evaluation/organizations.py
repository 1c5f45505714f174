"""The organization tree (区委 → 党委 → 党支部): who sits under whom."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession

from storage import organizations as organization_repo
from storage.models import Organization


class OrganizationTree:
    """Every organization, loaded once; a district has hundreds, not millions."""

    def __init__(self, organizations: Iterable[Organization]) -> None:
        self.by_id = {o.id: o for o in organizations}
        self._children: dict[int | None, list[int]] = {}
        for organization in sorted(self.by_id.values(), key=lambda o: o.name):
            parent = organization.parent_id if organization.parent_id in self.by_id else None
            self._children.setdefault(parent, []).append(organization.id)

    def children(self, organization_id: int | None) -> list[int]:
        return list(self._children.get(organization_id, []))

    def subtree(self, organization_id: int) -> list[int]:
        """The organization and everything below it, parents before children."""
        order, stack = [], [organization_id]
        while stack:
            node = stack.pop()
            if node in order:  # a cycle in old data must not hang us
                continue
            order.append(node)
            stack.extend(reversed(self.children(node)))
        return order

    def ancestors(self, organization_id: int) -> list[int]:
        """The organization itself, then its parent, up to the top."""
        chain: list[int] = []
        node: int | None = organization_id
        while node is not None and node in self.by_id and node not in chain:
            chain.append(node)
            node = self.by_id[node].parent_id
        return chain

    def in_tree_order(self, root_id: int, campaigns: list) -> list:
        """Campaigns sorted as their organizations stand under ``root_id``: parents first."""
        order = {o: i for i, o in enumerate(self.subtree(root_id))}
        return sorted(campaigns, key=lambda c: order.get(c.organization_id, len(order)))

    def depth(self, organization_id: int) -> int:
        return len(self.ancestors(organization_id)) - 1

    def name(self, organization_id: int) -> str:
        return self.by_id[organization_id].name


async def load_tree(session: AsyncSession) -> OrganizationTree:
    return OrganizationTree(await organization_repo.all_organizations(session))
