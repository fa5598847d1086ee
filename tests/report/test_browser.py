"""The report in a real browser: Debian's Chromium, headless, with the network cut off.

The tutorial's capital and workforce plans, and the joint plan of the staffed two-trust network
(``tests.joint.networks``) with its comparison with the sequential plan, are solved (HiGHS)
and written with their reports;
each ``report.html`` is opened from disk in Chromium driven by Playwright (no browser download:
``.ci/run`` installs the distribution's ``chromium``). Every request that is not the file itself
is recorded and refused, and the test asserts there are none, that the page logs no error, and
that every chart is drawn: its SVG exists, has a size, and holds marks. A screenshot of each
report is saved: in ``$NETOPT_SCREENSHOTS`` when set (the README's pictures are made with
``NETOPT_SCREENSHOTS=docs/images python -m pytest -m slow tests/report/test_browser.py``),
otherwise in the test's temporary folder.

Without Chromium the tests are skipped, unless ``NETOPT_REQUIRE_BROWSER`` is set (as
``.ci/run`` sets it), when they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import netopt
from netopt.report.page import REPORT_FILE

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
TUTORIAL = REPO / "instances" / "tutorial.yaml"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
"""Headless Chromium as root in a sandbox with no network: no background connections."""

DRAWN = """
() => [...document.querySelectorAll('section.chart')].map(section => {
  const plot = section.querySelector('.js-plotly-plot');
  const svg = plot && plot.querySelector('svg.main-svg');
  const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  const marks = plot ? plot.querySelectorAll(
    '.trace path, .trace image, .plot path, .plot image, .sankey path, .heatmaplayer image'
  ).length : 0;
  return {id: section.id, traces: plot && plot._fullData ? plot._fullData.length : 0,
          width: box.width, height: box.height, marks: marks};
})
"""
"""Per chart section: its id, the traces Plotly drew, the SVG's size and its marks."""


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        if os.environ.get("NETOPT_REQUIRE_BROWSER"):
            pytest.fail("NETOPT_REQUIRE_BROWSER is set but no chromium is installed")
        pytest.skip("no chromium on this machine (apt-get install chromium)")
    return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = chromium()
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def capital_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    instance = netopt.load_instance(TUTORIAL)
    plan = netopt.solve_capital(instance, netopt.SolveOptions(time_limit=20))
    assert plan.status.has_plan
    baselines = netopt.compare_with_baselines(
        instance, plan, options=netopt.SolveOptions(time_limit=20)
    )
    out = tmp_path_factory.mktemp("capital") / "plan"
    return netopt.write_plan(plan, instance, out, extra_tables={"baselines": baselines})


@pytest.fixture(scope="module")
def workforce_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    instance = netopt.load_instance(TUTORIAL)
    plan = netopt.solve_workforce(instance, netopt.SolveOptions(time_limit=30))
    assert plan.status.has_plan
    out = tmp_path_factory.mktemp("workforce") / "plan"
    return netopt.write_plan(plan, instance, out)


@pytest.fixture(scope="module")
def joint_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.joint.networks import staffed_cdc

    instance = staffed_cdc()
    options = netopt.SolveOptions(time_limit=30)
    plan = netopt.solve_joint(instance, options)
    assert plan.status.has_plan
    _, sequential = netopt.compare_with_sequential(instance, plan, options)
    out = tmp_path_factory.mktemp("joint") / "plan"
    return netopt.write_plan(plan, instance, out, extra_tables={"sequential": sequential})


def screenshots(tmp_path: Path) -> Path:
    chosen = os.environ.get("NETOPT_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_offline(browser: Any, report: Path, shot: Path) -> list[dict[str, Any]]:
    """Open ``report`` with the network off; assert nothing was requested and nothing logged
    an error; save a screenshot of the page's top to ``shot``; the charts as drawn."""
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 1500})
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: requests.append(f"failed: {r.url}"))

    def only_the_file(route: Any) -> None:
        if route.request.url == report.as_uri():
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_file)
    page.goto(report.as_uri(), wait_until="load")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].every(p => p._fullLayout)"
        " && document.querySelectorAll('.js-plotly-plot').length > 0"
    )
    page.wait_for_timeout(500)  # Plotly finishes its transitions
    drawn: list[dict[str, Any]] = page.evaluate(DRAWN)
    page.screenshot(path=str(shot))
    context.close()
    assert requests == [], f"requests left the page: {requests}"
    assert errors == [], f"the page logged errors: {errors}"
    return drawn


@pytest.fixture(scope="module")
def study_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-scenario study of the two-trust network, solved, with its comparison.html."""
    from netopt.study.apply import read_study
    from netopt.study.run import run_study
    from tests.verify.networks import with_cdc

    folder = tmp_path_factory.mktemp("study")
    (folder / "net.json").write_text(with_cdc().model_dump_json(), encoding="utf-8")
    study = folder / "study.yaml"
    study.write_text(
        "base: net.json\noptions: {time_limit: 30, mip_gap: 0}\nscenarios:\n"
        "  - name: budgets-20\n    changes:\n      - {table: trusts, scale: {capital_budget: 0.8}}\n",
        encoding="utf-8",
    )
    out = folder / "out"
    run_study(read_study(study), out, 1)
    return out


def test_the_study_comparison_draws_every_chart_offline(
    browser: Any, study_folder: Path, tmp_path: Path
) -> None:
    shot = screenshots(tmp_path) / "comparison.png"
    drawn = open_offline(browser, study_folder / "comparison.html", shot)
    assert [chart["id"] for chart in drawn] == ["cost", "capital", "outsourcing", "fleet"]
    for chart in drawn:
        assert chart["traces"] > 0 and chart["marks"] > 0, chart


@pytest.mark.parametrize("plan", ["capital", "workforce", "joint"])
def test_report_draws_every_chart_offline(
    plan: str, browser: Any, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    folder: Path = request.getfixturevalue(f"{plan}_folder")
    shot = screenshots(tmp_path) / f"report-{plan}.png"
    drawn = open_offline(browser, folder / REPORT_FILE, shot)
    assert len(drawn) >= 6, drawn
    for chart in drawn:
        assert chart["traces"] > 0, chart
        assert chart["width"] > 300 and chart["height"] > 200, chart
        assert chart["marks"] > 0, chart
    assert shot.stat().st_size > 20_000
