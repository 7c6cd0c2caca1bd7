"""The course's perceptron: truth tables, the update rule, batching, and what it can learn."""
import numpy as np
import pytest
from hypothesis import given, strategies as st

from actlib.nets.datasets import GATE_INPUTS, GATES, LINEARLY_SEPARABLE, gate_targets, unit_square_grid
from actlib.nets.perceptron import (decision_line, gate_success, predict, train_perceptron,
                               train_perceptron_batch)


def course_perceptron(X, y, *, lr, threshold, epochs, seed):
    """The course's Perceptron class written out literally, one sample at a time."""
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(X.shape[1])
    b = rng.standard_normal(1)
    weights, biases, accuracy, errors = [w.copy()], [b[0]], [], []
    for _ in range(epochs):
        wrong = 0
        for x, label in zip(X, y):
            prediction = 0 if np.dot(x, w) + b[0] < threshold else 1
            wrong += prediction != label
            w += lr * (label - prediction) * x
            b += lr * (label - prediction)
        pred = np.array([0 if np.dot(x, w) + b[0] < threshold else 1 for x in X])
        accuracy.append(np.sum(pred == y) / len(pred))
        errors.append(wrong)
        weights.append(w.copy())
        biases.append(b[0])
    return np.array(weights), np.array(biases), np.array(accuracy), np.array(errors)


def test_truth_tables_by_hand():
    assert GATE_INPUTS.tolist() == [[0, 0], [1, 0], [0, 1], [1, 1]]
    expected = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0],
                "NOR": [1, 0, 0, 0], "XOR": [0, 1, 1, 0], "XNOR": [1, 0, 0, 1]}
    assert {k: v[1].tolist() for k, v in GATES.items()} == expected
    assert gate_targets(["XOR", "AND"]).tolist() == [expected["XOR"], expected["AND"]]
    with pytest.raises(ValueError):
        GATES["AND"][1][0] = 1                           # read-only: nobody edits the tables


def test_course_grid_order_and_values():
    axis, points = unit_square_grid()
    assert axis.shape == (101,) and axis[0] == 0 and axis[-1] == 1 and axis[37] == 37 / 100
    expected = [[x / 100, y / 100] for x in range(101) for y in range(101)]   # product() order
    assert np.array_equal(points, np.array(expected))


@pytest.mark.parametrize("gate", list(GATES))
@pytest.mark.parametrize("lr,threshold", [(0.01, 0.0), (0.3, 0.5), (0.05, -0.2)])
def test_matches_the_course_loop(gate, lr, threshold):
    X, y = GATES[gate]
    run = train_perceptron(X, y, lr=lr, threshold=threshold, epochs=60, seed=11)
    w, b, acc, err = course_perceptron(X, y, lr=lr, threshold=threshold, epochs=60, seed=11)
    np.testing.assert_allclose(run.weights, w, rtol=0, atol=1e-12)
    np.testing.assert_allclose(run.bias, b, rtol=0, atol=1e-12)
    assert np.array_equal(run.accuracy, acc) and np.array_equal(run.errors, err)
    assert run.weights.shape == (61, 2) and run.accuracy.shape == (60,)


def test_general_inputs_follow_the_rule_too():
    X = np.array([[0.5, -2.0, 1.0], [3.0, 0.0, -1.5], [0.0, 0.0, 0.0], [1.0, 1.0, 0.25]])
    y = np.array([1, 0, 1, 0])
    run = train_perceptron(X, y, lr=0.1, threshold=0.2, epochs=40, seed=3)
    w, b, acc, err = course_perceptron(X, y, lr=0.1, threshold=0.2, epochs=40, seed=3)
    np.testing.assert_allclose(run.weights, w, rtol=0, atol=1e-12)
    np.testing.assert_allclose(run.bias, b, rtol=0, atol=1e-12)
    assert np.array_equal(run.accuracy, acc) and np.array_equal(run.errors, err)


def test_one_epoch_by_hand():
    """AND from w = (0.2, −0.1), b = 0.05 (seed-independent check of the rule), lr = 0.5.

    row (0,0): z = 0.05 ≥ 0 → ŷ=1, y=0: w stays, b = −0.45
    row (1,0): z = 0.2 − 0.45 = −0.25 → ŷ=0, y=0: no change
    row (0,1): z = −0.1 − 0.45 < 0 → ŷ=0, y=0: no change
    row (1,1): z = 0.1 − 0.45 < 0 → ŷ=0, y=1: w = (0.7, 0.4), b = 0.05
    after: z = 0.05, 0.75, 0.45, 1.15 → all 1 → accuracy 1/4; 2 errors in the pass.
    """
    from actlib.nets.perceptron import _train_history    # the core takes a start (w, b) directly
    X, y = GATES["AND"]
    hist, correct, errors = _train_history(X, y[:, None].astype(float),
                                           np.array([[0.2], [-0.1]]), np.array([0.05]), 0.5, 0.0, 1)
    np.testing.assert_allclose(hist[1, :, 0], [0.7, 0.4, 0.05], atol=1e-15)
    assert correct[0, 0] == 1 and errors[0, 0] == 2


def test_batched_equals_single_exactly():
    seeds = [0, 1, 7, 123, 99999]
    for gate in ("AND", "XOR", "NOR"):
        X, y = GATES[gate]
        batch = train_perceptron(X, y, epochs=200, seeds=seeds, lr=0.05, threshold=0.1)
        assert batch.weights.shape == (5, 201, 2) and batch.errors.shape == (5, 200)
        for k, seed in enumerate(seeds):
            one = train_perceptron(X, y, epochs=200, seed=seed, lr=0.05, threshold=0.1)
            assert np.array_equal(batch.weights[k], one.weights)
            assert np.array_equal(batch.bias[k], one.bias)
            assert np.array_equal(batch.accuracy[k], one.accuracy)
            assert np.array_equal(batch.errors[k], one.errors)
    gates = train_perceptron_batch(GATE_INPUTS, gate_targets(list(GATES)), epochs=200,
                                   seeds=seeds, lr=0.05, threshold=0.1)
    for g, gate in enumerate(GATES):
        one = train_perceptron(*GATES[gate], epochs=200, seeds=seeds, lr=0.05, threshold=0.1)
        assert np.array_equal(gates.weights[g], one.weights)
        assert np.array_equal(gates.accuracy[g], one.accuracy)


@given(seed=st.integers(0, 2**32 - 1), lr=st.floats(1e-3, 1.0), threshold=st.floats(-1, 1))
def test_success_summary_agrees_with_the_full_history(seed, lr, threshold):
    """gate_success keeps no history; what it reports must be what the history shows."""
    Y = gate_targets(list(GATES))
    full = train_perceptron_batch(GATE_INPUTS, Y, seeds=[seed], epochs=30, lr=lr,
                                  threshold=threshold)
    lean = gate_success(GATE_INPUTS, dict(zip(GATES, Y)), seeds=[seed], epochs=30, lr=lr,
                        threshold=threshold)
    np.testing.assert_array_equal(lean.final_accuracy[:, 0], full.accuracy[:, 0, -1])
    np.testing.assert_array_equal(lean.best_accuracy, full.accuracy[:, 0].max(axis=1))
    solved = full.accuracy[:, 0, -1] == 1.0
    first = np.argmax(full.accuracy[:, 0] == 1.0, axis=1) + 1
    np.testing.assert_array_equal(lean.solved, solved.astype(float))
    np.testing.assert_array_equal(lean.median_epoch[solved], first[solved])
    assert np.all(np.isnan(lean.median_epoch[~solved]))


def test_and_or_are_learned_for_almost_every_seed():
    tables = {k: GATES[k][1] for k in LINEARLY_SEPARABLE}
    result = gate_success(GATE_INPUTS, tables, epochs=1000, seeds=range(1000))
    for name, rate in zip(result.names, result.solved):
        assert rate >= 0.95, (name, rate)
    assert np.all(result.best_accuracy == 1.0)
    assert np.all(result.median_epoch < 1000)


def test_xor_never_beats_three_of_four_and_never_settles():
    X, y = GATES["XOR"]
    run = train_perceptron(X, y, epochs=1000, seeds=range(1000))
    assert run.accuracy.max() <= 0.75
    # Not separable: every pass misclassifies something, so every epoch updates the weights
    # (at epoch ends they may fall into a cycle: the updates of one pass can cancel out).
    assert run.errors.min() >= 1
    start = train_perceptron(X, y, epochs=20, seeds=range(1000))
    params = np.concatenate([start.weights, start.bias[..., None]], axis=-1)
    assert np.all(np.any(params[:, 1:] != params[:, :1], axis=(1, 2)))
    xnor = gate_success(X, {"XNOR": GATES["XNOR"][1]}, epochs=300, seeds=range(200))
    assert xnor.solved[0] == 0 and xnor.best_accuracy[0] <= 0.75


def test_a_solved_gate_stays_solved():
    run = train_perceptron(*GATES["OR"], epochs=1000, seeds=range(50))
    for k in range(50):
        first = np.argmax(run.accuracy[k] == 1.0)
        assert run.accuracy[k, first] == 1.0 and np.all(run.accuracy[k, first:] == 1.0)
        assert np.all(run.errors[k, first + 1:] == 0)
        assert np.all(run.weights[k, first + 1:] == run.weights[k, first + 1])


def test_predict_and_line_agree_with_the_weights():
    run = train_perceptron(*GATES["AND"], epochs=1000, seed=4, threshold=0.3)
    w, b = run.weights[-1], run.bias[-1]
    assert predict(w, b, GATE_INPUTS, 0.3).tolist() == [0, 0, 0, 1]
    (x1a, x1b), (x2a, x2b) = decision_line(w, b, 0.3)
    for p, q in ((x1a, x2a), (x1b, x2b)):
        assert abs(w[0] * p + w[1] * q + b - 0.3) < 1e-9          # on the line
    _, grid = unit_square_grid(11)
    side = (grid @ w + b >= 0.3).astype(int)
    assert np.array_equal(predict(w, b, grid, 0.3), side)


def test_decision_line_by_hand():
    assert decision_line([1, 1], -1.5) == ((0.25, 1.25), (1.25, 0.25))     # x₁ + x₂ = 1.5
    assert decision_line([0, 2], -1.0) == ((-0.25, 1.25), (0.5, 0.5))      # horizontal
    assert decision_line([2, 0], 0.0, threshold=1.0) == ((0.5, 0.5), (-0.25, 1.25))
    assert decision_line([0, 0], 1.0) is None                               # no line at all
    assert decision_line([1, 0], -5.0) is None                              # outside the view


@pytest.mark.parametrize("kwargs,words", [
    (dict(lr=0.0), "learning rate"), (dict(lr=float("nan")), "learning rate"),
    (dict(epochs=0), "epochs"), (dict(threshold=float("inf")), "threshold")])
def test_bad_settings_are_explained(kwargs, words):
    with pytest.raises(ValueError, match=words):
        train_perceptron(*GATES["AND"], **kwargs)


def test_labels_must_be_bits():
    with pytest.raises(ValueError, match="0 or 1"):
        train_perceptron(GATE_INPUTS, [0, 2, 1, 0])


def test_replay_step_stays_inside_the_run():
    from actlib.nets.perceptron import replay_step
    assert replay_step(5, 10, 1000) == 15 and replay_step(995, 10, 1000) == 1000
    assert replay_step(0, -1, 1000) == 0 and replay_step(7, -1, 1000) == 6


def test_success_summary_equals_the_full_history():
    """gate_success keeps no per-epoch arrays; its numbers must match the full run's."""
    tables = {k: GATES[k][1] for k in GATES}
    seeds = range(40)
    summary = gate_success(GATE_INPUTS, tables, lr=0.05, threshold=0.2, epochs=150,
                           seeds=seeds)
    full = train_perceptron_batch(GATE_INPUTS, gate_targets(list(GATES)), lr=0.05,
                                  threshold=0.2, epochs=150, seeds=seeds)
    assert np.array_equal(summary.final_accuracy, full.accuracy[..., -1])
    assert np.array_equal(summary.best_accuracy, full.accuracy.max(axis=(1, 2)))
    perfect = full.accuracy == 1.0
    assert np.array_equal(summary.solved, perfect[..., -1].mean(axis=1))
    for g in range(6):
        done = perfect[g, :, -1]
        if done.any():
            first = np.argmax(perfect[g], axis=-1)[done] + 1
            assert summary.median_epoch[g] == np.median(first)
        else:
            assert np.isnan(summary.median_epoch[g])
    assert summary.seeds == 40 and summary.epochs == 150
