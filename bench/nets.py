"""Perceptron and gate-network training speed (issue 13 targets)."""
from __future__ import annotations

from actlib.nets.datasets import GATE_INPUTS, GATES, gate_targets
from bench.timing import Case, best_time


def perceptron_six_gates() -> float:
    """1000 epochs × 6 gates × 64 seeds, full weight history, one batched run."""
    from actlib.nets.perceptron import train_perceptron_batch
    Y = gate_targets(list(GATES))
    return best_time(lambda: train_perceptron_batch(GATE_INPUTS, Y, epochs=1000,
                                                    seeds=range(64)), repeat=5, number=1)


CASES = [
    Case("perceptron_1000ep_6gates_64seeds", perceptron_six_gates, 0.100, "s",
         note="course perceptron, per-sample rule, gates × seeds batched"),
]


def xor_hidden_net() -> float:
    """The course's Dense(2, sigmoid) → Dense(1) on XOR: MSE + Adam(0.01), 1000 epochs ×
    100 seeds in one batched actlib.nets.mlp run (what one bar of the Gate networks page costs)."""
    from actlib.nets.gates import fit_gate
    return best_time(lambda: fit_gate("XOR", "hidden", seeds=range(100)), repeat=5, number=1)


CASES.append(Case("xor_2hidden_1000ep_100seeds", xor_hidden_net, 0.150, "s",
                  note="actlib.nets.mlp, full batch, Keras Adam"))
