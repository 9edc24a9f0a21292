"""``seuranta render``: in-process engine, forked isolation, failures, skipping, manifest."""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from datetime import datetime
from importlib import metadata
from pathlib import Path

import nbformat
import papermill
import pytest
from papermill.exceptions import PapermillExecutionError

import seuranta.paths
import seuranta.render.engine
from conftest import PROGRAMME
from seuranta.cli import main
from seuranta.errors import SeurantaError
from seuranta.pages import BLOCK_MIMETYPE as BLOCK
from seuranta.paths import ProjectPaths
from seuranta.render.cache_key import cache_key, gather_inputs
from seuranta.render.manifest import Target, target
from seuranta.render.outcome import RenderResult
from seuranta.render.plan import Appendix, parse_languages, plan
from seuranta.render.run import render
from seuranta.render.versions import VERSIONED, package_versions

NOTEBOOKS = Path(__file__).resolve().parent / "fixtures" / "notebooks"
DEMO = "demo"
YEAR = 2000


# -- helpers ------------------------------------------------------------------------------


@pytest.fixture
def root(tmp_path, monkeypatch) -> ProjectPaths:
    """A project tree for the fixture notebooks: processed data, notebooks, a small library."""
    paths = ProjectPaths(tmp_path / "project")
    data = paths.processed_programme(DEMO)
    data.mkdir(parents=True)
    (data / "values.csv").write_text("year,value\n2000,1\n", encoding="utf-8")
    shutil.copytree(NOTEBOOKS, paths.notebooks)
    library = paths.root / "lib"
    (library / "templates" / "page").mkdir(parents=True)
    (library / "module.py").write_text("VALUE = 1\n", encoding="utf-8")
    (library / "templates" / "page" / "index.html.j2").write_text("{{ x }}\n", encoding="utf-8")
    (library / "__pycache__").mkdir()
    (library / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"ignored")
    monkeypatch.setenv("SEURANTA_ROOT", str(paths.root))
    return paths


def appendix(paths: ProjectPaths, name: str, notebook: str, lang: str = "fi", **extra):
    params = {"programme": DEMO, "year": YEAR, "lang": lang, **extra}
    return Appendix(name, lang, paths.notebooks / f"{notebook}.ipynb", params)


def run(paths: ProjectPaths, appendices, **options) -> RenderResult:
    options.setdefault("jobs", 1)
    return render(
        appendices,
        programme=DEMO,
        year=YEAR,
        paths=paths,
        library=paths.root / "lib",
        progress=False,
        **options,
    )


def statuses(result: RenderResult) -> dict[str, str]:
    return {o.appendix.label: o.status for o in result.outcomes}


def where(paths: ProjectPaths, app: Appendix) -> Target:
    return target(paths, DEMO, YEAR, app)


def outputs_of(nb: nbformat.NotebookNode, output_type: str) -> list:
    return [o for cell in nb.cells for o in cell.get("outputs", []) if o.output_type == output_type]


# -- the in-process engine ----------------------------------------------------------------


def test_engine_refuses_a_parameter_the_notebook_does_not_take(tmp_path):
    with pytest.raises(PapermillExecutionError) as err:
        papermill.execute_notebook(
            str(NOTEBOOKS / "params.ipynb"),
            str(tmp_path / "out.ipynb"),
            parameters={"gaol": 3},
            engine_name=seuranta.render.engine.ENGINE_NAME,
            kernel_name="python3",
            language="python",
            progress_bar=False,
        )
    assert str(err.value).strip().splitlines()[-1] == (
        "unknown parameter gaol: this notebook takes programme, year, lang, goal"
    )
    executed = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert not [c for c in executed.cells if c.get("execution_count")]  # nothing ran


def test_engine_executes_a_parameterised_notebook_in_process(tmp_path):
    nb = papermill.execute_notebook(
        str(NOTEBOOKS / "params.ipynb"),
        str(tmp_path / "out.ipynb"),
        parameters={"programme": "espoo", "year": 2022, "lang": "sv", "goal": 3},
        engine_name=seuranta.render.engine.ENGINE_NAME,
        kernel_name="python3",
        language="python",
        progress_bar=False,
    )
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert "year = 2022" in injected[0].source and 'lang = "sv"' in injected[0].source
    assert nb.metadata.papermill.parameters == {
        "programme": "espoo",
        "year": 2022,
        "lang": "sv",
        "goal": 3,
    }
    streams = outputs_of(nb, "stream")
    assert streams[0].name == "stdout"
    assert streams[0].text == "parameters: espoo 2022 sv 3\n"  # the injected values are used
    html = [o.data[BLOCK] for o in outputs_of(nb, "display_data") if BLOCK in o.data]
    assert html == ['<p class="marker">espoo/2022/sv/goal=3</p>']
    pngs = [o for o in outputs_of(nb, "display_data") if "image/png" in o.data]
    assert len(pngs) == 1
    assert pngs[0].data["image/png"].startswith("iVBORw0KGgo")  # base64 of the PNG signature
    (result,) = outputs_of(nb, "execute_result")
    assert result.data["text/plain"] == "4044"
    assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3, 4, 5]
    assert nb.metadata.papermill.exception is None
    written = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert written.metadata.papermill.parameters["goal"] == 3


def test_the_leak_detector_fires_when_two_notebooks_share_a_process(tmp_path, monkeypatch):
    """Control for the isolation test: without a fork per appendix, notebook B raises."""
    import matplotlib

    monkeypatch.chdir(tmp_path)
    options = {
        "engine_name": seuranta.render.engine.ENGINE_NAME,
        "kernel_name": "python3",
        "language": "python",
        "progress_bar": False,
        "parameters": {"elsewhere": str(tmp_path)},
    }
    try:
        with matplotlib.rc_context():
            papermill.execute_notebook(
                str(NOTEBOOKS / "leak_a.ipynb"), str(tmp_path / "a.ipynb"), **options
            )
            with pytest.raises(PapermillExecutionError) as err:
                papermill.execute_notebook(
                    str(NOTEBOOKS / "leak_b.ipynb"), str(tmp_path / "b.ipynb"), **options
                )
    finally:
        if hasattr(seuranta.paths, "LEAKED_ATTRIBUTE"):
            del seuranta.paths.LEAKED_ATTRIBUTE
    assert err.value.ename == "AssertionError"
    assert "rcParams" in err.value.evalue
    assert "module attribute" in err.value.evalue
    assert "global variable" not in err.value.evalue  # a fresh namespace per notebook


# -- rendering ----------------------------------------------------------------------------


def test_render_writes_the_page_and_the_executed_notebook(root):
    app = appendix(root, "goal-2", "params", lang="sv", goal=2)
    result = run(root, [app])
    assert statuses(result) == {"sv/goal-2": "rendered"}
    files = where(root, app)
    assert files.html == root.outputs / DEMO / "2000" / "sv" / "goal-2.html"
    html = files.html.read_text(encoding="utf-8")
    assert '<p class="marker">demo/2000/sv/goal=2</p>' in html
    assert "year * 2" not in html  # no code on the page
    executed = nbformat.read(files.executed, as_version=4)
    assert files.executed == root.outputs / DEMO / "2000" / "sv" / "notebooks" / "goal-2.ipynb"
    assert executed.metadata.papermill.parameters == app.parameters
    assert outputs_of(executed, "stream")[0].text == "parameters: demo 2000 sv 2\n"
    assert oct(files.html.stat().st_mode & 0o777) != oct(0o600)  # not mkstemp's private mode


def test_appendices_do_not_see_each_others_state(root, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    a = appendix(root, "a", "leak_a", elsewhere=str(elsewhere))
    b = appendix(root, "b", "leak_b", elsewhere=str(elsewhere))
    result = run(root, [a, b], jobs=1)
    assert [o.appendix.name for o in result.outcomes] == ["a", "b"]
    assert statuses(result) == {"fi/a": "rendered", "fi/b": "rendered"}, result.failed
    executed_a = nbformat.read(where(root, a).executed, as_version=4)
    assert outputs_of(executed_a, "stream")[0].text.startswith("A left its traces in")
    executed_b = nbformat.read(where(root, b).executed, as_version=4)
    assert outputs_of(executed_b, "stream")[0].text == "B sees no traces of A\n"
    assert not hasattr(seuranta.paths, "LEAKED_ATTRIBUTE")  # nor did the parent


def test_a_failing_appendix_keeps_its_last_good_page_and_the_others_render(root, caplog):
    good = appendix(root, "budget", "fail", fail=False)
    other = appendix(root, "index", "params")
    assert statuses(run(root, [good, other])) == {"fi/budget": "rendered", "fi/index": "rendered"}
    files = where(root, good)
    html_before = files.html.read_bytes()
    executed_before = files.executed.read_bytes()

    caplog.set_level(logging.INFO, logger="seuranta.render.run")
    bad = appendix(root, "budget", "fail", fail=True)
    other = appendix(root, "index", "params", goal=1)
    result = run(root, [bad, other], jobs=2)

    assert statuses(result) == {"fi/budget": "failed", "fi/index": "rendered"}
    (message,) = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert message.startswith("fi/budget: FAILED: ")
    assert "fail.ipynb" in message
    assert "cell 3 (check(fail)  # the third cell)" in message
    assert "ValueError: asked to fail in cell 3" in message
    assert "Traceback" not in message
    assert files.html.read_bytes() == html_before
    assert files.executed.read_bytes() == executed_before
    failed = nbformat.read(files.failed, as_version=4)  # papermill's marked record of the run
    assert outputs_of(failed, "error")[0].ename == "ValueError"
    assert not list(files.html.parent.glob(".*"))  # no temporary files left behind

    entry = json.loads(result.manifest.read_text(encoding="utf-8"))["appendices"]["budget"]["fi"]
    assert entry["status"] == "failed"
    assert entry["error"]["cell"] == 3
    assert entry["error"]["ename"] == "ValueError"
    assert entry["last_good"]["html_sha256"] == hashlib.sha256(html_before).hexdigest()

    # fixed again: the last good page matches, and the record of the failure goes
    assert statuses(run(root, [good]))["fi/budget"] == "skipped"
    assert not files.failed.exists()


def test_a_render_process_that_dies_is_a_failure_not_a_hang(root):
    nb = nbformat.read(root.notebooks / "fail.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import os\n\nos._exit(3)"))
    nbformat.write(nb, root.notebooks / "dies.ipynb")
    result = run(root, [appendix(root, "dies", "dies"), appendix(root, "index", "params")])
    assert statuses(result) == {"fi/dies": "failed", "fi/index": "rendered"}
    assert "exited with code 3" in result.failed[0].summary()


# -- skipping -----------------------------------------------------------------------------


def test_unchanged_appendices_are_skipped_and_changes_rerender(root, caplog):
    caplog.set_level(logging.INFO, logger="seuranta.render.run")
    appendices = [
        appendix(root, "goal-1", "params", goal=1),
        appendix(root, "goal-2", "params", goal=2),
        appendix(root, "budget", "fail"),
    ]
    assert set(statuses(run(root, appendices, jobs=2)).values()) == {"rendered"}

    caplog.clear()
    result = run(root, appendices)
    assert set(statuses(result).values()) == {"skipped"}
    skipped = [r.getMessage() for r in caplog.records if "skipped (unchanged)" in r.getMessage()]
    assert len(skipped) == 3
    assert "0 rendered, 3 skipped, 0 failed" in caplog.records[-1].getMessage()

    # a parameter
    appendices[1] = appendix(root, "goal-2", "params", goal=5)
    assert statuses(run(root, appendices)) == {
        "fi/goal-1": "skipped",
        "fi/goal-2": "rendered",
        "fi/budget": "skipped",
    }
    # a notebook
    nb = nbformat.read(root.notebooks / "fail.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("A note."))
    nbformat.write(nb, root.notebooks / "fail.ipynb")
    assert statuses(run(root, appendices))["fi/budget"] == "rendered"
    assert statuses(run(root, appendices))["fi/budget"] == "skipped"
    # a processed data file
    (root.processed_programme(DEMO) / "values.csv").write_text("year,value\n2000,2\n")
    assert set(statuses(run(root, appendices)).values()) == {"rendered"}
    # a library file (a cache file of Python does not count)
    (root.root / "lib" / "__pycache__" / "module.cpython-311.pyc").write_bytes(b"other")
    assert set(statuses(run(root, appendices)).values()) == {"skipped"}
    (root.root / "lib" / "templates" / "page" / "index.html.j2").write_text("{{ y }}\n")
    assert set(statuses(run(root, appendices)).values()) == {"rendered"}
    # a package version (as after a new lock): nothing installed, the versions are an input
    versions = package_versions()
    assert set(statuses(run(root, appendices, versions=versions)).values()) == {"skipped"}
    newer = {**versions, "pandas": "99.0"}
    assert set(statuses(run(root, appendices, versions=newer)).values()) == {"rendered"}
    assert set(statuses(run(root, appendices, versions=newer)).values()) == {"skipped"}
    assert set(statuses(run(root, appendices)).values()) == {"rendered"}  # the installed ones again
    # a page edited or removed by hand
    where(root, appendices[0]).html.write_text("edited")
    where(root, appendices[2]).html.unlink()
    assert statuses(run(root, appendices)) == {
        "fi/goal-1": "rendered",
        "fi/goal-2": "skipped",
        "fi/budget": "rendered",
    }
    # --force
    assert set(statuses(run(root, appendices, force=True)).values()) == {"rendered"}


def test_a_failed_appendix_is_not_skipped_next_time(root):
    bad = appendix(root, "budget", "fail", fail=True)
    assert statuses(run(root, [bad])) == {"fi/budget": "failed"}
    assert statuses(run(root, [bad])) == {"fi/budget": "failed"}


def test_every_cache_key_changes_with_any_versioned_package(root):
    """The key function takes the versions: a changed pin is seen without installing it."""
    appendices = [
        appendix(root, "index", "params"),
        appendix(root, "goal-1", "params", goal=1),
        appendix(root, "goal-1", "params", lang="sv", goal=1),
        appendix(root, "budget", "fail"),
    ]
    versions = package_versions()
    assert set(versions) == {"python", *VERSIONED}
    inputs = gather_inputs(root.processed_programme(DEMO), library=root.root / "lib")
    assert inputs.versions == versions

    def keys(versions):
        return [cache_key(a, inputs.of(a), versions) for a in appendices]

    before = keys(versions)
    assert len(set(before)) == len(appendices)
    assert keys(dict(versions)) == before  # a pure function of its inputs
    for name in versions:
        changed = keys({**versions, name: f"{versions[name]}.post1"})
        assert all(new != old for new, old in zip(changed, before, strict=True)), name


def test_package_versions_read_without_importing_the_packages():
    import subprocess
    import sys

    code = (
        "import sys; from seuranta.render.versions import package_versions; "
        "v = package_versions(); "
        "assert not {'pandas', 'matplotlib', 'nbconvert', 'papermill'} & set(sys.modules); "
        "print(v['pandas'])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == metadata.version("pandas")


def test_a_run_with_nothing_to_render_imports_none_of_the_rendering_machinery(root):
    """Deciding that every page is fresh must stay fast: no pandas, papermill, tqdm..."""
    import subprocess
    import sys

    app = appendix(root, "goal-1", "params", goal=1)
    assert statuses(run(root, [app])) == {"fi/goal-1": "rendered"}
    heavy = ["pandas", "matplotlib", "nbformat", "nbconvert", "papermill", "tqdm"]
    heavy += ["multiprocessing", "IPython", "importlib.metadata"]
    code = f"""
import sys
from pathlib import Path
from seuranta.paths import ProjectPaths
from seuranta.render.plan import Appendix
from seuranta.render.run import render
paths = ProjectPaths(Path({str(root.root)!r}))
app = Appendix("goal-1", "fi", paths.notebooks / "params.ipynb", {app.parameters!r})
result = render([app], programme={DEMO!r}, year={YEAR}, paths=paths, library=paths.root / "lib",
                jobs=1, progress=False)
assert [o.status for o in result.outcomes] == ["skipped"], result.outcomes
print(sorted(set({heavy!r}) & set(sys.modules)))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# -- the manifest -------------------------------------------------------------------------


def test_manifest_records_parameters_inputs_versions_and_status(root):
    appendices = [appendix(root, "goal-1", "params", goal=1), appendix(root, "budget", "fail")]
    first = run(root, appendices)
    run(root, [appendices[0], appendix(root, "budget", "fail", fail=True)])
    manifest = json.loads(first.manifest.read_text(encoding="utf-8"))
    assert first.manifest == root.outputs / DEMO / "2000" / "manifest.json"
    assert manifest["programme"] == DEMO and manifest["year"] == YEAR

    entry = manifest["appendices"]["goal-1"]["fi"]
    assert entry["parameters"] == {"programme": DEMO, "year": YEAR, "lang": "fi", "goal": 1}
    assert entry["status"] == "skipped"
    assert entry["html"] == "fi/goal-1.html"
    assert entry["executed_notebook"] == "fi/notebooks/goal-1.ipynb"
    inputs = entry["inputs"]
    notebook = (root.notebooks / "params.ipynb").read_bytes()
    assert inputs["notebook"] == hashlib.sha256(notebook).hexdigest()
    data = (root.processed_programme(DEMO) / "values.csv").read_bytes()
    assert inputs["data"] == {"values.csv": hashlib.sha256(data).hexdigest()}
    assert len(inputs["library"]) == 64 and len(inputs["template"]) == 64
    versions = entry["versions"]
    for name in ("python", *VERSIONED):
        assert versions[name], name
    for name in ("pandas", "matplotlib", "babel", "openpyxl", "papermill", "nbconvert"):
        assert versions[name] == metadata.version(name), name
    assert manifest["appendices"]["budget"]["fi"]["versions"] == versions
    good = entry["last_good"]
    assert good["duration_s"] > 0
    datetime.fromisoformat(good["rendered_at"])
    html = (root.outputs / DEMO / "2000" / entry["html"]).read_bytes()
    assert good["html_sha256"] == hashlib.sha256(html).hexdigest()
    assert good["cache_key"] == entry["cache_key"]

    failed = manifest["appendices"]["budget"]["fi"]
    assert failed["status"] == "failed"
    assert failed["parameters"]["fail"] is True
    assert failed["duration_s"] > 0
    assert failed["error"]["source"] == "check(fail)  # the third cell"
    assert failed["last_good"]["cache_key"] != failed["cache_key"]


# -- planning and the command, on the real project ----------------------------------------


@pytest.fixture
def project_with_data(cleaned_project) -> ProjectPaths:
    """A private copy of the session's cleaned tree (raw, processed and notebooks)."""
    return cleaned_project


def test_plan_of_the_2022_appendices(project_with_data):
    paths = project_with_data
    year, planned = plan(PROGRAMME, None, ["fi", "en"], paths=paths)
    assert year == 2022
    names = ["index", "overview", "goal-1", "goal-2", "goal-3", "goal-4", "budget", "accessibility"]
    assert [a.label for a in planned] == [f"fi/{n}" for n in names] + [f"en/{n}" for n in names]
    goal3 = planned[4]
    assert goal3.notebook == paths.notebooks / "goal.ipynb"
    assert goal3.parameters == {"programme": PROGRAMME, "year": 2022, "lang": "fi", "goal": 3}
    assert planned[-2].notebook == paths.notebooks / "budget.ipynb"
    assert planned[-1].notebook == paths.notebooks / "accessibility.ipynb"

    _, only = plan(PROGRAMME, 2022, ["sv"], paths=paths, only=["budget", "goal-1"])
    assert [a.label for a in only] == ["sv/goal-1", "sv/budget"]

    with pytest.raises(SeurantaError, match=r'unknown programme "nowhere".*elinvoimainen-espoo'):
        plan("nowhere", None, ["fi"], paths=paths)
    with pytest.raises(SeurantaError, match=r"no report for 2031.*report years 2022"):
        plan(PROGRAMME, 2031, ["fi"], paths=paths)
    with pytest.raises(SeurantaError, match=r'unknown appendix "goal-9".*goal-4, budget, access'):
        plan(PROGRAMME, 2022, ["fi"], paths=paths, only=["goal-9"])
    with pytest.raises(SeurantaError, match='unknown language "de"'):
        parse_languages("fi,de")
    assert parse_languages("fi, sv,fi") == ["fi", "sv"]


@pytest.mark.slow
def test_render_command_on_the_real_index_notebook(project_with_data, caplog, capsys):
    paths = project_with_data
    argv = ["render", "--programme", PROGRAMME, "--lang", "fi", "--only", "index", "--jobs", "1"]
    assert main(argv) == 0
    page = paths.outputs / PROGRAMME / "2022" / "fi" / "index.html"
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    caplog.set_level(logging.INFO, logger="seuranta.render.run")
    caplog.clear()
    assert main(argv) == 0
    assert "fi/index: skipped (unchanged)" in caplog.messages

    # a notebook that fails: exit status 1, the page of the last good render stays
    before = page.read_bytes()
    nb = nbformat.read(paths.notebooks / "index.ipynb", as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell("raise RuntimeError('broken on purpose')"))
    nbformat.write(nb, paths.notebooks / "index.ipynb")
    assert main(argv) == 1
    err = "\n".join(caplog.messages)
    assert "fi/index: FAILED: notebooks/index.ipynb, cell 3 (raise RuntimeError(" in err
    assert "RuntimeError: broken on purpose" in err
    assert page.read_bytes() == before

    assert main([*argv[:-2], "--year", "2031"]) == 1
    assert "no report for 2031" in capsys.readouterr().err
