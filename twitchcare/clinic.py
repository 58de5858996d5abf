"""The clinic profile (clinic/profile.yml plus environment overrides) and opening hours."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from datetime import tzinfo as TzInfo
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

import yaml

DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ENV_OVERRIDES = {
    "name": "CLINIC_NAME",
    "phone": "CLINIC_PHONE",
    "booking_url": "CLINIC_BOOKING_URL",
    "address": "CLINIC_ADDRESS",
    "timezone": "CLINIC_TIMEZONE",
    "emergency_number": "EMERGENCY_NUMBER",
    "webhook_url": "CLINIC_WEBHOOK_URL",
    "poison_control": "POISON_CONTROL",
    "crisis_line": "CRISIS_LINE",
    "privacy_url": "CLINIC_PRIVACY_URL",
    "brand_color": "CLINIC_BRAND_COLOR",
    "logo_url": "CLINIC_LOGO_URL",
}
# The website widget's colour: "#rrggbb" or "#rgb" (the widget picks a readable text colour).
COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
# Links the widget shows or loads: an http(s) address or a path on the assistant's server,
# never a javascript: or data: URL.
SAFE_URL = re.compile(r"^(?:https?://[^\s\"'<>]+|/(?!/)[^\s\"'<>]*)$")
# Said with the emergency number when poisoning or thoughts of self-harm come up, unless the
# profile names the clinic's own: real services, so the default is never a placeholder.
DEFAULT_POISON_CONTROL = "a poison control centre (US: 1-800-222-1222; UK: NHS 111; or your local poison line)"
DEFAULT_CRISIS_LINE = (
    "a crisis line, any time, day or night (US: call or text 988; UK and Ireland: Samaritans "
    "116 123; or your local crisis line)"
)


@dataclass(frozen=True)
class Clinic:
    name: str = "your clinic"
    phone: str = ""
    booking_url: str = ""
    address: str = ""
    timezone: str = "UTC"
    emergency_number: str = ""
    poison_control: str = DEFAULT_POISON_CONTROL
    crisis_line: str = DEFAULT_CRISIS_LINE
    languages: Tuple[str, ...] = ("en",)
    retention_days: int = 30
    webhook_url: str = ""
    # The clinic's privacy policy, linked from the widget's first screen and the greeting.
    privacy_url: str = ""
    # Website widget branding: its main colour and a logo (shown next to the clinic's name).
    brand_color: str = ""
    logo_url: str = ""
    opening_hours: Dict[str, List[Tuple[time, time]]] = field(default_factory=dict)

    def tzinfo(self) -> TzInfo:
        try:
            from zoneinfo import ZoneInfo

            return ZoneInfo(self.timezone)
        except Exception:  # unknown zone or no tz database: fall back to UTC, never crash
            return timezone.utc

    def is_open(self, now: Optional[datetime] = None) -> bool:
        local = (now or datetime.now(timezone.utc)).astimezone(self.tzinfo())
        return any(start <= local.time() < end for start, end in self.opening_hours.get(DAYS[local.weekday()], []))

    def next_opening(self, now: Optional[datetime] = None) -> Optional[datetime]:
        """When the clinic next opens (local time), within a week; None if it never opens."""
        local = (now or datetime.now(timezone.utc)).astimezone(self.tzinfo())
        for offset in range(0, 8):
            day = local + timedelta(days=offset)
            for start, _ in sorted(self.opening_hours.get(DAYS[day.weekday()], [])):
                candidate = day.replace(hour=start.hour, minute=start.minute, second=0, microsecond=0)
                if candidate > local:
                    return candidate
        return None


def _hours(raw: Mapping[str, Any]) -> Dict[str, List[Tuple[time, time]]]:
    out: Dict[str, List[Tuple[time, time]]] = {}
    for day, spans in (raw or {}).items():
        day = str(day).lower()
        if day not in DAYS:
            raise ValueError(f"opening_hours: unknown day {day!r}")
        out[day] = []
        for span in spans or []:
            start, end = (time.fromisoformat(part.strip()) for part in str(span).split("-"))
            out[day].append((start, end))
    return out


def load(path: Path, env: Mapping[str, str]) -> Clinic:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) if Path(path).exists() else {}
    raw = raw or {}
    for key, var in ENV_OVERRIDES.items():
        if env.get(var, "").strip():
            raw[key] = env[var].strip()
    if env.get("CLINIC_LANGUAGES", "").strip():
        raw["languages"] = [x.strip() for x in env["CLINIC_LANGUAGES"].split(",") if x.strip()]
    if env.get("RETENTION_DAYS", "").strip():
        raw["retention_days"] = env["RETENTION_DAYS"]
    for key in ("privacy_url", "logo_url"):
        if raw.get(key) and not SAFE_URL.match(str(raw[key]).strip()):
            raise ValueError(f"{key}: {raw[key]!r} is not an http(s) address or a /path")
    if raw.get("brand_color") and not COLOR.match(str(raw["brand_color"]).strip()):
        raise ValueError(f"brand_color: {raw['brand_color']!r} is not a colour like #2f5d50")
    return Clinic(
        name=str(raw.get("name") or "your clinic"),
        phone=str(raw.get("phone") or ""),
        booking_url=str(raw.get("booking_url") or ""),
        address=str(raw.get("address") or ""),
        timezone=str(raw.get("timezone") or "UTC"),
        emergency_number=str(raw.get("emergency_number") or ""),
        poison_control=str(raw.get("poison_control") or DEFAULT_POISON_CONTROL),
        crisis_line=str(raw.get("crisis_line") or DEFAULT_CRISIS_LINE),
        languages=tuple(raw.get("languages") or ("en",)),
        retention_days=int(raw.get("retention_days") or 30),
        webhook_url=str(raw.get("webhook_url") or ""),
        privacy_url=str(raw.get("privacy_url") or "").strip(),
        brand_color=str(raw.get("brand_color") or "").strip(),
        logo_url=str(raw.get("logo_url") or "").strip(),
        opening_hours=_hours(raw.get("opening_hours") or {}),
    )
