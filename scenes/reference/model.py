"""The tiny encoder-decoder Transformer: parameters, forward pass with trace, greedy decoding.

The forward pass calls core.encoder_layer / core.decoder_layer, so its trace holds exactly the
intermediates the videos show. Row vectors, weights [d_in, d_out], float64.

Parameter tree (flat .npz keys join the path with dots, e.g. ``encoder.0.self_attn.w_q``)::

    src_embed [V_src, d]   tgt_embed [V_tgt, d]
    encoder[i]: self_attn{w_q,w_k,w_v,w_o,b_q,b_k,b_v,b_o} ln1{gamma,beta} ffn{w1,b1,w2,b2} ln2
    decoder[i]: self_attn ln1 cross_attn ln2 ffn ln3
    generator{w [d, V_tgt], b [V_tgt]}
"""

import dataclasses
import functools
import json
import zipfile
from pathlib import Path

import numpy as np

from scenes.reference.core import decoder_layer, encoder_layer, positional_encoding, softmax
from scenes.reference.data import ASSETS, BOS_ID, EOS, EOS_ID, tokenize

MODEL_PATH = ASSETS / "tiny_transformer.npz"


@dataclasses.dataclass(frozen=True)
class Config:
    """Sizes of the model: d_model, heads, FFN width, number of encoder and decoder layers."""

    d_model: int = 32
    n_heads: int = 8
    d_ff: int = 128
    n_encoder_layers: int = 2
    n_decoder_layers: int = 2

    @property
    def d_k(self):
        """d_k = d_model / n_heads, the width of one head."""
        return self.d_model // self.n_heads

    def __post_init__(self):
        if self.d_model % self.n_heads or self.d_model % 2:
            raise ValueError(f"d_model={self.d_model} must be even and divisible by "
                             f"n_heads={self.n_heads}")


# ---------------------------------------------------------------- parameters

def _xavier(rng, d_in, d_out):
    """Glorot uniform: U(-a, a), a = sqrt(6 / (d_in + d_out))."""
    a = np.sqrt(6.0 / (d_in + d_out))
    return rng.uniform(-a, a, size=(d_in, d_out))


def _init_attention(rng, d):
    p = {f"w_{n}": _xavier(rng, d, d) for n in "qkvo"}
    p.update({f"b_{n}": np.zeros(d) for n in "qkvo"})
    return p


def _init_ln(d):
    return {"gamma": np.ones(d), "beta": np.zeros(d)}


def _init_ffn(rng, d, d_ff):
    return {"w1": _xavier(rng, d, d_ff), "b1": np.zeros(d_ff),
            "w2": _xavier(rng, d_ff, d), "b2": np.zeros(d)}


def init_params(config, v_src, v_tgt, seed=0):
    """Random parameters: Glorot weights, zero biases, LN gamma=1 beta=0, embeddings N(0, 1/d)."""
    rng = np.random.default_rng(seed)
    d, d_ff = config.d_model, config.d_ff
    return {
        "src_embed": rng.normal(0.0, d ** -0.5, size=(v_src, d)),
        "tgt_embed": rng.normal(0.0, d ** -0.5, size=(v_tgt, d)),
        "encoder": [{"self_attn": _init_attention(rng, d), "ln1": _init_ln(d),
                     "ffn": _init_ffn(rng, d, d_ff), "ln2": _init_ln(d)}
                    for _ in range(config.n_encoder_layers)],
        "decoder": [{"self_attn": _init_attention(rng, d), "ln1": _init_ln(d),
                     "cross_attn": _init_attention(rng, d), "ln2": _init_ln(d),
                     "ffn": _init_ffn(rng, d, d_ff), "ln3": _init_ln(d)}
                    for _ in range(config.n_decoder_layers)],
        "generator": {"w": _xavier(rng, d, v_tgt), "b": np.zeros(v_tgt)},
    }


def flatten_params(tree, prefix=""):
    """Nested dicts/lists -> {'encoder.0.self_attn.w_q': array, ...} (insertion order kept)."""
    if isinstance(tree, dict):
        items = tree.items()
    elif isinstance(tree, (list, tuple)):
        items = ((str(i), v) for i, v in enumerate(tree))
    else:
        return {prefix: tree}
    flat = {}
    for k, v in items:
        flat.update(flatten_params(v, f"{prefix}.{k}" if prefix else str(k)))
    return flat


def unflatten_params(flat):
    """{'encoder.0.ln1.gamma': array, ...} -> the nested tree (numeric keys become list items)."""
    root = {}
    for key, value in flat.items():
        node, parts = root, key.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def listify(node):
        if not isinstance(node, dict):
            return node
        node = {k: listify(v) for k, v in node.items()}
        if node and all(k.isdigit() for k in node):
            return [node[str(i)] for i in range(len(node))]
        return node
    return listify(root)


def map_params(fn, *trees):
    """Apply fn leaf-wise to trees of the same structure: map_params(np.add, a, b)."""
    first = trees[0]
    if isinstance(first, dict):
        return {k: map_params(fn, *(t[k] for t in trees)) for k in first}
    if isinstance(first, (list, tuple)):
        return [map_params(fn, *(t[i] for t in trees)) for i in range(len(first))]
    return fn(*trees)


def param_count(params):
    """Total number of scalars in a parameter tree (or any subtree of it)."""
    return int(sum(np.size(v) for v in flatten_params(params).values()))


def param_counts(params):
    """Per block: {'src_embed': n, 'tgt_embed': n, 'encoder.0': n, ..., 'generator': n, 'total': n}."""
    counts = {"src_embed": param_count(params["src_embed"]),
              "tgt_embed": param_count(params["tgt_embed"])}
    for side in ("encoder", "decoder"):
        for i, layer in enumerate(params[side]):
            counts[f"{side}.{i}"] = param_count(layer)
    counts["generator"] = param_count(params["generator"])
    counts["total"] = param_count(params)
    return counts


# ---------------------------------------------------------------- forward pass

def token_embedding(table, ids):
    """E[ids] * sqrt(d_model): the scaled embedding rows, before positional encoding."""
    return table[np.asarray(ids, dtype=np.int64)] * np.sqrt(table.shape[1])  # [n, d]


def embed(table, ids):
    """x = E[ids] * sqrt(d_model) + PE: the input of the first layer."""
    return token_embedding(table, ids) + positional_encoding(len(ids), table.shape[1])  # [n, d]


def encode(params, config, src_ids):
    """memory = Encoder(embed(src)) -> (memory [n_src, d], trace with 'src_x', 'encoder')."""
    x = embed(params["src_embed"], src_ids)  # [n_src, d]
    trace = {"src_ids": list(src_ids), "src_x": x, "encoder": []}
    for p in params["encoder"]:
        x, t = encoder_layer(x, p, config.n_heads)
        trace["encoder"].append(t)
    trace["memory"] = x
    return x, trace


def decode(params, config, memory, tgt_in_ids):
    """logits = Decoder(embed(tgt_in), memory) W_gen + b_gen -> (logits [n_tgt, V_tgt], trace)."""
    y = embed(params["tgt_embed"], tgt_in_ids)  # [n_tgt, d]
    trace = {"tgt_in_ids": list(tgt_in_ids), "tgt_x": y, "decoder": []}
    for p in params["decoder"]:
        y, t = decoder_layer(y, memory, p, config.n_heads)
        trace["decoder"].append(t)
    logits = y @ params["generator"]["w"] + params["generator"]["b"]  # [n_tgt, V_tgt]
    trace["logits"] = logits
    trace["probs"] = softmax(logits)
    return logits, trace


def forward(params, config, src_ids, tgt_in_ids):
    """logits for every decoder position -> (logits [n_tgt_in, V_tgt], trace).

    trace keys: src_x, encoder (list of encoder_layer traces), memory, tgt_x,
    decoder (list of decoder_layer traces), logits, probs (softmax of logits), and the ids.
    """
    memory, trace = encode(params, config, src_ids)
    logits, dec_trace = decode(params, config, memory, tgt_in_ids)
    trace.update(dec_trace)
    return logits, trace


def pair_loss(params, config, src_ids, tgt_ids):
    """Mean cross-entropy of the targets tgt + <eos> given the decoder input <bos> + tgt."""
    tgt_in = [BOS_ID] + list(tgt_ids)
    tgt_out = list(tgt_ids) + [EOS_ID]
    _, trace = forward(params, config, src_ids, tgt_in)
    return float(-np.mean(np.log(trace["probs"][np.arange(len(tgt_out)), tgt_out])))


# ---------------------------------------------------------------- the shipped model

@dataclasses.dataclass(frozen=True)
class TinyTransformer:
    """A trained model: config, parameter tree (read-only arrays) and the two vocabularies."""

    config: Config
    params: dict
    src_vocab: list
    tgt_vocab: list

    def src_ids(self, sentence):
        """'我 爱 学习' -> source ids (raises UnknownTokenError for an unknown word)."""
        return tokenize(sentence, self.src_vocab, "source")

    def tgt_ids(self, sentence):
        """'I love learning' -> target ids (no <bos>/<eos>)."""
        return tokenize(sentence, self.tgt_vocab, "target")

    def forward(self, src_sentence, tgt_sentence):
        """Teacher-forced forward pass of a pair: decoder input <bos> + target."""
        tgt_in = [BOS_ID] + self.tgt_ids(tgt_sentence)
        return forward(self.params, self.config, self.src_ids(src_sentence), tgt_in)

    def translate(self, sentence, max_len=20):
        """Greedy translation as a string of words (without <eos>)."""
        return translate(self, sentence, max_len)


def greedy_decode(model, src_tokens, max_len=20):
    """Pick argmax p(next | src, prefix) until <eos> -> (tokens, dists).

    src_tokens: a list of words (a string is split on whitespace). tokens[i] is the argmax of
    dists[i] (the full next-token distribution [V_tgt] at step i); tokens ends with '<eos>'
    when the model emitted it within max_len steps.
    """
    src_ids = tokenize(src_tokens, model.src_vocab, "source")
    memory, _ = encode(model.params, model.config, src_ids)
    tgt_in, tokens, dists = [BOS_ID], [], []
    for _ in range(max_len):
        _, trace = decode(model.params, model.config, memory, tgt_in)
        dist = trace["probs"][-1]  # [V_tgt]
        next_id = int(np.argmax(dist))
        dists.append(dist)
        tokens.append(model.tgt_vocab[next_id])
        if next_id == EOS_ID:
            break
        tgt_in.append(next_id)
    return tokens, dists


def translate(model, sentence, max_len=20):
    """Greedy translation of a sentence -> 'I love learning' (the <eos> dropped)."""
    tokens, _ = greedy_decode(model, sentence, max_len)
    return " ".join(t for t in tokens if t != EOS)


def save_model(path, config, params, src_vocab, tgt_vocab):
    """Write weights (flat dotted keys), config (JSON) and both vocabularies to one .npz
    (byte-identical for the same inputs)."""
    arrays = {k: np.asarray(v, dtype=np.float64) for k, v in flatten_params(params).items()}
    arrays["config"] = np.array(json.dumps(dataclasses.asdict(config)))
    arrays["src_vocab"] = np.array(src_vocab)
    arrays["tgt_vocab"] = np.array(tgt_vocab)
    # np.savez's layout (one .npy per key, stored), but with a fixed timestamp on every member,
    # so the same weights give the same bytes (np.savez stamps each member with the clock)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for key, value in arrays.items():
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            with zf.open(info, "w", force_zip64=True) as f:
                np.lib.format.write_array(f, np.asanyarray(value), allow_pickle=False)
    _load.cache_clear()  # a cached model read from this path would be stale


def _read_only(a):
    a = np.array(a, dtype=np.float64)
    a.setflags(write=False)
    return a


@functools.lru_cache(maxsize=8)
def _load(path):
    with np.load(path, allow_pickle=False) as z:
        config = Config(**json.loads(str(z["config"])))
        src_vocab = [str(t) for t in z["src_vocab"]]
        tgt_vocab = [str(t) for t in z["tgt_vocab"]]
        flat = {k: _read_only(z[k]) for k in z.files if k not in ("config", "src_vocab", "tgt_vocab")}
    return TinyTransformer(config, unflatten_params(flat), src_vocab, tgt_vocab)


class ModelFileError(FileNotFoundError):
    """The weights file is missing or cannot be read; the message names it and the fix."""


def load_model(path=None):
    """The trained model from assets/tiny_transformer.npz (cached; arrays are read-only).

    A missing or damaged file raises ModelFileError naming the file and `make train`."""
    path = MODEL_PATH if path is None else Path(path)
    fix = ("run `make train` (python -m scenes.reference.train) to train the tiny Transformer "
           "and write it")
    if not path.exists():
        raise ModelFileError(f"{path} not found; {fix}")
    try:
        return _load(str(path.resolve()))
    except (OSError, EOFError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as e:
        raise ModelFileError(f"{path} is damaged or not a model file "
                             f"({type(e).__name__}: {e}); {fix}") from None
