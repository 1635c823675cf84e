"""Who may see and do what in the back office: one table of roles, one rule for units.

Admins and auditors see every unit (auditors only read); unit heads and
officers see their own unit. A record of a unit the officer may not see is
reported as not found, never as forbidden, so its existence does not leak.
"""

from dataclasses import dataclass

from core.errors import DomainError, NotFound
from core.i18n import N_

# Roles allowed to use each part of the back office.
CAPABILITIES: dict[str, frozenset[str]] = {
    "queue": frozenset({"admin", "unit_head", "officer", "auditor"}),
    "act": frozenset({"admin", "unit_head", "officer"}),
    "reports": frozenset({"admin", "unit_head", "auditor"}),
    "overdue": frozenset({"admin", "unit_head", "auditor"}),
    "population": frozenset({"admin", "unit_head"}),
    "accounts": frozenset({"admin"}),
    "audit": frozenset({"admin", "auditor"}),
    "publish": frozenset({"admin", "unit_head"}),
    "adopt": frozenset({"admin", "unit_head"}),
    # Enrolling a counter device makes its surveys count in the unit's index.
    "devices": frozenset({"admin", "unit_head"}),
    # The catalogue: every officer reads it (what citizens see anyway); a unit head edits
    # their own unit and the services it answers for; agencies, categories, new units and
    # the import and export of the whole catalogue are the administrator's.
    "catalogue": frozenset({"admin", "unit_head", "officer", "auditor"}),
    "catalogue_edit": frozenset({"admin", "unit_head"}),
    "catalogue_admin": frozenset({"admin"}),
    # The scheduled duties' page: who reads how they ran, and who may run one now.
    "duties": frozenset({"admin", "auditor"}),
    "duties_run": frozenset({"admin"}),
}
ALL_UNIT_ROLES = frozenset({"admin", "auditor"})


class Forbidden(DomainError):
    """The officer's role does not allow this."""

    message = N_("Peran Anda tidak mengizinkan tindakan ini.")


@dataclass(frozen=True)
class Principal:
    """The signed-in officer as the rules need them: id, role and unit."""

    officer_id: int
    role: str
    unit_id: int | None

    @property
    def all_units(self) -> bool:
        """True for roles that see every unit, unassigned tickets included."""
        return self.role in ALL_UNIT_ROLES


def can(principal: Principal, capability: str) -> bool:
    """Whether the role has the capability at all."""
    return principal.role in CAPABILITIES[capability]


def can_see_unit(principal: Principal, unit_id: int | None) -> bool:
    """Whether the officer may see records of the unit (None: not yet routed)."""
    if principal.all_units:
        return True
    return unit_id is not None and unit_id == principal.unit_id


def require(principal: Principal, capability: str, unit_id: int | None = None,
            *, any_unit: bool = False) -> None:
    """Raise Forbidden for a role without the capability, NotFound for a unit out of sight."""
    if not can(principal, capability):
        raise Forbidden(capability)
    if not any_unit and not can_see_unit(principal, unit_id):
        raise NotFound("unit")


def queue_scope(principal: Principal, unit_id: int | None = None,
                unassigned: bool = False) -> tuple[tuple[int, ...] | None, bool]:
    """(unit ids or None for every unit, only-unassigned) a queue may show this officer.

    Asking for a unit out of sight raises NotFound; so does asking for the
    unassigned tickets without seeing every unit.
    """
    require(principal, "queue", any_unit=True)
    if unassigned:
        require(principal, "queue", None)
        return None, True
    if unit_id is not None:
        require(principal, "queue", unit_id)
        return (unit_id,), False
    if principal.all_units:
        return None, False
    # A unit role always has a unit; without one it sees nothing rather than everything.
    return ((principal.unit_id,) if principal.unit_id is not None else ()), False
