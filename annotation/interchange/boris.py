"""BORIS project files (``.boris``, JSON): point and state events, subjects, modifiers.

BORIS stores a state event as two identical rows ``[time_s, subject, behaviour, modifiers,
comment]``, a start and a stop, paired by their order per subject + behaviour + modifiers.
We pair them on reading into one event with an onset and an offset (an unpaired start stays an
event without an offset, marked ``unpaired``) and split them again on writing. Modifiers are
kept exactly as written, spaces included (BORIS joins the sets with ``|``). The project's own
configuration (behaviours, subjects, independent variables, observation metadata) is kept in
``meta["boris"]`` so BORIS -> BORIS loses nothing.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

from vfeedback.fileio import atomic_write_text
from vfeedback.i18n import _

from .document import AnnotationDocument, AnnotationFileError, Event, Tier, load_json, read_text

STATE, POINT = "State event", "Point event"


def _load(path: Path) -> Any:
    return load_json(read_text(path), path.name)


def read_boris(path: str | Path) -> AnnotationDocument:
    path = Path(path)
    project = _load(path)
    if not isinstance(project, dict) or not isinstance(project.get("observations"), dict):
        raise AnnotationFileError(_("{name}: not a BORIS project (no observations)").format(
            name=path.name))
    behaviours = project.get("behaviors_conf") or {}
    subjects = project.get("subjects_conf") or {}
    if not isinstance(behaviours, dict) or not isinstance(subjects, dict):
        raise AnnotationFileError(_("{name}: behaviors_conf and subjects_conf must be objects")
                                  .format(name=path.name))
    doc = AnnotationDocument()
    kinds: dict[str, str] = {}
    for i, conf in behaviours.items():
        if not isinstance(conf, dict) or not isinstance(conf.get("code"), str):
            raise AnnotationFileError(_("{name}: behaviors_conf {i} has no code").format(
                name=path.name, i=i))
        kinds[conf["code"]] = "interval" if "state" in str(conf.get("type", "")).lower() \
            else "point"
        doc.tiers[conf["code"]] = Tier(conf["code"], kinds[conf["code"]],
                                       attrs={"description": str(conf.get("description", ""))})
    for conf in subjects.values():
        if isinstance(conf, dict) and isinstance(conf.get("name"), str):
            doc.subjects.append(conf["name"])
    for obs_name, obs in project["observations"].items():
        where = _("{name}, observation {obs!r}").format(name=path.name, obs=obs_name)
        if not isinstance(obs, dict) or not isinstance(obs.get("events", []), list):
            raise AnnotationFileError(_("{where}: not an observation").format(where=where))
        doc.observations.append(obs_name)
    # The configuration without the event rows (no deep copy: 200,000 rows would double the
    # memory); each observation's rows are let go as soon as they are paired.
    stripped = dict(project)
    stripped["observations"] = {name: {**obs, "events": []}
                                for name, obs in project["observations"].items()}
    for obs_name, obs in project["observations"].items():
        where = _("{name}, observation {obs!r}").format(name=path.name, obs=obs_name)
        doc.events.extend(_pair(where, obs_name, obs.pop("events", []), kinds))
    doc.meta["boris"] = stripped
    return doc


def _pair(where: str, obs_name: str, rows: list[Any], kinds: dict[str, str]) -> list[Event]:
    events: list[Event] = []
    open_states: dict[tuple[str, str, str], Event] = {}
    for n, row in enumerate(rows, start=1):
        place = _("{where}, event {n}").format(where=where, n=n)
        if not isinstance(row, list) or len(row) < 3:
            raise AnnotationFileError(_("{place}: an event is a list [time, subject, behaviour, "
                                        "modifiers, comment]").format(place=place))
        t, subject, behaviour = row[0], row[1], row[2]
        modifiers = row[3] if len(row) > 3 else ""
        comment = row[4] if len(row) > 4 else ""
        if isinstance(t, str):
            try:
                t = float(t)
            except ValueError:
                t = None
        if (not isinstance(t, (int, float)) or isinstance(t, bool) or not math.isfinite(t)
                or abs(t) > 1e9):
            raise AnnotationFileError(_("{place}: the time {t!r} is not a number of seconds")
                                      .format(place=place, t=row[0]))
        if not all(isinstance(x, str) for x in (subject, behaviour, modifiers, comment)):
            raise AnnotationFileError(_("{place}: subject, behaviour, modifiers and comment must "
                                        "be text").format(place=place))
        if behaviour not in kinds:
            raise AnnotationFileError(_("{place}: unknown behaviour {b!r}").format(
                place=place, b=behaviour))
        ms = int(round(t * 1000))
        attrs = {"extra": json.dumps(row[5:])} if len(row) > 5 else {}
        mods = tuple(modifiers.split("|")) if modifiers else ()
        if kinds[behaviour] == "point":
            events.append(Event(behaviour, ms, None, subject=subject or None, modifiers=mods,
                                comment=comment, observation=obs_name, attrs=attrs))
            continue
        key = (subject, behaviour, modifiers)
        started = open_states.pop(key, None)
        if started is None:
            event = Event(behaviour, ms, None, subject=subject or None, modifiers=mods,
                          comment=comment, observation=obs_name, attrs=attrs | {"unpaired": "1"})
            open_states[key] = event
            events.append(event)
        else:
            if ms < started.onset_ms:
                raise AnnotationFileError(_("{place}: a state event stops before it starts")
                                          .format(place=place))
            started.offset_ms = ms
            del started.attrs["unpaired"]
            if comment:
                started.attrs["stop_comment"] = comment
            if len(row) > 5:
                started.attrs["stop_extra"] = json.dumps(row[5:])
    return events


def _minimal_project(doc: AnnotationDocument) -> dict[str, Any]:
    return {"project_format_version": "7.0", "project_name": doc.meta.get("title", "vfeedback"),
            "project_date": "", "project_description": "", "time_format": "hh:mm:ss",
            "subjects_conf": {}, "behaviors_conf": {}, "behavioral_categories": [],
            "independent_variables": {}, "coding_map": {}, "converters": {},
            "observations": {}}


def boris_project(doc: AnnotationDocument) -> dict[str, Any]:
    project = copy.deepcopy(doc.meta.get("boris")) or _minimal_project(doc)
    behaviours = project.setdefault("behaviors_conf", {})
    known = {conf.get("code") for conf in behaviours.values()}
    kinds: dict[str, str] = {name: tier.kind for name, tier in doc.tiers.items()}
    for event in doc.events:
        if event.offset_ms is not None or "unpaired" in event.attrs:
            kinds[event.tier] = "interval"
        kinds.setdefault(event.tier, "point")
    keys = iter("abcdefghijklmnopqrstuvwxyz0123456789" * 10)
    for name, kind in kinds.items():
        if kind == "ref" or name in known:
            continue
        # BORIS offers modifiers per behaviour in sets; one set per position used.
        sets: dict[int, set[str]] = {}
        for event in doc.events:
            if event.tier == name:
                for i, value in enumerate(event.modifiers):
                    sets.setdefault(i, set()).add(value)
        modifiers = {str(i): {"name": f"modifiers {i + 1}", "type": 0,
                              "values": sorted(values)} for i, values in sorted(sets.items())}
        behaviours[str(len(behaviours))] = {
            "type": STATE if kind == "interval" else POINT, "key": next(keys), "code": name,
            "description": doc.tiers[name].attrs.get("description", "") if name in doc.tiers
            else "", "category": "", "modifiers": modifiers, "excluded": "",
            "coding map": ""}
    subjects = project.setdefault("subjects_conf", {})
    named = {conf.get("name") for conf in subjects.values()}
    for subject in [*doc.subjects, *(e.subject for e in doc.events if e.subject)]:
        if subject not in named:
            named.add(subject)
            subjects[str(len(subjects))] = {"key": "", "name": subject, "description": ""}
    observations = project.setdefault("observations", {})
    for name in doc.observations or [""]:
        observations.setdefault(name or "vfeedback", {
            "file": {}, "type": "MEDIA", "date": "", "description": "", "time offset": 0.0,
            "events": [], "independent_variables": {}, "visualize_spectrogram": False,
            "close_behaviors_between_videos": False})
    rows: dict[str, list[tuple[float, int, list[Any]]]] = {n: [] for n in observations}
    for seq, event in enumerate(doc.timed_events()):
        obs = event.observation or (doc.observations[0] if doc.observations else "vfeedback")
        obs = obs if obs in observations else next(iter(observations))
        base = [event.subject or "", event.tier, "|".join(event.modifiers)]
        extra = json.loads(event.attrs.get("extra", "[]"))
        rows[obs].append((event.onset_ms, seq, [event.onset_ms / 1000, *base, event.comment,
                                                *extra]))
        if event.offset_ms is not None:
            stop_extra = json.loads(event.attrs.get("stop_extra", "[]"))
            rows[obs].append((event.offset_ms, seq, [event.offset_ms / 1000, *base,
                                                     event.attrs.get("stop_comment", ""),
                                                     *stop_extra]))
    for name, items in rows.items():
        items.sort(key=lambda item: (item[0], item[1]))
        observations[name]["events"] = [row for _t, _s, row in items]
    return project


def write_boris(doc: AnnotationDocument, path: str | Path) -> None:
    atomic_write_text(path, json.dumps(boris_project(doc), ensure_ascii=False, indent=1))
