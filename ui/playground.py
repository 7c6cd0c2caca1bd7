"""The Playground's controls: each declared once (URL name, key, default) and drawn.

`declare(url)` seeds every setting from the link (first run) or its default; `controls()`
draws the widgets and returns the settings as one plain dict the page hands to actlib.
"""
from __future__ import annotations

import streamlit as st

from actlib.activations import REGISTRY
from actlib.playground import datasets as D
from actlib.playground import features as Fe
from actlib.playground import net
from actlib.playground import train as T
from ui.i18n import t
from ui.urlstate import PageUrl

LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]  # TF's
REG_RATES = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0]                   # TF's
DEFAULT_LAYERS = (4, 2)                  # TF's networkShape
MAX_RESTORE = 3000                       # a link may ask for at most this many epochs
K = "playground."                        # every widget key starts with it


def _one_of(values):
    def parse(raw: str) -> float:
        value = float(raw)
        match = [v for v in values if abs(v - value) <= 1e-9 * max(1.0, abs(v))]
        if not match:
            raise ValueError(raw)
        return match[0]
    return parse


def outputs_for(kind: str) -> list[str]:
    """Output + loss pairs that fit the data: regression is linear + MSE (as TF); three
    classes need softmax."""
    if kind == D.REGRESSION:
        return ["linear_mse"]
    if kind == D.MULTICLASS:
        return ["softmax_ce"]
    return ["tanh_mse", "sigmoid_ce", "softmax_ce"]


def declare(url: PageUrl) -> None:
    url.choice("data", K + "dataset", list(D.DATASETS), "circle")
    url.int("noise", K + "noise", 0, 0, 50)
    url.int("train", K + "train_share", 50, 10, 90)
    url.int("points", K + "points", D.DEFAULT_POINTS, 100, 1000)
    url.int("seed", K + "seed", 0, 0, 2**31 - 1)
    url.flag("test", K + "show_test", False)
    url.flag("discrete", K + "discrete", False)
    for name in Fe.FEATURES:
        url.flag(name, K + "f." + name, name in Fe.DEFAULT_FEATURES)
    url.int("layers", K + "layers", len(DEFAULT_LAYERS), 0, net.MAX_LAYERS)
    url.seed("lr", K + "lr", _one_of(LEARNING_RATES), 0.03)
    url.int("batch", K + "batch", 10, 1, 30)
    url.choice("reg", K + "reg", list(net.REGS), "none")
    url.seed("rate", K + "reg_rate", _one_of(REG_RATES), 0.0)
    url.choice("opt", K + "optimiser", list(T.OPTIMISERS), "sgd")
    url.choice("init", K + "init", list(net.INITS), "tf")
    url.choice("out", K + "output", list(net.OUTPUTS), "tanh_mse")
    url.flag("play", K + "play", False)
    url.int("epoch", K + "epoch", 0, 0, MAX_RESTORE)


def _layer_controls(url: PageUrl, i: int, where) -> net.Layer:
    """Hidden layer i (1-based): units, activation, that activation's parameters."""
    url.int(f"u{i}", f"{K}u{i}", DEFAULT_LAYERS[i - 1] if i <= len(DEFAULT_LAYERS) else 4,
            1, net.MAX_UNITS)
    url.choice(f"a{i}", f"{K}a{i}", list(REGISTRY), "tanh")
    units = where.number_input(t("playground.units_of", k=i), 1, net.MAX_UNITS, step=1,
                               key=f"{K}u{i}")
    key = where.selectbox(t("playground.activation"), list(REGISTRY), key=f"{K}a{i}",
                          format_func=lambda k: REGISTRY[k].name)
    act = REGISTRY[key]
    values = []
    for p in act.params:
        wkey = f"{K}l{i}.{key}.{p.name}"
        url.float(f"l{i}.{p.name}", wkey, p.default, p.low, p.high)
        values.append((p.name, float(where.slider(p.name, p.low, p.high, step=p.step,
                                                  key=wkey,
                                                  help=t(f"param.{key}.{p.name}")))))
    return net.Layer(int(units), key, tuple(values))


def training_bar(where) -> T.Hyper:
    """TF's top bar: learning rate, batch, optimiser, regularisation and its rate (these
    change a running network at once)."""
    c = where.columns(5)
    lr = c[0].selectbox(t("playground.lr"), LEARNING_RATES, key=K + "lr",
                        format_func=lambda v: f"{v:g}")
    batch = c[1].number_input(t("playground.batch"), 1, 30, step=1, key=K + "batch")
    optimiser = c[2].selectbox(t("playground.optimiser"), list(T.OPTIMISERS),
                               key=K + "optimiser", help=t("playground.optimiser_help"),
                               format_func=lambda k: t(f"playground.opt_{k}"))
    reg = c[3].selectbox(t("playground.reg"), list(net.REGS), key=K + "reg",
                         format_func=lambda k: t(f"playground.reg_{k}"))
    rate = c[4].selectbox(t("playground.reg_rate"), REG_RATES, key=K + "reg_rate",
                          format_func=lambda v: f"{v:g}", disabled=reg == "none")
    return T.Hyper(lr=float(lr), batch=int(batch), reg=reg,
                   reg_rate=float(rate) if reg != "none" else 0.0, optimiser=optimiser)


def data_controls() -> dict:
    """The data set, its split and seed, the inputs, the initialisation and the output."""
    st.markdown(f"**{t('playground.data')}**")
    dataset = st.selectbox(t("playground.dataset"), list(D.DATASETS), key=K + "dataset",
                           format_func=lambda k: t(f"playground.ds_{k}"))
    noise = st.slider(t("playground.noise"), 0, 50, key=K + "noise")
    share = st.slider(t("playground.train_share"), 10, 90, step=10, key=K + "train_share",
                      format="%d %%")
    points = st.slider(t("playground.points"), 100, 1000, step=50, key=K + "points")
    seed = st.number_input(t("playground.seed"), 0, 2**31 - 1, step=1, key=K + "seed",
                           help=t("playground.seed_help"))
    show_test = st.checkbox(t("playground.show_test"), key=K + "show_test")
    discrete = st.checkbox(t("playground.discrete"), key=K + "discrete")
    st.markdown(f"**{t('playground.features')}**")
    cols = st.columns(2)
    features = [name for k, name in enumerate(Fe.FEATURES)
                if cols[k % 2].checkbox(Fe.label(name), key=K + "f." + name)]
    kind = D.DATASETS[dataset][1]
    init = st.selectbox(t("playground.init"), list(net.INITS), key=K + "init",
                        format_func=lambda k: t(f"playground.init_{k}"))
    allowed = outputs_for(kind)
    if st.session_state[K + "output"] not in allowed:
        st.session_state[K + "output"] = allowed[0]
    output = st.selectbox(t("playground.output"), allowed, key=K + "output",
                          format_func=lambda k: t(f"playground.out_{k}"),
                          disabled=len(allowed) == 1, help=t("playground.output_help"))
    return dict(dataset=dataset, kind=kind, noise=int(noise), train_share=int(share),
                points=int(points), seed=int(seed), show_test=bool(show_test),
                discrete=bool(discrete), features=tuple(features), output=output, init=init)


def network_controls(url: PageUrl) -> tuple[net.Layer, ...]:
    """How many hidden layers, then a column per layer: units, activation, parameters."""
    n_layers = st.slider(t("playground.n_layers"), 0, net.MAX_LAYERS, key=K + "layers")
    if not n_layers:
        return ()
    return tuple(_layer_controls(url, i, col)
                 for i, col in enumerate(st.columns(n_layers), start=1))


def structure(s: dict) -> tuple:
    """What a run depends on beyond the hyper-parameters: a change here resets it."""
    return (s["dataset"], s["noise"], s["train_share"], s["points"], s["seed"],
            s["features"], s["layers"], s["output"], s["init"])
