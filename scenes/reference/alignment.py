"""What the trained model's attention does: cross-attention word alignments, encoder head diversity.

The alignment of an English word is read at the decoder position that *predicts* it (the query
whose input is the previous word), teacher-forced on the reference translation.
"""

import numpy as np

from scenes.reference.data import BOS_ID
from scenes.reference.model import forward


def cross_attention(model, src_sentence, tgt_sentence, layer=-1):
    """Cross-attention weights of one decoder layer -> [n_heads, n_tgt + 1, n_src].

    Row t is the query that predicts target word t (row n_tgt predicts <eos>).
    """
    src_ids, tgt_ids = model.src_ids(src_sentence), model.tgt_ids(tgt_sentence)
    _, trace = forward(model.params, model.config, src_ids, [BOS_ID] + tgt_ids)
    return trace["decoder"][layer]["cross_attn"]["weights"]


def alignments(model, src_sentence, tgt_sentence, layer=-1, head=None, read_at="output"):
    """[(english word, argmax chinese word, weight), ...] from the head-mean (or one head's) weights.

    read_at='output': the row of the query that predicts the word; 'input': the row whose
    decoder input is the word (one position later, as in Shift-Att, Chen et al. 2020).
    """
    src = src_sentence.split() if isinstance(src_sentence, str) else list(src_sentence)
    tgt = tgt_sentence.split() if isinstance(tgt_sentence, str) else list(tgt_sentence)
    w = cross_attention(model, src, tgt, layer)  # [h, n_tgt + 1, n_src]
    w = w.mean(axis=0) if head is None else w[head]  # [n_tgt + 1, n_src]
    shift = {"output": 0, "input": 1}[read_at]
    return [(word, src[int(np.argmax(w[t + shift]))], float(np.max(w[t + shift])))
            for t, word in enumerate(tgt)]


def encoder_self_attention(model, src_sentence, layer=0):
    """Encoder self-attention weights of one layer -> [n_heads, n_src, n_src]."""
    from scenes.reference.model import encode
    _, trace = encode(model.params, model.config, model.src_ids(src_sentence))
    return trace["encoder"][layer]["self_attn"]["weights"]


def head_distances(weights):
    """Pairwise mean |w_a - w_b| between heads -> [n_heads, n_heads] (0 on the diagonal)."""
    h = weights.shape[0]
    flat = weights.reshape(h, -1)
    return np.abs(flat[:, None, :] - flat[None, :, :]).mean(-1)
