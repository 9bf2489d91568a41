"""Parameter counts per block of an encoder-decoder Transformer, from its sizes alone.

What is counted: every learned scalar. Weights and biases of the four attention projections
(W_Q, W_K, W_V, W_O, each [d, d] + [d]); both FFN layers (W1 [d, d_ff] + b1, W2 [d_ff, d] + b2);
gamma and beta of every LayerNorm (the Add & Norm blocks); the embedding tables; the output
projection (the "Linear" before the softmax). Not counted, because they are not learned: the
sinusoidal positional encoding, the softmax, the residual additions, the sqrt(d_model) scale.
The number of heads does not enter: h heads of width d/h use the same W_Q, W_K, W_V, W_O as one
head of width d, only split by columns.

Two layouts, both exactly as the respective model is built:

* the tiny model (:func:`model_counts`): a source and a target embedding of their own
  vocabulary sizes, and an untied output projection with a bias (``generator{w, b}``). Its total
  equals ``param_count(model.params)``.
* the paper's base model (:func:`paper_base_counts`): d_model 512, 8 heads, d_ff 2048, 6 + 6
  layers, one shared vocabulary of about 37000 tokens (byte-pair encoded, English-German). As in
  the paper (section 3.4) one embedding matrix serves the source embedding, the target embedding
  and the pre-softmax linear transformation, so the output projection adds no weights; we count
  no output bias either. No final LayerNorm after either stack (post-LN, as in the paper).

The paper's Table 3 quotes the base model at 65 x 10^6 parameters; these rules give 63.08
million (:data:`PAPER_BASE_QUOTED`, :func:`paper_base_counts`). The gap of about 1.9 million
(3 %) is not one of the counted blocks: it is far smaller than an untied output projection
(+18.9 million) or separate source and target tables (+18.9 million), and far larger than an
output bias (+37000). The paper gives no breakdown; "37000" is itself a rounded vocabulary size
(a shared table of about 40700 tokens would give 65 million exactly), and the same rules applied
to the paper's big model (d_model 1024, 16 heads, d_ff 4096) give 214.2 million against the
quoted 213 million, so the rules agree with the paper to within its rounding of vocabulary and
totals.
"""

from scenes.reference.model import Config

PAPER_BASE = Config(d_model=512, n_heads=8, d_ff=2048, n_encoder_layers=6, n_decoder_layers=6)
PAPER_BIG = Config(d_model=1024, n_heads=16, d_ff=4096, n_encoder_layers=6, n_decoder_layers=6)
PAPER_VOCAB = 37000  # shared source/target BPE vocabulary, English-German (paper, section 5.1)
PAPER_BASE_QUOTED = 65e6  # Table 3, "params x 10^6" of the base model
PAPER_BIG_QUOTED = 213e6  # Table 3, the big model


def attention_params(d):
    """W_Q, W_K, W_V, W_O [d, d] and their biases [d]: 4 d^2 + 4 d."""
    return 4 * d * d + 4 * d


def layer_norm_params(d):
    """gamma and beta [d]: 2 d."""
    return 2 * d


def ffn_params(d, d_ff):
    """W1 [d, d_ff] + b1 [d_ff] + W2 [d_ff, d] + b2 [d]."""
    return d * d_ff + d_ff + d_ff * d + d


def encoder_layer_counts(config):
    """One encoder layer, by block in data-flow order: self_attn, ln1, ffn, ln2, and 'total'."""
    d = config.d_model
    parts = {"self_attn": attention_params(d), "ln1": layer_norm_params(d),
             "ffn": ffn_params(d, config.d_ff), "ln2": layer_norm_params(d)}
    return {**parts, "total": sum(parts.values())}


def decoder_layer_counts(config):
    """One decoder layer: self_attn (masked), ln1, cross_attn, ln2, ffn, ln3, and 'total'."""
    d = config.d_model
    parts = {"self_attn": attention_params(d), "ln1": layer_norm_params(d),
             "cross_attn": attention_params(d), "ln2": layer_norm_params(d),
             "ffn": ffn_params(d, config.d_ff), "ln3": layer_norm_params(d)}
    return {**parts, "total": sum(parts.values())}


def block_counts(config, v_src, v_tgt, shared_vocab=False, tied_output=False, output_bias=True):
    """Parameters per block of an encoder-decoder Transformer -> dict.

    Keys: 'embeddings' ({'src_embed', 'tgt_embed'}, or {'shared_embed'} when shared_vocab),
    'encoder_layer' / 'decoder_layer' (one layer by block, see above), 'encoder' / 'decoder'
    (all N layers), 'generator' (output projection: 0 weights when tied to the target
    embedding, plus V_tgt when output_bias), 'total'.
    """
    d = config.d_model
    if shared_vocab:
        if v_src != v_tgt:
            raise ValueError(f"a shared vocabulary needs v_src == v_tgt, got {v_src}, {v_tgt}")
        embeddings = {"shared_embed": v_src * d}
    else:
        embeddings = {"src_embed": v_src * d, "tgt_embed": v_tgt * d}
    enc, dec = encoder_layer_counts(config), decoder_layer_counts(config)
    generator = (0 if tied_output else d * v_tgt) + (v_tgt if output_bias else 0)
    counts = {"embeddings": embeddings, "encoder_layer": enc, "decoder_layer": dec,
              "encoder": config.n_encoder_layers * enc["total"],
              "decoder": config.n_decoder_layers * dec["total"], "generator": generator}
    counts["total"] = (sum(embeddings.values()) + counts["encoder"] + counts["decoder"]
                       + generator)
    return counts


def model_counts(model):
    """The tiny model's blocks from its config and vocabulary sizes (separate tables, untied
    output projection with bias); 'total' equals param_count(model.params)."""
    return block_counts(model.config, len(model.src_vocab), len(model.tgt_vocab))


def paper_counts(config=PAPER_BASE, vocab=PAPER_VOCAB):
    """A paper configuration: one shared vocabulary, output projection tied to it, no bias."""
    return block_counts(config, vocab, vocab, shared_vocab=True, tied_output=True,
                        output_bias=False)


def paper_base_counts():
    """The paper's base model (d_model 512, 8 heads, d_ff 2048, 6 + 6 layers, 37000 tokens)."""
    return paper_counts(PAPER_BASE, PAPER_VOCAB)
