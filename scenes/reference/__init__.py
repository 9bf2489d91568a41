"""Numpy reference implementation: every number the videos show is computed here.

Never imports manim. Public API (a contract, see DESIGN.md):
softmax, layer_norm, positional_encoding, causal_mask, scaled_dot_product_attention,
multi_head_attention, feed_forward, encoder_layer, decoder_layer.
"""

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

__all__ = [
    "add_norm", "attention_trace", "causal_mask", "decoder_layer", "encoder_layer",
    "feed_forward", "layer_norm", "merge_heads", "multi_head_attention",
    "positional_encoding", "scaled_dot_product_attention", "softmax", "split_heads",
]
