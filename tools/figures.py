"""docs/benchmarks.md's generated figures, drawn from the committed results files by
``make report``."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# The measure beside FID in each notebook's panel: the notebook's other target.
SECOND_MEASURE = {
    "02_mlp_gan": "classifier_score",
    "03_dcgan": "classifier_score",
    "04_cgan": "label_accuracy",
    "05_infogan": "code_accuracy",
}


def plot_time_to_quality(record: dict, path: Path) -> None:
    """``results/time_to_quality.json`` as one figure: per notebook, FID (top) and its other
    target measure (bottom) against seconds of training, the standard loop dashed, the course's
    recipe solid, a star where the notebook's targets were first met."""
    pairs = sorted(record["metrics"].items(), key=lambda item: item[1]["notebook"])
    fig, axes = plt.subplots(2, len(pairs), figsize=(4.2 * len(pairs), 7), squeeze=False)
    for column, (model, pair) in enumerate(pairs):
        bounds = record["targets"][model]
        for key, ax in zip(("fid", SECOND_MEASURE[pair["notebook"]]), axes[:, column]):
            for run_name, style in (("standard", "--"), ("course", "-")):
                run = pair[run_name]
                seconds = [point["seconds"] for point in run["curve"]]
                values = [point[key] for point in run["curve"]]
                ax.plot(seconds, values, style, marker=".", label=run["label"])
                if run["reached"]:
                    ax.plot(run["seconds"], run[key], "k*", markersize=12)
            if key in bounds:
                comparison, bound = bounds[key]
                ax.axhline(
                    bound, color="gray", linestyle=":", label=f"target {comparison} {bound:g}"
                )
            ax.set(xlabel="seconds of training", ylabel=key.replace("_", " "))
            if key == "fid":
                ax.set(yscale="log", title=f"notebook {pair['notebook']}")
            ax.legend(fontsize=7)
    environment = record["environment"]
    fig.suptitle(
        f"Time to quality ({environment['device']}, {environment['threads']} threads; "
        "★: the notebook's targets first met)"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
