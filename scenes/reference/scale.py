"""The scale of real models: parameter counts computed from each model's published
hyper-parameters, beside the figure its authors published; training compute ~ 6 N T and
inference ~ 2 N per token.

What is counted is every learned scalar, as in counts.py for the encoder-decoder: per layer the
attention projections W_Q, W_K, W_V, W_O, the FFN's matrices, the norms' gains (and biases);
the token embedding; learned position embeddings (a [context, d] table); the output projection
unless it is tied to the token embedding; a final norm where the model has one. Not counted:
sinusoidal or rotary positions, softmax, residual sums (nothing learned). The number of heads
matters only through grouped-query attention (GQA), where K and V have fewer heads than Q.

The hyper-parameters and the published figures are data, each with its source:

* GPT-1: Radford et al. 2018, "Improving Language Understanding by Generative Pre-Training",
  section 4.1: 12 layers, 768 wide, 12 heads, FFN inner size 3072, contexts of 512 tokens,
  learned positions, BPE with 40,000 merges (the released encoder holds 40,478 tokens), the
  output projection tied to the embedding, post-LN (no final norm). Its size, 117M, is printed
  in Radford et al. 2019 (GPT-2), Table 2, for the smallest model, "equivalent to the original
  GPT".
* GPT-2 (the largest, "1.5B"): Radford et al. 2019, "Language Models are Unsupervised Multitask
  Learners", Table 2 (48 layers, d_model 1600, 1542M parameters) and section 2.3 (vocabulary
  50,257, context 1024, LayerNorm moved to each block's input plus one after the last block);
  heads 25 and d_ff = 4 d_model from the released hyper-parameters (heads do not change the
  count). Its published 1542M is about 1 % below what these sizes give (1557.6M, also the count
  of the released weights).
* GPT-3 175B: Brown et al. 2020, "Language Models are Few-Shot Learners", Table 2.1 (96 layers,
  d_model 12288, 96 heads, context 2048, d_ff = 4 d_model, 175.0B), section 2.1 (GPT-2's
  architecture and vocabulary), section 2.2 and Table D.1 (300 billion training tokens,
  3.14E+23 training FLOPs).
* LLaMA-2 70B: Touvron et al. 2023, "Llama 2: Open Foundation and Fine-Tuned Chat Models",
  Table 1 (70B, context 4k, GQA, 2.0T tokens) and section 2.2; the sizes from Meta's model card
  and params.json of llama-2-70b: 80 layers, dim 8192, 64 heads, 8 key/value heads, vocabulary
  32,000, FFN rule multiple_of 4096 and ffn_dim_multiplier 1.3 (SwiGLU: three matrices of
  d x hidden), RMSNorm (a gain, no bias), rotary positions, no biases, an untied output
  projection.
* Transformer base: Vaswani et al. 2017, "Attention Is All You Need", Table 3 (65M), counted
  in counts.py (encoder-decoder, shared vocabulary of 37,000, tied output).
"""

import dataclasses
import math

from scenes.reference.counts import PAPER_BASE, PAPER_BASE_QUOTED, PAPER_VOCAB, paper_base_counts

FORWARD_FLOPS = 2  # per parameter per token: one multiply and one add (inference ~ 2 N)
TRAIN_FLOPS = 6  # forward (2) + backward (about twice the forward, 4): training ~ 6 N T
UNITS = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))  # thousand ... trillion


@dataclasses.dataclass(frozen=True)
class Decoder:
    """A decoder-only (GPT-style) Transformer's published hyper-parameters."""

    name: str
    n_layers: int
    d_model: int
    n_heads: int
    d_ff: int  # the FFN's hidden width
    vocab: int
    context: int  # tokens of context (a learned position table has this many rows)
    n_kv_heads: int | None = None  # GQA: heads of K and V (None: as many as of Q)
    ffn: str = "mlp"  # "mlp": W1 [d, d_ff], W2 [d_ff, d]; "swiglu": W1, W3 [d, d_ff], W2
    tied: bool = True  # the output projection reuses the token embedding
    bias: bool = True  # every linear layer has a bias
    norm: str = "layer"  # "layer": gamma and beta [d]; "rms": gamma only
    final_norm: bool = True  # one more norm after the last layer (pre-LN models)
    positions: str = "learned"  # "learned": a [context, d] table; "rope": rotary, none learned

    def __post_init__(self):
        if self.d_model % self.n_heads:
            raise ValueError(f"{self.name}: d_model={self.d_model} is not divisible by "
                             f"n_heads={self.n_heads}")
        if self.n_kv_heads is not None and self.n_heads % self.n_kv_heads:
            raise ValueError(f"{self.name}: n_heads={self.n_heads} is not a multiple of "
                             f"n_kv_heads={self.n_kv_heads}")
        for field, value, accepted in (("ffn", self.ffn, ("mlp", "swiglu")),
                                       ("norm", self.norm, ("layer", "rms")),
                                       ("positions", self.positions, ("learned", "rope"))):
            if value not in accepted:
                raise ValueError(f"{self.name}: {field}={value!r}; accepted: "
                                 f"{', '.join(accepted)}")


@dataclasses.dataclass(frozen=True)
class Published:
    """What a model's authors published: its size, and where known its training tokens and
    training compute (FLOPs); ``digits``, ``token_digits``: the significant digits the size
    and the tokens are given with."""

    params: float
    digits: int
    source: str
    tokens: float | None = None
    token_digits: int = 2
    compute: float | None = None


def swiglu_hidden(d, multiple_of, ffn_dim_multiplier=1.0):
    """LLaMA's FFN width: 2/3 of 4d (three matrices instead of two keep the count), times the
    multiplier, rounded up to a multiple of ``multiple_of`` (Meta's llama/model.py)."""
    hidden = int(2 * 4 * d / 3)
    hidden = int(ffn_dim_multiplier * hidden)
    return multiple_of * ((hidden + multiple_of - 1) // multiple_of)


LLAMA2_70B_FFN = {"multiple_of": 4096, "ffn_dim_multiplier": 1.3}  # params.json of llama-2-70b

GPT1 = Decoder("GPT-1", n_layers=12, d_model=768, n_heads=12, d_ff=3072, vocab=40478,
               context=512, final_norm=False)
GPT2 = Decoder("GPT-2", n_layers=48, d_model=1600, n_heads=25, d_ff=6400, vocab=50257,
               context=1024)
GPT3 = Decoder("GPT-3", n_layers=96, d_model=12288, n_heads=96, d_ff=49152, vocab=50257,
               context=2048)
LLAMA2_70B = Decoder("LLaMA-2 70B", n_layers=80, d_model=8192, n_heads=64,
                     d_ff=swiglu_hidden(8192, **LLAMA2_70B_FFN), vocab=32000, context=4096,
                     n_kv_heads=8, ffn="swiglu", tied=False, bias=False, norm="rms",
                     positions="rope")
DECODERS = (GPT1, GPT2, GPT3, LLAMA2_70B)
PAPER_NAME = "Transformer base"

PUBLISHED = {
    PAPER_NAME: Published(PAPER_BASE_QUOTED, 2, "Vaswani et al. 2017, Table 3"),
    "GPT-1": Published(117e6, 3, "Radford et al. 2019, Table 2 (the smallest model)"),
    "GPT-2": Published(1542e6, 4, "Radford et al. 2019, Table 2"),
    "GPT-3": Published(175.0e9, 4, "Brown et al. 2020, Table 2.1, Table D.1",
                       tokens=300e9, token_digits=3, compute=3.14e23),
    "LLaMA-2 70B": Published(70e9, 2, "Touvron et al. 2023, Table 1; Meta's model card",
                             tokens=2.0e12),
}


def attention_params(m):
    """W_Q, W_O [d, d]; W_K, W_V [d, kv] with kv = n_kv_heads * d_head (GQA); biases if any."""
    d = m.d_model
    kv = (m.n_kv_heads or m.n_heads) * (d // m.n_heads)  # width of K and V
    return 2 * d * d + 2 * d * kv + ((2 * d + 2 * kv) if m.bias else 0)


def ffn_params(m):
    """MLP: W1 [d, d_ff] + W2 [d_ff, d]; SwiGLU: W1, W3 [d, d_ff] + W2; biases if any."""
    d, f = m.d_model, m.d_ff
    matrices = 3 if m.ffn == "swiglu" else 2
    biases = ((matrices - 1) * f + d) if m.bias else 0
    return matrices * d * f + biases


def norm_params(m):
    """One LayerNorm: gamma and beta [d]; one RMSNorm: gamma [d]."""
    return (2 if m.norm == "layer" else 1) * m.d_model


def decoder_counts(m):
    """A decoder-only model's parameters by block -> dict.

    Per layer: 'attention', 'ffn', 'norms' (two), 'layer'; all layers: 'layers'; and
    'token_embedding' [vocab, d], 'positions' ([context, d] if learned), 'output' (0 if tied),
    'final_norm', 'total'.
    """
    d = m.d_model
    per_layer = {"attention": attention_params(m), "ffn": ffn_params(m),
                 "norms": 2 * norm_params(m)}
    layer = sum(per_layer.values())
    c = {**per_layer, "layer": layer, "layers": m.n_layers * layer,
         "token_embedding": m.vocab * d,
         "positions": m.context * d if m.positions == "learned" else 0,
         "output": 0 if m.tied else m.vocab * d,
         "final_norm": norm_params(m) if m.final_norm else 0}
    c["total"] = (c["layers"] + c["token_embedding"] + c["positions"] + c["output"]
                  + c["final_norm"])
    return c


def decoder_breakdown(m):
    """Where a decoder-only model's parameters are: embeddings (token, positions, output),
    attention, ffn, norms (all layers) -> dict summing to the total."""
    c = decoder_counts(m)
    return {"embeddings": c["token_embedding"] + c["positions"] + c["output"],
            "attention": m.n_layers * c["attention"], "ffn": m.n_layers * c["ffn"],
            "norms": m.n_layers * c["norms"] + c["final_norm"]}


def encoder_decoder_breakdown(config, counts):
    """The same four groups for an encoder-decoder from counts.block_counts (the embedding
    tables and the output projection together, as above)."""
    enc, dec = counts["encoder_layer"], counts["decoder_layer"]
    n_enc, n_dec = config.n_encoder_layers, config.n_decoder_layers
    return {"embeddings": sum(counts["embeddings"].values()) + counts["generator"],
            "attention": n_enc * enc["self_attn"] + n_dec * (dec["self_attn"]
                                                              + dec["cross_attn"]),
            "ffn": n_enc * enc["ffn"] + n_dec * dec["ffn"],
            "norms": n_enc * (enc["ln1"] + enc["ln2"]) + n_dec * (dec["ln1"] + dec["ln2"]
                                                                  + dec["ln3"])}


def paper_breakdown():
    return encoder_decoder_breakdown(PAPER_BASE, paper_base_counts())


def training_flops(n_params, tokens):
    """C ~ 6 N T: 2 N per token forward, about 4 N backward, over T training tokens."""
    return TRAIN_FLOPS * n_params * tokens


def inference_flops(n_params):
    """~ 2 N per generated token: a multiply and an add for every parameter."""
    return FORWARD_FLOPS * n_params


def models():
    """The paper's base model and the four decoders, oldest first -> list of dicts:
    name, params (computed), published, digits, ratio (computed / published), source,
    breakdown, tokens, token_digits, train_flops (6 N T, where tokens are published), published_compute,
    inference_flops (2 N)."""
    rows = [(PAPER_NAME, paper_base_counts()["total"], paper_breakdown())]
    rows += [(m.name, decoder_counts(m)["total"], decoder_breakdown(m)) for m in DECODERS]
    out = []
    for name, n, parts in rows:
        pub = PUBLISHED[name]
        out.append({"name": name, "params": n, "published": pub.params, "digits": pub.digits,
                    "ratio": n / pub.params, "source": pub.source, "breakdown": parts,
                    "tokens": pub.tokens, "token_digits": pub.token_digits,
                    "train_flops": None if pub.tokens is None else training_flops(n, pub.tokens),
                    "published_compute": pub.compute, "inference_flops": inference_flops(n)})
    return out


def hyper_rows():
    """The hyper-parameters each count is computed from, one dict per model (models' order):
    name, layers (encoder + decoder for the paper's model: a pair), d_model, heads, kv_heads
    (None: all), d_ff, ffn, vocab, context (None: sinusoidal, any length), positions, tied."""
    rows = [{"name": PAPER_NAME, "layers": (PAPER_BASE.n_encoder_layers,
                                            PAPER_BASE.n_decoder_layers),
             "d_model": PAPER_BASE.d_model, "heads": PAPER_BASE.n_heads, "kv_heads": None,
             "d_ff": PAPER_BASE.d_ff, "ffn": "mlp", "vocab": PAPER_VOCAB, "context": None,
             "positions": "sinusoidal", "tied": True}]
    rows += [{"name": m.name, "layers": m.n_layers, "d_model": m.d_model, "heads": m.n_heads,
              "kv_heads": m.n_kv_heads, "d_ff": m.d_ff, "ffn": m.ffn, "vocab": m.vocab,
              "context": m.context, "positions": m.positions, "tied": m.tied}
             for m in DECODERS]
    return rows


def llama_variants():
    """LLaMA-2 70B's choices against the GPT recipe, per layer and in total -> dict.

    attention with GQA vs with all 64 heads for K and V; the SwiGLU FFN vs a 4d MLP; the
    SwiGLU width's steps (2/3 of 4d, times the multiplier, rounded up); the untied output
    projection."""
    m = LLAMA2_70B
    mha = dataclasses.replace(m, n_kv_heads=None)
    mlp = dataclasses.replace(m, ffn="mlp", d_ff=4 * m.d_model)
    two_thirds = int(2 * 4 * m.d_model / 3)
    return {"attention_gqa": attention_params(m), "attention_mha": attention_params(mha),
            "kv_width": m.n_kv_heads * m.d_model // m.n_heads, "d_head": m.d_model // m.n_heads,
            "ffn_swiglu": ffn_params(m), "ffn_mlp": ffn_params(mlp),
            "two_thirds": two_thirds,
            "scaled": int(LLAMA2_70B_FFN["ffn_dim_multiplier"] * two_thirds),
            "mlp_width": mlp.d_ff, "hidden": m.d_ff, "multiple_of": LLAMA2_70B_FFN["multiple_of"],
            "multiplier": LLAMA2_70B_FFN["ffn_dim_multiplier"],
            "output": decoder_counts(m)["output"], "total": decoder_counts(m)["total"],
            "total_mha": decoder_counts(mha)["total"], "total_mlp": decoder_counts(mlp)["total"]}


def layer_coefficient(m):
    """k in "a layer has about k d^2 parameters": its weight matrices (no biases, no norms)
    over d^2; 12 for the GPT recipe (4 attention matrices, an MLP of 4d: 2 x 4)."""
    bare = dataclasses.replace(m, bias=False)
    return (attention_params(bare) + ffn_params(bare)) / m.d_model ** 2


def in_units(n, digits=4):
    """n written with ``digits`` significant digits in its unit -> (scaled, unit, decimals):
    116534784 -> (116.534784, 'M', 1) shows as 116.5M; below a thousand the unit is ''."""
    if not n > 0:
        raise ValueError(f"in_units needs a count > 0; got {n!r}")
    if not isinstance(digits, int) or digits < 1:
        raise ValueError(f"digits={digits!r}; accepted: an integer >= 1")
    size, unit = next(((s, u) for s, u in UNITS if n >= s), (1, ""))
    scaled = n / size
    return scaled, unit, max(0, digits - 1 - math.floor(math.log10(scaled)))


def log_ticks(values):
    """The powers of ten around ``values``: 10^floor(log10 min) .. 10^ceil(log10 max)."""
    lo = math.floor(math.log10(min(values)))
    hi = math.ceil(math.log10(max(values)))
    return [10.0 ** k for k in range(lo, hi + 1)]
