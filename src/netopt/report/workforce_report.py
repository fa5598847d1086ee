"""The workforce plan's report: the headline (key figures and what they mean) and the charts of
a typical week's roster and reporting plan.

Every figure is read from the plan's tables and ``summary.json`` (``docs/results.md``, section
"Workforce plans"): weekly figures are a typical week's, money is GBP a year. Each chart
function takes the plan and returns a :class:`Chart`; a table with no rows gives a chart whose
reading says there is nothing to show, never an error.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from netopt.io.capital_plan import WEEK_FILE, WEEK_SOURCE_KEY
from netopt.report.charts import (
    DARK_GREY,
    GREEN,
    MID_GREY,
    NHS_BLUE,
    RED,
    WARM_YELLOW,
    Chart,
    colours,
    money,
    share,
    styled,
    whole,
)
from netopt.report.folder import PlanResults
from netopt.report.headline import Card, Headline, SmallTable

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""The days of the week, in order (the ``day`` column)."""
HOME = "home"
"""The place of reporting from home."""
SCAN = "scan"
REPORT = "report"
HELD = "held"
GRANTED = "granted"

TIER_NAMES = {
    "assistant_practitioner": "Assistant practitioners",
    "radiographer": "Radiographers",
    "advanced_practitioner": "Advanced practitioners",
    "consultant_radiologist": "Consultant radiologists",
}
"""The staff tiers in order of seniority, named for planners."""

COMPONENT_NAMES = {
    "outsourcing": "Outsourcing (reports bought)",
    "insourcing": "Insourcing (extra sessions)",
    "travel": "Staff travel",
    "unsocial_hours": "Unsocial hours and on-call",
    "unscanned": "Exams not scanned (independent sector)",
    "onboarding": "Onboarding (passports, one-off)",
    "backlog": "Backlog penalty (late exams)",
}
"""The cost components of ``costs``, named for planners."""

POLICY_WORDS = {
    "none": "no new passports",
    "trust": "new passports within each trust",
    "network": "new passports anywhere in the network",
    "list": "only the listed new passports",
}
"""What each passport policy allows, in words."""

VOLUME_PARTS = (
    ("reported_at_sites", "Reported at sites", NHS_BLUE),
    ("reported_at_home", "Reported at home", GREEN),
    ("outsourced", "Outsourced", WARM_YELLOW),
    ("late", "Late", RED),
)
"""What happens to the week's exams (columns of ``volumes``), with a legend name and colour."""

WHITE = "#FFFFFF"
LOCAL_LINK = "rgba(118, 134, 146, 0.35)"
OTHER_SITE_LINK = "rgba(0, 94, 184, 0.45)"
HOME_LINK = "rgba(0, 150, 57, 0.45)"
OUTSOURCED_LINK = "rgba(255, 184, 28, 0.6)"
LATE_LINK = "rgba(218, 41, 28, 0.6)"


# --- reading the tables -------------------------------------------------------------------


def plan_table(
    results: PlanResults,
    name: str,
    text: Sequence[str] = (),
    numbers: Sequence[str] = (),
    optional_numbers: Sequence[str] = (),
) -> pd.DataFrame:
    """The columns named of table ``name``: ``text`` as strings (``""`` when empty),
    ``numbers`` as floats (0 when empty), ``optional_numbers`` as floats (missing when empty).
    A table the plan lacks, or a column it lacks, reads as empty."""
    source = results.table(name)
    frame = pd.DataFrame(index=pd.RangeIndex(len(source)))
    for column in text:
        if column in source:
            frame[column] = [
                ""
                if value is None or (isinstance(value, float) and math.isnan(value))
                else str(value)
                for value in source[column]
            ]
        else:
            frame[column] = [""] * len(source)
    for column in (*numbers, *optional_numbers):
        values: list[float] = [math.nan] * len(source)
        if column in source:
            values = pd.to_numeric(source[column], errors="coerce").astype(float).tolist()
        frame[column] = values
        frame[column] = frame[column].astype(float)
        if column in numbers:
            frame[column] = frame[column].fillna(0.0)
    return frame


def summary_figure(values: Any, key: str) -> float:
    """A number of a ``summary.json`` section (0 when missing or not a number)."""
    if not isinstance(values, Mapping):
        return 0.0
    value = values.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return 0.0
    return float(value)


def place_names(results: PlanResults) -> dict[str, str]:
    """Each site id's label: ``name (id)``, or the id when the site has no other name."""
    sites = plan_table(results, "sites", text=("site", "name"))
    return {
        site: f"{name} ({site})" if name and name != site else site
        for site, name in zip(sites["site"], sites["name"], strict=True)
    }


def place_label(names: Mapping[str, str], place: str) -> str:
    """A place (site id or ``home``) in words."""
    if place == HOME:
        return "Home (remote reporting)"
    return names.get(place, place)


def place_order(results: PlanResults, places: Iterable[str]) -> list[str]:
    """The places given, in the ``sites`` table's order (others by id), ``home`` last."""
    rank = {site: i for i, site in enumerate(place_names(results))}
    given = set(places)
    return sorted(given, key=lambda p: (p == HOME, rank.get(p, len(rank)), p))


def staff_tiers(results: PlanResults) -> dict[str, str]:
    """Each staff row's tier (from ``utilisation_staff``)."""
    staff = plan_table(results, "utilisation_staff", text=("staff", "tier"))
    return dict(zip(staff["staff"], staff["tier"], strict=True))


def tier_name(tier: str) -> str:
    """A tier in words (plural)."""
    return TIER_NAMES.get(tier, tier.replace("_", " ").capitalize() or "No tier")


def tier_order(tiers: Iterable[str]) -> list[str]:
    """The tiers given, most junior first (unknown tiers last, by name)."""
    rank = {tier: i for i, tier in enumerate(TIER_NAMES)}
    return sorted(set(tiers), key=lambda t: (rank.get(t, len(rank)), t))


def session_order(roster: pd.DataFrame) -> list[str]:
    """The session ids of a day in time order, as the roster gives them: each person's rows
    are in week order, so a session that follows another on one person's day comes later."""
    first_seen: dict[str, int] = {}
    later: dict[str, set[str]] = defaultdict(set)
    previous_day: tuple[str, str, str] | None = None
    previous_session = ""
    for staff, person, day, session in zip(
        roster["staff"], roster["person"], roster["day"], roster["session"], strict=True
    ):
        first_seen.setdefault(session, len(first_seen))
        if (staff, person, day) == previous_day and session != previous_session:
            later[previous_session].add(session)
        previous_day, previous_session = (staff, person, day), session
    waiting = Counter(session for sessions in later.values() for session in sessions)
    ready = [s for s in first_seen if waiting[s] == 0]
    order: list[str] = []
    while ready:
        ready.sort(key=first_seen.__getitem__)
        session = ready.pop(0)
        order.append(session)
        for after in later[session]:
            waiting[after] -= 1
            if waiting[after] == 0:
                ready.append(after)
    return order + [s for s in first_seen if s not in order]  # a cycle: first seen first


def week_slots(roster: pd.DataFrame) -> list[tuple[str, str]]:
    """The (day, session) pairs anyone is rostered in, in week order."""
    sessions = {s: i for i, s in enumerate(session_order(roster))}
    days = {d: i for i, d in enumerate(DAYS)}
    slots = set(zip(roster["day"], roster["session"], strict=True))
    return sorted(slots, key=lambda x: (days.get(x[0], len(days)), x[0], sessions[x[1]]))


def slot_label(day: str, session: str) -> str:
    """A session of the week in words: ``Wed pm``."""
    return f"{day.capitalize()} {session}"


def biggest(values: Mapping[str, float]) -> tuple[str, float]:
    """The key with the largest value (the first of equals) and the value."""
    key = max(values, key=lambda k: values[k])
    return key, values[key]


def sums(keys: Iterable[str], values: Iterable[float]) -> dict[str, float]:
    """Values summed by key, in the order keys first appear."""
    out: dict[str, float] = {}
    for key, value in zip(keys, values, strict=True):
        out[key] = out.get(key, 0.0) + float(value)
    return out


def plural(count: float, one: str, many: str) -> str:
    """A count and its noun: ``1 person``, ``2 people``, ``1,234 passports``."""
    return f"{whole(count)} {one if round(count) == 1 else many}"


def people(count: float) -> str:
    """``1 person``, ``12 people``."""
    return plural(count, "person", "people")


def counted(counts: Mapping[str, int]) -> str:
    """``CT 4, MRI 2``: what a count is made of, largest first."""
    parts = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{name or 'other'} {n}" for name, n in parts)


# --- the headline -------------------------------------------------------------------------


def plan_words(summary: Mapping[str, Any]) -> str:
    """The plan's status and quality in one phrase (``optimal: no plan is cheaper``)."""
    status = str(summary.get("status") or "unknown")
    quality = str(summary.get("quality") or "")
    if not quality:
        return status
    return quality if quality.startswith(status) else f"{status}: {quality}"


def policy_words(summary: Mapping[str, Any]) -> str:
    """The passport policy and what it allows."""
    policy = str(summary.get("passport_policy") or "")
    allows = POLICY_WORDS.get(policy)
    return f"{policy} ({allows})" if allows else policy or "not given"


def cost_table(results: PlanResults) -> SmallTable | None:
    """The annual cost by component with each one's share (None when the plan has none)."""
    costs = plan_table(results, "costs", text=("component",), numbers=("annual",))
    if costs.empty:
        return None
    total = float(costs["annual"].sum())
    rows = [
        (
            COMPONENT_NAMES.get(component, component),
            f"{annual:,.0f}",
            share(annual / total) if total else "-",
        )
        for component, annual in zip(costs["component"], costs["annual"], strict=True)
    ]
    rows.append(("Total", f"{total:,.0f}", share(1.0) if total else "-"))
    return SmallTable(
        title="Annual cost by component",
        header=("Component", "GBP a year", "Share"),
        rows=tuple(rows),
        note=(
            "Weeks per year x the typical week's cost; onboarding is one-off, counted in full "
            "in the plan year; the backlog is a penalty per late exam, not a cash cost."
        ),
    )


def spare_time_sentence(results: PlanResults) -> str | None:
    """How many contracted sessions are not rostered, and where most are."""
    staff = plan_table(
        results,
        "utilisation_staff",
        text=("staff",),
        numbers=("contracted_sessions", "worked_sessions", "extra_sessions"),
    )
    if staff.empty:
        return None
    spare = {
        row: max(contracted - (worked - extra), 0.0)
        for row, contracted, worked, extra in zip(
            staff["staff"],
            staff["contracted_sessions"],
            staff["worked_sessions"],
            staff["extra_sessions"],
            strict=True,
        )
    }
    total = sum(spare.values())
    contracted = float(staff["contracted_sessions"].sum())
    if total < 0.5:
        return f"Every one of the {whole(contracted)} contracted sessions a week is rostered."
    row, most = biggest(spare)
    of = float(staff.loc[staff["staff"] == row, "contracted_sessions"].iloc[0])
    return (
        f"{whole(total)} of the {whole(contracted)} contracted sessions a week are not rostered "
        f"(spare time), the most for {row}: {whole(most)} of its {whole(of)}."
    )


def passport_sentence(results: PlanResults) -> str:
    """The passports granted and held, in words."""
    passports = plan_table(results, "passports", text=("status",), numbers=("people", "cost"))
    granted = passports[passports["status"] == GRANTED]
    held = passports[passports["status"] == HELD]
    held_words = (
        f"{plural(len(held), 'passport', 'passports')} (for {people(held['people'].sum())}) "
        f"{'is' if len(held) == 1 else 'are'} already held"
        if len(held)
        else "none is held already"
    )
    if granted.empty:
        policy = str(results.summary.get("passport_policy") or "")
        why = (
            "the passport policy allows none"
            if policy == "none"
            else "none is worth its onboarding cost"
        )
        return f"No passport is granted ({why}); {held_words}."
    return (
        f"The plan grants {plural(len(granted), 'passport', 'passports')} to "
        f"{people(granted['people'].sum())} ({money(float(granted['cost'].sum()))} "
        f"one-off onboarding) so they can work at other sites; {held_words}."
    )


def workforce_headline(results: PlanResults) -> Headline:
    """The title, the plan's key figures as cards and what they mean in planners' words."""
    summary = results.summary
    network = str(summary.get("network") or "")
    title = f"Workforce plan: {network}" if network else "Workforce plan"
    year = summary.get("year")
    week = f"A typical week of {year}" if year else "A typical week"
    source = summary.get(WEEK_SOURCE_KEY)
    if isinstance(source, Mapping) and source.get("folder"):
        model = "joint" if source.get("model") == "joint" else "capital"
        week += f" of the {model} plan in {source['folder']} ({WEEK_FILE})"
    subtitle = (
        f"{week}, repeated every week of the year; "
        f"passport policy: {policy_words(summary)}; {plan_words(summary)}"
    )
    plan = summary.get("plan")
    if not isinstance(plan, Mapping):
        status = str(summary.get("status") or "unknown")
        return Headline(
            title=title,
            subtitle=subtitle,
            cards=(Card("Status", status, str(summary.get("quality") or "")),),
            sentences=(f"The solve found no plan ({plan_words(summary)}), so there is no roster.",),
        )
    costs = summary.get("costs")
    objective = summary_figure(summary, "objective")
    rostered = summary_figure(plan, "people_rostered")
    sessions = summary_figure(plan, "sessions_worked")
    extra = summary_figure(plan, "extra_sessions_per_week")
    exams = summary_figure(plan, "exams_per_week")
    at_sites = summary_figure(plan, "reported_at_sites_per_week")
    at_home = summary_figure(plan, "reported_at_home_per_week")
    outsourced = summary_figure(plan, "outsourced_per_week")
    late = summary_figure(plan, "backlog_per_week")
    granted = summary_figure(plan, "passports_granted")
    staff = plan_table(results, "utilisation_staff", numbers=("people",))
    cards = (
        Card("Annual cost", money(objective), "GBP a year, weeks per year x the week's cost"),
        Card("People rostered", whole(rostered), f"of {whole(staff['people'].sum())} staff"),
        Card(
            "Sessions a week",
            whole(sessions),
            f"including {plural(extra, 'extra paid session', 'extra paid sessions')}",
        ),
        Card("Exams a week", whole(exams), f"{whole(at_sites)} reported at the network's sites"),
        Card(
            "Reported at home",
            whole(at_home),
            f"exams a week, {share(at_home / exams) if exams else '-'}",
        ),
        Card(
            "Outsourced",
            whole(outsourced),
            f"exams a week, {money(summary_figure(costs, 'outsourcing'))} a year",
        ),
        Card("Late", whole(late), "exams a week not reported within the standard"),
        Card(
            "Passports granted",
            whole(granted),
            f"people, {money(summary_figure(costs, 'onboarding'))} one-off onboarding",
        ),
    )
    late_words = (
        "none is late"
        if late < 0.5
        else f"{whole(late)} are late (a backlog penalty of "
        f"{money(summary_figure(costs, 'backlog'))} a year)"
    )
    sentences = [
        f"{whole(at_sites)} of {whole(exams)} exams a week are reported at the network's sites, "
        f"{whole(at_home)} from home; {whole(outsourced)} are outsourced at "
        f"{money(summary_figure(costs, 'outsourcing'))} a year, and {late_words}.",
        f"{people(rostered)} work {plural(sessions, 'session', 'sessions')} a week, "
        f"{whole(extra)} of them extra paid (insourcing, {money(summary_figure(costs, 'insourcing'))} a year).",
    ]
    spare = spare_time_sentence(results)
    if spare:
        sentences.append(spare)
    sentences.append(passport_sentence(results))
    travel = summary_figure(costs, "travel")
    sentences.append(
        f"Staff travel between sites costs {money(travel)} a year."
        if travel > 0
        else "Staff travel costs nothing (GBP 0 a year)."
    )
    table = cost_table(results)
    return Headline(
        title=title,
        subtitle=subtitle,
        cards=cards,
        sentences=tuple(sentences),
        tables=(table,) if table else (),
    )


# --- the charts ---------------------------------------------------------------------------


def roster_chart(results: PlanResults) -> Chart:
    """Heat maps of people rostered at each site in each session of the week: scanning, then
    reporting (with ``home``)."""
    key, title = "roster", "The week's roster: people at each place, session by session"
    roster = plan_table(
        results,
        "roster",
        text=("staff", "person", "day", "session", "place", "activity", "modality"),
    )
    x_title, y_title = "Session of the week (day and session)", "Place (site or home)"
    if roster.empty:
        empty = styled(go.Figure(), x_title=x_title, y_title=y_title)
        return Chart(key, title, "Nobody is rostered: the plan has no roster.", empty)
    names = place_names(results)
    tiers = staff_tiers(results)
    slots = week_slots(roster)
    labels = [slot_label(day, session) for day, session in slots]
    panels = [
        (activity, heading, noun)
        for activity, heading, noun in (
            (SCAN, "Scanning: people staffing scanners", "people scanning"),
            (REPORT, "Reporting: people reporting", "people reporting"),
        )
        if (roster["activity"] == activity).any()
    ]
    if not panels:
        empty = styled(go.Figure(), x_title=x_title, y_title=y_title)
        return Chart(key, title, "Nobody is rostered to scan or report.", empty)
    places = {
        activity: place_order(results, roster.loc[roster["activity"] == activity, "place"])
        for activity, _, _ in panels
    }
    figure = make_subplots(
        rows=len(panels),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.12 if len(panels) > 1 else 0.0,
        subplot_titles=[heading for _, heading, _ in panels],
        row_heights=[len(places[activity]) + 1 for activity, _, _ in panels],
    )
    for row, (activity, _, noun) in enumerate(panels, start=1):
        count: Counter[tuple[str, str, str]] = Counter()
        detail: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
        part = roster[roster["activity"] == activity]
        for staff, place, day, session, modality in zip(
            part["staff"],
            part["place"],
            part["day"],
            part["session"],
            part["modality"],
            strict=True,
        ):
            count[(place, day, session)] += 1
            what = modality if activity == SCAN else tier_name(tiers.get(staff, "")).lower()
            detail[(place, day, session)][what] += 1
        z = [[count[(place, day, session)] for day, session in slots] for place in places[activity]]
        hover = [
            [counted(detail[(place, day, session)]) for day, session in slots]
            for place in places[activity]
        ]
        figure.add_trace(
            go.Heatmap(
                z=z,
                x=labels,
                y=[place_label(names, place) for place in places[activity]],
                customdata=hover,
                coloraxis="coloraxis",
                xgap=1,
                ygap=1,
                name=noun,
                hovertemplate=(
                    "<b>%{y}</b><br>%{x}: %{z} " + noun + "<br>%{customdata}<extra></extra>"
                ),
            ),
            row=row,
            col=1,
        )
    rows = sum(len(p) for p in places.values())
    styled(figure, x_title=x_title, y_title=y_title, height=max(420, 170 + 26 * rows))
    figure.update_yaxes(autorange="reversed")
    for row in range(1, len(panels)):
        figure.update_xaxes(title_text="", row=row, col=1)
    figure.update_layout(
        coloraxis={
            "colorscale": [[0.0, WHITE], [1.0, NHS_BLUE]],
            "cmin": 0,
            "colorbar": {"title": {"text": "people"}},
        },
        margin={"l": 260},
    )
    per_slot = Counter(zip(roster["day"], roster["session"], strict=True))
    busiest = max(slots, key=lambda s: per_slot[s])
    quietest = min(slots, key=lambda s: per_slot[s])
    at_busiest = roster[(roster["day"] == busiest[0]) & (roster["session"] == busiest[1])]
    by_activity = Counter(at_busiest["activity"])
    per_place = Counter(roster["place"][roster["place"] != HOME])
    split = ", ".join(
        f"{by_activity[activity]} {word}"
        for activity, word in ((SCAN, "scanning"), (REPORT, "reporting"))
    )
    reading = (
        f"{slot_label(*busiest)} is the busiest session, with {whole(per_slot[busiest])} people "
        f"rostered ({split}), and {slot_label(*quietest)} the quietest "
        f"({whole(per_slot[quietest])})"
    )
    if per_place:
        site, sessions = per_place.most_common(1)[0]
        reading += (
            f"; {place_label(names, site)} has the most person-sessions, {whole(sessions)} a week"
        )
    return Chart(key, title, reading + ".", figure)


def staff_utilisation_chart(results: PlanResults) -> Chart:
    """Contracted and worked sessions by tier, each bar made of the tier's staff rows (hover
    one for its figures); extra paid sessions on top of the worked bar."""
    key, title = "staff-utilisation", "Staff time by tier: contracted and worked sessions"
    staff = plan_table(
        results,
        "utilisation_staff",
        text=("staff", "tier"),
        numbers=("people", "contracted_sessions", "worked_sessions", "extra_sessions"),
    )
    x_title, y_title = "Tier", "Sessions a week (person-sessions)"
    if staff.empty:
        empty = styled(go.Figure(), x_title=x_title, y_title=y_title)
        return Chart(key, title, "The plan has no staff to show.", empty)
    rank = {tier: i for i, tier in enumerate(tier_order(staff["tier"]))}
    staff = staff.iloc[sorted(range(len(staff)), key=lambda i: rank[staff["tier"].iloc[i]])]
    tiers = [tier_name(t) for t in staff["tier"]]
    contracted = staff["contracted_sessions"].tolist()
    extra = staff["extra_sessions"].tolist()
    within = [max(w - e, 0.0) for w, e in zip(staff["worked_sessions"], extra, strict=True)]
    hover = [
        f"<b>{row}</b> ({tier.lower()}, {people(count)})<br>"
        f"contracted {c:,.0f}, worked {w:,.0f} "
        f"({share(w / c) if c else 'nothing contracted'}), extra {e:,.1f} sessions a week"
        for row, tier, count, c, w, e in zip(
            staff["staff"],
            tiers,
            staff["people"],
            contracted,
            staff["worked_sessions"],
            extra,
            strict=True,
        )
    ]
    figure = go.Figure()
    for name, level, values, colour in (
        ("Contracted", "Contracted", contracted, MID_GREY),
        ("Worked within contract", "Worked", within, NHS_BLUE),
        ("Extra paid sessions", "Worked", extra, WARM_YELLOW),
    ):
        figure.add_trace(
            go.Bar(
                name=name,
                x=[tiers, [level] * len(tiers)],
                y=values,
                marker={"color": colour, "line": {"color": WHITE, "width": 1}},
                hovertext=hover,
                hovertemplate="%{hovertext}<extra>" + name + "</extra>",
            )
        )
    styled(figure, x_title=x_title, y_title=y_title)
    figure.update_layout(barmode="stack")
    total_contracted, total_within, total_extra = sum(contracted), sum(within), sum(extra)
    by_tier_contracted = sums(staff["tier"], contracted)
    by_tier_worked = sums(staff["tier"], staff["worked_sessions"])
    by_tier_extra = sums(staff["tier"], extra)
    use = {tier: by_tier_worked[tier] / c for tier, c in by_tier_contracted.items() if c > 0}
    reading = (
        f"Staff work {whole(total_within)} of their {whole(total_contracted)} contracted "
        f"sessions a week ({share(total_within / total_contracted) if total_contracted else '-'})"
    )
    if total_extra > 0:
        tier, most = biggest(by_tier_extra)
        reading += (
            f" plus {plural(total_extra, 'extra paid session', 'extra paid sessions')}, most by "
            f"{tier_name(tier).lower()} ({whole(most)})"
        )
    else:
        reading += " and no extra paid session"
    if use:
        tier, most_used = biggest(use)
        reading += (
            f"; {tier_name(tier).lower()} are the most stretched, at {share(most_used)} of contract"
        )
    return Chart(key, title, reading + ".", figure)


def passports_chart(results: PlanResults) -> Chart:
    """The passports held and granted: staff row, site, people covered, status and cost."""
    key, title = "passports", "Passports: who may work at which other site"
    passports = plan_table(
        results, "passports", text=("staff", "site", "status"), numbers=("people", "cost")
    )
    x_title, y_title = "People covered", "Staff row and the site of the passport"
    figure = go.Figure()
    if passports.empty:
        reading = "No staff row holds or is granted a passport to work beyond its home site."
        return Chart(key, title, reading, styled(figure, x_title=x_title, y_title=y_title))
    names = place_names(results)
    tiers = staff_tiers(results)
    rank = {GRANTED: 0, HELD: 1}
    passports = passports.iloc[
        sorted(
            range(len(passports)),
            key=lambda i: (rank.get(passports["status"].iloc[i], 2), i),
        )
    ]
    labels = [
        f"{staff} → {place_label(names, site)}"
        for staff, site in zip(passports["staff"], passports["site"], strict=True)
    ]
    passports = passports.assign(label=labels)
    for status, colour, words in (
        (GRANTED, NHS_BLUE, "Granted by the plan"),
        (HELD, MID_GREY, "Held already"),
    ):
        part = passports[passports["status"] == status]
        if part.empty:
            continue
        hover = [
            f"<b>{staff}</b> ({tier_name(tiers.get(staff, '')).lower()})<br>"
            f"at {place_label(names, site)}<br>{people(count)}, {status}"
            + (f", {money(cost)} one-off onboarding" if status == GRANTED else "")
            for staff, site, count, cost in zip(
                part["staff"], part["site"], part["people"], part["cost"], strict=True
            )
        ]
        figure.add_trace(
            go.Bar(
                name=words,
                orientation="h",
                x=part["people"].tolist(),
                y=part["label"].tolist(),
                marker={"color": colour},
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    styled(figure, x_title=x_title, y_title=y_title, height=max(320, 150 + 28 * len(passports)))
    figure.update_yaxes(autorange="reversed", categoryorder="array", categoryarray=labels)
    figure.update_layout(margin={"l": 320})
    granted = passports[passports["status"] == GRANTED]
    held = passports[passports["status"] == HELD]
    if granted.empty:
        policy = str(results.summary.get("passport_policy") or "")
        why = "the passport policy allows none" if policy == "none" else "none is worth its cost"
        reading = (
            f"No passport is granted ({why}); the {plural(len(held), 'one', 'ones')} shown "
            f"{'is' if len(held) == 1 else 'are'} already held, covering "
            f"{people(held['people'].sum())}."
        )
    else:
        site, most = biggest(sums(granted["site"], granted["people"]))
        reading = (
            f"The plan grants {plural(len(granted), 'passport', 'passports')} covering "
            f"{people(granted['people'].sum())} ({money(float(granted['cost'].sum()))} "
            f"one-off), the most for {place_label(names, site)} ({people(most)}); "
            f"{whole(len(held))} {'is' if len(held) == 1 else 'are'} already held."
        )
    return Chart(key, title, reading, figure)


def reporting_flows_chart(results: PlanResults) -> Chart:
    """A Sankey diagram from the site acquiring the exams to where they are reported: a site's
    worklist, home, outsourcing or late (exams a week, summed over days and exam types)."""
    key, title = "reporting-flows", "Where each site's exams are reported (exams a week)"
    flows = plan_table(results, "reporting_flows", text=("site", "place"), numbers=("exams",))
    outsourced = plan_table(results, "outsourced", text=("site",), numbers=("reports",))
    late = plan_table(results, "backlog", text=("site",), numbers=("exams",))
    names = place_names(results)
    links: dict[tuple[str, str], float] = defaultdict(float)
    for site, place, exams in zip(flows["site"], flows["place"], flows["exams"], strict=True):
        links[(site, place)] += exams
    for site, reports in zip(outsourced["site"], outsourced["reports"], strict=True):
        links[(site, "outsourced")] += reports
    for site, exams in zip(late["site"], late["exams"], strict=True):
        links[(site, "late")] += exams
    links = {pair: value for pair, value in links.items() if value > 0}
    figure = go.Figure()
    if not links:
        styled(figure)
        return Chart(key, title, "No exam is acquired, so none is reported.", figure)
    sources = place_order(results, (site for site, _ in links))
    places = place_order(results, (p for _, p in links if p not in ("outsourced", "late")))
    targets = places + [p for p in ("outsourced", "late") if any(t == p for _, t in links)]
    trusts = plan_table(results, "sites", text=("site", "trust"))
    trust_of = dict(zip(trusts["site"], trusts["trust"], strict=True))
    trust_colour = colours(list(dict.fromkeys(trusts["trust"])))
    special = {
        HOME: ("Reported from home", GREEN),
        "outsourced": ("Outsourced", WARM_YELLOW),
        "late": ("Late (beyond the standard)", RED),
    }

    def node(place: str, acquiring: bool) -> tuple[str, str]:
        if place in special and not acquiring:
            return special[place]
        colour = trust_colour.get(trust_of.get(place, ""), NHS_BLUE)
        label = place_label(names, place)
        return (label if acquiring else f"Reported at {label}"), colour

    nodes = [node(p, True) for p in sources] + [node(p, False) for p in targets]
    source_index = {p: i for i, p in enumerate(sources)}
    target_index = {p: len(sources) + i for i, p in enumerate(targets)}

    def link_colour(site: str, place: str) -> str:
        return {HOME: HOME_LINK, "outsourced": OUTSOURCED_LINK, "late": LATE_LINK}.get(
            place, LOCAL_LINK if place == site else OTHER_SITE_LINK
        )

    pairs = sorted(links, key=lambda p: (source_index[p[0]], target_index[p[1]]))
    figure.add_trace(
        go.Sankey(
            arrangement="snap",
            valueformat=",.0f",
            valuesuffix=" exams a week",
            node={
                "label": [label for label, _ in nodes],
                "color": [colour for _, colour in nodes],
                "pad": 12,
                "thickness": 16,
                "line": {"color": WHITE, "width": 0.5},
                "hovertemplate": "%{label}<br>%{value:,.0f} exams a week<extra></extra>",
            },
            link={
                "source": [source_index[s] for s, _ in pairs],
                "target": [target_index[p] for _, p in pairs],
                "value": [links[pair] for pair in pairs],
                "color": [link_colour(s, p) for s, p in pairs],
                "hovertemplate": (
                    "%{source.label} → %{target.label}<br>%{value:,.1f} exams a week<extra></extra>"
                ),
            },
        )
    )
    styled(figure, height=max(420, 120 + 34 * max(len(sources), len(targets))))
    figure.add_annotation(
        text=(
            "Left: the site acquiring the exams; right: where they are reported. "
            "Widths: exams a week, summed over the days and exam types."
        ),
        x=0,
        y=-0.08,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 12, "color": DARK_GREY},
    )
    total = sum(links.values())
    elsewhere = {pair: value for pair, value in links.items() if pair[1] not in (pair[0], *special)}
    away = sum(elsewhere.values())
    home = sum(v for (_, p), v in links.items() if p == HOME)
    reading = (
        f"Of {whole(total)} exams a week, {whole(away)} ({share(away / total)}) are reported at "
        f"another site than the one acquiring them and {whole(home)} from home"
    )
    if elsewhere:
        (site, place), most = max(elsewhere.items(), key=lambda kv: kv[1])
        reading += (
            f"; the largest flow between sites is {place_label(names, site)} → "
            f"{place_label(names, place)}, {whole(most)} a week"
        )
    return Chart(key, title, reading + ".", figure)


def exam_volumes_chart(results: PlanResults) -> Chart:
    """Stacked bars per exam type: reported at sites, at home, outsourced and late."""
    key, title = "exam-volumes", "What happens to each exam type: reported, outsourced or late"
    volumes = plan_table(
        results,
        "volumes",
        text=("exam_type",),
        numbers=("acquired", *(column for column, _, _ in VOLUME_PARTS)),
    )
    x_title, y_title = "Exam type", "Exams a week"
    figure = go.Figure()
    if volumes.empty:
        reading = "No exam is acquired in the plan's week."
        return Chart(key, title, reading, styled(figure, x_title=x_title, y_title=y_title))
    types = volumes["exam_type"].tolist()
    for column, name, colour in VOLUME_PARTS:
        hover = [
            f"<b>{exam_type}</b>: {value:,.1f} of {acquired:,.1f} exams a week "
            f"({share(value / acquired) if acquired else '-'}) {name.lower()}"
            for exam_type, value, acquired in zip(
                types, volumes[column], volumes["acquired"], strict=True
            )
        ]
        figure.add_trace(
            go.Bar(
                name=name,
                x=types,
                y=volumes[column].tolist(),
                marker={"color": colour},
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    styled(figure, x_title=x_title, y_title=y_title)
    figure.update_layout(barmode="stack")
    acquired = float(volumes["acquired"].sum())

    def part_words(column: str, verb: str) -> str:
        total = float(volumes[column].sum())
        if total < 0.5:
            return f"none is {verb}"
        exam_type, most = biggest(dict(zip(types, volumes[column], strict=True)))
        be = "is" if round(total) == 1 else "are"
        if most >= total - 0.5:
            return f"{whole(total)} ({share(total / acquired)}) {be} {verb}, all {exam_type}"
        return (
            f"{whole(total)} ({share(total / acquired)}) {be} {verb}, most of them {exam_type} "
            f"({whole(most)})"
        )

    reading = (
        f"Of {whole(acquired)} exams a week, {part_words('outsourced', 'outsourced')}, "
        f"and {part_words('late', 'late')}."
    )
    return Chart(key, title, reading, figure)


def costs_chart(results: PlanResults) -> Chart:
    """A waterfall of the annual cost, component by component, to the total."""
    key, title = "costs", "Annual cost by component"
    costs = plan_table(results, "costs", text=("component",), numbers=("annual",))
    x_title, y_title = "Cost component", "GBP a year"
    figure = go.Figure()
    if costs.empty:
        reading = "The plan has no costs to show."
        return Chart(key, title, reading, styled(figure, x_title=x_title, y_title=y_title))
    components = costs["component"].tolist()
    values = costs["annual"].tolist()
    total = sum(values)
    labels = [COMPONENT_NAMES.get(c, c) for c in components]
    figure.add_trace(
        go.Waterfall(
            x=[*labels, "Total a year"],
            y=[*values, total],
            measure=["relative"] * len(values) + ["total"],
            text=[money(v) for v in [*values, total]],
            textposition="outside",
            connector={"line": {"color": MID_GREY, "width": 1}},
            increasing={"marker": {"color": NHS_BLUE}},
            decreasing={"marker": {"color": GREEN}},
            totals={"marker": {"color": DARK_GREY}},
            hovertext=[
                f"{label}: {money(v)} a year" for label, v in zip(labels, values, strict=True)
            ]
            + [f"Total: {money(total)} a year"],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    styled(figure, x_title=x_title, y_title=y_title)
    if total <= 0:
        return Chart(key, title, "The plan costs nothing a year.", figure)
    by_component = dict(zip(labels, values, strict=True))
    first, most = biggest(by_component)
    reading = (
        f"{first} is the largest cost: {money(most)} of the {money(total)} a year "
        f"({share(most / total)})"
    )
    rest = {label: v for label, v in by_component.items() if label != first and v > 0}
    if rest:
        second, next_most = biggest(rest)
        reading += f", then {second.lower()} at {money(next_most)}"
    return Chart(key, title, reading + ".", figure)


def image_links_chart(results: PlanResults) -> Chart:
    """Studies sent over each image-transfer link and direction on its busiest day, against
    the link's capacity."""
    key, title = "image-links", "Image traffic over the transfer links (busiest day)"
    flows = plan_table(
        results,
        "link_flows",
        text=("origin", "destination", "day"),
        numbers=("studies",),
        optional_numbers=("capacity",),
    )
    x_title, y_title = "Image-transfer link and direction", "Studies a day"
    figure = go.Figure()
    flows = flows[flows["studies"] > 0]
    if flows.empty:
        reading = "No images are sent between sites: every exam is reported where it is acquired or from home."
        return Chart(key, title, reading, styled(figure, x_title=x_title, y_title=y_title))
    names = place_names(results)
    days = {d: i for i, d in enumerate(DAYS)}
    per_link: dict[tuple[str, str], list[tuple[str, float]]] = defaultdict(list)
    capacity: dict[tuple[str, str], float] = {}
    for origin, destination, day, studies, limit in zip(
        flows["origin"],
        flows["destination"],
        flows["day"],
        flows["studies"],
        flows["capacity"],
        strict=True,
    ):
        per_link[(origin, destination)].append((day, studies))
        if math.isfinite(limit):
            capacity[(origin, destination)] = limit
    order = sorted(per_link, key=lambda link: -max(s for _, s in per_link[link]))
    labels = [f"{origin} → {destination}" for origin, destination in order]
    busiest = [max(per_link[link], key=lambda ds: (ds[1], -days.get(ds[0], 7))) for link in order]
    hover = [
        f"<b>{place_label(names, o)} → {place_label(names, d)}</b><br>"
        + "<br>".join(
            f"{day.capitalize()}: {studies:,.1f}"
            for day, studies in sorted(per_link[(o, d)], key=lambda ds: days.get(ds[0], 7))
        )
        + f"<br>capacity: {f'{capacity[(o, d)]:,.0f} a day' if (o, d) in capacity else 'no limit'}"
        for o, d in order
    ]
    figure.add_trace(
        go.Bar(
            name="Studies on the busiest day",
            x=labels,
            y=[studies for _, studies in busiest],
            marker={"color": NHS_BLUE},
            hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    limited = [i for i, link in enumerate(order) if link in capacity]
    if limited:
        figure.add_trace(
            go.Scatter(
                name="Capacity",
                x=[labels[i] for i in limited],
                y=[capacity[order[i]] for i in limited],
                mode="markers",
                marker={"color": RED, "symbol": "line-ew-open", "size": 22, "line": {"width": 3}},
                hovertemplate="%{x}: capacity %{y:,.0f} studies a day<extra></extra>",
            )
        )
    styled(figure, x_title=x_title, y_title=y_title)
    (origin, destination), (day, studies) = order[0], busiest[0]
    reading = (
        f"The busiest link is {place_label(names, origin)} → {place_label(names, destination)}, "
        f"{studies:,.1f} studies on {day.capitalize()}"
    )
    if order[0] in capacity:
        limit = capacity[order[0]]
        reading += f" ({share(studies / limit)} of its {limit:,.0f} a day)" if limit else ""
    else:
        reading += " (no capacity limit)"
    full = sum(
        1
        for link in order
        if link in capacity and any(s >= capacity[link] - 1e-6 for _, s in per_link[link])
    )
    if full:
        reading += f"; {plural(full, 'link is', 'links are')} full on at least one day"
    else:
        reading += "; no link is ever full"
    return Chart(key, title, reading + ".", figure)


WORKFORCE_CHARTS = (
    roster_chart,
    staff_utilisation_chart,
    passports_chart,
    reporting_flows_chart,
    exam_volumes_chart,
    costs_chart,
    image_links_chart,
)
"""The charts of a workforce report, in page order."""


def workforce_charts(results: PlanResults) -> list[Chart]:
    """Every chart of the workforce report, in page order (none when the plan has no tables)."""
    if not isinstance(results.summary.get("plan"), Mapping):
        return []
    return [chart(results) for chart in WORKFORCE_CHARTS]
