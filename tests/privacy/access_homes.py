"""A home with two families and four people, for the access tests (CLI, services, GUI).

FAM-A is assigned to the trainee Tina (supervised by Sam), FAM-B to the clinician Carl; Ada is
the administrator. FAM-B has an annotation, a plan clip and a suggestion.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from services import annotations, assignments, catalogue, plan, suggestions


@dataclass
class Home:
    app: object
    a_case: int
    b_case: int
    a_visit: int
    b_visit: int
    a_rec: int
    b_rec: int
    b_ann: int
    b_clip: int
    b_suggestion: int
    b_key: str


def build_home(app, first: Path, second: Path) -> Home:  # noqa: ANN001
    """Two families, four people; made as the person at an unprotected home (local)."""
    for name, role in (("tina", "trainee"), ("sam", "supervisor"), ("carl", "clinician"),
                       ("ada", "admin")):
        assignments.add_user_row(app, None, name, role)
    ids = {}
    for code, video in (("FAM-A", first), ("FAM-B", second)):
        case_id = catalogue.create_case(app, None, code).value
        visit_id = catalogue.list_cases(app, None)[-1].visits[0].id
        rec = catalogue.import_files(app, None, visit_id, [video], make_proxies=False).value[0]
        ids[code] = (case_id, visit_id, rec)
    assignments.assign(app, None, "FAM-A", "tina")
    assignments.assign(app, None, "FAM-B", "carl")
    assignments.supervise(app, None, "tina", "sam")
    codes = {r.key: r.id for r in annotations.schemes(app, None)[0].codes}
    b_case, b_visit, b_rec = ids["FAM-B"]
    b_ann = annotations.add(app, None, b_rec, codes[next(iter(codes))], 500, 1500,
                            caption="B's words").value
    b_clip = plan.add_clip(app, None, b_visit, b_rec, 0, 1000, "B's clip").value
    b_suggestion = suggestions.add(app, None, b_rec, "gaze", 200, 900).value
    b_key = catalogue.get_recording(app, None, b_rec).store_key
    return Home(app, ids["FAM-A"][0], b_case, ids["FAM-A"][1], b_visit, ids["FAM-A"][2], b_rec,
                b_ann, b_clip, b_suggestion, b_key)
