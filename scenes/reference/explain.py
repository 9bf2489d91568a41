"""Derived facts the lectures show, each computed from the layers in core.py.

Kept apart from the model code: these answer a lecture's questions ("do outputs just swap
when tokens swap?", "how similar are PE vectors k positions apart?") with plain numbers.
"""

import numpy as np

from scenes.reference.core import (
    PE_BASE,
    encoder_layer,
    positional_encoding,
    positional_encoding_at,
)


def permutation_check(layer_p, x, n_heads, perm):
    """Run an encoder layer on x and on x[perm] -> (out, out_perm, max |out_perm - out[perm]|).

    Without positional encoding self-attention is permutation-equivariant: the difference is
    rounding error only.
    """
    out, _ = encoder_layer(x, layer_p, n_heads)  # [n, d]
    out_perm, _ = encoder_layer(x[perm], layer_p, n_heads)  # [n, d]
    return out, out_perm, float(np.abs(out_perm - out[perm]).max())


def pe_wavelength(i, d_model, base=PE_BASE):
    """Wavelength of dimensions 2i and 2i+1, in positions: 2*pi * base^(2i/d_model)."""
    return 2 * np.pi * base ** (2 * i / d_model)


def pe_curve(dim, positions, d_model, base=PE_BASE):
    """PE[:, dim] at real-valued positions (the smooth wave through the integer samples)."""
    return positional_encoding_at(positions, d_model, base)[:, dim]  # [n]


def pe_dot_by_distance(p, max_k, d_model, base=PE_BASE):
    """PE[p] . PE[p + k] for k = 0..max_k; equals sum_i cos(k w_i), so p does not matter."""
    pe = positional_encoding(p + max_k + 1, d_model, base)  # [p + max_k + 1, d]
    return pe[p + np.arange(max_k + 1)] @ pe[p]  # [max_k + 1]
