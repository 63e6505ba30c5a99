"""One 案事件, one deduction (SPEC §4.2): which entry of each incident counts, and the room under the bases.

Among a unit's deductions sharing an incident exactly one counts. Over all the unit's incidents the
chosen entries are those that give the largest total deduction after every base (相关说明三: 以本办法
设定的扣分多的一方为准, and the bases are part of 本办法). Where choices tie on that total, the
incidents are taken in the order of their names and each keeps its most preferred entry (`Option.rank`:
larger nominal value, then the rule that comes first in the scheme, then the earlier date, then the note
in text order). Nothing depends on where an entry stands in the file.

The search is exact. It goes through the incidents one by one and keeps, for every distinct "room"
left under the bases, only the best partial choice: two partial choices with the same room have the
same best continuation, so the worse one can never win. The room is written down only where it can
still matter: a base that no remaining incident reaches, a base already full, and a base that the
remaining incidents can no longer fill drop out of it. Incidents in different places of the scheme
thus never multiply each other's choices; incidents that share no base that could fill up are
searched apart. A partial choice is also dropped when even its most hopeful continuation (each remaining
incident's best entry on today's room) falls short of a complete choice already known (the greedy one).
A unit of 10 incidents of 3 entries scores in a few milliseconds (tests/test_scoring.py).
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from .scheme import Limit

ZERO = Decimal(0)


def would_take(room: dict[Limit, Decimal], chain: tuple[Limit, ...], amount: Decimal) -> tuple[Decimal, Limit | None]:
    """What of `amount` would count under every limit of `chain` (innermost first), given the sums so far
    in `room`, and the limit whose room ran out, if one did: the last that cut the amount, since an inner
    cut that an outer one cuts again changes nothing."""
    stopped = None
    for limit in chain:
        left = limit.amount - room.get(limit, ZERO)
        if left < amount:
            amount, stopped = left, limit
    return amount, stopped


def take(room: dict[Limit, Decimal], chain: tuple[Limit, ...], amount: Decimal) -> tuple[Decimal, Limit | None]:
    """would_take, and the counted amount recorded in `room` at every level of the chain."""
    amount, stopped = would_take(room, chain, amount)
    for limit in chain:
        room[limit] = room.get(limit, ZERO) + amount
    return amount, stopped


class Option(NamedTuple):
    """One entry of an incident, as the search sees it."""

    index: int  # the entry's place in its incident (only to give the answer back)
    chain: tuple[Limit, ...]  # its rule's bases, innermost first
    nominal: Decimal
    rank: tuple  # preference where totals tie: smaller is preferred


def choose(incidents: list[list[Option]], room: dict[Limit, Decimal]) -> list[Option]:
    """The option that counts for each incident (given in name order), after the entries that always
    count have filled `room`. Incidents that meet under no base that could fill up do not change each
    other's deduction: each such family is searched on its own."""
    tree = _Tree([option.chain for options in incidents for option in options])
    reach = tree.reach(incidents)
    picked: dict[int, Option] = {}
    for family in _families(incidents, _could_fill(reach[0], room)):
        for k, option in zip(family, _search([incidents[k] for k in family], room, tree)):
            picked[k] = option
    return [picked[k] for k in range(len(incidents))]


class _Tree:
    """The bases above the options, as a tree: what the incidents can still add under each."""

    def __init__(self, chains: list[tuple[Limit, ...]]):
        self.children: dict[Limit, list[Limit]] = {}
        roots: set[Limit] = set()
        for chain in chains:
            for inner, outer in zip(chain, chain[1:]):
                kids = self.children.setdefault(outer, [])
                if inner not in kids:
                    kids.append(inner)
            if chain:
                roots.add(chain[-1])
        for kids in self.children.values():
            kids.sort()
        self.roots = sorted(roots)

    def reach(self, incidents: list[list[Option]]) -> list[dict[Limit, Decimal]]:
        """reach[k][limit]: the most incidents k… could still add under the limit. One option per incident,
        and never more than the items below let through: 二's items add up to 40, so 二 never fills."""
        reach: list[dict[Limit, Decimal]] = [{} for _ in range(len(incidents) + 1)]
        for k in range(len(incidents) - 1, -1, -1):
            direct: dict[Limit, Decimal] = {}  # the most an option of incidents k… adds right at the limit
            for options in incidents[k:]:
                most: dict[Limit, Decimal] = {}
                for option in options:
                    if option.chain:
                        first = option.chain[0]
                        most[first] = max(most.get(first, ZERO), min(option.nominal, first.amount))
                for limit, amount in most.items():
                    direct[limit] = direct.get(limit, ZERO) + amount
            found: dict[Limit, Decimal] = {}
            for root in self.roots:
                self._fill(root, direct, found)
            reach[k] = found
        return reach

    def _fill(self, limit: Limit, direct, found) -> Decimal:
        below = direct.get(limit, ZERO) + sum((self._fill(kid, direct, found) for kid in self.children.get(limit, ())),
                                              ZERO)
        found[limit] = below
        return min(below, limit.amount)



def _could_fill(reach: dict[Limit, Decimal], room: dict[Limit, Decimal]) -> set[Limit]:
    """The limits that the incidents could fill up, on top of what always counts."""
    return {limit for limit, amount in reach.items() if room.get(limit, ZERO) + amount > limit.amount}


def _watched(reach: list[dict[Limit, Decimal]], room: dict[Limit, Decimal]) -> list[tuple[Limit, ...]]:
    """Per step, the limits whose room can still matter: they could fill up, and some remaining incident
    reaches them."""
    could_fill = _could_fill(reach[0], room)
    return [tuple(sorted(limit for limit in could_fill if reach_k.get(limit, ZERO))) for reach_k in reach]


def _key(watched: tuple[Limit, ...], room: dict[Limit, Decimal], reach: dict[Limit, Decimal]) -> tuple:
    """The room that still matters: per watched limit, full (nothing more counts under it), open (it can
    no longer fill up, so its sum no longer matters) or the sum so far."""
    key = []
    for limit in watched:
        used = room.get(limit, ZERO)
        key.append(True if used >= limit.amount else False if used + reach[limit] <= limit.amount else used)
    return tuple(key)


def _families(incidents: list[list[Option]], could_fill: set[Limit]) -> list[list[int]]:
    """Incidents linked through a limit that could fill up (union-find), each family in name order."""
    parent = list(range(len(incidents)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    first_at: dict[Limit, int] = {}
    for k, options in enumerate(incidents):
        for option in options:
            for limit in option.chain:
                if limit in could_fill:
                    parent[root(k)] = root(first_at.setdefault(limit, k))
    families: dict[int, list[int]] = {}
    for k in range(len(incidents)):
        families.setdefault(root(k), []).append(k)
    return list(families.values())


def _search(incidents: list[list[Option]], room: dict[Limit, Decimal], tree: _Tree) -> list[Option]:
    """Exact: partial choices merged by the room that still matters, and dropped when even their most
    hopeful continuation falls short of a complete choice already known (the greedy one)."""
    reach = tree.reach(incidents)
    watched = _watched(reach, room)
    floor = _greedy(incidents, room)
    chains = sorted({option.chain for options in incidents for option in options})
    # partial choices by the room that still matters: (total counted so far, ranks picked, room)
    states = {_key(watched[0], room, reach[0]): (ZERO, (), room)}
    for k, options in enumerate(incidents):
        after: dict[tuple, tuple] = {}
        rest = incidents[k + 1:]
        for counted, picks, sums in states.values():
            for option in options:
                new_sums = dict(sums)
                gained, _ = take(new_sums, option.chain, option.nominal)
                candidate = (counted + gained, picks + (option.rank,), new_sums)
                key = _key(watched[k + 1], new_sums, reach[k + 1])
                kept = after.get(key)
                if kept is None or _better(candidate, kept):
                    after[key] = candidate
        states = {key: state for key, state in after.items() if state[0] + _hope(rest, chains, state[2]) >= floor}
    best = None
    for state in states.values():
        if best is None or _better(state, best):
            best = state
    return [next(o for o in options if o.rank == rank) for options, rank in zip(incidents, best[1])]


def _greedy(incidents: list[list[Option]], room: dict[Limit, Decimal]) -> Decimal:
    """The total of one complete choice: each incident in turn takes what counts most."""
    sums, total = dict(room), ZERO
    for options in incidents:
        best = max(options, key=lambda o: would_take(sums, o.chain, o.nominal)[0])
        total += take(sums, best.chain, best.nominal)[0]
    return total


def _hope(rest: list[list[Option]], chains: list[tuple[Limit, ...]], sums: dict[Limit, Decimal]) -> Decimal:
    """No continuation counts more than each remaining incident's best option on today's room: adding
    under the bases never makes room for more (the counted total is submodular). The room left along
    each chain of bases is worked out once (the options of many incidents share a rule's chain)."""
    left = {chain: min((limit.amount - sums.get(limit, ZERO) for limit in chain), default=None) for chain in chains}
    hope = ZERO
    for options in rest:
        hope += max(option.nominal if left[option.chain] is None else min(option.nominal, left[option.chain])
                    for option in options)
    return hope


def _better(a: tuple, b: tuple) -> bool:
    """More counted; on a tie, the preferred picks (incidents in name order)."""
    return a[0] > b[0] or (a[0] == b[0] and a[1] < b[1])
