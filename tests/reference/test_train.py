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


def test_log_has_the_run_config_and_every_step(log):
    tc = _config(log)
    cfg = log["config"]
    assert cfg["schedule"] in ("warmup_constant", "warmup_linear", "warmup_cosine", "cosine_restarts")
    assert {"beta1", "beta2", "eps"} <= set(cfg["adam"]) and "clip_norm" in cfg
    assert [s["step"] for s in log["steps"]] == list(range(1, tc.steps + 1))
    for s in log["steps"]:
        assert len(s["batch"]) == tc.batch_size
        assert s["grad_norm_clipped"] == pytest.approx(min(s["grad_norm"], tc.clip_norm))
    losses = [s["loss"] for s in log["steps"]]
    assert np.mean(losses[-20:]) < 0.1 * np.mean(losses[:20])
    assert log["final"]["accuracy"] == 1.0


def test_recorded_step_is_one_adam_update(log):
    r, cfg = log["recorded_step"], log["config"]
    step = log["steps"][r["step"] - 1]
    assert r["loss"] == step["loss"] and r["lr"] == step["lr"] and r["batch"] == step["batch"]
    assert r["grad_clipped"] == pytest.approx(r["grad"] * r["clip_scale"])
    expected = -r["lr"] * r["m_hat"] / (np.sqrt(r["v_hat"]) + cfg["adam"]["eps"])
    assert r["update"] == pytest.approx(expected, rel=1e-9)
    assert r["value_after"] == pytest.approx(r["value_before"] + r["update"], rel=1e-12)
    assert len(r["batch_pairs"]) == len(r["batch"])


def test_retraining_reproduces_the_log(log):
    tc = _config(log)
    n = tc.record_step
    _, new, _ = train(tc, max_steps=n)
    for old, fresh in zip(log["steps"][:n], new["steps"]):
        assert fresh["batch"] == old["batch"]
        for key in ("loss", "lr", "grad_norm", "grad_norm_clipped"):
            assert fresh[key] == pytest.approx(old[key], rel=1e-9, abs=1e-15), (old["step"], key)
    for key, value in log["recorded_step"].items():
        if isinstance(value, float):
            assert new["recorded_step"][key] == pytest.approx(value, rel=1e-9, abs=1e-15), key
        else:
            assert new["recorded_step"][key] == value, key


@pytest.mark.parametrize("flag", ["--out", "--log"])
def test_the_course_run_never_writes_over_the_shipped_files(flag, capsys):
    from scenes.reference.model import MODEL_PATH
    from scenes.reference.train import main
    for path in (MODEL_PATH, LOG_PATH):
        with pytest.raises(SystemExit):
            main(["--corpus", "course", flag, str(path)])
    assert "never over the shipped ones" in capsys.readouterr().err
