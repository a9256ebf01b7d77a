"""ELAN ``.eaf`` files: read EAF 2.7, 2.8 and 3.0; write EAF 3.0 (valid against the schema).

Our own reader/writer on lxml rather than pympi-ling, because pympi writes 2.8 by default,
rejects zero-length (point) annotations and was seen to lose references on a round trip.
Everything ELAN stores that vfeedback does not model (linguistic types, languages, locales,
constraints, controlled vocabularies, external references, header) is kept in the document's
``meta`` and written back, so EAF -> EAF keeps every annotation, time slot and reference.

vfeedback's own fields travel as ELAN-native dependent tiers: an event's comment, caption,
valence, modifiers and rating are written as symbolic-association annotations on child tiers
named ``<tier>/comment``, ``<tier>/caption`` and so on, and folded back into fields on reading.
A point event is an annotation whose two time slots have the same time.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

from lxml import etree

from vfeedback.fileio import atomic_output
from vfeedback.i18n import _

from .document import AnnotationDocument, AnnotationFileError, Event, Tier

FIELDS = ("comment", "caption", "valence", "modifiers", "rating")
FIELD_TYPE = "vfeedback-field"  # linguistic type of the field tiers we write
MAIN_TYPE = "vfeedback-code"
# Root children after the tiers, in the order EAF 3.0 requires.
TAIL = ("LINGUISTIC_TYPE", "LOCALE", "LANGUAGE", "CONSTRAINT", "CONTROLLED_VOCABULARY",
        "LEXICON_REF", "REF_LINK_SET", "EXTERNAL_REF")
MOD_SEP = "|"
_NCNAME = re.compile(r"^[A-Za-z_][\w.\-]*$")
TIER_ATTRS = ("PARTICIPANT", "ANNOTATOR", "LINGUISTIC_TYPE_REF", "DEFAULT_LOCALE", "PARENT_REF",
              "EXT_REF", "LANG_REF")
ANNOTATION_ATTRS = ("EXT_REF", "LANG_REF", "CVE_REF", "SVG_REF")


def _fail(path: Path, element: etree._Element | None, message: str) -> AnnotationFileError:
    where = (_("{name}, line {line}").format(name=path.name, line=element.sourceline)
             if element is not None else path.name)
    return AnnotationFileError(f"{where}: {message}")


def read_eaf(path: str | Path) -> AnnotationDocument:
    path = Path(path)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True,
                             huge_tree=False)
    try:
        tree = etree.parse(str(path), parser)
        root = tree.getroot()
    except etree.XMLSyntaxError as exc:
        raise AnnotationFileError(_("{name}, line {line}: not well-formed XML ({why})").format(
            name=path.name, line=exc.lineno, why=exc.msg)) from exc
    except OSError as exc:
        raise AnnotationFileError(_("Cannot read {path}: {why}").format(path=path, why=exc)) \
            from exc
    # Entities are not expanded (that is how XXE and entity bombs are refused); a text or an
    # attribute holding one would lose it silently, and writing it back would fail. ELAN
    # never declares entities, so a file that does is refused as a whole.
    entity = next(root.iter(etree.Entity), None)
    if entity is not None:
        raise _fail(path, entity.getparent(), _("uses the XML entity reference {ref}, which "
                                                "vfeedback does not expand").format(
            ref=entity.text))
    dtd = tree.docinfo.internalDTD
    declared = [e.name for e in dtd.iterentities()] if dtd is not None else []
    if declared:
        raise AnnotationFileError(_("{name}: declares the XML entity {ref}, which vfeedback "
                                    "does not expand").format(name=path.name,
                                                              ref=f"&{declared[0]};"))
    if root.tag != "ANNOTATION_DOCUMENT":
        raise _fail(path, root, _("not an ELAN file (the root is <{tag}>)").format(tag=root.tag))
    version = root.get("VERSION") or root.get("FORMAT") or ""
    doc = AnnotationDocument(meta={"eaf_version": version})
    slots: dict[str, int | None] = {}
    slot_order: list[str] = []
    for ts in root.iterfind("TIME_ORDER/TIME_SLOT"):
        sid = ts.get("TIME_SLOT_ID")
        value = ts.get("TIME_VALUE")
        if not sid:
            raise _fail(path, ts, _("a TIME_SLOT has no TIME_SLOT_ID"))
        try:
            slots[sid] = int(value) if value is not None else None
        except ValueError:
            raise _fail(path, ts, _("TIME_VALUE {v!r} is not a whole number of ms").format(
                v=value)) from None
        if slots[sid] is not None and slots[sid] < 0:
            raise _fail(path, ts, _("negative time {v} ms").format(v=value))
        slot_order.append(sid)
    doc.meta["eaf_slots"] = slot_order
    types = {lt.get("LINGUISTIC_TYPE_ID"): lt for lt in root.iterfind("LINGUISTIC_TYPE")}
    for tier_el in root.iterfind("TIER"):
        name = tier_el.get("TIER_ID")
        if not name:
            raise _fail(path, tier_el, _("a TIER has no TIER_ID"))
        if name in doc.tiers:
            raise _fail(path, tier_el, _("the tier {name!r} appears twice").format(name=name))
        ltype = types.get(tier_el.get("LINGUISTIC_TYPE_REF"))
        symbolic = ltype is not None and ltype.get("TIME_ALIGNABLE") == "false"
        doc.tiers[name] = Tier(name, "ref" if symbolic else "interval",
                               parent=tier_el.get("PARENT_REF"),
                               participant=tier_el.get("PARTICIPANT", ""),
                               attrs=dict(tier_el.attrib))
        for ann in tier_el.iterfind("ANNOTATION/*"):
            event = _read_annotation(path, ann, name, slots)
            event.subject = tier_el.get("PARTICIPANT") or None  # ELAN's subject is per tier
            doc.events.append(event)
    doc.meta["eaf_header"] = [etree.tostring(el) for el in root if el.tag in ("LICENSE",
                                                                              "HEADER")]
    doc.meta["eaf_tail"] = [etree.tostring(el) for el in root if el.tag in TAIL]
    doc.meta["eaf_version_in"] = version
    _check_refs(path, doc)
    _fold_fields(doc)
    return doc


def _read_annotation(path: Path, ann: etree._Element, tier: str,
                     slots: dict[str, int | None]) -> Event:
    aid = ann.get("ANNOTATION_ID")
    if not aid:
        raise _fail(path, ann, _("an annotation has no ANNOTATION_ID"))
    value_el = ann.find("ANNOTATION_VALUE")
    value = (value_el.text or "") if value_el is not None else ""
    attrs = {k: v for k, v in ann.attrib.items()
             if k not in ("ANNOTATION_ID", "ANNOTATION_REF", "PREVIOUS_ANNOTATION")}
    if ann.tag == "ALIGNABLE_ANNOTATION":
        r1, r2 = ann.get("TIME_SLOT_REF1"), ann.get("TIME_SLOT_REF2")
        if r1 not in slots or r2 not in slots:
            raise _fail(path, ann, _("annotation {id} points at a missing time slot").format(
                id=aid))
        start, end = slots[r1], slots[r2]
        if start is not None and end is not None and end < start:
            raise _fail(path, ann, _("annotation {id} ends before it starts").format(id=aid))
        offset = None if (end is None or end == start) else end
        if start is None or end is None:
            attrs["unaligned"] = "1"
        return Event(tier, start, offset, value=value, id=aid, attrs=attrs)
    if ann.tag == "REF_ANNOTATION":
        ref = ann.get("ANNOTATION_REF")
        if not ref:
            raise _fail(path, ann, _("reference annotation {id} has no ANNOTATION_REF").format(
                id=aid))
        return Event(tier, None, None, value=value, id=aid, parent_id=ref,
                     previous_id=ann.get("PREVIOUS_ANNOTATION"), attrs=attrs)
    raise _fail(path, ann, _("unknown annotation element <{tag}>").format(tag=ann.tag))


def _check_refs(path: Path, doc: AnnotationDocument) -> None:
    ids: set[str] = set()
    for event in doc.events:
        if event.id in ids:
            raise AnnotationFileError(_("{name}: the annotation id {id} is used twice").format(
                name=path.name, id=event.id))
        ids.add(event.id)
    for event in doc.events:
        for ref in (event.parent_id, event.previous_id):
            if ref is not None and ref not in ids:
                raise AnnotationFileError(_("{name}: annotation {id} refers to {ref}, which does "
                                            "not exist").format(name=path.name, id=event.id,
                                                                ref=ref))


def _fold_fields(doc: AnnotationDocument) -> None:
    """Turn our ``<tier>/<field>`` child annotations back into the parent events' fields."""
    by_id = {e.id: e for e in doc.events}
    keep = []
    for event in doc.events:
        tier = doc.tiers[event.tier]
        base, _sep, fieldname = event.tier.rpartition("/")
        if (tier.kind == "ref" and fieldname in FIELDS and tier.parent == base
                and event.parent_id in by_id):
            parent = by_id[event.parent_id]
            if fieldname == "modifiers":
                parent.modifiers = tuple(event.value.split(MOD_SEP)) if event.value else ()
            elif fieldname == "rating":
                try:
                    parent.rating = float(event.value)
                except ValueError:
                    keep.append(event)
                    continue
            elif fieldname == "valence":
                parent.valence = event.value or None
            else:
                setattr(parent, fieldname, event.value)
            continue
        keep.append(event)
    doc.events = keep
    for name in [n for n, t in doc.tiers.items()
                 if t.kind == "ref" and n.rpartition("/")[2] in FIELDS
                 and not any(e.tier == n for e in keep)]:
        del doc.tiers[name]
    doc.meta.pop("eaf_field_types", None)


# -- writing ------------------------------------------------------------------------------
def write_eaf(doc: AnnotationDocument, path: str | Path, media_url: str = "") -> None:
    """Write ``doc`` as EAF 3.0 (atomically)."""
    root = build_eaf(doc, media_url)
    with atomic_output(path) as tmp:
        etree.ElementTree(root).write(str(tmp), xml_declaration=True, encoding="UTF-8",
                                      pretty_print=True)


def build_eaf(doc: AnnotationDocument, media_url: str = "") -> etree._Element:
    xsi = "http://www.w3.org/2001/XMLSchema-instance"
    root = etree.Element("ANNOTATION_DOCUMENT", nsmap={"xsi": xsi})
    root.set("AUTHOR", doc.meta.get("author", ""))
    root.set("DATE", doc.meta.get("date", "2000-01-01T00:00:00+00:00"))
    root.set("FORMAT", "3.0")
    root.set("VERSION", "3.0")
    root.set(f"{{{xsi}}}noNamespaceSchemaLocation", "http://www.mpi.nl/tools/elan/EAFv3.0.xsd")
    header_items = [etree.fromstring(x) for x in doc.meta.get("eaf_header", [])]
    for el in header_items:
        root.append(el)
    if not any(el.tag == "HEADER" for el in header_items):
        header = etree.SubElement(root, "HEADER", MEDIA_FILE="", TIME_UNITS="milliseconds")
        if media_url:
            etree.SubElement(header, "MEDIA_DESCRIPTOR", MEDIA_URL=media_url,
                             MIME_TYPE="video/mp4")
    time_order = etree.SubElement(root, "TIME_ORDER")

    events = list(doc.events)
    tiers = dict(doc.tiers)
    tail = [etree.fromstring(x) for x in doc.meta.get("eaf_tail", [])]
    type_ids = {el.get("LINGUISTIC_TYPE_ID") for el in tail if el.tag == "LINGUISTIC_TYPE"}
    new_types: list[etree._Element] = []
    # A vocabulary of code names (vfeedback's export): ELAN then offers the codes as a list.
    vocabulary = doc.meta.get("vocabulary")
    if vocabulary and any(el.tag == "CONTROLLED_VOCABULARY" and el.get("CV_ID") ==
                          vocabulary["id"] for el in tail):
        vocabulary = None  # it came in with the file and is written back as it was
    cve_of = {e["value"]: e["id"] for e in vocabulary["entries"]} if vocabulary else {}

    def need_type(type_id: str, alignable: bool) -> None:
        if type_id not in type_ids:
            type_ids.add(type_id)
            attrs = {"LINGUISTIC_TYPE_ID": type_id, "GRAPHIC_REFERENCES": "false",
                     "TIME_ALIGNABLE": "true" if alignable else "false"}
            if not alignable:
                attrs["CONSTRAINTS"] = "Symbolic_Association"
            elif vocabulary:
                attrs["CONTROLLED_VOCABULARY_REF"] = vocabulary["id"]
            new_types.append(etree.Element("LINGUISTIC_TYPE", attrs))

    # Expand vfeedback fields into child tiers; ids must not clash with the document's.
    used = {e.id for e in events if e.id}
    counter = [0]

    def new_id() -> str:
        while True:
            counter[0] += 1
            candidate = f"a{counter[0]}"
            if candidate not in used:
                used.add(candidate)
                return candidate

    # ELAN ids are XML IDs: a uid such as "04d5..." must be renamed (references too).
    events = [copy.copy(e) for e in events]
    renamed: dict[str, str] = {}
    seen: set[str] = set()
    for event in events:
        if not event.id or not _NCNAME.match(event.id) or event.id in seen:
            fresh = new_id()
            if event.id and event.id not in seen:
                renamed[event.id] = fresh
            event.id = fresh
        seen.add(event.id)
    for event in events:
        if event.parent_id:
            event.parent_id = renamed.get(event.parent_id, event.parent_id)
        if event.previous_id:
            event.previous_id = renamed.get(event.previous_id, event.previous_id)
    extra: list[Event] = []
    for event in events:
        if event.parent_id is not None:
            continue
        values = {"comment": event.comment, "caption": event.caption,
                  "valence": event.valence or "",
                  "modifiers": MOD_SEP.join(event.modifiers),
                  "rating": "" if event.rating is None else f"{event.rating:g}"}
        for fieldname, text in values.items():
            if text:
                child = f"{event.tier}/{fieldname}"
                if child not in tiers:
                    tiers[child] = Tier(child, "ref", parent=event.tier)
                extra.append(Event(child, None, value=text, id=new_id(), parent_id=event.id))
    # Slots: keep the file's own slot ids (shared and unaligned slots matter to ELAN).
    slot_times: dict[str, int | None] = {}
    slot_order = list(doc.meta.get("eaf_slots", []))
    refs: dict[str, tuple[str, str]] = {}
    n = 0
    for event in events:
        if event.parent_id is not None:
            continue
        r1, r2 = event.attrs.get("TIME_SLOT_REF1"), event.attrs.get("TIME_SLOT_REF2")
        if not (r1 and r2) or slot_times.get(r1, event.onset_ms) != event.onset_ms:
            n += 1
            r1, r2 = f"vts{n}a", f"vts{n}b"
            slot_order += [r1, r2]
        slot_times[r1] = event.onset_ms
        end = event.offset_ms if event.offset_ms is not None else (
            None if event.attrs.get("unaligned") else event.onset_ms)
        slot_times.setdefault(r2, end)
        refs[event.id] = (r1, r2)
    for sid in slot_order:
        if sid in slot_times:
            attrs = {"TIME_SLOT_ID": sid}
            if slot_times[sid] is not None:
                attrs["TIME_VALUE"] = str(slot_times[sid])
            etree.SubElement(time_order, "TIME_SLOT", attrs)
            slot_times.pop(sid)  # write each once

    by_tier: dict[str, list[Event]] = {name: [] for name in tiers}
    for event in [*events, *extra]:
        if event.tier not in by_tier:
            tiers[event.tier] = Tier(event.tier, "ref" if event.parent_id else "interval")
            by_tier[event.tier] = []
        by_tier[event.tier].append(event)
    for name, tier in tiers.items():
        attrs = {"TIER_ID": name} | {k: v for k, v in tier.attrs.items() if k in TIER_ATTRS}
        if "LINGUISTIC_TYPE_REF" not in attrs:
            alignable = tier.kind != "ref"
            attrs["LINGUISTIC_TYPE_REF"] = MAIN_TYPE if alignable else FIELD_TYPE
            need_type(attrs["LINGUISTIC_TYPE_REF"], alignable)
        if tier.parent and "PARENT_REF" not in attrs:
            attrs["PARENT_REF"] = tier.parent
        if tier.participant:
            attrs["PARTICIPANT"] = tier.participant
        tier_el = etree.SubElement(root, "TIER", attrs)
        for event in by_tier[name]:
            ann_el = etree.SubElement(tier_el, "ANNOTATION")
            extra_attrs = {k: v for k, v in event.attrs.items() if k in ANNOTATION_ATTRS}
            if event.parent_id is None:
                r1, r2 = refs[event.id]
                if attrs["LINGUISTIC_TYPE_REF"] == MAIN_TYPE and event.value in cve_of:
                    extra_attrs.setdefault("CVE_REF", cve_of[event.value])
                el = etree.SubElement(ann_el, "ALIGNABLE_ANNOTATION", ANNOTATION_ID=event.id,
                                      TIME_SLOT_REF1=r1, TIME_SLOT_REF2=r2, **extra_attrs)
            else:
                el = etree.SubElement(ann_el, "REF_ANNOTATION", ANNOTATION_ID=event.id,
                                      ANNOTATION_REF=event.parent_id, **extra_attrs)
                if event.previous_id:
                    el.set("PREVIOUS_ANNOTATION", event.previous_id)
            etree.SubElement(el, "ANNOTATION_VALUE").text = event.value
    # Schema order for the tail; what we add goes with its kind.
    tail = [_upgrade(el) for el in tail]
    if vocabulary and MAIN_TYPE in {el.get("LINGUISTIC_TYPE_ID") for el in new_types}:
        cv = etree.Element("CONTROLLED_VOCABULARY", CV_ID=vocabulary["id"])
        etree.SubElement(cv, "DESCRIPTION", LANG_REF="und").text = vocabulary.get("title", "")
        for entry in vocabulary["entries"]:
            ml = etree.SubElement(cv, "CV_ENTRY_ML", CVE_ID=entry["id"])
            value = etree.SubElement(ml, "CVE_VALUE", LANG_REF="und",
                                     DESCRIPTION=entry.get("description", ""))
            value.text = entry["value"]
        tail.append(cv)
    uses_und = any(el.get("LANG_REF") == "und"
                   for t in tail for el in t.iter("CVE_VALUE", "DESCRIPTION"))
    if uses_und and not any(el.tag == "LANGUAGE" and el.get("LANG_ID") == "und" for el in tail):
        tail.append(etree.Element("LANGUAGE", LANG_ID="und",
                                  LANG_LABEL="undetermined (und)"))
    if new_types and not any(el.tag == "CONSTRAINT"
                             and el.get("STEREOTYPE") == "Symbolic_Association" for el in tail):
        tail.append(etree.Element("CONSTRAINT", STEREOTYPE="Symbolic_Association",
                                  DESCRIPTION="1-1 association with a parent annotation"))
    for tag in TAIL:
        for el in tail:
            if el.tag == tag:
                root.append(el)
        if tag == "LINGUISTIC_TYPE":
            for el in new_types:
                root.append(el)
    return root


def _upgrade(el: etree._Element) -> etree._Element:
    """EAF 2.7 vocabularies (CV_ENTRY) become 3.0 ones (CV_ENTRY_ML with CVE_VALUE)."""
    if el.tag != "CONTROLLED_VOCABULARY" or el.find("CV_ENTRY") is None:
        return el
    el = copy.deepcopy(el)
    for i, entry in enumerate(el.findall("CV_ENTRY")):
        ml = etree.Element("CV_ENTRY_ML", CVE_ID=entry.get("CVE_ID") or f"cve{i}")
        if entry.get("EXT_REF"):
            ml.set("EXT_REF", entry.get("EXT_REF"))
        value = etree.SubElement(ml, "CVE_VALUE", LANG_REF="und")
        if entry.get("DESCRIPTION"):
            value.set("DESCRIPTION", entry.get("DESCRIPTION"))
        value.text = entry.text or ""
        entry.addprevious(ml)
        el.remove(entry)
    if el.get("DESCRIPTION"):
        desc = etree.Element("DESCRIPTION", LANG_REF="und")
        desc.text = el.attrib.pop("DESCRIPTION")
        el.insert(0, desc)
    return el
