"""The Playground's controls: each declared once (URL name, key, default) and drawn.

`declare(url)` seeds every setting from the link (first run) or its default; `controls()`
draws the widgets and returns the settings as one plain dict the page hands to actlib.
"""
from __future__ import annotations

import streamlit as st

from actlib.activations import REGISTRY
from actlib.nets.playground import datasets as D
from actlib.nets.playground import features as Fe
from actlib.nets.playground import net
from actlib.nets.playground import train as T
from actlib.nets.playground.session import COMPARES
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
    own = own_data()
    kind = own["kind"] if own else D.DATASETS[dataset][1]
    init = st.selectbox(t("playground.init"), list(net.INITS), key=K + "init",
                        format_func=lambda k: t(f"playground.init_{k}"))
    allowed = outputs_for(kind)
    if st.session_state[K + "output"] not in allowed:
        st.session_state[K + "output"] = allowed[0]
    output = st.selectbox(t("playground.output"), allowed, key=K + "output",
                          format_func=lambda k: t(f"playground.out_{k}"),
                          disabled=len(allowed) == 1, help=t("playground.output_help"))
    return dict(dataset=dataset, kind=kind, own=own, noise=int(noise), train_share=int(share),
                points=int(points), seed=int(seed), show_test=bool(show_test),
                discrete=bool(discrete), features=tuple(features), output=output, init=init)


def own_data() -> dict | None:
    """The student's CSV, if one is uploaded and good: {"id", "name", "x", "y", "kind"}.
    A bad file is explained and the data in use stay (the last good upload, or the set)."""
    from actlib.nets.playground.owndata import MAX_ROWS, CsvError, parse_csv
    from ui.layout import show_error

    with st.expander(t("playground.own_data")):
        upload = st.file_uploader(t("playground.upload"), type=["csv", "txt"],
                                  key=K + "upload")
        st.caption(t("playground.upload_help", limit=f"{MAX_ROWS:,}"))
        held = st.session_state.get(K + "own")
        if upload is None:
            st.session_state.pop(K + "own", None)
            return None
        if held is None or held["id"] != upload.file_id:
            try:
                x, y, kind = parse_csv(upload.getvalue())
            except CsvError as err:
                show_error(t(f"playground.csv_{err.code}", **err.values) + " "
                             + t("playground.csv_kept" if held else "playground.csv_kept_set"))
                return held
            held = dict(id=upload.file_id, name=upload.name, x=x, y=y, kind=kind)
            st.session_state[K + "own"] = held
        st.success(t("playground.own_in_use", name=held["name"], rows=f"{len(held['y']):,}"),
                   icon=":material/table:")
    return held


# the second network's setting: its choices, default and label, per kind of comparison
COMPARE_TO = {"act": (list(REGISTRY), "relu"), "init": (list(net.INITS), "he"),
              "lr": (LEARNING_RATES, 0.1), "opt": (list(T.OPTIMISERS), "adam")}


def compare_value_label(kind: str, value) -> str:
    """A setting's short name, as the titles and legends say it ("ReLU", "He", "lr 0.1")."""
    if kind == "act":
        return REGISTRY[value].name
    if kind == "init":
        return t(f"playground.cmp_init_{value}")
    if kind == "lr":
        return t("playground.cmp_lr_value", value=f"{value:g}")
    return t(f"playground.opt_{value}")


def compare_controls(url: PageUrl):
    """"Compare with…": none, or a kind of setting and the second network's value of it
    (URL cmp and cmp_to; each kind keeps its own value, so switching back finds it).
    Returns (kind, value) or None."""
    url.choice("cmp", K + "cmp", list(COMPARES), "none")
    st.markdown(f"**{t('playground.side_by_side')}**")
    kind = st.selectbox(t("playground.cmp"), list(COMPARES), key=K + "cmp",
                        format_func=lambda k: t(f"playground.cmp_{k}"),
                        help=t("playground.cmp_help"))
    if kind == "none":
        return None
    options, default = COMPARE_TO[kind]
    key = f"{K}cmp_to.{kind}"
    if kind == "lr":
        url.seed("cmp_to", key, _one_of(LEARNING_RATES), default)
    else:
        url.choice("cmp_to", key, options, default)
    value = st.selectbox(t(f"playground.cmp_to_{kind}"), options, key=key,
                         format_func=lambda v: compare_value_label(kind, v) if kind != "init"
                         else t(f"playground.init_{v}"),
                         help=t("playground.cmp_to_act_help") if kind == "act" else None)
    return kind, value


def compare_labels(kind: str, value, settings: dict) -> tuple[str, str]:
    """What the titles call the first and the second network: the compared setting's value
    in each ("Tanh" vs "ReLU"; mixed hidden activations are listed, "Tanh / ELU")."""
    if kind == "act":
        names = list(dict.fromkeys(REGISTRY[layer.activation].name
                                   for layer in settings["layers"]))
        first = " / ".join(names) or "—"
    else:
        hyper = settings["hyper"]
        first = compare_value_label(kind, {"init": settings["init"], "lr": hyper.lr,
                                           "opt": hyper.optimiser}[kind])
    return first, compare_value_label(kind, value)


def network_controls(url: PageUrl) -> tuple[net.Layer, ...]:
    """How many hidden layers, then a column per layer: units, activation, parameters."""
    n_layers = st.slider(t("playground.n_layers"), 0, net.MAX_LAYERS, key=K + "layers")
    if not n_layers:
        return ()
    return tuple(_layer_controls(url, i, col)
                 for i, col in enumerate(st.columns(n_layers), start=1))


def structure(s: dict) -> tuple:
    """What a run depends on beyond the hyper-parameters: a change here resets it."""
    data = s["own"]["id"] if s["own"] else s["dataset"]
    return (data, s["noise"], s["train_share"], s["points"], s["seed"],
            s["features"], s["layers"], s["output"], s["init"])


def export_buttons(trainer: T.Trainer, hyper: T.Hyper) -> None:
    """Download the current weights (JSON) and a PyTorch script of the setup; each file is
    made when its button is pressed (callable data), and pressing it does not rerun the page."""
    from actlib.nets.playground import export

    def weights() -> str:
        return export.weights_json(trainer.spec, trainer.params, trainer.features,
                                   trainer.epoch)

    def script() -> str:
        data = trainer.data
        return export.torch_script(trainer.spec, trainer.features, hyper, trainer.seed,
                                   trainer.epoch or 300, (data.train_x, data.train_y),
                                   (data.test_x, data.test_y))

    st.download_button(t("playground.export_weights"), weights, "playground_weights.json",
                       "application/json", key=K + "export_json", on_click="ignore",
                       icon=":material/download:", width="stretch")
    st.download_button(t("playground.export_torch"), script, "playground_torch.py",
                       "text/x-python", key=K + "export_torch", on_click="ignore",
                       icon=":material/download:", width="stretch")
    st.caption(t("playground.export_note"))
