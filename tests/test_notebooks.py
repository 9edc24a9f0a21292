"""Notebooks as analysts use them: exploration stays out of the page, real objects in Lab,
the analyst's own chart, table and commentary on the page, nothing written by hand runs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from conftest import PROGRAMME, YEAR, copy_tree, run_seuranta, tree_digest, try_seuranta
from seuranta.clean import commentary
from seuranta.clean.run import clean
from seuranta.dataset import load
from seuranta.errors import SeurantaError
from seuranta.pages import BLOCK_MIMETYPE
from seuranta.pages.page import Page
from seuranta.render.export import export_html

pytestmark = pytest.mark.slow

#: What an analyst types while exploring; none of it may reach the page.
EXPLORATION = {
    "display": "display(page.status)\ndisplay(dataset.indicators.head())",
    "plt_show": (
        "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3], [3, 1, 2])\nplt.title('x')\n"
        "plt.show()"
    ),
    "bare_expression": "dataset.indicators[dataset.indicators['goal'] == 1]",
    "print": "print('working note: check the 2021 figure')\nprint(page.status.to_string())",
    "html": "from IPython.display import HTML\nHTML('<p>not for the page</p>')",
}


@pytest.fixture(scope="module")
def cleaned(cleaned_tree, tmp_path_factory):
    """A copy of the session's cleaned tree for this module's renders."""
    return copy_tree(cleaned_tree.root, tmp_path_factory.mktemp("notebooks") / "project").root


def execute(root: Path, notebook: Path, monkeypatch, **parameters) -> nbformat.NotebookNode:
    """Run ``notebook`` with the in-process engine in a fresh interpreter (papermill's command
    line), as an analyst's kernel would: a notebook's matplotlib and IPython state must not
    reach other tests, nor theirs this one."""
    import os
    import subprocess
    import sys

    out = notebook.with_name(f"{notebook.stem}.out.ipynb")
    params = {"programme": PROGRAMME, "year": YEAR, "lang": "fi", **parameters}
    args = [sys.executable, "-m", "papermill", str(notebook), str(out), "--engine", "seuranta"]
    args += ["-k", "python3", "--cwd", str(notebook.parent), "--no-progress-bar"]
    for name, value in params.items():
        args += ["-p", name, str(value)]
    done = subprocess.run(
        args,
        env={**os.environ, "SEURANTA_ROOT": str(root)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return nbformat.read(out, as_version=4)


def with_cell(source: Path, target: Path, code: str, after: str) -> Path:
    """A copy of ``source`` with a code cell ``code`` after the cell containing ``after``."""
    nb = nbformat.read(source, as_version=4)
    index = next(i for i, c in enumerate(nb.cells) if after in c.source)
    cell = nbformat.v4.new_code_cell(code)
    cell.id = "exploration"
    nb.cells.insert(index + 1, cell)
    nbformat.write(nb, target)
    return target


@pytest.mark.parametrize("kind", sorted(EXPLORATION))
def test_exploration_never_reaches_the_page(cleaned, tmp_path, monkeypatch, kind):
    goal = cleaned / "notebooks" / "goal.ipynb"
    page = export_html(execute(cleaned, goal, monkeypatch, goal=3))
    explored = with_cell(
        goal,
        cleaned / "notebooks" / "explored.ipynb",
        EXPLORATION[kind],
        "show_indicator_details",
    )
    nb = execute(cleaned, explored, monkeypatch, goal=3)
    cell = next(c for c in nb.cells if c.get("id") == "exploration")
    assert cell.outputs, f"the {kind} cell showed nothing in the notebook"
    assert export_html(nb) == page  # byte for byte


def test_goal_notebook_shows_real_objects(cleaned, monkeypatch):
    nb = execute(cleaned, cleaned / "notebooks" / "goal.ipynb", monkeypatch, goal=3)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    tables = [o for o in outputs if 'class="dataframe"' in o.get("data", {}).get("text/html", "")]
    figures = [o for o in outputs if "image/svg+xml" in o.get("data", {})]
    assert tables and figures
    # Each is a page block too: the page keeps its accessible table and figure.
    assert all(BLOCK_MIMETYPE in o["data"] for o in tables + figures)
    assert "<caption>" in tables[0]["data"][BLOCK_MIMETYPE]
    assert (
        "<svg" in figures[0]["data"][BLOCK_MIMETYPE]
        and 'role="img" aria-label="' in figures[0]["data"][BLOCK_MIMETYPE]
    )


def test_running_a_notebook_by_hand_writes_nothing(cleaned, monkeypatch):
    execute(cleaned, cleaned / "notebooks" / "overview.ipynb", monkeypatch)
    assert not (cleaned / "outputs").exists()


def test_exploration_notebook_runs_top_to_bottom(cleaned, monkeypatch):
    nb = execute(cleaned, cleaned / "notebooks" / "explore.ipynb", monkeypatch)
    assert all(c.get("execution_count") for c in nb.cells if c.cell_type == "code")
    shown = [
        o for c in nb.cells for o in c.get("outputs", []) if BLOCK_MIMETYPE in o.get("data", {})
    ]
    assert len(shown) == 1 and "<figure>" in shown[0]["data"][BLOCK_MIMETYPE]
    assert not (cleaned / "outputs").exists()


def test_exploration_notebook_is_not_rendered(cleaned):
    from seuranta.paths import ProjectPaths
    from seuranta.render.plan import plan

    _, appendices = plan(PROGRAMME, YEAR, ["fi"], paths=ProjectPaths(cleaned))
    assert "explore" not in {a.notebook.stem for a in appendices}


# -- the analyst's own chart, table and text --------------------------------------------------


@pytest.fixture
def page(cleaned_project):
    return Page(load(PROGRAMME, cleaned_project), YEAR, "sv", name="goal-1")


def test_a_plain_text_is_refused_on_a_page(page):
    with pytest.raises(SeurantaError, match="a plain text would appear unchanged on every"):
        page.paragraph("Työttömyys kääntyi laskuun.")
    with pytest.raises(SeurantaError, match="no text in en"):
        page.add_text({"fi": "Työttömyys laski.", "sv": "Arbetslösheten sjönk."})
    page.add_text({"fi": "Työttömyys laski.", "sv": "Arbetslösheten sjönk.", "en": "It fell."})
    page.paragraph(page.tr("report.budget.no_ledger"))


def test_an_analysts_chart_needs_alt_text_caption_and_data(page):
    from seuranta.pages import charts

    fig, ax = charts.new_figure()
    ax.plot([2021, 2022], [9.4, 8.1])
    texts = {"fi": "a", "sv": "b", "en": "c"}
    data = pd.DataFrame({"År": ["2021", "2022"], "%": ["9,4", "8,1"]})
    with pytest.raises(SeurantaError, match="needs a text alternative"):
        page.add_figure(fig, caption=texts, data=data)
    with pytest.raises(SeurantaError, match="needs the data behind it"):
        page.add_figure(fig, alt=texts, caption=texts)
    with pytest.raises(SeurantaError, match="needs a caption"):
        page.add_figure(fig, alt=texts, data=data)
    with pytest.raises(SeurantaError, match="add_figure alt: a plain text"):
        page.add_figure(fig, alt="Linjediagram", caption=texts, data=data)
    page.add_figure(fig, alt=texts, caption=texts, data=data)
    shown = page.figures["b"]
    assert shown["alt"] == "b" and list(shown["data"].columns) == ["År", "%"]


def test_an_analysts_table_has_a_caption(page):
    frame = pd.DataFrame({"Område": ["Esbo", "<script>"], "Andel": ["8,1 %", "9,8 %"]})
    with pytest.raises(SeurantaError, match="add_table caption"):
        page.add_table(frame, caption="Jämförelse")
    shown = page.add_table(frame, caption={"fi": "Vertailu", "sv": "Jämförelse", "en": "Compare"})
    assert shown.attrs["caption"] == "Jämförelse"
    assert page.tables["Jämförelse"].iloc[1, 0] == "<script>"


# -- commentary --------------------------------------------------------------------------------

COMMENTARY = {
    "fi": "# Tilanne\n\nTyöttömyys *laski*; ks. [raportti](https://www.espoo.fi/).\n\n"
    "<script>alert(1)</script>\n\n- yksi\n- kaksi\n",
    "sv": "# Läget\n\nArbetslösheten *sjönk*.\n\n<script>alert(1)</script>\n",
    "en": "# The situation\n\nUnemployment *fell*.\n\n<script>alert(1)</script>\n",
}


def write_commentary(root: Path, langs, name: str = "goal-1") -> None:
    for lang in langs:
        path = root / "data" / "raw" / PROGRAMME / str(YEAR) / "commentary" / lang / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(COMMENTARY[lang], encoding="utf-8")


def test_commentary_appears_on_its_pages_escaped(cleaned_tree, tmp_path):
    root = copy_tree(cleaned_tree.root, tmp_path / "project").root
    write_commentary(root, ("fi", "sv", "en"))
    run_seuranta(root, "render", "--programme", PROGRAMME, "--lang", "fi,sv,en", "--only", "goal-1")
    for lang, title in (
        ("fi", "Ohjelman näkemys"),
        ("sv", "Programmets syn"),
        ("en", "The programme's view"),
    ):
        html = (root / "outputs" / PROGRAMME / str(YEAR) / lang / "goal-1.html").read_text()
        assert f'<section class="commentary"><h2>{title}</h2>' in html.replace("&#x27;", "'")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script" not in html
    fi = (root / "outputs" / PROGRAMME / str(YEAR) / "fi" / "goal-1.html").read_text()
    assert "<h3>Tilanne</h3>" in fi and "<em>laski</em>" in fi
    assert '<a href="https://www.espoo.fi/">raportti</a>' in fi and "<li>kaksi</li>" in fi


def test_a_missing_language_fails_the_clean_naming_the_file(cleaned_tree, tmp_path):
    root = copy_tree(cleaned_tree.root, tmp_path / "project").root
    processed = tree_digest(root / "data" / "processed")
    write_commentary(root, ("fi", "en"))
    done = try_seuranta(root, "clean")
    assert done.returncode == 1
    assert f"data/raw/{PROGRAMME}/{YEAR}/commentary/sv/goal-1.md: missing" in done.stderr
    assert "exists in fi, en but not in sv" in done.stderr
    # Nothing of the half-translated text reached the processed data, so no page has it.
    assert tree_digest(root / "data" / "processed") == processed


def test_clean_refuses_a_commentary_for_no_page(project):
    path = project.raw_programme(PROGRAMME) / str(YEAR) / "commentary" / "fi" / "goal-9.md"
    path.parent.mkdir(parents=True)
    path.write_text("Ei tavoitetta 9.", encoding="utf-8")
    from seuranta.errors import InputError

    with pytest.raises(InputError, match=r"goal-9\.md: expected overview\.md, goal-<number>\.md"):
        clean(paths=project)


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("# Otsikko\n\n## Ala", "<h3>Otsikko</h3>\n<h4>Ala</h4>\n"),
        ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>\n"),
        ("[x](http://example.org/)", "<p>[x](http://example.org/)</p>\n"),
        ("[x](https://example.org/)", '<p><a href="https://example.org/">x</a></p>\n'),
        (
            "![kuva](https://example.org/a.png)",
            '<p>!<a href="https://example.org/a.png">kuva</a></p>\n',
        ),
        ("<b>raw</b> & more", "<p>&lt;b&gt;raw&lt;/b&gt; &amp; more</p>\n"),
        ("`koodi`", "<p>`koodi`</p>\n"),
    ],
)
def test_the_markdown_subset(markdown, html):
    assert commentary.to_html(markdown) == html


def test_manifest_records_the_downloads(cleaned):
    run_seuranta(cleaned, "render", "--programme", PROGRAMME, "--lang", "fi", "--only", "overview")
    out = cleaned / "outputs" / PROGRAMME / str(YEAR)
    manifest = json.loads((out / "manifest.json").read_text())
    attached = manifest["appendices"]["overview"]["fi"]["last_good"]["attachments"]
    table1 = f"{PROGRAMME}-{YEAR}-taulukko-1"
    assert {f"{table1}.xlsx", f"{table1}.csv"} <= set(attached)
    # A download deleted by hand comes back on the next run, without --force.
    (out / "fi" / f"{table1}.csv").unlink()
    run_seuranta(cleaned, "render", "--programme", PROGRAMME, "--lang", "fi", "--only", "overview")
    assert (out / "fi" / f"{table1}.csv").is_file()
    shutil.rmtree(cleaned / "outputs")
