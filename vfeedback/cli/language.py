"""``vfeedback case language CODE LANG``: the family's language, apart from the clinician's.

The reel's title cards, the presentation and the script for the parent use the case's
family language; ``--second`` names a second language for bilingual families (a caption can
carry a version in it). The app's own language is ``VFEEDBACK_LANG`` or the ``language``
setting (Help > Language in the app).
"""

from __future__ import annotations

import click

from .. import i18n, library
from ..i18n import _, set_family_language
from . import Context, pass_ctx
from .core import case_group


@case_group.command("language")
@click.argument("code")
@click.argument("language", required=False)
@click.option("--second", default=None, help="A second language of a bilingual family.")
@click.option("--clear", is_flag=True, help="Use the app's language for this family again.")
@pass_ctx
def case_language(ctx: Context, code: str, language: str | None, second: str | None,
                  clear: bool) -> None:
    """Show or set the language of case CODE's family (sv, nb, en): the reel's cards, the
    presentation and the script for the parent use it."""
    from services.access import check

    with ctx.app.db.session() as session:
        check(ctx.actor, "cases.edit" if clear or language or second else "cases.read",
              session, case=code)
        case = library.get_case(session, code)
        if clear or language or second:
            set_family_language(session, case, None if clear else language or
                                case.family_language, None if clear else second)
        names = [i18n.language_name(x) for x in (case.family_language, case.second_language)
                 if x]
        click.echo(_("Family language of {code}: {names}").format(
            code=case.code, names=" + ".join(names) or _("the app's language")))
