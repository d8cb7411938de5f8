"""How a case is named by the people who use it.

Case names are unique only among the cases one user can see (with logins), so a name alone may
stand for several cases in the whole store. A case is addressed by its name, resolved among the
cases the caller may see, or as `NAME#ID` (its name, `#`, its number) where that caller sees more
than one case of that name. A name that matches none of the visible cases reads exactly as a case
that does not exist (`missing_case`), so nobody learns of a case they may not see.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Connection, Select, select

from nerpipe.errors import CaseError, CaseNotFoundError
from nerpipe.store.schema import cases

#: "Harbor#12": the case numbered 12, named Harbor.
_REF = re.compile(r"(?P<name>.+)#(?P<id>[0-9]{1,18})", re.DOTALL)


def case_ref(name: str, case_id: int) -> str:
    """The form that names one case whatever other cases bear its name."""
    return f"{name}#{case_id}"


def split_ref(given: str) -> tuple[str, int | None]:
    """(name, id) of `NAME#ID`; (given, None) for a plain name."""
    found = _REF.fullmatch(given)
    return (found["name"], int(found["id"])) if found else (given, None)


def is_ref_form(name: str) -> bool:
    """Whether a name ends in `#` and a number, the form kept for naming a case by its number."""
    return _REF.fullmatch(name) is not None


def matching_cases(connection: Connection, given: str, *, among: Select | None = None) -> list[tuple[int, str]]:
    """(id, name) of each case `given` names: the case `NAME#ID` numbers, else those named `given`;
    `among`, a query of case ids, limits them to those (the cases a user can see)."""
    query = select(cases.c.id, cases.c.name).order_by(cases.c.id)
    if among is not None:
        query = query.where(cases.c.id.in_(among))
    name, number = split_ref(given)
    if number is not None:
        found = connection.execute(query.where(cases.c.id == number, cases.c.name == name)).first()
        if found is not None:
            return [(found.id, found.name)]
    return [(row.id, row.name) for row in connection.execute(query.where(cases.c.name == given))]


def resolve_case(connection: Connection, given: str, *, among: Select | None = None) -> tuple[int, str]:
    """(id, name) of the one case `given` names among those seen; a clear error for none or several."""
    found = matching_cases(connection, given, among=among)
    if not found:
        raise missing_case(given)
    if len(found) > 1:
        raise ambiguous_case(given, [case_id for case_id, _ in found])
    return found[0]


def missing_case(name: str) -> CaseNotFoundError:
    """The error for a case that does not exist, word for word the one a user who is not its
    member gets (nerpipe.auth.access), so the answer does not tell the two apart."""
    return CaseNotFoundError(f"No case named '{name}': create it first (nerpipe case create '{name}').")


def ambiguous_case(name: str, case_ids: Iterable[int]) -> CaseError:
    """Only ever raised among cases the caller may see, so it reveals nothing they could not list."""
    choices = " or ".join(f"'{case_ref(name, case_id)}'" for case_id in case_ids)
    return CaseError(f"Several cases you can see are named '{name}': say which one, as {choices}.")


def case_labels(rows: Iterable[tuple[int, str]]) -> dict[int, str]:
    """Case id -> what to call it among these cases: its name, or `NAME#ID` where the name is
    shared, so each label names one case (a picker's options, the CLI's list)."""
    rows = list(rows)
    counts = Counter(name for _, name in rows)
    return {case_id: name if counts[name] == 1 else case_ref(name, case_id) for case_id, name in rows}
