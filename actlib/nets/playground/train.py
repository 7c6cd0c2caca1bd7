"""Training the Playground's network one epoch at a time, with what TF Playground cannot show.

One epoch: the training points in an order drawn from (seed, epoch), cut into mini-batches
of `batch` (the last one may be smaller); per batch, the mean gradient and one optimiser step.
TF Playground walks its points in a fixed order instead; drawing the order from the epoch
number keeps a run reproducible bit for bit however many epochs a frame runs.

Optimisers follow torch.optim's update rules and defaults:
  sgd:      w ← w − lr·g                                   (TF Playground's)
  momentum: v ← 0.9·v + g;  w ← w − lr·v                   (optim.SGD(momentum=0.9))
  adam:     m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − lr·m̂/(√v̂ + 1e-8),
            β = (0.9, 0.999), m̂, v̂ bias-corrected          (optim.Adam)
where g includes the regularisation gradient (L2 as torch's weight_decay, L1 as rate·sign w).

After every epoch, one pass over the whole training set gives the loss, each layer's
gradient norm ‖∂L/∂W‖ (data loss only) and, per hidden layer, the share of dead units
(f′ = 0 on every training point: no gradient reaches them) and of saturated ones
(|f′| < FLAT_SLOPE on ≥ 90 % of the points, not dead).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

import numpy as np

from actlib.activations import FLAT_SLOPE, REGISTRY
from actlib.nets.playground import net
from actlib.nets.playground.datasets import REGRESSION

OPTIMISERS = ("sgd", "momentum", "adam")
MOMENTUM, BETAS, EPS = 0.9, (0.9, 0.999), 1e-8
SATURATED_SHARE = 0.9
MAX_WEIGHT = 1e12          # beyond this the next steps overflow float64; call it diverged


@dataclass(frozen=True)
class Hyper:
    """What may change while training runs (as in TF Playground: takes effect at once)."""
    lr: float = 0.03
    batch: int = 10
    reg: str = "none"
    reg_rate: float = 0.0
    optimiser: str = "sgd"


@dataclass(frozen=True)
class Divergence:
    """Why training stopped: at `epoch` a loss or weight was no longer finite (or beyond
    MAX_WEIGHT). `cause` "lr": the loss had grown from `loss_from` to `loss_to` over
    `epochs` epochs — the learning rate is too large; "overflow": it broke without growing
    first (an unbounded activation's values overflowed)."""
    epoch: int
    cause: str
    loss_from: float
    loss_to: float
    epochs: int


@dataclass
class History:
    epoch: list[int] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    grad_norm: list[list[float]] = field(default_factory=list)   # per epoch, per layer
    dead: list[list[float]] = field(default_factory=list)        # per epoch, per hidden layer
    saturated: list[list[float]] = field(default_factory=list)


def accuracy(spec: net.NetSpec, z_out: np.ndarray, y: np.ndarray, kind: str) -> float:
    """Share of points classified right (NaN for regression)."""
    if kind == REGRESSION or len(y) == 0:
        return float("nan")
    s = net.score(spec, z_out)
    if s.ndim == 2:
        return float(np.mean(np.argmax(s, axis=1) == net.class_index(y)))
    return float(np.mean((s >= 0) == (y > 0)))


class Trainer:
    """A network, its data (features already applied) and its optimiser state."""

    def __init__(self, spec: net.NetSpec, train_x, train_y, test_x, test_y, kind: str,
                 seed: int):
        self.spec, self.kind, self.seed = spec, kind, int(seed)
        self.train_x, self.train_y = np.asarray(train_x, float), np.asarray(train_y, float)
        self.test_x, self.test_y = np.asarray(test_x, float), np.asarray(test_y, float)
        self.params = net.init_params(spec, self.seed)
        self.state: list[dict] = [{} for _ in self.params]
        self.steps = 0
        self.epoch = 0
        self.history = History()
        self.diverged: Divergence | None = None
        self._record()

    # ---- one epoch
    def run_epoch(self, hyper: Hyper) -> None:
        """One pass over the training set; stops (and keeps the last finite weights) on
        divergence."""
        if self.diverged is not None:
            return
        saved = (copy.deepcopy(self.params), copy.deepcopy(self.state), self.steps)
        order = np.random.default_rng([self.seed, 2, self.epoch]).permutation(len(self.train_x))
        batch = max(1, int(hyper.batch))
        with np.errstate(all="ignore"):
            for start in range(0, len(order), batch):
                idx = order[start:start + batch]
                _, grads = net.loss_and_grads(self.spec, self.params, self.train_x[idx],
                                              self.train_y[idx], hyper.reg, hyper.reg_rate)
                self._step(grads, hyper)
            self.epoch += 1
            finite = self._record()
        if not finite:
            broken_loss = self.history.train_loss[-1]
            for column in vars(self.history).values():
                column.pop()                 # the last picture stays the last finite one
            self.params, self.state, self.steps = saved
            self.epoch -= 1
            self.diverged = self._divergence(broken_loss)

    def _step(self, grads: list[dict], hyper: Hyper) -> None:
        self.steps += 1
        for p, g, s in zip(self.params, grads, self.state):
            for name, grad in g.items():
                if hyper.optimiser == "sgd":
                    p[name] = p[name] - hyper.lr * grad
                elif hyper.optimiser == "momentum":
                    # torch: the buffer starts as the first gradient itself
                    s[name] = MOMENTUM * s[name] + grad if name in s else grad
                    p[name] = p[name] - hyper.lr * s[name]
                else:
                    m = BETAS[0] * s.get("m" + name, 0.0) + (1 - BETAS[0]) * grad
                    v = BETAS[1] * s.get("v" + name, 0.0) + (1 - BETAS[1]) * grad * grad
                    s["m" + name], s["v" + name] = m, v
                    m_hat = m / (1 - BETAS[0] ** self.steps)
                    v_hat = v / (1 - BETAS[1] ** self.steps)
                    p[name] = p[name] - hyper.lr * m_hat / (np.sqrt(v_hat) + EPS)

    # ---- what each epoch records
    def diagnostics(self) -> dict:
        """Loss, per-layer gradient norms, dead and saturated shares on the training set."""
        spec, params = self.spec, self.params
        fw = net.forward(spec, params, self.train_x)
        loss, dz = net.data_loss(spec, fw.z_out, self.train_y)
        grads = net.backward(spec, params, fw, dz)
        dead, saturated = [], []
        for i, layer in enumerate(spec.hidden):
            slope = np.abs(REGISTRY[layer.activation].grad(fw.zs[i], **fw.values[i]))
            is_dead = np.all(slope == 0, axis=0)
            is_sat = ~is_dead & (np.mean(slope < FLAT_SLOPE, axis=0) >= SATURATED_SHARE)
            dead.append(float(np.mean(is_dead)))
            saturated.append(float(np.mean(is_sat)))
        return dict(loss=loss, z_out=fw.z_out,
                    grad_norm=[float(np.linalg.norm(g["W"])) for g in grads],
                    dead=dead, saturated=saturated)

    def _record(self) -> bool:
        """Append this epoch's figures; False if anything is no longer finite."""
        d = self.diagnostics()
        test_z = net.forward(self.spec, self.params, self.test_x).z_out
        test_loss = net.data_loss(self.spec, test_z, self.test_y)[0] if len(self.test_y) \
            else float("nan")
        h = self.history
        h.epoch.append(self.epoch)
        h.train_loss.append(d["loss"])
        h.test_loss.append(test_loss)
        h.train_acc.append(accuracy(self.spec, d["z_out"], self.train_y, self.kind))
        h.test_acc.append(accuracy(self.spec, test_z, self.test_y, self.kind))
        h.grad_norm.append(d["grad_norm"])
        h.dead.append(d["dead"])
        h.saturated.append(d["saturated"])
        weights_ok = all(np.all(np.isfinite(a)) and np.max(np.abs(a), initial=0) <= MAX_WEIGHT
                         for p in self.params for a in p.values())
        return bool(weights_ok and np.isfinite(d["loss"]))

    def _divergence(self, broken_loss: float) -> Divergence:
        """Read the cause off the finite losses before the break (the last 20 epochs) and
        the loss the broken epoch reached (inf/NaN, or huge but finite)."""
        losses = self.history.train_loss[-20:]
        low = int(np.argmin(losses))
        finite_end = bool(np.isfinite(broken_loss))
        grew = losses[-1] > 1.5 * losses[low] or (finite_end and broken_loss > 10 * losses[low])
        return Divergence(epoch=self.epoch + 1, cause="lr" if grew else "overflow",
                          loss_from=float(losses[low]),
                          loss_to=float(broken_loss if finite_end else losses[-1]),
                          epochs=len(losses) - low)

    # ---- summaries the page shows
    @property
    def latest(self) -> dict:
        h = self.history
        return {name: column[-1] for name, column in vars(h).items()}
