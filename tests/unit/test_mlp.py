"""actlib.nets.mlp: shapes, Glorot init, gradients vs finite differences, Adam, batching, guards."""
import math
import warnings

import numpy as np
import pytest

from actlib.nets import mlp
from actlib.activations import REGISTRY
from actlib.nets.mlp import Layer

PARALLEL = (Layer(6, "relu"), Layer(1))
SERIAL = (Layer(2, "relu"), Layer(2, "relu"), Layer(2, "relu"), Layer(1))
# f or f' jumps, so a finite difference across them means nothing (and f' = 0 a.e.)
NOT_DIFFERENTIABLE = {"binary_step", "threshold", "hardshrink"}
DIFFERENTIABLE = sorted(set(REGISTRY) - NOT_DIFFERENTIABLE)


def test_course_nets_have_19_parameters_each():
    assert mlp.n_params(PARALLEL, 1) == 6 * 1 + 6 + 6 * 1 + 1 == 19
    assert mlp.n_params(SERIAL, 1) == (2 + 2) + (4 + 2) + (4 + 2) + (2 + 1) == 19
    assert mlp.n_params((Layer(3, "prelu"), Layer(1)), 2) == 6 + 3 + 1 + 3 + 1


def test_glorot_uniform_matches_keras_formula_and_draw_order():
    spec = (Layer(40, "relu"), Layer(60, "tanh"), Layer(1))
    p = mlp.init(spec, 20, seeds=[7, 8])
    for k, seed in enumerate([7, 8]):
        rng = np.random.default_rng(seed)                 # the documented draw order
        for (W, b, _), (fan_in, units) in zip(p.unflatten(), [(20, 40), (40, 60), (60, 1)]):
            limit = math.sqrt(6 / (fan_in + units))
            np.testing.assert_array_equal(W[k], rng.uniform(-limit, limit, (fan_in, units)))
            assert np.all(b[k] == 0)
    W = p.unflatten()[1][0]                                # 2400 draws per seed
    limit = math.sqrt(6 / 100)
    assert np.abs(W).max() <= limit
    assert np.var(W) == pytest.approx(limit ** 2 / 3, rel=0.08)   # U(−l, l) has var l²/3


def test_forward_matches_hand_computation():
    spec = (Layer(2, "relu"), Layer(1))
    W1, b1 = np.array([[1.0, -2.0]]), np.array([0.5, 1.0])
    W2, b2 = np.array([[3.0], [4.0]]), np.array([-1.0])
    p = mlp.from_weights(spec, 1, [(W1, b1), (W2, b2)])
    x = np.array([-1.0, 0.0, 2.0])
    # by hand: h = relu(x·[1, −2] + [.5, 1]); out = 3 h1 + 4 h2 − 1
    expected = [3 * 0 + 4 * 3 - 1, 3 * 0.5 + 4 * 1 - 1, 3 * 2.5 + 4 * 0 - 1]
    np.testing.assert_allclose(mlp.forward(p, x)[0, :, 0], expected)
    (z1, h1), (z2, out) = mlp.trace(p, x)
    np.testing.assert_allclose(z1[0], [[-0.5, 3.0], [0.5, 1.0], [2.5, -3.0]])


def _fd_check(spec, n_in, X, y, loss="mse", seeds=(0, 1), h=1e-6, rtol=2e-6):
    p = mlp.init(spec, n_in, seeds)
    p.flat += np.random.default_rng(99).normal(0, 0.1, p.flat.shape)   # non-zero biases
    value, grad = mlp.loss_and_grad(p, X, y, loss)
    fd = np.empty_like(grad)
    for j in range(p.flat.shape[1]):                      # one column = one parameter, all seeds
        saved = p.flat[:, j].copy()
        p.flat[:, j] = saved + h
        up = mlp.loss_and_grad(p, X, y, loss)[0]
        p.flat[:, j] = saved - h
        down = mlp.loss_and_grad(p, X, y, loss)[0]
        p.flat[:, j] = saved
        fd[:, j] = (up - down) / (2 * h)
    np.testing.assert_allclose(grad, fd, rtol=rtol, atol=1e-7 * max(1.0, np.abs(fd).max()))
    np.testing.assert_allclose(value, mlp.loss_and_grad(p, X, y, loss)[0])
    return grad


@pytest.mark.parametrize("key", DIFFERENTIABLE)
def test_gradient_matches_finite_differences_for_every_differentiable_activation(key):
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(9, 2)), rng.normal(size=(9, 2))
    spec = (Layer(4, key), Layer(3, key), Layer(2))
    grad = _fd_check(spec, 2, X, y)
    assert np.abs(grad).max() > 1e-4                       # a real signal was checked


def test_prelu_alpha_is_trained_with_the_registry_derivative():
    rng = np.random.default_rng(4)
    X, y = rng.normal(size=(11, 1)) * 2, rng.normal(size=11)
    spec = (Layer(5, "prelu", {"alpha": 0.3}), Layer(3, "prelu"), Layer(1))
    grad = _fd_check(spec, 1, X, y)
    p = mlp.init(spec, 1, [0])
    alphas = [s.alpha for s in p.slots if s.alpha is not None]
    assert p.flat[0, alphas[0]] == 0.3 and p.flat[0, alphas[1]] == 0.25
    assert np.all(np.abs(grad[:, alphas]) > 0)


@pytest.mark.parametrize("out_act", ["sigmoid", "hardsigmoid"])
def test_bce_gradient_with_logits_and_with_clipped_probabilities(out_act):
    rng = np.random.default_rng(5)
    X, y = rng.normal(size=(8, 2)), rng.integers(0, 2, size=8).astype(float)
    _fd_check((Layer(3, "tanh"), Layer(1, out_act)), 2, X, y, loss="bce")


def test_bce_from_logits_is_finite_where_a_naive_log_is_not():
    p = mlp.from_weights((Layer(1, "sigmoid"),), 1, [(np.array([[100.0]]), np.array([0.0]))])
    value, grad = mlp.loss_and_grad(p, np.array([[10.0]]), np.array([0.0]), "bce")
    assert value[0] == pytest.approx(1000.0)               # −log(1 − σ(1000)) = 1000
    assert grad[0, 0] == pytest.approx(10.0)               # (σ − y)·x


def _reference_adam_run(X, y, spec, seed, epochs, lr, batch, loss="mse"):
    """An independent, scalar-by-scalar restatement of the documented training loop."""
    rng = np.random.default_rng(seed)
    p = mlp.init(spec, X.shape[1], [seed], rngs=[rng])
    m = np.zeros(p.flat.shape[1])
    v = np.zeros_like(m)
    t = 0
    for _ in range(epochs):
        order = rng.permutation(len(X))
        for a in range(0, len(X), batch):
            idx = order[a:a + batch]
            g = mlp.loss_and_grad(p, X[idx], y[idx], loss)[1][0]
            t += 1
            lr_t = lr * math.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
            for i in range(len(m)):
                m[i] = 0.9 * m[i] + 0.1 * g[i]
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
                p.flat[0, i] -= lr_t * m[i] / (math.sqrt(v[i]) + 1e-7)
    return p.flat[0]


@pytest.mark.parametrize("spec, loss", [
    ((Layer(3, "relu"), Layer(1)), "mse"),                              # the planned fast path
    ((Layer(3, "relu"), Layer(2, "relu"), Layer(1)), "mse"),
    ((Layer(3, "tanh"), Layer(2, "prelu"), Layer(1)), "mse"),           # the general path
    ((Layer(3, "relu"), Layer(1, "sigmoid")), "bce"),
])
def test_minibatch_adam_training_matches_a_reference_loop(spec, loss):
    rng = np.random.default_rng(6)
    X = rng.uniform(-2, 2, size=(37, 1))
    y = X[:, 0] ** 2 if loss == "mse" else (X[:, 0] > 0.3).astype(float)
    got = mlp.train(X, y, spec, seeds=[11], epochs=4, lr=0.01, batch_size=8, loss=loss)
    want = _reference_adam_run(X, y, spec, 11, 4, 0.01, 8, loss)
    np.testing.assert_allclose(got.params.flat[0], want, rtol=1e-12, atol=1e-13)


def _plain_numpy_course_run(X, y, widths, seeds, epochs, lr, batch):
    """The course's experiment written out in plain numpy, independent of actlib.nets.mlp: per
    layer arrays, ReLU hidden layers, a linear output, MSE, Keras Adam per array, each seed
    its Glorot draws and then one permutation per epoch from default_rng(seed)."""
    X, y = X[:, None], y[:, None]
    rngs = [np.random.default_rng(s) for s in seeds]
    sizes = list(zip((1,) + widths, widths + (1,)))
    Ws = [np.empty((len(seeds), a, b)) for a, b in sizes]
    bs = [np.zeros((len(seeds), 1, b)) for _, b in sizes]
    for k, r in enumerate(rngs):                   # a seed draws all its layers, in order
        for W, (a, b) in zip(Ws, sizes):
            W[k] = r.uniform(-np.sqrt(6 / (a + b)), np.sqrt(6 / (a + b)), (a, b))
    params = Ws + bs
    ms, vs, t = [np.zeros_like(q) for q in params], [np.zeros_like(q) for q in params], 0
    losses = []
    for _ in range(epochs):
        order = np.stack([r.permutation(len(X)) for r in rngs])
        Xs, ys = X[order], y[order]
        for a in range(0, len(X), batch):
            hs = [Xs[:, a:a + batch]]
            for i, (W, b) in enumerate(zip(Ws, bs)):
                z = hs[-1] @ W + b
                hs.append(np.maximum(z, 0) if i < len(Ws) - 1 else z)
            d = 2 * (hs[-1] - ys[:, a:a + batch]) / hs[-1].shape[1]
            gW, gb = [None] * len(Ws), [None] * len(Ws)
            for i in range(len(Ws) - 1, -1, -1):
                gW[i] = hs[i].transpose(0, 2, 1) @ d
                gb[i] = d.sum(axis=1, keepdims=True)
                if i:
                    d = (d @ Ws[i].transpose(0, 2, 1)) * (hs[i] > 0)
            t += 1
            lr_t = lr * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
            for q, g, m, v in zip(params, gW + gb, ms, vs):
                m[:] = 0.9 * m + 0.1 * g
                v[:] = 0.999 * v + 0.001 * g * g
                q -= lr_t * m / (np.sqrt(v) + 1e-7)
        h = X
        for i, (W, b) in enumerate(zip(Ws, bs)):
            h = h @ W + b
            h = np.maximum(h, 0) if i < len(Ws) - 1 else h
        losses.append(np.mean((h - y) ** 2, axis=(1, 2)))
    return np.array(losses).T, h[:, :, 0]


@pytest.mark.parametrize("widths", [(6,), (2, 2, 2)])
def test_training_matches_the_plain_numpy_course_loop(widths):
    """The oracle: the course's x² experiment (a few epochs) by a plain numpy loop."""
    X = np.linspace(-3, 3, 101)
    y = X ** 2
    spec = tuple(Layer(w, "relu") for w in widths) + (Layer(1),)
    fit = mlp.train(X, y, spec, seeds=[0, 1, 2], epochs=6, lr=0.01, batch_size=16)
    losses, predictions = _plain_numpy_course_run(X, y, widths, (0, 1, 2), 6, 0.01, 16)
    np.testing.assert_allclose(fit.loss_curve, losses, rtol=1e-9)
    np.testing.assert_allclose(mlp.forward(fit.params, X)[..., 0], predictions, rtol=1e-9,
                               atol=1e-12)


@pytest.mark.parametrize("spec", [(Layer(2, "sigmoid"), Layer(1)),      # the course's XOR net
                                  (Layer(3, "relu"), Layer(2, "tanh"), Layer(1))])
def test_full_batch_loss_curve_is_the_loss_of_each_epochs_parameters(spec):
    """Full batch reuses the next epoch's forward for the loss: check every entry against
    the parameters that epoch left, and the parameters against the reference loop."""
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    full = mlp.train(X, y, spec, seeds=[3, 4], epochs=6, lr=0.05)
    for e in range(1, 7):
        after = mlp.train(X, y, spec, seeds=[3, 4], epochs=e, lr=0.05).params
        np.testing.assert_array_equal(full.loss_curve[:, e - 1], mlp.loss_and_grad(after, X, y)[0])
        want = np.mean((mlp.forward(after, X)[..., 0] - y) ** 2, axis=1)   # another forward
        np.testing.assert_allclose(full.loss_curve[:, e - 1], want, rtol=1e-13)
    assert np.all(np.diff(full.loss_curve[0]) != 0)                     # it moves per epoch
    want = _reference_adam_run(X, y, spec, 3, 6, 0.05, len(X))
    np.testing.assert_allclose(full.params.flat[0], want, rtol=1e-12, atol=1e-13)


def test_full_batch_adam_fits_a_line():
    X = np.linspace(-1, 1, 50)
    fit = mlp.train(X, 3 * X + 1, (Layer(1),), seeds=[0], epochs=600, lr=0.05)
    (W, b, _), = fit.params.unflatten()
    assert W[0, 0, 0] == pytest.approx(3, abs=1e-3) and b[0, 0, 0] == pytest.approx(1, abs=1e-3)
    assert fit.loss_curve[0, -1] < 1e-6 < fit.loss_curve[0, 0]


@pytest.mark.parametrize("spec", [SERIAL, (Layer(3, "prelu"), Layer(2, "elu"), Layer(1))])
def test_a_seed_alone_and_in_a_batch_agree(spec):
    X = np.linspace(-3, 3, 101)
    y = X ** 2
    kw = dict(epochs=5, lr=0.01, batch_size=16)
    batch = mlp.train(X, y, spec, seeds=[5, 2, 9], **kw)
    for k, seed in enumerate([5, 2, 9]):
        alone = mlp.train(X, y, spec, seeds=[seed], **kw)
        np.testing.assert_allclose(alone.params.flat[0], batch.params.flat[k], rtol=0, atol=1e-12)
        np.testing.assert_allclose(alone.loss_curve[0], batch.loss_curve[k], rtol=1e-12)


def test_train_many_is_each_net_trained_with_the_same_draws():
    """Two nets in one loop = each net alone with that init and those shuffles."""
    X = np.linspace(-3, 3, 50)
    y = np.abs(X)
    group = mlp.train_many(X, y, [PARALLEL, SERIAL], seeds=[1, 2], epochs=3, lr=0.01,
                           batch_size=8)
    for k, seed in enumerate([1, 2]):
        rng = np.random.default_rng(seed)
        inits = [mlp.init(s, 1, [seed], rngs=[rng]) for s in (PARALLEL, SERIAL)]
        orders = [rng.permutation(50) for _ in range(3)]
        for net, p0, res in zip((PARALLEL, SERIAL), inits, group):
            # replay: same init, same shuffles, one net alone
            p, m, v, t = p0.copy(), 0.0, 0.0, 0
            for order in orders:
                for a in range(0, 50, 8):
                    idx = order[a:a + 8]
                    g = mlp.loss_and_grad(p, X[idx], y[idx])[1]
                    t += 1
                    m = 0.9 * m + 0.1 * g
                    v = 0.999 * v + 0.001 * g * g
                    p.flat -= (0.01 * math.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
                               * m / (np.sqrt(v) + 1e-7))
            np.testing.assert_allclose(res.params.flat[k], p.flat[0], atol=1e-12, rtol=0)


def test_callback_reports_every_epoch():
    seen = []
    mlp.train(np.arange(5.0), np.arange(5.0), (Layer(1),), seeds=[0], epochs=4,
              callback=lambda e, n: seen.append((e, n)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_divergence_is_reported_not_raised():
    X = np.linspace(-10, 10, 21)
    with warnings.catch_warnings():
        warnings.simplefilter("error")                    # not even a RuntimeWarning
        fit = mlp.train(X, X ** 2, (Layer(4, "relu"), Layer(1)), seeds=[0, 1], epochs=4,
                        lr=1e200)
    assert fit.diverged.all() and (fit.diverged_epoch >= 0).all()
    assert np.all(np.isfinite(fit.params.flat))           # put back to the last finite state
    assert np.isnan(fit.loss_curve[:, -1]).all()


def test_healthy_training_is_not_flagged():
    X = np.linspace(-1, 1, 30)
    fit = mlp.train(X, X, (Layer(2, "tanh"), Layer(1)), seeds=[0, 1], epochs=3, lr=0.01)
    assert not fit.diverged.any() and (fit.diverged_epoch == -1).all()
    assert np.isfinite(fit.loss_curve).all()


@pytest.mark.parametrize("bad, message", [
    (lambda: Layer(0, "relu"), "A layer needs at least one unit (got 0)."),
    (lambda: Layer(2, "no_such_activation"), "Unknown activation 'no_such_activation'; choose one of linear, binary_step,"),
    (lambda: Layer(2, "elu", {"beta": 1.0}), "ELU has no parameter beta."),
    (lambda: Layer(2, "hardtanh", {"min_val": 2.0}), "Hardtanh needs min_val < max_val (got 2.0 ≥ 1.0)."),
    (lambda: mlp.train(np.ones(3), np.ones(3), (Layer(1),), seeds=[0], lr=-1),
     "The learning rate must be a positive number (got -1)."),
    (lambda: mlp.train(np.ones(3), np.ones(3), (Layer(1),), seeds=[0], lr=float("nan")),
     "The learning rate must be a positive number (got nan)."),
    (lambda: mlp.train(np.ones(3), np.ones(3), (Layer(1),), seeds=[0], batch_size=0),
     "The batch size must be a whole number ≥ 1 (got 0)."),
    (lambda: mlp.train(np.ones(3), np.ones(3), (Layer(1),), seeds=[0], loss="hinge"),
     "Unknown loss 'hinge'; choose one of mse, bce."),
    (lambda: mlp.train(np.ones(3), np.ones(4), (Layer(1),), seeds=[0]),
     "targets must be (3,) or (3, 1); got (4,)"),
    (lambda: mlp.train(np.ones(3), np.ones(3), (Layer(1),), seeds=[]), "Give at least one seed."),
])
def test_bad_settings_raise_a_readable_value_error(bad, message):
    with pytest.raises(ValueError) as caught:
        bad()
    assert str(caught.value).startswith(message)


def test_layers_are_hashable_specs():
    a = (Layer(2, "leaky_relu", {"alpha": 0.1}), Layer(1))
    b = (Layer(2, "leaky_relu", {"alpha": 0.1}), Layer(1))
    assert a == b and hash(a) == hash(b) and a[0].kwargs == {"alpha": 0.1}


def test_one_learning_rate_per_seed_equals_separate_runs():
    X = np.linspace(-2, 2, 40)
    spec = (Layer(3, "relu"), Layer(1))
    sweep = mlp.train(X, X ** 2, spec, seeds=[4, 4, 4], lr=[1e-3, 1e-2, 1e-1], epochs=3,
                      batch_size=8)
    for k, rate in enumerate([1e-3, 1e-2, 1e-1]):
        alone = mlp.train(X, X ** 2, spec, seeds=[4], lr=rate, epochs=3, batch_size=8)
        np.testing.assert_allclose(sweep.params.flat[k], alone.params.flat[0], atol=1e-12, rtol=0)
    with pytest.raises(ValueError):
        mlp.train(X, X, spec, seeds=[1, 2], lr=[0.1, 0.2, 0.3])


def test_only_the_diverging_rows_are_frozen():
    """Same seed, two rates: the huge one diverges and is frozen, the sane one trains on."""
    X = np.linspace(-10, 10, 21)
    fit = mlp.train(X, X ** 2, (Layer(4, "relu"), Layer(1)), seeds=[0, 0], lr=[0.01, 1e200],
                    epochs=5)
    assert fit.diverged.tolist() == [False, True]
    assert np.isfinite(fit.loss_curve[0]).all() and fit.loss_curve[0, -1] < fit.loss_curve[0, 0]
    alone = mlp.train(X, X ** 2, (Layer(4, "relu"), Layer(1)), seeds=[0], lr=0.01, epochs=5)
    np.testing.assert_allclose(fit.params.flat[0], alone.params.flat[0], atol=1e-12, rtol=0)


@pytest.mark.parametrize("key", ["sigmoid", "tanh"])
def test_grad_from_output_is_the_registry_derivative(key):
    """Backprop takes f′ from h = f(z) where the activation declares it: the same f′ as the
    registry's grad of z and as a central difference of f."""
    from actlib.activations import get
    act = get(key)
    z = np.linspace(-30, 30, 2001)
    h = act.fn(z)
    # 1 − h cancels where h is near ±1 (the tails): the error there is absolute, at most
    # machine epsilon, while the registry's e/(1 + e)² keeps full relative precision
    np.testing.assert_allclose(act.grad_from_output(h), act.grad(z), rtol=1e-12,
                               atol=np.finfo(float).eps)
    z, step = np.linspace(-8, 8, 801), 1e-5          # where f is not saturated to ±1
    numeric = (act.fn(z + step) - act.fn(z - step)) / (2 * step)
    np.testing.assert_allclose(act.grad_from_output(act.fn(z)), numeric, rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("spec, loss", [
    ((Layer(6, "relu"), Layer(1)), "mse"),
    ((Layer(3, "tanh"), Layer(1, "sigmoid")), "bce"),                  # from the logits
    ((Layer(3, "relu"), Layer(1, "hardsigmoid")), "bce"),              # clipped BCE
])
def test_a_full_batch_pass_in_slices_gives_the_whole_batch_loss_and_gradient(spec, loss):
    """Large full-batch steps go in slices of rows (short numpy calls a cancel signal can
    fall between): slices of 7 rows (101 = 14·7 + 3) sum to loss_and_grad's loss and
    gradient; one slice of all rows is exactly it."""
    from actlib.nets.backprop import Network, check_loss, full_batch
    X = np.linspace(-3, 3, 101)[:, None]
    y = (X[:, 0] > 0.5).astype(float) if loss == "bce" else X[:, 0] ** 2
    p = mlp.init(spec, 1, [0, 1, 2])
    want_loss, want_grad = mlp.loss_and_grad(p, X, y, loss)
    for elements in (7 * 3 * 6, 10 ** 6):
        grad = np.full_like(p.flat, np.nan)                 # every entry must be written
        [got] = full_batch([Network(p, grad)], [check_loss(loss, spec)], X[None],
                           y[None, :, None], loss, grad, max_elements=elements)
        np.testing.assert_allclose(got, want_loss, rtol=1e-13)
        np.testing.assert_allclose(grad, want_grad, rtol=1e-12, atol=1e-15)
        if elements == 10 ** 6:
            np.testing.assert_array_equal(got, want_loss)
            np.testing.assert_array_equal(grad, want_grad)


@pytest.mark.parametrize("spec, loss", [
    ((Layer(6, "relu"), Layer(1)), "mse"),
    ((Layer(3, "tanh"), Layer(1, "sigmoid")), "bce"),                  # from the logits
    ((Layer(3, "relu"), Layer(1, "hardsigmoid")), "bce"),              # clipped BCE
])
def test_full_data_loss_in_slices_is_the_whole_batch_loss(spec, loss):
    """The per-epoch loss is computed on slices of rows; a slice of 7 rows (uneven: 101 =
    14·7 + 3) and one slice of all rows give the whole-batch loss of loss_and_grad."""
    from actlib.nets.backprop import Network, check_loss, full_data_loss
    X = np.linspace(-3, 3, 101)[:, None]
    y = (X[:, 0] > 0.5).astype(float) if loss == "bce" else X[:, 0] ** 2
    p = mlp.init(spec, 1, [0, 1, 2])
    want = mlp.loss_and_grad(p, X, y, loss)[0]
    net, logits = Network(p), check_loss(loss, spec)
    for elements in (7 * 3 * 6, 10 ** 6):                              # 7 (or fewer) rows; all
        got = full_data_loss(net, X[None], y[None, :, None], loss, logits, max_elements=elements)
        np.testing.assert_allclose(got, want, rtol=1e-13)
    np.testing.assert_array_equal(
        full_data_loss(net, X[None], y[None, :, None], loss, logits, max_elements=10 ** 6), want)
