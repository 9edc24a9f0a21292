"""A commentary edit rebuilds the page's commentary block without running its notebook
(seuranta.render.patch), and the page is byte for byte what running the notebook gives;
every other kind of change, or a page not as rendered, runs the notebook in full."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import nbformat
import pytest

from conftest import LANGS, PROGRAMME, YEAR, copy_tree, run_seuranta
from seuranta.render.verify import without_times

ALONE = "(its commentary alone; the notebook did not run)"
RENDERED = re.compile(r"^(\w\w/[\w-]+): rendered in [0-9.]+ s(.*)$")


@pytest.fixture
def tree(rendered, tmp_path) -> Path:
    """A private copy of the session's tree with every 2022 page rendered, and commentary
    on goal 3 and on its unemployment indicator in every language, rendered too."""
    root = copy_tree(rendered.parents[2], tmp_path / "project").root
    for lang in LANGS:
        write(root, lang, "goal-3", f"Työllisyys kohentui ({lang}).\n")
        write(root, lang, "indicator-unemployment", f"Työttömyys laski ({lang}).\n")
    pages = render(root)
    assert set(pages) == {f"{lang}/goal-3" for lang in LANGS}
    assert all(how == "" for how in pages.values())  # a block added: the notebook runs
    return root


def write(root: Path, lang: str, name: str, text: str) -> Path:
    path = root / "data" / "raw" / PROGRAMME / str(YEAR) / "commentary" / lang / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def render(root: Path, *args: str) -> dict[str, str]:
    """``seuranta render``: each page it rendered, with how (empty: the notebook ran)."""
    said = run_seuranta(root, "render", *args).stderr
    return {m[1]: m[2].strip() for line in said.splitlines() if (m := RENDERED.match(line))}


def published(root: Path, lang: str, name: str) -> tuple[bytes, object]:
    """A page's HTML, and its executed notebook without papermill's times."""
    folder = root / "outputs" / PROGRAMME / str(YEAR) / lang
    executed = (folder / "notebooks" / f"{name}.ipynb").read_bytes()
    return (folder / f"{name}.html").read_bytes(), without_times(executed)


def assert_as_run(root: Path, tmp_path: Path, pages: list[str]) -> None:
    """The pages are exactly what running their notebooks on the same data gives."""
    fresh = copy_tree(root, tmp_path / "fresh").root
    render(fresh, "--force", "--only", ",".join(sorted({p.split("/")[1] for p in pages})))
    for label in pages:
        lang, name = label.split("/")
        assert published(root, lang, name) == published(fresh, lang, name), label


def test_a_commentary_edit_rebuilds_its_block_alone(tree, tmp_path):
    write(tree, "fi", "goal-3", "# Uusi otsikko\n\nTyöllisyys *kohentui* selvästi.\n\n- a\n- b\n")
    write(tree, "sv", "indicator-unemployment", "Arbetslösheten <script>x</script> sjönk.\n")
    pages = render(tree)
    assert pages == {"fi/goal-3": ALONE, "sv/goal-3": ALONE}
    fi_html, fi_nb = published(tree, "fi", "goal-3")
    assert "<h3>Uusi otsikko</h3>" in fi_html.decode() and "<em>kohentui</em>" in fi_html.decode()
    assert "Työllisyys kohentui (fi)." not in fi_html.decode()
    sv_html = published(tree, "sv", "goal-3")[0].decode()
    assert "Arbetslösheten &lt;script&gt;x&lt;/script&gt; sjönk." in sv_html
    assert "Työttömyys laski (sv)." not in sv_html
    assert "Työllisyys kohentui (en)." in published(tree, "en", "goal-3")[0].decode()
    # the new text is in the executed notebook too, where the old one was
    assert "kohentui</em> selvästi" in json.dumps(fi_nb, ensure_ascii=False)
    assert_as_run(tree, tmp_path, ["fi/goal-3", "sv/goal-3", "en/goal-3"])
    done = run_seuranta(tree, "verify", "--programme", PROGRAMME, "--year", str(YEAR))
    assert " 0 different" in done.stdout + done.stderr, done.stdout + done.stderr


def test_the_manifest_records_the_rebuilt_page_as_rendered(tree):
    manifest = tree / "outputs" / PROGRAMME / str(YEAR) / "manifest.json"
    before = json.loads(manifest.read_text(encoding="utf-8"))["appendices"]["goal-3"]["fi"]
    write(tree, "fi", "goal-3", "Toinen versio.\n")
    assert render(tree) == {"fi/goal-3": ALONE}
    after = json.loads(manifest.read_text(encoding="utf-8"))["appendices"]["goal-3"]["fi"]
    assert after["status"] == "rendered"
    assert after["because"] == ["commentary/fi/goal-3.md changed"]
    assert after["cache_key"] != before["cache_key"]
    good = after["last_good"]
    assert good["cache_key"] == after["cache_key"]
    html = tree / "outputs" / PROGRAMME / str(YEAR) / "fi" / "goal-3.html"
    executed = html.parent / "notebooks" / "goal-3.ipynb"
    assert good["html_sha256"] == hashlib.sha256(html.read_bytes()).hexdigest()
    assert good["executed_sha256"] == hashlib.sha256(executed.read_bytes()).hexdigest()
    assert render(tree) == {}  # and it is fresh now


def test_a_commentary_removed_runs_the_notebook(tree, tmp_path):
    for lang in LANGS:
        (tree / "data" / "raw" / PROGRAMME / str(YEAR) / "commentary" / lang / "goal-3.md").unlink()
    pages = render(tree)
    assert pages == {f"{lang}/goal-3": "" for lang in LANGS}
    assert 'class="commentary"><h2>' not in published(tree, "fi", "goal-3")[0].decode()
    assert "Työttömyys laski (fi)." in published(tree, "fi", "goal-3")[0].decode()


def test_a_page_not_as_rendered_runs_the_notebook(tree, tmp_path):
    executed = tree / "outputs" / PROGRAMME / str(YEAR) / "fi" / "notebooks" / "goal-3.ipynb"
    nb = nbformat.read(executed, as_version=4)
    nb.metadata["edited"] = "by hand"
    nbformat.write(nb, executed)
    write(tree, "fi", "goal-3", "Kolmas versio.\n")
    assert render(tree) == {"fi/goal-3": ""}
    assert "Kolmas versio." in published(tree, "fi", "goal-3")[0].decode()
    assert "edited" not in published(tree, "fi", "goal-3")[1]["metadata"]
    assert_as_run(tree, tmp_path, ["fi/goal-3"])


def test_a_commentary_edit_beside_a_data_edit_runs_the_notebook(tree):
    table1 = tree / "data" / "raw" / PROGRAMME / str(YEAR) / "table1.csv"
    text = table1.read_text(encoding="utf-8")
    assert ";43 %;48 %;38 %" in text  # recruitment difficulties, goal 3: a target
    table1.write_text(text.replace(";43 %;48 %;38 %", ";43 %;48 %;37 %"), encoding="utf-8")
    write(tree, "fi", "goal-3", "Neljäs versio.\n")
    pages = render(tree)
    assert pages["fi/goal-3"] == "" and pages["sv/goal-3"] == ""  # ran: its data changed
    assert "Neljäs versio." in published(tree, "fi", "goal-3")[0].decode()
    assert "37 %" in published(tree, "fi", "goal-3")[0].decode().replace("\u00a0", " ")


def test_a_notebook_that_reads_a_commentary_itself_runs_when_it_changes(tree):
    notebook = tree / "notebooks" / "goal.ipynb"
    nb = nbformat.read(notebook, as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "show_commentary" in c.source)
    # the commentary's length, shown elsewhere on the page: its block alone would not do
    nb.cells.insert(
        at + 1,
        nbformat.v4.new_code_cell(
            "text = page.dataset.commentary(page.year, page.lang, page.name) or ''\n"
            "words = len(text.split())\n"
            "page.show(f'<p>{words}</p>')"
        ),
    )
    nbformat.write(nb, notebook)
    assert len(render(tree)) == len(LANGS) * 4  # the notebook changed: every goal page
    write(tree, "fi", "goal-3", "Yksi kaksi kolme neljä viisi kuusi seitsemän.\n")
    assert render(tree) == {"fi/goal-3": ""}
    assert "<p>7</p>" in published(tree, "fi", "goal-3")[0].decode()
