"""``netopt.Study``: a study for Python code: load it, look at its scenarios, run it, read its
comparison and differences as pandas DataFrames.

Scenarios run in spawned processes, so a script that runs a study must guard its entry point::

    import netopt

    if __name__ == "__main__":
        study = netopt.Study.load("instances/studies/tutorial.yaml")
        result = study.run("out/study", workers=2)
        print(study.comparison("out/study")[["scenario", "objective", "gap"]])
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from netopt.schema import Instance
from netopt.study.apply import StudyFile, read_study, scenario_instance
from netopt.study.compare import comparison_frame
from netopt.study.diff import PlanDiff, diff_plans
from netopt.study.run import FAILED, STUDY_FILE, Progress, StudyResult, run_study
from netopt.study.runners import Runner
from netopt.study.spec import Scenario


@dataclass(frozen=True)
class Study:
    """A study file, read and validated, with its base instance."""

    file: StudyFile

    @classmethod
    def load(cls, path: str | Path) -> Study:
        """Read a study file (:class:`~netopt.study.apply.StudyError` when it is invalid)."""
        return cls(read_study(path))

    @property
    def scenarios(self) -> list[Scenario]:
        """Every scenario, in order (``base`` first unless left out, then the sweeps')."""
        return self.file.study.all_scenarios()

    def instance(self, name: str) -> Instance:
        """The instance of scenario ``name``: the base with its changes, validated."""
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario_instance(self.file, scenario)
        raise KeyError(f"no scenario {name!r}: {', '.join(s.name for s in self.scenarios)}")

    def run(
        self,
        out: str | Path,
        workers: int | None = None,
        *,
        progress: Progress | None = None,
        runner: Runner | None = None,
    ) -> StudyResult:
        """Solve every scenario into ``out`` (see :func:`netopt.study.run.run_study`)."""
        return run_study(self.file, out, workers, progress=progress, runner=runner)

    @staticmethod
    def folders(out: str | Path) -> dict[str, Path]:
        """The result folder of each solved scenario of the study folder ``out``, in order."""
        folder = Path(out)
        record = json.loads((folder / STUDY_FILE).read_text(encoding="utf-8"))
        return {
            str(s["name"]): folder / str(s["folder"])
            for s in record["scenarios"]
            if s.get("status") != FAILED and (folder / str(s["folder"]) / "summary.json").is_file()
        }

    @classmethod
    def comparison(cls, out: str | Path, names: Sequence[str] | None = None) -> pd.DataFrame:
        """The scenarios of the study folder ``out`` side by side (one row each)."""
        folders = cls.folders(out)
        chosen = {n: folders[n] for n in names} if names is not None else folders
        return comparison_frame(chosen)

    @classmethod
    def diff(cls, out: str | Path, first: str, second: str) -> PlanDiff:
        """What changed from scenario ``first`` to ``second`` of the study folder ``out``."""
        folders = cls.folders(out)
        return diff_plans(folders[first], folders[second], first, second)
