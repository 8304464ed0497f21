"""Results files and the tables generated from them."""

import json
import os

import nbformat
import pytest
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from ganhelpers.course.results import (
    COMMITTED_RESULTS,
    REPOSITORY,
    RESULTS_ENV,
    read_results,
    write_results,
)
from ganhelpers.course.sentences import (
    autoencoder_sentence,
    pretraining_sentence,
    semi_supervised_sentence,
)
from ganhelpers.course.summaries import TARGETS, generator_table, notebook_time, verdicts
from tools.promote_results import promote
from tools.readme_sentences import bf16_quality_sentence, self_conditioned_seeds_sentence
from tools.report import (
    BENCHMARKS,
    README,
    gpu_epoch_table,
    measured_section,
    recipe_sweep_table,
    render_benchmarks,
    render_readme,
)

REQUIRED = {"mode", "data", "seed", "train_seconds", "environment", "metrics"}
IMAGE_METRICS = {"fid", "fid_floor", "classes_covered", "classifier_score"}


def test_the_readme_and_the_benchmarks_document_match_the_results_files():
    for path, render in ((README, render_readme), (BENCHMARKS, render_benchmarks)):
        text = path.read_text()
        assert render(text, read_results()) == text, (
            f"{path.name}'s figures disagree with results/: run make report"
        )
    assert "| 03 DCGAN |" in README.read_text()  # the learner sees the headline figures


def test_committed_results_are_full_mode_and_complete():
    results = read_results()
    for name, record in results.items():
        assert REQUIRED <= record.keys(), name
        assert record["mode"] == "full", f"{name}: fast-mode figures must not be committed"
        assert record["data"]["images"] > 0
        if name in TARGETS:
            assert IMAGE_METRICS <= record["metrics"].keys(), name
    if "04_cgan" in results:
        assert 0 <= results["04_cgan"]["metrics"]["label_accuracy"] <= 1
    if "05_infogan" in results:
        assert 0 <= results["05_infogan"]["metrics"]["code_accuracy"] <= 1


def test_fast_mode_writes_outside_the_committed_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("GANHELPERS_FAST", "1")
    monkeypatch.setenv("GANHELPERS_OUTPUT_DIR", str(tmp_path))
    path = write_results(
        "02_mlp_gan",
        data="test digits",
        images=10,
        seed=0,
        train_seconds=1.23,
        metrics={"fid": 1.0},
        device="cpu",
    )
    assert path.parent == tmp_path / "results"
    assert REPOSITORY / "results" not in path.parents
    record = json.loads(path.read_text())
    assert REQUIRED <= record.keys() and record["mode"] == "fast"
    assert record["environment"]["torch"] and record["environment"]["device"] == "cpu"
    with pytest.raises(ValueError, match="file stem"):
        write_results("a/b", data="", images=1, seed=0, train_seconds=0, metrics={}, device="cpu")


def test_full_mode_writes_to_the_output_folder_too(monkeypatch, tmp_path):
    monkeypatch.setenv("GANHELPERS_FAST", "0")
    monkeypatch.setenv("GANHELPERS_OUTPUT_DIR", str(tmp_path))
    monkeypatch.delenv(RESULTS_ENV, raising=False)
    path = write_results(
        "02_mlp_gan", data="d", images=1, seed=0, train_seconds=1, metrics={}, device="cpu"
    )
    assert path == tmp_path / "results" / "02_mlp_gan.json"
    assert json.loads(path.read_text())["mode"] == "full"


def test_running_a_notebook_in_full_mode_leaves_committed_files_untouched(tmp_path):
    """What `make run` does to a notebook (full mode, a real kernel), on a tiny notebook that
    writes the results file of notebook 02 with other figures: the committed results and the
    README stay byte for byte, and the README still matches the committed results."""
    committed = {path.name: path.read_bytes() for path in COMMITTED_RESULTS.glob("*.json")}
    readme, benchmarks = README.read_bytes(), BENCHMARKS.read_bytes()
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "import ganhelpers as gh\n"
            "assert not gh.fast_mode()\n"
            "path = gh.write_results('02_mlp_gan', data='a learner run', images=64, seed=1,\n"
            "    train_seconds=292.0, metrics={'fid': 99.0}, device='cpu')\n"
            "gh.measured_summary('02_mlp_gan')"
        )
    ]
    env = {**os.environ, "GANHELPERS_FAST": "0", "GANHELPERS_OUTPUT_DIR": str(tmp_path)}
    env.pop(RESULTS_ENV, None)
    client = NotebookClient(
        notebook,
        timeout=120,
        km=KernelManager(kernel_name="python3", transport_encryption="auto"),
        resources={"metadata": {"path": str(REPOSITORY / "notebooks")}},
    )
    client.execute(env=env)
    written = json.loads((tmp_path / "results" / "02_mlp_gan.json").read_text())
    assert written["mode"] == "full" and written["train_seconds"] == 292.0
    shown = notebook.cells[0].outputs[-1]["data"]["text/markdown"]
    assert "Measured in full mode" in shown and "292" not in shown  # the committed figures
    assert {p.name: p.read_bytes() for p in COMMITTED_RESULTS.glob("*.json")} == committed
    assert README.read_bytes() == readme and BENCHMARKS.read_bytes() == benchmarks
    assert render_readme(readme.decode(), read_results()) == readme.decode()
    assert render_benchmarks(benchmarks.decode(), read_results()) == benchmarks.decode()


def test_promoting_results_copies_full_mode_files_only(tmp_path):
    source, target = tmp_path / "run", tmp_path / "committed"
    source.mkdir(), target.mkdir()
    for name, mode in (("02_mlp_gan", "full"), ("03_dcgan", "fast")):
        record = {"mode": mode, "metrics": {"fid": 20.0}}
        (source / f"{name}.json").write_text(json.dumps(record))
    (target / "02_mlp_gan.json").write_text(json.dumps({"mode": "full", "metrics": {"fid": 25.0}}))
    lines = promote(source, target=target)
    assert lines == ["02_mlp_gan: fid 25.0 → 20.0", "03_dcgan: skipped, a fast-mode run"]
    assert json.loads((target / "02_mlp_gan.json").read_text())["metrics"]["fid"] == 20.0
    assert not (target / "03_dcgan.json").exists()
    with pytest.raises(SystemExit, match="04_cgan"):
        promote(source, ["04_cgan"], target=target)


def test_verdicts_say_missed_when_a_target_is_missed():
    record = {
        "train_seconds": 250.0,
        "metrics": {"label_accuracy": 0.95, "fid": 12.0},
    }
    phrases = verdicts("04_cgan", record)
    assert any("label accuracy 95.0%" in p and "**missed**" in p for p in phrases)
    assert any(p.startswith("FID 12.0") and p.endswith("met)") for p in phrases)
    assert any(p.startswith("training s 250") and p.endswith("met)") for p in phrases)


def test_dcgan_is_compared_with_the_mlp_gan():
    record = {"train_seconds": 10.0, "metrics": {"fid": 40.0}, "mlp_fid_same_time": 20.0}
    assert "**worse (missed)**" in verdicts("03_dcgan", record)[-1]
    record["mlp_fid_same_time"] = 60.0
    assert verdicts("03_dcgan", record)[-1].endswith("better (met)")


def test_section_lists_unmeasured_notebooks():
    section = measured_section({})
    for label, _ in TARGETS.values():
        assert f"| {label} | not measured yet" in section


def test_semi_supervised_results_have_the_issue_keys():
    results = read_results()
    for name, record in results.items():
        if "semi_supervised" in name and "runs" not in record:
            metrics = record["metrics"]
            assert 0 <= metrics["test_accuracy"] <= 1 and 0 <= metrics["baseline_accuracy"] <= 1
            assert metrics["labels"] == 100


def test_semi_supervised_sentence_says_missed_below_95_percent():
    record = {
        "train_seconds": 280.0,
        "updates": 4000,
        "unlabelled_digits": 3900,
        "metrics": {"test_accuracy": 0.946, "baseline_accuracy": 0.70, "labels": 100},
    }
    assert "94.6%" in semi_supervised_sentence(record) and "**missed**" in semi_supervised_sentence(
        record
    )
    record["metrics"]["test_accuracy"] = 0.951
    assert "met)" in semi_supervised_sentence(record)


def _autoencoder_record(dcgan_fid, dcgan_sharpness):
    row = lambda fid, sharp: {"fid": fid, "classes_covered": 10, "sharpness": sharp}  # noqa: E731
    return {
        "seconds_per_model": 300,
        "data": {"name": "digits"},
        "metrics": {
            "fid_floor": 7.0,
            "real digits (unseen)": row(7.0, 0.30),
            "autoencoder, fitted Gaussian": row(80.0, 0.15),
            "VAE, prior N(0, I)": row(60.0, 0.12),
            "DCGAN (notebook 03)": row(dcgan_fid, dcgan_sharpness),
        },
    }


def test_self_conditioned_seeds_sentence_needs_every_median_target():
    run = {"seed": 1, "classes_covered": 10.0, "classifier_score": 9.0, "mlp_fid_same_time": 17.5}
    record = {
        "runs": [{**run, "fid": 15.0}],
        "metrics": {
            "fid_median": 15.0,
            "classes_covered_median": 10.0,
            "classifier_score_median": 9.0,
        },
    }
    assert self_conditioned_seeds_sentence(record).endswith("10 classes: met)")
    record["metrics"]["fid_median"] = 18.0  # within 20, but not below the MLP GAN's 17.5
    assert "**missed**" in self_conditioned_seeds_sentence(record)
    record["metrics"].update(fid_median=15.0, classifier_score_median=8.4)
    assert "**missed**" in self_conditioned_seeds_sentence(record)


def test_autoencoder_sentence_follows_the_numbers():
    assert "the claim holds" in autoencoder_sentence(_autoencoder_record(40.0, 0.28))
    blurry = autoencoder_sentence(_autoencoder_record(40.0, 0.10))
    assert "**not** supported" in blurry and "sharpness" in blurry
    worse = autoencoder_sentence(_autoencoder_record(90.0, 0.28))
    assert "not the lowest FID" in worse


def test_pretraining_sentence_needs_a_consistent_difference():
    def record(without, with_):
        side = lambda values: {  # noqa: E731
            "mean_w1": values,
            "first_epoch_w1_0.3": [10, None, 30],
        }
        return {
            "discriminator_pretraining": {
                "epochs": 100,
                "updates": 30,
                "without": side(without),
                "with": side(with_),
            }
        }

    assert "no measurable effect" in pretraining_sentence(record([0.5, 0.4, 0.6], [0.6, 0.3, 0.5]))
    assert "converged faster" in pretraining_sentence(record([0.5, 0.4, 0.6], [0.3, 0.2, 0.4]))
    assert "converged slower" in pretraining_sentence(record([0.3, 0.2, 0.4], [0.5, 0.4, 0.6]))


def test_bf16_sentence_keeps_the_lever_only_when_no_fid_drops():
    def record(bf16_fids):
        rows = []
        for recipe, bf16_fid in zip(("a", "b"), bf16_fids):
            rows.append({"recipe": recipe, "precision": "fp32", "seconds": 10.0, "fid": 50.0})
            rows.append({"recipe": recipe, "precision": "bf16", "seconds": 8.0, "fid": bf16_fid})
        return {"epochs": 3, "seed": 1, "metrics": {"rows": rows}}

    assert "quality holds" in bf16_quality_sentence(record([49.0, 50.0]))
    dropped = bf16_quality_sentence(record([49.0, 60.0]))
    assert "not kept" in dropped and "1.25× as fast" in dropped and "(worse)" in dropped


def test_gpu_epoch_table_judges_each_variant_against_one_second():
    row = {"ms_per_step": 1.0, "warm_up_epoch_seconds": 2.0, "fid": 60.0, "classes_covered": 10}
    record = {
        "metrics": {
            "rows": [
                {"variant": "graph", "epoch_seconds": 0.5, **row},
                {"variant": "eager", "epoch_seconds": 4.3, **row},
                {"variant": "compile", "error": "RuntimeError: a | b\n  at line 2"},
            ]
        }
    }
    lines = gpu_epoch_table(record).splitlines()[2:]
    assert "0.50 (≤ 1: met)" in lines[0]
    assert "4.30 (≤ 1: **missed**)" in lines[1]
    assert lines[2] == "| compile | failed: RuntimeError: a \\| b | | | | |"


def test_notebook_time_judges_notebook_06_against_ten_minutes():
    assert notebook_time({}) == ""
    met, missed = notebook_time({"notebook_seconds": 540}), notebook_time({"notebook_seconds": 630})
    assert met.endswith("took 9.0 min up to its results (≤ 10: met)")
    assert missed.endswith("took 10.5 min up to its results (≤ 10: **missed**)")


def test_recipe_sweep_table_lists_every_seed_and_the_median():
    runs = [
        {"seed": 0, "fid": 40.0, "classes": 10, "code_accuracy": 0.9},
        {"seed": 1, "fid": 60.0, "classes": 9, "code_accuracy": 0.7},
    ]
    row = {"variant": "w 1", "updates": 5304, "runs": runs, "median_fid": 50.0}
    record = {"metrics": {"infogan": [{**row, "median_code_accuracy": 0.8}]}}
    (line,) = recipe_sweep_table(record).splitlines()[2:]
    assert line == "| 05 | w 1 | 5,304 | 40.0, 10 (90.0%); 60.0, 9 (70.0%) | FID 50.0, code 80.0% |"


def test_generator_table_shows_both_statistics_of_each_generator():
    def run(refinements: int, copied: float, standing: float) -> dict:
        final = {"epoch": 90, "seconds": 270.4, "copied_fid": copied, "standing_fid": standing}
        final |= {"standing_classes_covered": 10.0, "standing_classifier_score": 7.1}
        return {"refinements": refinements, "final": final}

    record = {"metrics": {"runs": [run(0, 58.5, 53.0), run(1, 33.4, 31.2)]}}
    paper, refined = generator_table(record).splitlines()[2:]
    assert paper == "| paper's (refinements=0) | 90 in 270 s | 58.5 | 53.0 | 10 | 7.10 |"
    assert refined.startswith("| refinements=1 | 90 in 270 s | 33.4 | 31.2 |")


def test_notebook_03_says_its_plain_dcgan_trails_the_mlp_gan_only_while_the_results_say_so():
    results = read_results()
    cells = json.loads((REPOSITORY / "notebooks" / "03_dcgan.ipynb").read_text())["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    behind = (
        results["03_dcgan"]["dcgan"]["metrics"]["fid"] > results["02_mlp_gan"]["metrics"]["fid"]
    )
    assert ("this plain\nDCGAN ends *behind* the MLP GAN" in text) == behind
