"""The numpy engine under actlib.mlp: a training step as a list of bound numpy calls.

A tiny net's training time is numpy's per-call cost (~1 µs a call here), not arithmetic: the
course's XOR net on 4 samples does ~40 flops per seed and step. So every array a step needs
is allocated once, every call gets its arguments bound once (`functools.partial`, outputs
positional — a keyword `out=` costs ~0.2 µs more per call), and training is
`for op in ops: op()`. The floor is numpy's matmul: ~2.5 µs a call for S small matrices
whatever their size, and a layer needs three (forward, dL/dW, dL/dh) — 14 per step of the
course's x² pair, ~0.2 s of its 6300 steps here.

``Backprop(params, grad, B, loss)``   one net's buffers for S seeds and batches of B;
    ``bind(xa, y, shared=None) -> (fwd, bwd)``, ``loss_into(row, y)``.
``Group(nets, grads, B, loss)``   several nets' Backprops sharing the per-step calls that
    can be one call for all of them; ``bind`` as above, ``runs`` the Backprops.
``Adam(flat, gg, lr)``   Keras Adam over the flat parameter vector; ``step()``.
``Act(layer)``   one layer's f and f' from the registry (also what ``mlp.trace`` uses).
``loss_value(kind, out, z_last, y, logits)``, ``check_loss(loss, spec)``.

The formulas (losses, Adam) are those of actlib.mlp's docstring, evaluated in the same
order with the same roundings as the plain expressions: ReLU, linear and sigmoid are
inline and tests compare them with the registry bit for bit; every other activation calls
the registry's ``fn`` and ``grad``.
"""
from __future__ import annotations

import math
from functools import partial

import numpy as np

from actlib.activations import get as get_activation

BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-7          # Keras Adam defaults
BCE_CLIP = 1e-7                                    # Keras backend epsilon
LOSSES = ("mse", "bce")
_ZERO = np.zeros(())                               # ReLU's 0: no scalar conversion per call


class Act:
    """One layer's f(z) and f'(z) from the registry (ReLU and linear f inline, for trace)."""

    def __init__(self, layer):
        self.key, self.kw = layer.activation, layer.kwargs
        self.act = get_activation(self.key)
        self.trains_alpha = layer.trains_alpha
        if self.trains_alpha:
            self.kw.pop("alpha", None)               # alpha is a trained parameter instead
            self.dfda = self.act.param_grads["alpha"]

    def value(self, z, alpha, out=None):
        if self.key == "linear":
            return z if out is None else np.copyto(out, z) or out
        if self.key == "relu":
            return np.maximum(z, 0.0, out=out)
        h = (self.act.fn(z, alpha=alpha[:, None, None]) if self.trains_alpha
             else self.act.fn(z, **self.kw))
        return h if out is None else np.copyto(out, h) or out

    def times_grad(self, d, z, alpha, h=None) -> None:
        """d ← d · f'(z), in place (dL/dh → dL/dz); h = f(z) when the caller has it.
        (Backprop inlines ReLU, linear and sigmoid and calls this for the others.)"""
        if self.key == "tanh" and h is not None:
            d *= 1.0 - h * h                         # tanh' = 1 − tanh², as the registry
        elif self.key != "linear":
            d *= (self.act.grad(z, alpha=alpha[:, None, None]) if self.trains_alpha
                  else self.act.grad(z, **self.kw))


def acts(spec) -> list[Act]:
    return [Act(layer) for layer in spec]


def loss_value(kind: str, out: np.ndarray, z_last: np.ndarray, y: np.ndarray,
               logits: bool) -> np.ndarray:
    """Loss per seed: mean over samples and outputs."""
    if kind == "mse":
        return np.mean((out - y) ** 2, axis=(-2, -1))
    if logits:                                       # sigmoid + BCE from its logits, stable
        z = z_last
        return np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))), axis=(-2, -1))
    p = np.clip(out, BCE_CLIP, 1 - BCE_CLIP)
    return -np.mean(y * np.log(p) + (1 - y) * np.log1p(-p), axis=(-2, -1))


def check_loss(loss: str, spec) -> bool:
    """A readable ValueError for an unknown loss; True when BCE meets a sigmoid output."""
    if loss not in LOSSES:
        raise ValueError(f"Unknown loss {loss!r}; choose one of {', '.join(LOSSES)}.")
    return loss == "bce" and spec[-1].activation == "sigmoid"


class Backprop:
    """Forward, loss and backward of one net for S seeds on batches of a fixed size B.

    Layer i's W and b sit next to each other in the flat vector, i.e. they *are* the
    augmented matrix Wa = [W; b] of shape (fan_in + 1, units). Activations are kept
    transposed, units × batch, with a row of ones appended: zᵀ = Waᵀ·[h; 1] and
    dL/dWa = [h; 1]·(dL/dz)ᵀ are one matmul each — weights and biases at once — and f(z)
    is written into the contiguous top rows of the next layer's [h; 1] buffer.

    `bind(xa, y)` turns one batch into two lists of argument-free numpy calls on
    preallocated buffers (a tiny net's time is numpy's per-call cost, not arithmetic):
    `fwd` runs the net and, for MSE, leaves the residual ŷ − y in d[-1]; `loss_into(row, y)`
    then writes each seed's loss; `bwd` turns it into dL/dparams in `grad`. ReLU, linear
    and sigmoid are inline (sigmoid keeps e = e^(−|z|) and 1 + e for its derivative
    e/(1 + e)², the registry's formulas, so the same bits); other activations call the
    registry through `Act`.
    """

    def __init__(self, params, grad: np.ndarray | None, B: int, loss: str,
                 shared_with: tuple | None = None):
        """shared_with = (H, M, out, dout): views of a Group's arrays to use instead of
        allocating [h; 1], masks, the output and its dL/dŷ."""
        S, spec, slots = params.n_seeds, params.spec, params.slots
        self.acts, self.loss, self.logits = acts(spec), loss, check_loss(loss, spec)
        self.Wa = [params.flat[:, s.w:s.b + s.units].reshape(S, s.fan_in + 1, s.units)
                   for s in slots]
        self.gWa = None if grad is None else [
            grad[:, s.w:s.b + s.units].reshape(S, s.fan_in + 1, s.units) for s in slots]
        self.alpha = [None if s.alpha is None else params.flat[:, s.alpha] for s in slots]
        self.galpha = [None if s.alpha is None or grad is None else grad[:, s.alpha]
                       for s in slots]
        # every hidden [h; 1] is a view of one array H, and its ReLU mask of one bool array
        # M: one H > 0 call after the forward gives every hidden ReLU layer's f'(z) ≠ 0
        rows = np.cumsum([0] + [s.units + 1 for s in slots[:-1]])
        out_shape = (S, slots[-1].units, B)
        self.H, self.M, out, dout = shared_with or (
            np.ones((S, rows[-1], B)), np.empty((S, rows[-1], B), bool), np.empty(out_shape),
            np.empty(out_shape))
        linear_out = spec[-1].activation == "linear"
        self.z = [np.empty((S, s.units, B)) for s in slots[:-1]]
        self.z.append(out if linear_out else np.empty(out_shape))
        self.h = [self.H[:, a:b] for a, b in zip(rows[:-1], rows[1:])]          # [h; 1]
        self.hv = [h[:, :-1, :] for h in self.h] + [out]
        self.mask = [self.M[:, a:b - 1] for a, b in zip(rows[:-1], rows[1:])]
        self.mask.append(np.empty(out_shape, bool))
        self.out = out
        self.d = [np.empty_like(z) for z in self.z[:-1]] + [dout]
        self.sq = np.empty_like(self.out)
        self.sig = [(np.empty_like(z), np.empty_like(z)) if a.key == "sigmoid" else None
                    for a, z in zip(self.acts, self.z)]
        self.count = B * slots[-1].units
        self.scale = (2.0 if loss == "mse" else 1.0) / self.count
        self.residual = loss == "mse" or self.logits      # dL/dŷ ∝ ŷ − y
        self.relu_hidden = any(a.key == "relu" for a in self.acts[:-1])

    def bind(self, xa: np.ndarray, y: np.ndarray, shared: np.ndarray | None = None,
             head: bool = True) -> tuple[list, list]:
        """(fwd, bwd) calls for inputs xa = [x; 1] (S or 1, n_in + 1, B), targets y (S or 1,
        out, B); both are read at every call, so they may be views refilled between calls.

        `shared` = [x; 1] (n_in + 1, B) when every seed sees the same batch: the first layer
        is then one (S·units, n_in + 1)·(n_in + 1, B) GEMM on a copy of its weights instead
        of S small ones (OpenBLAS sums each entry in the same order either way; not for one
        unit, where numpy's per-seed product takes a gemv path that rounds differently).
        head=False leaves out ŷ − y, its scaling and the ReLU masks: a Group does those.
        """
        z, d, L = self.z, self.d, len(self.z)
        ins = [xa] + self.h
        fwd = []
        for i in range(L):
            S, units, fan = self.Wa[i].shape[0], self.Wa[i].shape[2], self.Wa[i].shape[1]
            if i == 0 and shared is not None and units > 1 and z[0].flags.c_contiguous:
                WT = np.empty((S, units, fan))
                fwd += [partial(np.copyto, WT, self.Wa[0].swapaxes(1, 2)),
                        partial(np.matmul, WT.reshape(S * units, fan), shared,
                                z[0].reshape(S * units, -1))]
            else:
                fwd.append(partial(np.matmul, self.Wa[i].swapaxes(1, 2), ins[i], z[i]))
            fwd += self._value(i)
        if head and self.residual:
            fwd.append(partial(np.subtract, self.out, y, d[-1]))
        if self.gWa is None:
            return fwd, []
        bwd = []
        if head:
            bwd = ([partial(np.multiply, d[-1], self.scale, d[-1])] if self.residual
                   else [partial(self._bce_head, y)])
            bwd += [partial(np.greater, self.H, _ZERO, self.M)] if self.relu_hidden else []
        for i in range(L - 1, -1, -1):               # d[i] holds dL/dh of layer i here
            if self.galpha[i] is not None:
                bwd.append(partial(self._alpha_grad, i))
            if not (i == L - 1 and self.logits):     # σ + BCE: d[-1] is dL/dz already
                bwd += self._times_grad(i)
            bwd.append(partial(np.matmul, ins[i], d[i].swapaxes(1, 2), self.gWa[i]))
            if i:                                    # one unit: an outer product, as a
                W = self.Wa[i][:, :-1, :]            # multiply when B is long enough for
                outer = W.shape[2] == 1 and d[i].shape[2] >= 16   # numpy's broadcast loop
                bwd.append(partial(np.multiply if outer else np.matmul, W, d[i], d[i - 1]))
        return fwd, bwd

    def _value(self, i: int) -> list:
        z, h, act = self.z[i], self.hv[i], self.acts[i]
        if act.key == "linear":
            return [] if h is z else [partial(np.copyto, h, z)]
        if act.key == "relu":
            return [partial(np.maximum, z, _ZERO, out=h)]
        if act.key == "sigmoid":   # σ = [z ≥ 0 ? 1 : e]/(1 + e), e = e^(−|z|) ≤ 1; the numerator
            e, den = self.sig[i]   # is max(e, sign z): 1 for z > 0, e for z < 0, e = 1 at z = 0
            num = np.empty_like(z)
            return [partial(np.copysign, z, -1.0, e), partial(np.exp, e, e),
                    partial(np.add, e, 1.0, den), partial(np.sign, z, num),
                    partial(np.maximum, e, num, out=num), partial(np.divide, num, den, h)]
        return [partial(act.value, z, self.alpha[i], h)]

    def _times_grad(self, i: int) -> list:
        """d[i] ← d[i]·f'(z[i]) in place: dL/dh → dL/dz."""
        z, d, act = self.z[i], self.d[i], self.acts[i]
        if act.key == "relu":      # ReLU'(z) = [z > 0] = [ReLU(z) > 0], ReLU'(0) = 0 (PyTorch)
            mask = self.mask[i]
            ops = [partial(np.greater, self.hv[i], _ZERO, mask)] if i == len(self.z) - 1 else []
            return ops + [partial(np.multiply, d, mask, d)]
        if act.key == "sigmoid":                     # σ' = e/(1 + e)²
            (e, den), tmp = self.sig[i], np.empty_like(z)
            return [partial(np.multiply, den, den, tmp), partial(np.divide, e, tmp, tmp),
                    partial(np.multiply, d, tmp, d)]
        if act.key == "linear":
            return []
        return [partial(act.times_grad, d, z, self.alpha[i], self.hv[i])]

    def _alpha_grad(self, i: int) -> None:
        """∂L/∂α = Σ dL/dh · ∂f/∂α (PReLU), before d[i] becomes dL/dz."""
        self.galpha[i][:] = np.sum(self.d[i] * self.acts[i].dfda(self.z[i]), axis=(1, 2))

    def _bce_head(self, y: np.ndarray) -> None:
        """dL/dŷ of the clipped BCE: (p − y)/(p(1 − p))/n where the clip is inactive, else 0."""
        out = self.out
        p = np.clip(out, BCE_CLIP, 1 - BCE_CLIP)
        inside = (out > BCE_CLIP) & (out < 1 - BCE_CLIP)
        np.copyto(self.d[-1], np.where(inside, (p - y) / (p * (1 - p)), 0.0) * self.scale)

    def loss_into(self, row: np.ndarray, y: np.ndarray) -> None:
        """Each seed's loss (S,) after `fwd` into the contiguous row: mean over outputs and
        samples, the same reduction as np.mean (MSE reads the residual fwd left in d[-1])."""
        if self.loss != "mse":
            row[:] = loss_value(self.loss, self.out, self.z[-1], y, self.logits)
            return
        np.multiply(self.d[-1], self.d[-1], out=self.sq)
        np.add.reduce(self.sq, axis=(1, 2), out=row)
        row /= self.count


class Group:
    """Several nets on the same batches (train_many): their [h; 1] and masks are views of one
    H and M, their outputs and dL/dŷ of one (S, nets, out, B) array each, so ŷ − y, its
    scaling and every ReLU mask are one call for all nets; the rest is per net."""

    def __init__(self, nets, grads, B: int, loss: str):
        S, out = nets[0].n_seeds, nets[0].spec[-1].units
        rows = np.cumsum([0] + [sum(s.units + 1 for s in p.slots[:-1]) for p in nets])
        self.H, self.M = np.ones((S, rows[-1], B)), np.empty((S, rows[-1], B), bool)
        self.out, self.d = np.empty((S, len(nets), out, B)), np.empty((S, len(nets), out, B))
        self.runs = [Backprop(p, g, B, loss, (self.H[:, a:b], self.M[:, a:b], self.out[:, j],
                                              self.d[:, j]))
                     for j, (p, g, a, b) in enumerate(zip(nets, grads, rows[:-1], rows[1:]))]
        self.joint = all(r.residual for r in self.runs)

    def bind(self, xa: np.ndarray, y: np.ndarray, shared: np.ndarray | None = None):
        """(fwd, bwd) for every net, as Backprop.bind."""
        parts = [r.bind(xa, y, shared, head=not self.joint) for r in self.runs]
        fwd, bwd = [op for f, _ in parts for op in f], [op for _, b in parts for op in b]
        if not self.joint or self.runs[0].gWa is None:
            return fwd + ([partial(np.subtract, self.out, y[:, None], self.d)] if self.joint
                          else []), bwd
        head = [partial(np.multiply, self.d, self.runs[0].scale, self.d)]
        if any(r.relu_hidden for r in self.runs):
            head.append(partial(np.greater, self.H, _ZERO, self.M))
        return fwd + [partial(np.subtract, self.out, y[:, None], self.d)], head + bwd


class Adam:
    """Keras Adam over one flat (S, P) array; `frozen` (S, P) bool rows are left alone.

    The gradient is g = gg[0] of a (2, S, P) array and m, v are one (2, S, P) array mv, so
    both moments take 4 calls: gg[1] = g², gg ·= (1−β₁, 1−β₂), mv ·= (β₁, β₂), mv += gg
    — per element the same products and sums as m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g².
    The constants are full (2, S, P) arrays: a (2, 1, 1) broadcast made the calls slower
    than the 7 separate ones.
    """

    def __init__(self, flat: np.ndarray, gg: np.ndarray, lr: float | np.ndarray):
        self.flat, self.gg, self.lr, self.t = flat, gg, lr, 0        # lr: scalar or (S, 1)
        self.mv = np.zeros_like(gg)
        self.m, self.v = self.mv
        self.decay, self.gain = np.empty_like(gg), np.empty_like(gg)
        self.decay[0], self.decay[1], self.gain[0], self.gain[1] = (BETA1, BETA2, 1.0 - BETA1,
                                                                    1.0 - BETA2)
        self.tmp, self.step_buf = np.empty_like(flat), np.empty_like(flat)
        self.frozen: np.ndarray | None = None

    def step(self) -> None:
        """One update from gg[0] (outputs positional: a keyword `out=` costs ~0.2 µs a call)."""
        gg, mv, tmp, step = self.gg, self.mv, self.tmp, self.step_buf
        self.t += 1
        lr_t = self.lr * math.sqrt(1.0 - BETA2 ** self.t) / (1.0 - BETA1 ** self.t)
        np.multiply(gg[0], gg[0], gg[1])
        np.multiply(gg, self.gain, gg)
        np.multiply(mv, self.decay, mv)
        np.add(mv, gg, mv)
        np.sqrt(self.v, tmp)
        np.add(tmp, EPSILON, tmp)
        np.divide(self.m, tmp, step)
        np.multiply(step, lr_t, step)
        if self.frozen is not None:
            step[self.frozen] = 0.0
        np.subtract(self.flat, step, self.flat)
