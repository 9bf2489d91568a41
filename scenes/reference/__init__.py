"""Numpy reference implementation: every number the videos show is computed here.

Never imports manim. Public API (a contract, see DESIGN.md): the layers (core), the corpus and
tokenizer (data), the tiny model and its forward pass (model), the hand-written backward pass
(backward), Adam, clipping and the learning-rate schedules (optim), LoRA (lora) and attention
read-outs (alignment). Training: ``python -m scenes.reference.train``.
"""

from scenes.reference.alignment import (
    alignments,
    cross_attention,
    encoder_self_attention,
    head_distances,
)
from scenes.reference.backward import (
    batch_forward,
    batch_loss_and_grads,
    loss_and_grads,
    pad_batch,
)
from scenes.reference.core import (
    add_norm,
    attention_trace,
    causal_mask,
    decoder_layer,
    encoder_layer,
    feed_forward,
    layer_norm,
    merge_heads,
    multi_head_attention,
    positional_encoding,
    scaled_dot_product_attention,
    softmax,
    split_heads,
)
from scenes.reference.data import (
    BOS,
    BOS_ID,
    EOS,
    EOS_ID,
    PAD,
    PAD_ID,
    SPECIALS,
    UNK,
    UNK_ID,
    UnknownTokenError,
    build_vocab,
    close_words,
    decode_ids,
    encode_tokens,
    load_corpus,
    tokenize,
)
from scenes.reference.model import (
    Config,
    TinyTransformer,
    decode,
    embed,
    encode,
    flatten_params,
    forward,
    greedy_decode,
    init_params,
    load_model,
    map_params,
    pair_loss,
    param_count,
    param_counts,
    save_model,
    translate,
    unflatten_params,
)
from scenes.reference.optim import (
    SCHEDULES,
    adam_init,
    adam_step,
    clip_by_global_norm,
    cosine_restarts,
    global_norm,
    learning_rate,
    warmup_constant,
    warmup_cosine,
    warmup_linear,
)

__all__ = [
    # core
    "add_norm", "attention_trace", "causal_mask", "decoder_layer", "encoder_layer",
    "feed_forward", "layer_norm", "merge_heads", "multi_head_attention",
    "positional_encoding", "scaled_dot_product_attention", "softmax", "split_heads",
    # data
    "BOS", "BOS_ID", "EOS", "EOS_ID", "PAD", "PAD_ID", "SPECIALS", "UNK", "UNK_ID",
    "UnknownTokenError", "build_vocab", "close_words", "decode_ids", "encode_tokens",
    "load_corpus", "tokenize",
    # model
    "Config", "TinyTransformer", "decode", "embed", "encode", "flatten_params", "forward",
    "greedy_decode", "init_params", "load_model", "map_params", "pair_loss", "param_count",
    "param_counts", "save_model", "translate", "unflatten_params",
    # backward
    "batch_forward", "batch_loss_and_grads", "loss_and_grads", "pad_batch",
    # optim
    "SCHEDULES", "adam_init", "adam_step", "clip_by_global_norm", "cosine_restarts",
    "global_norm", "learning_rate", "warmup_constant", "warmup_cosine", "warmup_linear",
    # alignment
    "alignments", "cross_attention", "encoder_self_attention", "head_distances",
]
