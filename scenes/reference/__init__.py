"""Numpy reference implementation: every number the videos show is computed here.

Never imports manim. Public API (a contract, see DESIGN.md): the layers (core), the corpus and
tokenizer (data), the tiny model and its forward pass (model), the hand-written backward pass
(backward), Adam, clipping and the learning-rate schedules (optim), LoRA (lora), attention
read-outs (alignment) and the facts the lectures derive (explain). Training: ``python -m scenes.reference.train``.
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
    PE_BASE,
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
    positional_encoding_at,
    scaled_dot_product_attention,
    softmax,
    split_heads,
)
from scenes.reference.explain import (
    pe_curve,
    pe_dot_by_distance,
    pe_wavelength,
    permutation_check,
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
    alignment_links,
    build_vocab,
    close_words,
    decode_ids,
    encode_tokens,
    load_corpus,
    load_lexicon,
    tokenize,
)
from scenes.reference.lora import (
    adapter_grads,
    adapter_param_count,
    apply_adapters,
    init_adapters,
    load_adapters,
    lora_forward,
    lora_fraction,
    lora_model,
    lora_param_count,
    lora_targets,
    merge_lora,
    model_lora_counts,
    notes_lora_counts,
    save_adapters,
)
from scenes.reference.model import (
    Config,
    TinyTransformer,
    decode,
    embed,
    token_embedding,
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

__all__ = [  # sorted; grouped by module in the imports above
    "PE_BASE", "pe_curve", "pe_dot_by_distance", "pe_wavelength", "permutation_check",
    "positional_encoding_at", "token_embedding",
    "BOS", "BOS_ID", "EOS", "EOS_ID", "PAD", "PAD_ID", "SCHEDULES", "SPECIALS", "UNK", "UNK_ID",
    "Config", "TinyTransformer", "UnknownTokenError", "adam_init", "adam_step", "adapter_grads",
    "adapter_param_count", "add_norm", "alignment_links", "alignments", "apply_adapters",
    "attention_trace", "batch_forward", "batch_loss_and_grads", "build_vocab", "causal_mask",
    "clip_by_global_norm", "close_words", "cosine_restarts", "cross_attention", "decode",
    "decode_ids", "decoder_layer", "embed", "encode", "encode_tokens", "encoder_layer",
    "encoder_self_attention", "feed_forward", "flatten_params", "forward", "global_norm",
    "greedy_decode", "head_distances", "init_adapters", "init_params", "layer_norm",
    "learning_rate", "load_adapters", "load_corpus", "load_lexicon", "load_model", "lora_forward",
    "lora_fraction", "lora_model", "lora_param_count", "lora_targets", "loss_and_grads",
    "map_params", "merge_heads", "merge_lora", "model_lora_counts", "multi_head_attention",
    "notes_lora_counts", "pad_batch", "pair_loss", "param_count", "param_counts",
    "positional_encoding", "save_adapters", "save_model", "scaled_dot_product_attention",
    "softmax", "split_heads", "tokenize", "translate", "unflatten_params", "warmup_constant",
    "warmup_cosine", "warmup_linear",
]
