"""The training command is deterministic: retraining reproduces the shipped log."""

import dataclasses
import json

import numpy as np
import pytest

from scenes.reference.train import LOG_PATH, TrainConfig, train


@pytest.fixture(scope="module")
def log():
    return json.loads(LOG_PATH.read_text(encoding="utf-8"))


def _config(log):
    fields = {f.name for f in dataclasses.fields(TrainConfig)}
    kw = {k: v for k, v in log["config"].items() if k in fields}
    kw["record_index"] = tuple(kw["record_index"])
    return TrainConfig(**kw)



def test_log_has_the_run_config_and_every_tenth_step(log):
    tc = _config(log)
    cfg = log["config"]
    assert cfg["schedule"] in ("warmup_constant", "warmup_linear", "warmup_cosine", "cosine_restarts")
    assert {"beta1", "beta2", "eps"} <= set(cfg["adam"]) and "clip_norm" in cfg
    every = cfg["log_every"]
    assert [s["step"] for s in log["steps"]] == [1] + list(range(every, tc.steps + 1, every))
    for s in log["steps"]:
        assert s["grad_norm_clipped"] == pytest.approx(min(s["grad_norm"], tc.clip_norm))
    losses = [s["loss"] for s in log["steps"]]
    assert np.mean(losses[-20:]) < 0.1 * np.mean(losses[:20])
    assert log["final"]["train_accuracy"] >= 0.99


def test_recorded_step_is_one_adam_update(log):
    r, cfg = log["recorded_step"], log["config"]
    step = next(s for s in log["steps"] if s["step"] == r["step"])
    assert r["loss"] == step["loss"] and r["lr"] == step["lr"]
    tc = _config(log)
    rng = np.random.default_rng(tc.seed)
    for _ in range(r["step"]):
        batch = sorted(rng.choice(cfg["n_pairs"], size=tc.batch_size, replace=False).tolist())
    assert r["batch"] == batch
    assert r["grad_clipped"] == pytest.approx(r["grad"] * r["clip_scale"])
    expected = -r["lr"] * r["m_hat"] / (np.sqrt(r["v_hat"]) + cfg["adam"]["eps"])
    assert r["update"] == pytest.approx(expected, rel=1e-9)
    assert r["value_after"] == pytest.approx(r["value_before"] + r["update"], rel=1e-12)
    assert len(r["batch_pairs"]) == len(r["batch"])


def test_retraining_reproduces_the_log(log):
    tc = _config(log)
    n = tc.record_step
    _, new, _ = train(tc, max_steps=n)
    fresh = {s["step"]: s for s in new["steps"]}
    old_steps = [s for s in log["steps"] if s["step"] <= n]
    assert len(old_steps) > 1
    for old in old_steps:
        for key in ("loss", "lr", "grad_norm", "grad_norm_clipped"):
            assert fresh[old["step"]][key] == pytest.approx(old[key], rel=1e-9, abs=1e-15), \
                (old["step"], key)
    for key, value in log["recorded_step"].items():
        if isinstance(value, float):
            assert new["recorded_step"][key] == pytest.approx(value, rel=1e-9, abs=1e-15), key
        else:
            assert new["recorded_step"][key] == value, key
