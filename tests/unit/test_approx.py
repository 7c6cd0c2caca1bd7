"""actlib.nets.approx: the course's x² experiment, its analysis, Yarotsky's net, the lr sweep."""
import numpy as np
import pytest

from actlib.nets import approx, mlp
from actlib.nets.mlp import Layer


@pytest.fixture(scope="module")
def course():
    """The course's settings exactly (100 epochs, lr 0.005, batch 32, σ = 10) over 8 seeds."""
    return approx.fit_parallel_vs_serial(seeds=range(8))


def test_course_data_is_the_course_grid_with_one_shared_noise_draw():
    X, y, clean = approx.course_data()
    assert X.shape == (2001,) and X[0] == -10 and X[-1] == 10 and X[1000] == 0
    np.testing.assert_array_equal(X, [-10 + i / 100 for i in range(2001)])
    np.testing.assert_array_equal(clean, X ** 2)
    np.testing.assert_array_equal(y, clean + 10 * np.random.default_rng(0).standard_normal(2001))
    floor = approx.noise_floor(y, clean)
    assert floor == pytest.approx(np.mean((y - X ** 2) ** 2)) and 90 < floor < 110


@pytest.mark.parametrize("key,at,value", [("abs", -3.0, 3.0), ("x3", 2.0, 0.8),
                                          ("sin", np.pi / 2, 10.0), ("step", 0.0, 100.0),
                                          ("step", -0.01, 0.0)])
def test_targets(key, at, value):
    assert approx.TARGETS[key][1](np.array(at)) == pytest.approx(value)


def test_both_course_nets_have_19_parameters(course):
    assert course["parallel"].n_params == course["serial"].n_params == 19


def test_course_settings_parallel_beats_serial_near_the_noise_floor(course):
    floor = course["noise_floor"]
    p, s = np.median(course["parallel"].mse), np.median(course["serial"].mse)
    assert p < s
    assert floor <= p <= 1.6 * floor
    c = approx.conclusions(course)
    assert c["winner"] == "parallel" and c["parallel"]["median"] == pytest.approx(p)


def test_serial_failures_are_dead_relus_with_a_constant_output(course):
    ser = course["serial"]
    kinds = approx.outcome(ser, course["noise_floor"])
    for k in np.nonzero(kinds == "constant")[0]:
        assert np.ptp(ser.predictions[k]) < 1e-9 * max(1, abs(ser.predictions[k]).max())
        assert ser.mse[k] > np.var(course["y"])          # just above var(y): the bias lags


def test_mse_and_curves_are_consistent(course):
    for name in ("parallel", "serial"):
        a = course[name]
        np.testing.assert_allclose(a.loss_curve[:, -1], a.mse, rtol=1e-12)
        np.testing.assert_allclose(a.mse_clean, np.mean((a.predictions - course["clean"]) ** 2, 1))
        assert a.loss_curve.shape == (8, 100) and a.predictions.shape == (8, 2001)


def test_a_seed_alone_and_in_a_batch_give_the_same_numbers():
    kw = dict(epochs=3, batch_size=64)
    batch = approx.fit_parallel_vs_serial(seeds=[3, 5], **kw)
    alone = approx.fit_parallel_vs_serial(seeds=[5], **kw)
    for name in ("parallel", "serial"):
        for field in ("mse", "mse_clean", "loss_curve", "predictions", "dead"):
            np.testing.assert_allclose(getattr(alone[name], field)[0],
                                       getattr(batch[name], field)[1], rtol=1e-12, atol=1e-12)


def test_a_dead_unit_is_detected():
    # unit 0: z = x + 20 > 0 on [−10, 10] (alive); unit 1: z = −x − 20 < 0 everywhere (dead);
    # unit 2: z = x (alive on half the inputs)
    spec = (Layer(3, "relu"), Layer(1))
    p = mlp.from_weights(spec, 1, [(np.array([[1.0, -1.0, 1.0]]), np.array([20.0, -20.0, 0.0])),
                                   (np.ones((3, 1)), np.zeros(1))])
    X = approx.course_data()[0]
    dead, layer = approx.dead_units(p, X)
    assert dead.tolist() == [[False, True, False]] and layer.tolist() == [0, 0, 0]
    # a leaky unit is never dead: its slope is α, not 0
    leaky = mlp.from_weights((Layer(3, "leaky_relu"), Layer(1)), 1, [
        (np.array([[1.0, -1.0, 1.0]]), np.array([20.0, -20.0, 0.0])), (np.ones((3, 1)), np.zeros(1))])
    assert not approx.dead_units(leaky, X)[0].any()


def test_hinges_sum_to_the_parallel_net_and_sit_at_minus_b_over_w(course):
    par, X = course["parallel"], course["X"]
    h = approx.hinges(par, 2, X)
    np.testing.assert_allclose(h["contributions"].sum(0) + h["bias"], par.predictions[2],
                               atol=1e-9)
    (W1, b1, _), _ = par.params.unflatten()
    np.testing.assert_allclose(h["kinks"], -b1[2, 0] / W1[2, 0])


def test_kinks_and_pieces_of_a_hand_built_net():
    # relu(relu(x) + relu(−x) − 5) = relu(|x| − 5): units cross at −5, 0 and 5, but the
    # output is flat on [−5, 5], so the crossing at 0 bends nothing: kinks ±5, 3 pieces
    spec = (Layer(2, "relu"), Layer(1, "relu"), Layer(1))
    p = mlp.from_weights(spec, 1, [(np.array([[1.0, -1.0]]), np.zeros(2)),
                                   (np.ones((2, 1)), np.array([-5.0])),
                                   (np.ones((1, 1)), np.zeros(1))])
    arch = approx.Arch("serial", (2, 1), p, *(np.zeros(1),) * 2, np.zeros((1, 1)),
                       np.zeros((1, 3)), 9, np.zeros((1, 3), bool), np.zeros(3), np.zeros(1, bool))
    kp = approx.kinks_and_pieces(arch, 0, n=20001)
    np.testing.assert_allclose(np.sort(kp["kinks"]), [-5, 5], atol=1e-9)
    np.testing.assert_allclose(np.sort(kp["crossings"]), [-5, 0, 5], atol=1e-9)
    assert kp["pieces"] == 3


def test_parallel_pieces_count_the_kinks_inside_the_interval(course):
    par = course["parallel"]
    for k in range(3):
        inside = np.sum(np.abs(approx.hinges(par, k, course["X"])["kinks"]) < 10)
        assert approx.kinks_and_pieces(par, k)["pieces"] <= inside + 1
        assert approx.kinks_and_pieces(par, k)["pieces"] >= 2


@pytest.mark.parametrize("m", range(1, 7))
def test_yarotsky_error_is_exactly_a_squared_two_to_the_minus_2m_minus_2(m):
    row = approx.yarotsky_table([m])[0]
    assert row["max_error"] == pytest.approx(100 * 2.0 ** (-2 * m - 2), rel=1e-9)
    p = approx.yarotsky_params(m)
    x = np.linspace(-10, 10, 4001)
    err = np.abs(mlp.forward(p, x)[0, :, 0] - x ** 2)
    assert err.max() <= 100 * 2.0 ** (-2 * m - 2) * (1 + 1e-9)
    grid = 10 * np.arange(2 ** m + 1) / 2 ** m                # exact at the knots k/2^m
    np.testing.assert_allclose(mlp.forward(p, grid)[0, :, 0], grid ** 2, atol=1e-9)


def test_lr_sweep_large_rates_kill_relus_but_not_leaky_ones():
    sw = approx.lr_sweep(seeds=range(3), rates=(1e-3, 1.0), epochs=3)
    relu, leaky = sw["dead_fraction"]
    assert relu[-1] > 0 and relu[-1] >= relu[0]
    assert np.all(leaky == 0)
    assert sw["mse"].shape == (2, 2, 3)


def test_the_conclusion_flips_when_the_serial_net_is_given_more_width():
    fit = approx.fit_parallel_vs_serial(seeds=range(3), epochs=40, parallel=(1,),
                                        serial=(8, 8, 8))
    c = approx.conclusions(fit)
    assert c["winner"] == "serial"
    assert c["serial"]["median"] < c["parallel"]["median"]
    assert fit["serial"].n_params == 8 * 2 + 72 * 2 + 9 > fit["parallel"].n_params == 4


def test_other_activations_and_targets_run():
    fit = approx.fit_parallel_vs_serial(seeds=[0], epochs=2, target="sin", activation="tanh")
    assert np.isfinite(fit["parallel"].mse).all()
    assert approx.kinks_and_pieces(fit["parallel"], 0)["pieces"] is None      # curved


@pytest.mark.parametrize("bad", [
    lambda: approx.course_data(target="cos"),
    lambda: approx.course_data(noise=-1),
    lambda: approx.net_spec(()),
    lambda: approx.yarotsky_params(0),
])
def test_bad_settings_raise_value_error(bad):
    with pytest.raises(ValueError):
        bad()


def test_a_unit_stuck_at_exactly_zero_is_not_a_crossing_everywhere():
    """z ≡ 0 (zero weights, zero bias: what a unit behind a dead layer sees) touches the
    kink at every x but never crosses it; the output is one constant piece."""
    spec = (Layer(2, "relu"), Layer(1, "relu"), Layer(1))
    p = mlp.from_weights(spec, 1, [(np.array([[1.0, -1.0]]), np.zeros(2)),
                                   (np.zeros((2, 1)), np.zeros(1)),
                                   (np.ones((1, 1)), np.array([3.0]))])
    arch = approx.Arch("serial", (2, 1), p, *(np.zeros(1),) * 2, np.zeros((1, 1)),
                       np.zeros((1, 3)), 9, np.zeros((1, 3), bool), np.zeros(3), np.zeros(1, bool))
    kp = approx.kinks_and_pieces(arch, 0, n=2001)
    assert kp["pieces"] == 1 and len(kp["kinks"]) == 0
    np.testing.assert_allclose(kp["crossings"], [0.0], atol=1e-9)    # layer 1 at x = 0 only


@pytest.mark.parametrize("key", sorted(approx.PIECEWISE_LINEAR | {"elu", "gelu", "tanh",
                                                                    "softplus", "mish"}))
def test_every_kind_of_activation_runs_through_the_analysis(key):
    fit = approx.fit_parallel_vs_serial(seeds=[0, 1], epochs=1, batch_size=None, activation=key)
    for name in ("parallel", "serial"):
        a = fit[name]
        assert a.mse.shape == (2,) and a.dead.shape == (2, sum(a.widths))
        kp = approx.kinks_and_pieces(a, 0, n=4001)
        if key in approx.PIECEWISE_LINEAR:
            # the output really is affine between the reported kinks
            edges = np.concatenate([[-10], kp["kinks"], [10]])
            for lo, hi in zip(edges[:-1], edges[1:]):
                if hi - lo > 1e-3:
                    x = np.linspace(lo, hi, 7)[1:-1]
                    f = mlp.forward(a.params.seed(0), x)[0, :, 0]
                    np.testing.assert_allclose(np.diff(f, 2), 0, atol=1e-8 * max(1, abs(f).max()))
        else:
            assert kp["pieces"] is None
    h = approx.hinges(fit["parallel"], 1, fit["X"])
    np.testing.assert_allclose(h["contributions"].sum(0) + h["bias"],
                               fit["parallel"].predictions[1], atol=1e-9)
