"""What the website widget needs from the server before anything is typed (served as
/webhooks/widget/config.json by channels/widget.py): the clinic's name and branding, the
first screen (what the assistant is, the emergency line, the privacy notice and policy link),
the emergency number for the offline notice, and the level headlines for result cards.

All of it is worded once, here or in twitchcare/render.py, never copied into widget.js; the
embed config (window.TwitchWidgetConfig) may override the title, colour, logo, greeting and
position, never the emergency line or the privacy notice.
"""

from __future__ import annotations

from typing import Any, Dict

from twitchcare import render
from twitchcare.clinic import Clinic

# "Twitch help" read like the streaming site; this says what it is about.
DEFAULT_TITLE = "Muscle twitching questions"


def widget_config(clinic: Clinic, emergency_number: str) -> Dict[str, Any]:
    intro, emergency, privacy = render.greeting_parts(clinic.name, emergency_number, clinic.retention_days)
    return {
        "clinicName": clinic.name,
        "title": DEFAULT_TITLE,
        "intro": intro,
        "emergency": emergency,
        "emergencyNumber": emergency_number,
        "privacy": privacy,
        "privacyUrl": clinic.privacy_url,
        "brandColor": clinic.brand_color,
        "logoUrl": clinic.logo_url,
        "levels": {level: render.level_headline(level, emergency_number) for level in render.LEVEL_HEADLINES},
        "headings": dict(render.TRIAGE_HEADINGS),
    }
