"""Training machinery: learning-rate schedules, global-norm gradient clipping, Adam.

Schedules are pure functions of the step (the 1-based number of the update, a float is fine):
the update number ``step`` uses ``lr = schedule(step)``.

=====================  ==============================================================
warmup_constant        0 -> peak linearly over ``warmup`` steps, then peak forever
warmup_linear          warmup, then a straight line from peak (at warmup) to min_lr (at total)
warmup_cosine          warmup, then half a cosine from peak (at warmup) to min_lr (at total)
cosine_restarts        every ``cycle`` steps a cosine from peak down towards min_lr, then
                       back to peak at once (SGDR); peaks at step 0, cycle, 2*cycle, ...
=====================  ==============================================================
"""

import math

import numpy as np


def _warmup(step, peak_lr, warmup):
    """lr = peak * step / warmup while step < warmup."""
    return peak_lr * step / warmup


def warmup_constant(step, peak_lr, warmup):
    """lr = peak * min(1, step / warmup)."""
    return _warmup(step, peak_lr, warmup) if step < warmup else float(peak_lr)


def warmup_linear(step, peak_lr, warmup, total, min_lr=0.0):
    """lr = peak * step/warmup, then peak + (min_lr - peak) * (step - warmup)/(total - warmup)."""
    if step < warmup:
        return _warmup(step, peak_lr, warmup)
    frac = min(1.0, (step - warmup) / (total - warmup))
    return peak_lr + (min_lr - peak_lr) * frac


def warmup_cosine(step, peak_lr, warmup, total, min_lr=0.0):
    """lr = peak * step/warmup, then min_lr + (peak - min_lr) * (1 + cos(pi * frac)) / 2."""
    if step < warmup:
        return _warmup(step, peak_lr, warmup)
    frac = min(1.0, (step - warmup) / (total - warmup))
    return min_lr + (peak_lr - min_lr) * 0.5 * (1.0 + math.cos(math.pi * frac))


def cosine_restarts(step, peak_lr, cycle, min_lr=0.0):
    """lr = min_lr + (peak - min_lr) * (1 + cos(pi * (step mod cycle) / cycle)) / 2."""
    frac = (step % cycle) / cycle
    return min_lr + (peak_lr - min_lr) * 0.5 * (1.0 + math.cos(math.pi * frac))


SCHEDULES = {
    "warmup_constant": warmup_constant,
    "warmup_linear": warmup_linear,
    "warmup_cosine": warmup_cosine,
    "cosine_restarts": cosine_restarts,
}


def learning_rate(step, schedule, **kwargs):
    """lr at `step` for a schedule given by name, e.g. learning_rate(10, 'warmup_cosine', ...)."""
    if schedule not in SCHEDULES:
        raise ValueError(f"unknown schedule {schedule!r}; known: {', '.join(SCHEDULES)}")
    return SCHEDULES[schedule](step, **kwargs)


def global_norm(grads):
    """||g|| = sqrt(sum over every gradient array of sum(g^2)); grads: a flat dict."""
    return float(np.sqrt(sum(float(np.sum(g * g)) for g in grads.values())))


def clip_by_global_norm(grads, max_norm):
    """g <- g * min(1, max_norm / ||g||) -> (clipped flat dict, norm before clipping)."""
    norm = global_norm(grads)
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {k: g * scale for k, g in grads.items()}, norm


def adam_init(params):
    """Adam state: t = 0, first and second moments m = v = 0 (flat dicts like params)."""
    return {"t": 0, "m": {k: np.zeros_like(p) for k, p in params.items()},
            "v": {k: np.zeros_like(p) for k, p in params.items()}}


def adam_step(params, grads, state, lr, beta1=0.9, beta2=0.98, eps=1e-9, weight_decay=0.0):
    """Adam: m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  p -= lr * m_hat / (sqrt(v_hat) + eps).

    m_hat = m / (1 - b1^t), v_hat = v / (1 - b2^t). Pure: returns (new params, new state).
    Defaults are the paper's betas and eps (0.9, 0.98, 1e-9). weight_decay > 0 gives AdamW:
    matrices (2-D arrays) also shrink by lr * weight_decay * p; vectors (biases, LN) do not.
    """
    t = state["t"] + 1
    new_params, m_new, v_new = {}, {}, {}
    for k, p in params.items():
        g = grads[k]
        m = beta1 * state["m"][k] + (1.0 - beta1) * g
        v = beta2 * state["v"][k] + (1.0 - beta2) * g * g
        m_hat = m / (1.0 - beta1 ** t)
        v_hat = v / (1.0 - beta2 ** t)
        new_params[k] = p - lr * m_hat / (np.sqrt(v_hat) + eps)
        if weight_decay and p.ndim == 2:
            new_params[k] = new_params[k] - lr * weight_decay * p
        m_new[k], v_new[k] = m, v
    return new_params, {"t": t, "m": m_new, "v": v_new}
