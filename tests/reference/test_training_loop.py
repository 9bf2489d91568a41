"""Facts read from the training log, on hand-made logs and hand-worked values."""

import math

import numpy as np
import pytest

from scenes.reference import load_model
from scenes.reference import training_loop as tf


def fake_log(losses):
    return {"steps": [{"step": i + 1, "loss": l, "lr": 0.1 * (i + 1)} for i, l in
                      enumerate(losses)],
            "config": {"steps": 100, "peak_lr": 1.0, "warmup": 10, "min_lr": 0.0}}


def test_loss_curve_keeps_every_step_when_few():
    x, y, k = tf.loss_curve(fake_log([3.0, 2.0, 1.0]), max_points=10)
    assert k == 1 and x.tolist() == [1, 2, 3] and y.tolist() == [3.0, 2.0, 1.0]


def test_loss_curve_averages_windows():
    x, y, k = tf.loss_curve(fake_log([4.0, 2.0, 3.0, 1.0, 0.5]), max_points=2)
    assert k == 3  # ceil(5 / 2)
    assert x.tolist() == [2.0, 4.5]  # mean steps of (1, 2, 3) and (4, 5)
    assert y.tolist() == [3.0, 0.75]


def test_lr_curve():
    steps, lr = tf.lr_curve(fake_log([1.0, 1.0]))
    assert steps.tolist() == [1, 2] and lr.tolist() == pytest.approx([0.1, 0.2])


def test_schedule_shapes_at_their_turning_points():
    shapes = tf.schedule_shapes(fake_log([1.0]), n_points=11, restarts=2)  # x = 0, 10, ..., 100
    x, const = shapes["warmup_constant"]
    assert x.tolist() == list(range(0, 101, 10))
    assert const[0] == 0 and const[1:].tolist() == [1.0] * 10
    _, lin = shapes["warmup_linear"]
    assert lin[1] == 1.0 and lin[-1] == 0.0 and lin[6] == pytest.approx(4 / 9)  # (100-60)/90
    _, cos = shapes["warmup_cosine"]
    assert cos[1] == 1.0 and cos[-1] == pytest.approx(0.0, abs=1e-15)
    assert cos[6] == pytest.approx(0.5 * (1 + math.cos(math.pi * 50 / 90)))
    _, sgdr = shapes["cosine_restarts"]  # cycle 50: peaks at 0, 50, 100
    assert sgdr[0] == sgdr[5] == sgdr[10] == 1.0
    assert sgdr[4] == pytest.approx(0.5 * (1 + math.cos(math.pi * 40 / 50)))


def test_top_tokens_most_probable_first_ties_by_id():
    assert tf.top_tokens([0.1, 0.4, 0.1, 0.4], 3) == [1, 3, 0]


def test_batch_shapes_by_hand():
    model = load_model()
    b, n_src, n_tgt, n_tok = tf.batch_shapes(model, [("我 爱 学习", "I love learning"),
                                                     ("猫", "cat")])
    # sources of 3 and 1 words; decoder inputs <bos> + 3 and <bos> + 1; targets 3+1 and 1+1
    assert (b, n_src, n_tgt, n_tok) == (2, 3, 4, 6)


def test_clip_and_adam_facts_by_hand():
    rec = {"grad_norm": 4.0, "grad": 0.2, "adam_t": 1, "m": 0.01, "v": 0.0004, "lr": 0.5,
           "value_before": 1.0}
    assert tf.clip_facts(rec, 1.0) == (0.25, 0.05)
    assert tf.clip_facts(rec, 8.0) == (1.0, 0.2)
    f = tf.adam_facts(rec, beta1=0.9, beta2=0.99, eps=0.0)
    # t = 1: m_hat = 0.01 / 0.1 = 0.1, v_hat = 0.0004 / 0.01 = 0.04, delta = -0.5 * 0.1 / 0.2
    assert f["m_hat"] == pytest.approx(0.1) and f["v_hat"] == pytest.approx(0.04)
    assert f["delta"] == pytest.approx(-0.25) and f["after"] == pytest.approx(0.75)


def test_untrained_model_is_fresh_and_next_token_probs_sum_to_one():
    model, log = load_model(), tf.load_log()
    fresh = tf.untrained_model(model, log)
    assert fresh.src_vocab == model.src_vocab and fresh.tgt_vocab == model.tgt_vocab
    assert not np.allclose(fresh.params["generator"]["w"], model.params["generator"]["w"])
    assert np.all(fresh.params["generator"]["b"] == 0)  # biases start at zero
    p = tf.next_token_probs(fresh, "我 爱 学习", [])
    assert p.shape == (len(model.tgt_vocab),) and p.sum() == pytest.approx(1.0)
    p_trained = tf.next_token_probs(model, ["我", "爱", "学习"], ["I"])
    assert model.tgt_vocab[int(np.argmax(p_trained))] == "love"
