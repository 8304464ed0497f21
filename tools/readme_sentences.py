"""docs/benchmarks.md's one-sentence summaries of benchmark results that no notebook shows (seeds,
bfloat16): each states its target and whether it was met."""

from __future__ import annotations


def infogan_seeds_sentence(record: dict) -> str:
    """``benchmarks/infogan_seeds.py``'s figures in one sentence, against the median target."""
    per_seed = ", ".join(f"seed {run['seed']} {run['code_accuracy']:.1%}" for run in record["runs"])
    median = record["metrics"]["code_accuracy_median"]
    verdict = "met" if median >= 0.85 else "**missed**"
    return f"one-to-one code accuracy {per_seed}; median {median:.1%} (target ≥ 85%: {verdict})"


def self_conditioned_seeds_sentence(record: dict) -> str:
    """``benchmarks/self_conditioned_seeds.py``'s figures in one sentence, against notebook 03's
    targets (FID ≤ 20, score ≥ 8.5, 10 classes, and a FID below the MLP GAN's)."""
    per_seed = "; ".join(
        f"seed {run['seed']} FID {run['fid']:.1f}, {run['classes_covered']:.0f} classes, "
        f"score {run['classifier_score']:.2f}"
        for run in record["runs"]
    )
    medians = record["metrics"]
    mlp_fid = record["runs"][-1]["mlp_fid_same_time"]
    met = (
        medians["fid_median"] <= 20
        and medians["fid_median"] < mlp_fid
        and medians["classifier_score_median"] >= 8.5
        and medians["classes_covered_median"] >= 10
    )
    return (
        f"{per_seed}; medians FID {medians['fid_median']:.1f} (MLP GAN {mlp_fid:.1f}), score "
        f"{medians['classifier_score_median']:.2f} (targets FID ≤ 20 and below the MLP GAN's, "
        f"score ≥ 8.5, 10 classes: {'met' if met else '**missed**'})"
    )


def bf16_quality_sentence(record: dict) -> str:
    """``benchmarks/bf16_quality.py``: per recipe, bfloat16's speed-up and FID against float32's
    at equal updates, and whether the lever may be kept (no FID drop)."""
    rows = record["metrics"]["rows"]
    pairs = list(zip(rows[::2], rows[1::2]))  # (float32, bfloat16) per recipe
    holds = [bf16["fid"] <= fp32["fid"] for fp32, bf16 in pairs]
    parts = [
        f"{fp32['recipe']}: {fp32['seconds'] / bf16['seconds']:.2f}× as fast, FID "
        f"{bf16['fid']:.1f} against float32's {fp32['fid']:.1f} ({'no drop' if ok else 'worse'})"
        for (fp32, bf16), ok in zip(pairs, holds)
    ]
    kept = all(holds)
    return (
        f"{record['epochs']} epochs from seed {record['seed']}, "
        + "; ".join(parts)
        + ("; quality holds" if kept else "; not kept: quality drops at equal updates")
    )
