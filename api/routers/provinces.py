"""``/provinces``: the province-level units in force on a day (63 before the 2025 merger, 34 after)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.schemas import IsoDay, Provinces
from ontology import reference

router = APIRouter(tags=["lookup"])


def provinces_on(day: date | None) -> dict[str, Any]:
    """The units in force on ``day`` (before the merger when no day is given)."""
    units = reference.units_at(day)
    return {"as_of": day.isoformat() if day else None, "count": len(units),
            "units": [{"name": name, "former": list(former)} for name, former in units]}


@router.get("/provinces", response_model=Provinces, summary="Province-level units in force on a day")
async def provinces(at: Annotated[IsoDay | None, Query(description="The day, YYYY-MM-DD (default: before the "
                                                        "merger of 1-7-2025).",
                                                        openapi_examples={"d": {"value": "2025-08-01"}})] = None) -> Any:
    """The 63 provinces and cities before 1-7-2025, or the 34 from then on, each with the former units it took in."""
    return provinces_on(at)
