"""LoRA: a frozen weight W plus a trainable low-rank update (alpha / r) A B.

Row-vector convention (as everywhere here): x is [n, d_in], W is [d_in, d_out], and

    h = x W + (alpha / r) x A B,    A [d_in, r] (down, random init),  B [r, d_out] (up, zero init)

so A is applied first, like the notes' figure (A 4096x8, B 8x4096). With B = 0 the layer is
unchanged at the start of fine-tuning. Merging folds the update into one matrix:
W' = W + (alpha / r) A B, after which inference costs nothing extra.

Gradients: if G = dLoss/dW' is the gradient of the merged weight (what the ordinary backward pass
computes), then dLoss/dA = (alpha / r) G B^T and dLoss/dB = (alpha / r) A^T G.
"""

import json
from pathlib import Path

import numpy as np

from scenes.reference.data import ASSETS
from scenes.reference.model import TinyTransformer, flatten_params, unflatten_params

LORA_PATH = ASSETS / "lora_adapters.npz"
LORA_LOG_PATH = ASSETS / "lora_log.json"


def lora_forward(x, w, a, b, alpha, r):
    """h = x W + (alpha / r) (x A) B."""
    return x @ w + (alpha / r) * ((x @ a) @ b)  # [n, d_out]; x @ a is [n, r]


def merge_lora(w, a, b, alpha, r):
    """W' = W + (alpha / r) A B  ([d_in, d_out])."""
    return w + (alpha / r) * (a @ b)


def lora_param_count(d_in, d_out, r):
    """Trainable numbers of one adapter: r (d_in + d_out)  (A has d_in r, B has r d_out)."""
    return r * (d_in + d_out)


def lora_fraction(d_in, d_out, r):
    """Adapter size relative to the full matrix: r (d_in + d_out) / (d_in d_out)."""
    return lora_param_count(d_in, d_out, r) / (d_in * d_out)


NOTES_EXAMPLE = {"d": 4096, "r": 8}  # the notes' figure: W 4096x4096, A 4096x8, B 8x4096


def notes_lora_counts(d=4096, r=8):
    """The notes' case: full matrix d*d vs adapter 2*d*r -> {'full', 'lora', 'fraction'}."""
    return {"full": d * d, "lora": lora_param_count(d, d, r), "fraction": lora_fraction(d, d, r)}


def model_lora_counts(params, r, projections=("w_q", "w_v")):
    """The tiny model: {'adapted': [names], 'per_matrix': n, 'trainable': n, 'total': n, 'fraction'}."""
    names = lora_targets(params, projections)
    flat = flatten_params(params)
    trainable = sum(lora_param_count(*flat[n].shape, r) for n in names)
    total = int(sum(v.size for v in flat.values()))
    return {"adapted": names, "per_matrix": lora_param_count(*flat[names[0]].shape, r),
            "trainable": trainable, "total": total, "fraction": trainable / total}


class LoraLinear:
    """A frozen W with its adapter kept apart: x @ LoraLinear(...) = x W + (alpha / r) (x A) B.

    Put in a parameter tree in place of W, it makes the ordinary forward pass run LoRA unmerged.
    """

    __array_ufunc__ = None  # numpy hands `x @ self` to __rmatmul__

    def __init__(self, w, a, b, alpha, r):
        self.w, self.a, self.b, self.alpha, self.r = w, a, b, alpha, r
        self.shape = w.shape  # [d_in, d_out]

    def __rmatmul__(self, x):
        return lora_forward(x, self.w, self.a, self.b, self.alpha, self.r)  # [n, d_out]


def attach_adapters(params, adapters, alpha, r):
    """A parameter tree whose adapted weights are LoraLinear: x W + (alpha/r) x A B, unmerged."""
    flat = dict(flatten_params(params))
    for name, ab in adapters.items():
        flat[name] = LoraLinear(flat[name], ab["a"], ab["b"], alpha, r)
    return unflatten_params(flat)


NOTES_ADAPTER = {"d": 768, "m": 64}  # the notes' Adapter: d=768 -> m=64 -> d=768


def bottleneck_param_count(d, m):
    """Weights of a bottleneck Adapter: W_down [d, m] + W_up [m, d] = 2 d m (biases not counted)."""
    return d * m + m * d


def notes_adapter_counts(d=768, m=64):
    """The notes' Adapter vs one d x d matrix -> {'down', 'up', 'adapter', 'full', 'fraction'}."""
    adapter = bottleneck_param_count(d, m)
    return {"down": d * m, "up": m * d, "adapter": adapter, "full": d * d,
            "fraction": adapter / (d * d)}


def lora_targets(params, projections=("w_q", "w_v")):
    """Flat names of the attention projections that get adapters (every attention block)."""
    return [k for k in flatten_params(params) if "attn." in k and k.rsplit(".", 1)[1] in projections]


def init_adapters(params, targets, r, seed=0):
    """{name: {'a': N(0, 1/d_in) [d_in, r], 'b': zeros [r, d_out]}} for every target weight."""
    rng = np.random.default_rng(seed)
    flat = flatten_params(params)
    adapters = {}
    for name in targets:
        d_in, d_out = flat[name].shape
        adapters[name] = {"a": rng.normal(0.0, d_in ** -0.5, size=(d_in, r)),
                          "b": np.zeros((r, d_out))}
    return adapters


def apply_adapters(params, adapters, alpha, r):
    """A new parameter tree with W' = W + (alpha/r) A B for each adapted weight (params untouched)."""
    flat = dict(flatten_params(params))
    for name, ab in adapters.items():
        flat[name] = merge_lora(flat[name], ab["a"], ab["b"], alpha, r)
    return unflatten_params(flat)


def adapter_grads(merged_grads, adapters, alpha, r):
    """dA = (alpha/r) G B^T,  dB = (alpha/r) A^T G, with G the gradient of the merged weight."""
    flat = flatten_params(merged_grads)
    s = alpha / r
    return {name: {"a": s * flat[name] @ ab["b"].T, "b": s * ab["a"].T @ flat[name]}
            for name, ab in adapters.items()}


def adapter_param_count(adapters):
    """Number of trainable numbers in a set of adapters."""
    return int(sum(ab["a"].size + ab["b"].size for ab in adapters.values()))


def save_adapters(path, adapters, alpha, r):
    """Write {name}.a / {name}.b arrays plus alpha and r (JSON) to one .npz."""
    arrays = {f"{name}.{m}": ab[m] for name, ab in adapters.items() for m in ("a", "b")}
    arrays["lora"] = np.array(json.dumps({"alpha": alpha, "r": r, "targets": list(adapters)}))
    with open(path, "wb") as f:
        np.savez(f, **arrays)


def load_adapters(path=None):
    """-> (adapters, alpha, r) from assets/lora_adapters.npz (arrays are read-only)."""
    path = LORA_PATH if path is None else Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} not found; run `python -m scenes.reference.lora_finetune`")
    with np.load(path, allow_pickle=False) as z:
        meta = json.loads(str(z["lora"]))
        adapters = {}
        for name in meta["targets"]:
            adapters[name] = {m: np.array(z[f"{name}.{m}"]) for m in ("a", "b")}
            for arr in adapters[name].values():
                arr.setflags(write=False)
    return adapters, meta["alpha"], meta["r"]


def load_lora_log(path=None):
    """The fine-tune's log (assets/lora_log.json): config, per-step loss, translations, counts."""
    path = LORA_LOG_PATH if path is None else Path(path)
    return json.loads(path.read_text(encoding="utf-8"))


def lora_model(model, adapters=None, alpha=None, r=None):
    """The fine-tuned model: a TinyTransformer whose adapted weights are merged (W + (alpha/r) A B)."""
    if adapters is None:
        adapters, alpha, r = load_adapters()
    merged = apply_adapters(model.params, adapters, alpha, r)
    return TinyTransformer(model.config, merged, model.src_vocab, model.tgt_vocab)
