"""The home-visit protocol themes (VIPP-SD) that a visit, a clip and a title card are about.

A visit's ``theme`` holds one of these keys; the clips of a feedback plan are grouped under
theme titles, which become the reel's title cards. Coded moments are mapped to a theme through
their code's group (the built-in VIPP-SD scheme's groups) or key.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfeedback.i18n import _


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    description: str


def _themes() -> dict[str, Theme]:
    items = [
        Theme("vipp.exploration_attachment", _("Exploration and attachment"),
              _("The child explores and comes back to the parent as a safe base.")),
        Theme("vipp.speaking_for_child", _("Speaking for the child"),
              _("Putting into words what the child might say or feel.")),
        Theme("vipp.sensitivity_chain", _("The sensitivity chain"),
              _("The child's signal, the parent's response, the child's reaction.")),
        Theme("vipp.sharing_emotions", _("Sharing emotions"),
              _("Positive and negative feelings, named and shared together.")),
        Theme("vipp.discipline_inductive", _("Explaining and distracting"),
              _("Sensitive discipline: inductive discipline and distraction.")),
        Theme("vipp.discipline_reinforcement", _("Praise and positive reinforcement"),
              _("Sensitive discipline: noticing and praising what goes well.")),
        Theme("vipp.discipline_time_out", _("Sensitive time-out"),
              _("Sensitive discipline: a calm pause when it gets too much.")),
        Theme("vipp.discipline_empathy", _("Empathy for the child"),
              _("Sensitive discipline: understanding the child's point of view.")),
        Theme("vipp.booster", _("Putting it all together"),
              _("Booster visits: the themes of earlier visits, together.")),
        Theme("free", _("Our moments"), _("A free selection of good moments.")),
    ]
    return {t.key: t for t in items}


THEMES: dict[str, Theme] = _themes()

# The built-in VIPP-SD scheme's code groups and keys (annotation/builtin/vipp-sd.json).
_BY_CODE = {
    "exploration": "vipp.exploration_attachment",
    "attachment": "vipp.exploration_attachment",
    "speaking_for_child": "vipp.speaking_for_child",
    "child_signal": "vipp.sensitivity_chain",
    "parent_response": "vipp.sensitivity_chain",
    "child_reaction": "vipp.sensitivity_chain",
    "sharing_emotions": "vipp.sharing_emotions",
    "inductive_discipline": "vipp.discipline_inductive",
    "positive_reinforcement": "vipp.discipline_reinforcement",
    "sensitive_time_out": "vipp.discipline_time_out",
    "empathy": "vipp.discipline_empathy",
}
_BY_GROUP = {
    "exploration vs attachment": "vipp.exploration_attachment",
    "speaking for the child": "vipp.speaking_for_child",
    "sensitivity chain": "vipp.sensitivity_chain",
    "sharing emotions": "vipp.sharing_emotions",
}


def theme_title(key: str) -> str:
    """The title to show for a theme key; unknown keys (the user's own) are shown as written."""
    theme = THEMES.get(key)
    return theme.title if theme else key


def theme_for_code(code_key: str, group: str = "", fallback: str = "") -> str:
    """The theme key a coded moment belongs to, or ``fallback`` (e.g. the visit's theme)."""
    if code_key in _BY_CODE:
        return _BY_CODE[code_key]
    if group.strip().lower() in _BY_GROUP:
        return _BY_GROUP[group.strip().lower()]
    return fallback or group or "free"
