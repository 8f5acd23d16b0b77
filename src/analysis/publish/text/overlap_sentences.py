"""Notebook 02's sentences on the policy overlap: what is on record for ICE in the jurisdictions that license drivers
regardless of immigration status, from :func:`~analysis.findings.policy_overlap.policy_overlap`."""

from __future__ import annotations

import pandas as pd

from analysis.findings import block_history, policy_overlap  # noqa: F401 (the doctests use it)
from analysis.publish.i18n import NC_, ngettext, translate
from analysis.publish.text import spanish as es
from analysis.publish.text.status_sentences import in_progress_sentence
from analysis.publish.text.wording import listed, plural, was_were
from analysis.sources import ice_access


def overlap_groups(overlap: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The licence-for-all jurisdictions (``licence``) split by what is on record for ICE: ``named`` (among the
    states Nlets said it knew to block ICE), ``reported_open`` (the 2025-11-12 letters said ICE still had access),
    ``later`` (a block applied after the date), ``in_progress``, and ``no_report`` (nothing on record, which is not
    a finding that ICE had access). A letter recipient with no report on the date (the letters are of 2025-11-12,
    later) is in ``reported_open``, and a state with a block reported in progress only later is in ``in_progress``:
    the sentences date those reports.

    >>> from analysis.sources.tables import load_states
    >>> groups = overlap_groups(policy_overlap.policy_overlap(load_states()))
    >>> {k: len(v) for k, v in groups.items()}
    {'licence': 21, 'named': 4, 'blocked': 0, 'reported_open': 9, 'later': 1, 'in_progress': 1, 'no_report': 6}
    """
    licence = overlap[overlap["licence_for_all"]]
    named = licence[licence["named_by_nlets"]]
    rest = licence[~licence["named_by_nlets"]]
    # A report that is not a block describes the state only from its date on: before it the status is "no report",
    # yet the later report is on record and is named (dated) in the sentences.
    before = rest["status"].eq("no report")
    open_later = before & rest["letter_2025_11_12"]
    progress_later = before & rest["basis"].str.endswith("when a block in progress was reported")
    on_record = ["reported open", "blocked later", "in progress", "blocked", "assumed blocked"]
    return {
        "licence": licence,
        "named": named,
        "blocked": rest[rest["status"].isin(["blocked", "assumed blocked"])],
        "reported_open": rest[rest["status"].eq("reported open") | open_later],
        "later": rest[rest["status"] == "blocked later"],
        "in_progress": rest[rest["status"].eq("in progress") | progress_later],
        "no_report": rest[~rest["status"].isin(on_record) & ~open_later & ~progress_later],
    }


def licence_jurisdictions(licence: pd.DataFrame) -> str:
    """'the 21 jurisdictions that license drivers regardless of immigration status (19 states and DC, on NCSL's
    list, and Puerto Rico)': the count split by kind, because NCSL's list covers states and DC only.

    >>> rows = pd.DataFrame({"name": ["A", "District of Columbia", "Puerto Rico"],
    ...                      "jurisdiction_type": ["state", "district", "territory"]})
    >>> licence_jurisdictions(rows)
    "the 3 jurisdictions that license drivers regardless of immigration status (1 state and DC, on NCSL's list, and Puerto Rico)"
    >>> licence_jurisdictions(rows.iloc[:1])
    "the 1 jurisdiction that licenses drivers regardless of immigration status (1 state, on NCSL's list)"
    """
    n = len(licence)
    types = licence["jurisdiction_type"]
    on_list = [plural(int((types == "state").sum()), "state", "states")] if (types == "state").any() else []
    on_list += ["DC"] if (types == "district").any() else []
    territories = list(licence.loc[types == "territory", "name"])
    inner = (f"{' and '.join(on_list)}, on NCSL's list" if on_list else "")
    inner = ", and ".join(p for p in (inner, listed(territories)) if p)
    verb = "licenses" if n == 1 else "license"
    return (f"the {plural(n, 'jurisdiction', 'jurisdictions')} that {verb} drivers regardless of immigration status"
            + (f" ({inner})" if inner else ""))


def licence_jurisdictions_es(licence: pd.DataFrame) -> str:
    """The Spanish counterpart of :func:`licence_jurisdictions`.

    >>> rows = pd.DataFrame({"name": ["A", "District of Columbia", "Puerto Rico"], "usps": ["AL", "DC", "PR"],
    ...                      "jurisdiction_type": ["state", "district", "territory"]})
    >>> licence_jurisdictions_es(rows)
    'las 3 jurisdicciones que otorgan licencias de conducir sin importar el estatus migratorio (1 estado y DC, en la lista de NCSL, y Puerto Rico)'
    """
    n = len(licence)
    types = licence["jurisdiction_type"]
    n_states = int((types == "state").sum())
    states = ngettext("%(num)s state", "%(num)s states", n_states, "es") % {"num": f"{n_states:,}"}
    on_list = [states] if n_states else []
    on_list += ["DC"] if (types == "district").any() else []
    conjunction = translate("list", NC_("list", "and"), "es")
    listed_es = translate("licence-overlap", NC_("licence-overlap", "%(listed)s, on NCSL's list"), "es")
    inner = listed_es % {"listed": f" {conjunction} ".join(on_list)} if on_list else ""
    territories = es.nombres(list(licence.loc[types == "territory", "usps"]))
    inner = f", {conjunction} ".join(p for p in (inner, territories) if p)
    head = ngettext("the %(num)s jurisdiction that licenses drivers regardless of immigration status",
                    "the %(num)s jurisdictions that license drivers regardless of immigration status", n, "es")
    return head % {"num": f"{n:,}"} + (f" ({inner})" if inner else "")


def policy_overlap_summary(overlap: pd.DataFrame, dates: pd.DataFrame) -> str:
    """What is on record for ICE in the jurisdictions that license drivers regardless of immigration status: how many
    Nlets named as blocking, how many the letters reported open, which blocked later or were in progress, and which
    have no report at all, without calling the unreported ones open.

    >>> from analysis.sources.tables import load_states
    >>> states = load_states()
    >>> text = policy_overlap_summary(policy_overlap.policy_overlap(states), block_history.block_dates(states))
    >>> text.split(". ")[0]
    "**Published facts, counted.** Of the 21 jurisdictions that license drivers regardless of immigration status (19 states and DC, on NCSL's list, and Puerto Rico), 4 are among the states Nlets said it knew to block ICE (Illinois, Massachusetts, Minnesota and New York)"
    """
    g = overlap_groups(overlap)
    day = overlap["status_as_of"].iloc[0] if len(overlap) else ""
    licence = g["licence"]
    if licence.empty:
        return "**Published facts.** No jurisdiction on record licenses drivers regardless of immigration status."
    parts = [f"**Published facts, counted.** Of {licence_jurisdictions(licence)}, {len(g['named'])} "
             + ("is" if len(g["named"]) == 1 else "are")
             + " among the states Nlets said it knew to block ICE"
             + (f" ({listed(g['named']['name'])})." if len(g["named"]) else ".")]
    if len(g["blocked"]):
        parts.append(f"{listed(g['blocked']['name'])} {was_were(len(g['blocked']))} also counted as blocking ICE on "
                     f"{day} ({listed(g['blocked']['basis'])}).")
    if len(g["reported_open"]):
        parts.append(f"The 2025-11-12 letters reported {len(g['reported_open'])} of the others still open to ICE's "
                     f"Nlets queries ({g['reported_open']['residents'].sum():,} residents): "
                     f"{listed(g['reported_open']['name'])}.")
    for r in g["later"].itertuples():
        parts.append(f"{r.name}'s block on ICE was applied later, "
                     f"{ice_access.on_date(r.status_date, r.status_month_part)}.")
    progress_dates = dates.set_index("usps")["block_date"] if len(dates) else pd.Series(dtype="str")
    progress_on = [str(progress_dates.get(u, "")) for u in g["in_progress"]["usps"]]
    parts.append(in_progress_sentence(list(g["in_progress"]["name"]),
                                      progress_on if all(progress_on) else None))
    if len(g["no_report"]):
        n = len(g["no_report"])
        parts.append(f"For the other {plural(n, 'jurisdiction', 'jurisdictions')} "
                     f"({listed(g['no_report']['name'])}) no state-specific report was found; the 2025-11-12 "
                     "letters named five states (IL, NY, MA, MN, WA) as having blocked ICE, which implies "
                     f"{'it' if n == 1 else 'they'} did not, as of November 2025: "
                     f"{'it is' if n == 1 else 'they are'} not known to block ICE, which is not the same as open.")
    parts.append(f"Status on {day} (ICE's queries through Nlets).")
    return " ".join(p for p in parts if p)
