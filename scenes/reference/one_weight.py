"""The notes' one-weight example of gradient descent: y_pred = W x, E = 1/2 (y_pred - y)^2.

    dE/dW = dE/dy_pred * dy_pred/dW = (y_pred - y) * x          (the chain rule)
    W_new = W_old - lr * dE/dW                                   (gradient descent)

X, Y, W0 and LR are the example's numbers (the ideal weight is Y / X); ``descent`` runs a few
steps and returns every intermediate the lecture shows.
"""

import numpy as np

X = 2.0  # the input x
Y = 4.0  # the target y (so the best weight is W = Y / X)
W0 = 0.5  # the weight before training
LR = 0.1  # the learning rate (eta)
STEPS = 6  # gradient-descent steps of the example


def predict(w, x):
    """y_pred = W x."""
    return w * x


def error(y_pred, y):
    """E = 1/2 (y_pred - y)^2."""
    return 0.5 * (y_pred - y) ** 2


def grad_w(y_pred, y, x):
    """dE/dW = (y_pred - y) * x."""
    return (y_pred - y) * x


def sgd_step(w, g, lr):
    """W_new = W_old - lr * dE/dW."""
    return w - lr * g


def descent(w0=W0, x=X, y=Y, lr=LR, steps=STEPS):
    """Run ``steps`` updates -> dict of arrays, one entry per step t = 0..steps-1.

    keys: w (before the step), y_pred, e, grad, w_new (after it).
    """
    rows = {"w": [], "y_pred": [], "e": [], "grad": [], "w_new": []}
    w = float(w0)
    for _ in range(steps):
        y_pred = predict(w, x)
        g = grad_w(y_pred, y, x)
        w_new = sgd_step(w, g, lr)
        for k, v in zip(rows, (w, y_pred, error(y_pred, y), g, w_new)):
            rows[k].append(v)
        w = w_new
    return {k: np.array(v) for k, v in rows.items()}  # each [steps]
