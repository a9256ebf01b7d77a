"""The home-visit protocol themes (VIPP-SD) that a visit, a clip and a title card are about.

A visit's ``theme`` holds one of these keys; the clips of a feedback plan are grouped under
theme titles, which become the reel's title cards. Coded moments are mapped to a theme through
their code's group (the built-in VIPP-SD scheme's groups) or key.
"""

from __future__ import annotations

from dataclasses import dataclass

from vfeedback.i18n import N_, _


@dataclass(frozen=True)
class Theme:
    key: str
    title_msgid: str  # English; translated when read, so it follows i18n.using()
    description_msgid: str

    @property
    def title(self) -> str:
        return _(self.title_msgid)

    @property
    def description(self) -> str:
        return _(self.description_msgid)


def _themes() -> dict[str, Theme]:
    items = [
        Theme("vipp.exploration_attachment", N_("Exploration and attachment"),
              N_("The child explores and comes back to the parent as a safe base.")),
        Theme("vipp.speaking_for_child", N_("Speaking for the child"),
              N_("Putting into words what the child might say or feel.")),
        Theme("vipp.sensitivity_chain", N_("The sensitivity chain"),
              N_("The child's signal, the parent's response, the child's reaction.")),
        Theme("vipp.sharing_emotions", N_("Sharing emotions"),
              N_("Positive and negative feelings, named and shared together.")),
        Theme("vipp.discipline_inductive", N_("Explaining and distracting"),
              N_("Sensitive discipline: inductive discipline and distraction.")),
        Theme("vipp.discipline_reinforcement", N_("Praise and positive reinforcement"),
              N_("Sensitive discipline: noticing and praising what goes well.")),
        Theme("vipp.discipline_time_out", N_("Sensitive time-out"),
              N_("Sensitive discipline: a calm pause when it gets too much.")),
        Theme("vipp.discipline_empathy", N_("Empathy for the child"),
              N_("Sensitive discipline: understanding the child's point of view.")),
        Theme("vipp.booster", N_("Putting it all together"),
              N_("Booster visits: the themes of earlier visits, together.")),
        Theme("free", N_("Our moments"), N_("A free selection of good moments.")),
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
